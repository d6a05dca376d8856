"""The ReLU family, the logistic sigmoid and tanh, with their derivatives, in vectorised numpy.

Every function accepts a Python scalar, a numpy scalar or an array-like, converts it to
float64, and returns a numpy float64 scalar for 0-d input and a float64 ndarray otherwise (the
conventions of :mod:`snippets.lib.floats`).

Numerical contract, for every float64 input including ±0, ±1e308, ±inf and NaN:

* NaN in gives NaN out;
* no floating-point overflow or invalid operation is ever raised, because the formulas are
  arranged so that ``exp`` only ever sees a non-positive argument (``exp(-|x|)``), which
  lies in [0, 1];
* the one exception that legitimately occurs is *underflow* of ``exp(-|x|)`` toward zero
  for large ``|x|``.  Gradual underflow to a subnormal number or to 0 is the correctly
  rounded result there, so that flag alone is silenced, locally, in
  :func:`~snippets.lib.floats.exp_neg_abs`.
* with extreme *parameters* (``alpha``, ``beta``, ``offset``) an intermediate such as
  ``beta * |x|`` or ``x - offset`` can leave the float64 range; the ±inf or 0 it becomes is
  the correct limit, so those flags are silenced only at the line that computes it.

Known limits: where an activation has a corner (ReLU and leaky ReLU at 0) the "derivative"
there is a convention, the left derivative (0 for ReLU, alpha for leaky ReLU), not a limit.
:func:`logistic` is undefined when x and offset are both infinite with the same sign (numpy
then flags an invalid operation).  :func:`softplus_beta` refuses beta <= 0 and infinite beta
with ``ValueError``; the other parameters are not checked.

Nothing is computed at import time.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from snippets.lib.floats import Function, as_float, exp_neg_abs, result

__all__ = [
    "leaky",
    "leaky_relu",
    "leaky_relu_alpha_grad",
    "leaky_relu_grad",
    "logistic",
    "relu",
    "relu_grad",
    "sigmoid",
    "sigmoid_grad",
    "softplus",
    "softplus_beta",
    "tanh",
    "tanh_grad",
]


def relu(x: ArrayLike) -> np.float64 | np.ndarray:
    """Rectified linear unit: relu(x) = max(0, x).

    A zero input of either sign gives +0.0; NaN propagates.
    """
    X = as_float(x)
    # np.maximum propagates NaN; adding +0.0 turns a possible -0.0 into +0.0.
    return result(np.maximum(X, 0.0) + 0.0)


def relu_grad(x: ArrayLike) -> np.float64 | np.ndarray:
    """Derivative of ReLU: 1 for x > 0 and 0 for x < 0.

    The derivative does not exist at x = 0; by convention this returns 0 there (for +0.0 and
    -0.0 alike), the usual choice in practice.  NaN propagates.
    """
    X = as_float(x)
    return result(np.heaviside(X, 0.0))


def leaky_relu(x: ArrayLike, alpha: ArrayLike = 0.01) -> np.float64 | np.ndarray:
    """Leaky ReLU: leaky_relu(x, alpha) = max(0, x) + alpha * min(0, x).

    Usually alpha lies in (0, 1); alpha = 0 gives ReLU and alpha = -1 gives |x| exactly.
    If alpha * x leaves the float64 range the result is the correctly rounded ±inf or 0.
    """
    X = as_float(x)
    A = as_float(alpha)
    negative_part = np.minimum(X, 0.0)
    # alpha * x may round to ±inf (|alpha| > 1) or to a subnormal/zero (tiny x): both are the
    # correctly rounded products.
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        scaled = A * negative_part
    # alpha = 0 must contribute exactly 0, even where x = -inf (0 * -inf would be NaN).
    scaled = np.where(A == 0.0, 0.0, scaled)
    return result(np.maximum(X, 0.0) + scaled)


def leaky_relu_grad(x: ArrayLike, alpha: ArrayLike = 0.01) -> np.float64 | np.ndarray:
    """Derivative of leaky ReLU: 1 for x > 0 and alpha for x < 0.

    At x = 0 this returns alpha, the left derivative, so that alpha = 0 reproduces the
    convention of :func:`relu_grad`.  NaN propagates.
    """
    X = as_float(x)
    A = as_float(alpha)
    grad = np.where(X > 0.0, 1.0, A)
    return result(np.where(np.isnan(X), X, grad))


def leaky_relu_alpha_grad(x: ArrayLike) -> np.float64 | np.ndarray:
    """Derivative of max(0, x) + alpha * min(0, x) with respect to alpha: min(0, x).

    This is the gradient a PReLU unit's own slope receives; it does not depend on alpha.
    """
    X = np.asarray(x, dtype=np.float64)
    return np.asarray(np.minimum(X, 0.0), dtype=np.float64)[()]


def leaky(alpha: float) -> tuple[Function, Function]:
    """Leaky ReLU with its slope fixed at alpha, and its derivative, as functions of x alone.

    The tables that pair an activation with its derivative (``calculus.ACTIVATIONS``,
    ``relatives.CANDIDATES``) call both with x only; this binds the slope for them, so that
    leaky ReLU is written once.
    """

    def leaky_relu_fixed(x: ArrayLike) -> np.float64 | np.ndarray:
        return leaky_relu(x, alpha)

    def leaky_relu_fixed_grad(x: ArrayLike) -> np.float64 | np.ndarray:
        return leaky_relu_grad(x, alpha)

    return leaky_relu_fixed, leaky_relu_fixed_grad


def softplus(x: ArrayLike) -> np.float64 | np.ndarray:
    """Softplus: softplus(x) = log(1 + exp(x)), computed as max(x, 0) + log1p(exp(-|x|)).

    The rearranged form never evaluates exp of a positive number, so it cannot overflow.
    """
    X = as_float(x)
    return result(np.maximum(X, 0.0) + np.log1p(exp_neg_abs(X)))


def softplus_beta(x: ArrayLike, beta: ArrayLike) -> np.float64 | np.ndarray:
    """Sharpened softplus: softplus_beta(x, beta) = log(1 + exp(beta * x)) / beta, beta > 0.

    Computed as max(x, 0) + log1p(exp(-beta * |x|)) / beta.  It exceeds ReLU by at most
    log(2) / beta, at x = 0, and tends to ReLU as beta grows; beta = 1 is :func:`softplus`.
    """
    X = as_float(x)
    B = as_float(beta)
    if not np.all((B > 0.0) & np.isfinite(B)):
        raise ValueError("softplus_beta needs a finite beta > 0")
    # Extreme beta or x can make beta * |x|, or the final division by beta, leave the float64
    # range; the infinities and (gradual) zeros produced are the correctly rounded limits.
    with np.errstate(over="ignore", under="ignore"):
        scaled = B * np.abs(X)
        correction = np.log1p(exp_neg_abs(scaled)) / B
    return result(np.maximum(X, 0.0) + correction)


def sigmoid(x: ArrayLike) -> np.float64 | np.ndarray:
    """Logistic sigmoid: sigmoid(x) = 1 / (1 + exp(-x)).

    With z = exp(-|x|) it is evaluated as 1 / (1 + z) for x >= 0 and z / (1 + z) for x < 0,
    so exp never overflows and small values keep full relative precision.
    """
    X = as_float(x)
    Z = exp_neg_abs(X)
    return result(np.where(X >= 0.0, 1.0 / (1.0 + Z), Z / (1.0 + Z)))


def sigmoid_grad(x: ArrayLike) -> np.float64 | np.ndarray:
    """Derivative of the sigmoid: sigmoid_grad(x) = sigmoid(x) * (1 - sigmoid(x)).

    Evaluated as z / (1 + z)**2 with z = exp(-|x|), which equals sigmoid(x) * sigmoid(-x)
    and, unlike the literal product, keeps full relative precision in both tails.
    """
    X = as_float(x)
    Z = exp_neg_abs(X)
    return result(Z / ((1.0 + Z) * (1.0 + Z)))


def logistic(x: ArrayLike, offset: ArrayLike) -> np.float64 | np.ndarray:
    """Offset logistic unit: logistic(x, offset) = 1 / (1 + exp(-x + offset)).

    This is sigmoid(x - offset), the form used in the "ReLU as a sum of sigmoids" notebook;
    it equals 1/2 at x = offset.  A difference x - offset that overflows gives the correct
    saturated value 0 or 1.  (x and offset both infinite with the same sign is undefined.)
    """
    X = as_float(x)
    offset_arr = as_float(offset)
    with np.errstate(over="ignore"):
        shifted = X - offset_arr
    return sigmoid(shifted)


def tanh(x: ArrayLike) -> np.float64 | np.ndarray:
    """Hyperbolic tangent, as float64 (numpy's tanh is already stable for every input)."""
    return np.asarray(np.tanh(np.asarray(x, dtype=np.float64)), dtype=np.float64)[()]


def tanh_grad(x: ArrayLike) -> np.float64 | np.ndarray:
    """Derivative of tanh: 1 - tanh(x)**2, evaluated as 4z / (1 + z)**2 with z = exp(-2|x|).

    This equals 4 * sigmoid_grad(2x) and, unlike the literal 1 - tanh**2 (which is exactly 0
    for |x| > 19.1), keeps full relative precision in the tails.  NaN propagates; ±0 give 1.
    """
    X = np.asarray(x, dtype=np.float64)
    # 2|x| overflows to inf for |x| > 8.9e307, and exp(-2|x|) underflows toward 0 for large
    # |x|: both give the correctly rounded limit z = 0, so only those flags are silenced.
    with np.errstate(over="ignore", under="ignore"):
        Z = np.exp(-2.0 * np.abs(X))
        grad = 4.0 * Z / ((1.0 + Z) * (1.0 + Z))
    return np.asarray(grad, dtype=np.float64)[()]
