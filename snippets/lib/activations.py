"""The ReLU family and its smooth relatives, as plain vectorised numpy functions.

Every function accepts a Python scalar, a numpy scalar or an array-like, converts it to
float64, and returns a numpy float64 scalar for 0-d input and a float64 ndarray otherwise.

Numerical contract, for every float64 input including ±0, ±1e308, ±inf and NaN:

* NaN in gives NaN out;
* no floating-point overflow or invalid operation is ever raised, because the formulas are
  arranged so that ``exp`` only ever sees a non-positive argument (``exp(-|x|)``), which
  lies in [0, 1];
* the one exception that legitimately occurs is *underflow* of ``exp(-|x|)`` toward zero
  for large ``|x|``.  Gradual underflow to a subnormal number or to 0 is the correctly
  rounded result there, so that flag alone is silenced, locally, in :func:`_exp_neg_abs`.
* with extreme *parameters* (``alpha``, ``beta``, ``offset``) an intermediate such as
  ``beta * |x|`` or ``x - offset`` can leave the float64 range; the ±inf or 0 it becomes is
  the correct limit, so those flags are silenced only at the line that computes it.

Nothing is computed at import time.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "leaky_relu",
    "leaky_relu_grad",
    "logistic",
    "relu",
    "relu_grad",
    "sigmoid",
    "sigmoid_grad",
    "softplus",
    "softplus_beta",
]


def _as_float(x: ArrayLike) -> np.ndarray:
    """Convert the input to a float64 ndarray (0-d for scalars)."""
    return np.asarray(x, dtype=np.float64)


def _result(r: ArrayLike) -> np.float64 | np.ndarray:
    """Return a float64 ndarray, unwrapped to a numpy float64 scalar when it is 0-d."""
    return np.asarray(r, dtype=np.float64)[()]


def _exp_neg_abs(X: np.ndarray) -> np.ndarray:
    """exp(-|x|), in [0, 1]; underflow toward 0 (subnormals, then 0) is allowed silently."""
    with np.errstate(under="ignore"):
        return np.exp(-np.abs(X))


def relu(x: ArrayLike) -> np.float64 | np.ndarray:
    """Rectified linear unit: relu(x) = max(0, x).

    A zero input of either sign gives +0.0; NaN propagates.
    """
    X = _as_float(x)
    # np.maximum propagates NaN; adding +0.0 turns a possible -0.0 into +0.0.
    return _result(np.maximum(X, 0.0) + 0.0)


def relu_grad(x: ArrayLike) -> np.float64 | np.ndarray:
    """Derivative of ReLU: 1 for x > 0 and 0 for x < 0.

    The derivative does not exist at x = 0; by convention this returns 0 there (for +0.0 and
    -0.0 alike), the usual choice in practice.  NaN propagates.
    """
    X = _as_float(x)
    return _result(np.heaviside(X, 0.0))


def leaky_relu(x: ArrayLike, alpha: ArrayLike = 0.01) -> np.float64 | np.ndarray:
    """Leaky ReLU: leaky_relu(x, alpha) = max(0, x) + alpha * min(0, x).

    Usually alpha lies in (0, 1); alpha = 0 gives ReLU and alpha = -1 gives |x| exactly.
    If alpha * x leaves the float64 range the result is the correctly rounded ±inf or 0.
    """
    X = _as_float(x)
    A = _as_float(alpha)
    negative_part = np.minimum(X, 0.0)
    # alpha * x may round to ±inf (|alpha| > 1) or to a subnormal/zero (tiny x): both are the
    # correctly rounded products.
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        scaled = A * negative_part
    # alpha = 0 must contribute exactly 0, even where x = -inf (0 * -inf would be NaN).
    scaled = np.where(A == 0.0, 0.0, scaled)
    return _result(np.maximum(X, 0.0) + scaled)


def leaky_relu_grad(x: ArrayLike, alpha: ArrayLike = 0.01) -> np.float64 | np.ndarray:
    """Derivative of leaky ReLU: 1 for x > 0 and alpha for x < 0.

    At x = 0 this returns alpha, the left derivative, so that alpha = 0 reproduces the
    convention of :func:`relu_grad`.  NaN propagates.
    """
    X = _as_float(x)
    A = _as_float(alpha)
    grad = np.where(X > 0.0, 1.0, A)
    return _result(np.where(np.isnan(X), X, grad))


def softplus(x: ArrayLike) -> np.float64 | np.ndarray:
    """Softplus: softplus(x) = log(1 + exp(x)), computed as max(x, 0) + log1p(exp(-|x|)).

    The rearranged form never evaluates exp of a positive number, so it cannot overflow.
    """
    X = _as_float(x)
    return _result(np.maximum(X, 0.0) + np.log1p(_exp_neg_abs(X)))


def softplus_beta(x: ArrayLike, beta: ArrayLike) -> np.float64 | np.ndarray:
    """Sharpened softplus: softplus_beta(x, beta) = log(1 + exp(beta * x)) / beta, beta > 0.

    Computed as max(x, 0) + log1p(exp(-beta * |x|)) / beta.  It exceeds ReLU by at most
    log(2) / beta, at x = 0, and tends to ReLU as beta grows; beta = 1 is :func:`softplus`.
    """
    X = _as_float(x)
    B = _as_float(beta)
    if not np.all((B > 0.0) & np.isfinite(B)):
        raise ValueError("softplus_beta needs a finite beta > 0")
    # Extreme beta or x can make beta * |x|, or the final division by beta, leave the float64
    # range; the infinities and (gradual) zeros produced are the correctly rounded limits.
    with np.errstate(over="ignore", under="ignore"):
        scaled = B * np.abs(X)
        correction = np.log1p(_exp_neg_abs(scaled)) / B
    return _result(np.maximum(X, 0.0) + correction)


def sigmoid(x: ArrayLike) -> np.float64 | np.ndarray:
    """Logistic sigmoid: sigmoid(x) = 1 / (1 + exp(-x)).

    With z = exp(-|x|) it is evaluated as 1 / (1 + z) for x >= 0 and z / (1 + z) for x < 0,
    so exp never overflows and small values keep full relative precision.
    """
    X = _as_float(x)
    Z = _exp_neg_abs(X)
    return _result(np.where(X >= 0.0, 1.0 / (1.0 + Z), Z / (1.0 + Z)))


def sigmoid_grad(x: ArrayLike) -> np.float64 | np.ndarray:
    """Derivative of the sigmoid: sigmoid_grad(x) = sigmoid(x) * (1 - sigmoid(x)).

    Evaluated as z / (1 + z)**2 with z = exp(-|x|), which equals sigmoid(x) * sigmoid(-x)
    and, unlike the literal product, keeps full relative precision in both tails.
    """
    X = _as_float(x)
    Z = _exp_neg_abs(X)
    return _result(Z / ((1.0 + Z) * (1.0 + Z)))


def logistic(x: ArrayLike, offset: ArrayLike) -> np.float64 | np.ndarray:
    """Offset logistic unit: logistic(x, offset) = 1 / (1 + exp(-x + offset)).

    This is sigmoid(x - offset), the form used in the "ReLU as a sum of sigmoids" notebook;
    it equals 1/2 at x = offset.  A difference x - offset that overflows gives the correct
    saturated value 0 or 1.  (x and offset both infinite with the same sign is undefined.)
    """
    X = _as_float(x)
    offset_arr = _as_float(offset)
    with np.errstate(over="ignore"):
        shifted = X - offset_arr
    return sigmoid(shifted)
