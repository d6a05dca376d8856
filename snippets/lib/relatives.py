"""Smooth relatives of ReLU (ELU, SELU, GELU, SiLU/Swish, Mish) and the numbers the notes state.

Every activation here keeps the numerical contract of :mod:`snippets.lib.activations`: it
accepts a scalar or an array-like, returns a numpy float64 scalar for 0-d input and a float64
ndarray otherwise, lets NaN through, and raises no floating-point flag for any float64 input
from ``-inf`` to ``inf`` (including ±0, subnormals and ``|x| = 1e4``).  The only flag that
occurs legitimately is *underflow* of a tiny exponential or product toward 0, which is the
correctly rounded result and is silenced exactly where it happens.

Three devices keep the formulas finite:

* exponentials only ever see a non-positive argument (``exp(-|x|)``, ``expm1(min(x, 0))``);
* a product ``x * g(x)`` whose factor ``g`` underflows to 0 for large ``|x|`` would give
  ``inf * 0 = NaN`` at ``x = ±inf``; there the limit (0 or ``x``) is returned instead;
* where a polynomial such as ``x**3`` or ``x**2`` would overflow, ``x`` is first clipped to a
  range beyond which the clipped and the exact results agree in float64.

The module also computes the numbers the notes "Smooth Relatives of ReLU" and "Choosing an
Activation" state: the SELU constants, the minima of GELU, SiLU and Mish (by bisection on the
derivative's sign), the error of GELU's tanh and sigmoid approximations, and average slopes
under Gaussian inputs (:data:`CANDIDATES` lists the activations the second note compares).

Known limits: :func:`normal_cdf` calls ``math.erfc`` element by element, so GELU is several
times slower than SiLU on large arrays.  :func:`minimum_of` needs a bracket on which the
derivative changes sign exactly once.  The largest approximation errors are searched on [0, 8]
only, which holds them for the functions used here.  The quadratures (:func:`selu_moments`,
:func:`mean_gradient`) are accurate to about 1e-12 and 1e-6.  The parameters are not checked:
ELU's alpha should be positive, and SiLU's beta must be positive and finite.
Nothing is computed at import time.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from numpy.typing import ArrayLike

from snippets.lib.activations import (
    leaky,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    tanh,
    tanh_grad,
)
from snippets.lib.floats import Function, as_float, exp_neg_abs, result

__all__ = [
    "CANDIDATES",
    "GELU_SIGMOID_SCALE",
    "GELU_TANH_COEFF",
    "LEAKY_ALPHA",
    "elu",
    "elu_grad",
    "gelu",
    "gelu_grad",
    "gelu_minimum",
    "gelu_sigmoid",
    "gelu_sigmoid_max_error",
    "gelu_tanh",
    "gelu_tanh_max_error",
    "mean_gradient",
    "minimum_of",
    "mish",
    "mish_grad",
    "mish_minimum",
    "normal_cdf",
    "normal_pdf",
    "selu",
    "selu_constants",
    "selu_grad",
    "selu_moments",
    "silu",
    "silu_grad",
    "silu_minimum",
]

SQRT1_2 = math.sqrt(0.5)
INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
GELU_TANH_COEFF = 0.044715  # the cubic coefficient of Hendrycks and Gimpel's tanh approximation
PDF_CLIP = 40.0  # exp(-x**2 / 2) is exactly 0 in float64 once |x| > 38.6
TANH_APPROX_CLIP = 1e3  # the tanh argument is beyond ±1e8 there: sigmoid(2u) is exactly 0 or 1
GRAD_CLIP = 800.0  # t * sigmoid_grad(t) and x * e**(-2x) are exactly 0 in float64 beyond this


def _limit_at_infinity(X: np.ndarray, value: np.ndarray) -> np.ndarray:
    """Replace the NaN of ``±inf * 0`` by the limits: 0 at ``-inf`` (as -0.0) and ``inf``."""
    return np.where(np.isinf(X), np.where(X > 0.0, X, -0.0), value)


# --- ELU and SELU -------------------------------------------------------------------------


def elu(x: ArrayLike, alpha: float = 1.0) -> np.float64 | np.ndarray:
    """Exponential linear unit: x for x > 0 and alpha * (exp(x) - 1) for x <= 0.

    ``expm1`` keeps full relative precision for small negative x, and only ever sees a
    non-positive argument.  It tends to ``-alpha`` as x -> -inf; the sign of a zero input is
    kept (elu(-0.0) = -0.0), since ELU with alpha = 1 has slope 1 on both sides of 0.
    """
    X = as_float(x)
    with np.errstate(under="ignore"):  # alpha * tiny expm1 can be subnormal: correctly rounded
        negative = alpha * np.expm1(np.minimum(X, 0.0))
    return result(np.where(X > 0.0, X, negative))


def elu_grad(x: ArrayLike, alpha: float = 1.0) -> np.float64 | np.ndarray:
    """Derivative of ELU: 1 for x > 0 and alpha * exp(x) (= elu(x) + alpha) for x < 0.

    At x = 0 this returns alpha, the left derivative, as :func:`leaky_relu_grad` does; with
    alpha = 1 both one-sided derivatives are 1 and ELU is continuously differentiable.
    """
    X = as_float(x)
    # exp(min(x, 0)) = exp(-|min(x, 0)|), computed by the underflow-tolerant helper.
    with np.errstate(under="ignore"):
        negative = alpha * exp_neg_abs(np.minimum(X, 0.0))
    return result(np.where(X > 0.0, 1.0, negative))


def _std_normal_tail(t: float) -> float:
    """P(Z <= -t) for a standard normal Z, accurate to a few ulps (via math.erfc)."""
    return 0.5 * math.erfc(t * SQRT1_2)


@functools.cache
def selu_constants() -> tuple[float, float]:
    """SELU's (alpha, lambda), solved from the two equations that define them.

    Klambauer et al. (2017) choose them so that a standard normal input Z gives an output with
    mean 0 and variance 1.  With E[Z; Z > 0] = 1/sqrt(2 pi), P(Z <= 0) = 1/2 and, for t > 0,
    E[exp(tZ); Z <= 0] = exp(t**2/2) P(Z <= -t):

    * mean 0:  1/sqrt(2 pi) + alpha (sqrt(e) P(Z <= -1) - 1/2) = 0, so
      alpha = sqrt(2/pi) / (1 - sqrt(e) erfc(1/sqrt 2));
    * variance 1:  lambda**2 (1/2 + alpha**2 E[(exp(Z) - 1)**2; Z <= 0]) = 1, where
      E[(exp(Z) - 1)**2; Z <= 0] = e**2 P(Z <= -2) - 2 sqrt(e) P(Z <= -1) + 1/2.

    The results are alpha = 1.6732632423543772... and lambda = 1.0507009873554805...
    """
    p1 = _std_normal_tail(1.0)
    p2 = _std_normal_tail(2.0)
    sqrt_e = math.exp(0.5)
    alpha = (1.0 / math.sqrt(2.0 * math.pi)) / (0.5 - sqrt_e * p1)
    second_moment_negative = math.exp(2.0) * p2 - 2.0 * sqrt_e * p1 + 0.5
    lam = 1.0 / math.sqrt(0.5 + alpha * alpha * second_moment_negative)
    return alpha, lam


def selu(x: ArrayLike) -> np.float64 | np.ndarray:
    """Scaled ELU: lambda * elu(x, alpha) with the constants of :func:`selu_constants`.

    It tends to -lambda * alpha (about -1.7581) as x -> -inf.
    """
    alpha, lam = selu_constants()
    with np.errstate(under="ignore"):
        return result(lam * elu(x, alpha))


def selu_grad(x: ArrayLike) -> np.float64 | np.ndarray:
    """Derivative of SELU: lambda for x > 0 and lambda * alpha * exp(x) for x <= 0.

    The one-sided slopes at 0 differ (lambda * alpha on the left, lambda on the right), so
    SELU has a corner at 0; the left value is returned there.
    """
    alpha, lam = selu_constants()
    with np.errstate(under="ignore"):
        return result(lam * elu_grad(x, alpha))


def selu_moments(n: int = 200_000, width: float = 40.0) -> tuple[float, float]:
    """Mean and variance of selu(Z) for a standard normal Z, by Simpson's rule.

    This checks the defining equations independently of :func:`selu_constants`'s closed form:
    each half line [-width, 0] and [0, width] is integrated separately (SELU has a corner at
    0), with n intervals each; the error is far below 1e-12.  The mass beyond ±40 is below
    1e-340, far below rounding.
    """
    z = np.linspace(0.0, width, n + 1)
    weights = np.ones(n + 1)
    weights[1:-1:2] = 4.0
    weights[2:-1:2] = 2.0
    weights *= (z[1] - z[0]) / 3.0
    mean = 0.0
    second = 0.0
    for half in (z, -z):
        values = selu(half)
        density = normal_pdf(half)
        mean += float(np.sum(weights * values * density))
        second += float(np.sum(weights * values * values * density))
    return mean, second - mean * mean


# --- the Gaussian pieces and GELU ---------------------------------------------------------

_erfc = np.vectorize(math.erfc, otypes=[np.float64])


def normal_cdf(x: ArrayLike) -> np.float64 | np.ndarray:
    """Standard normal distribution function Phi(x) = erfc(-x / sqrt 2) / 2.

    Using erfc rather than 1 + erf keeps full relative precision in the left tail, where
    Phi(x) is tiny.  ``math.erfc`` is evaluated element by element.
    """
    X = as_float(x)
    with np.errstate(under="ignore"):  # -x / sqrt 2 of a subnormal x may round toward 0
        return result(0.5 * _erfc(-X * SQRT1_2))


def normal_pdf(x: ArrayLike) -> np.float64 | np.ndarray:
    """Standard normal density phi(x) = exp(-x**2 / 2) / sqrt(2 pi).

    ``|x|`` is clipped at 40 before squaring, so that ``x**2`` cannot overflow; the density
    is exactly 0 in float64 beyond 38.6 anyway.  Underflow toward 0 is silenced.
    """
    T = np.minimum(np.abs(as_float(x)), PDF_CLIP)  # np.minimum propagates NaN
    with np.errstate(under="ignore"):
        return result(np.exp(-0.5 * T * T) * INV_SQRT_2PI)


def gelu(x: ArrayLike) -> np.float64 | np.ndarray:
    """Gaussian error linear unit: gelu(x) = x * Phi(x), with Phi the normal distribution.

    For very negative x the exact value is a tiny negative number that underflows to -0.0;
    gelu(-inf) = -0.0 and gelu(inf) = inf are the limits.
    """
    X = as_float(x)
    with np.errstate(under="ignore", invalid="ignore"):  # -inf * 0 is replaced just below
        value = X * normal_cdf(X)
    return result(_limit_at_infinity(X, value))


def gelu_grad(x: ArrayLike) -> np.float64 | np.ndarray:
    """Derivative of GELU: Phi(x) + x * phi(x).

    x * phi(x) is evaluated on x clipped to [-40, 40]: beyond that it is exactly 0 in
    float64, and the clipping avoids inf * 0 at x = ±inf.
    """
    X = as_float(x)
    C = np.clip(X, -PDF_CLIP, PDF_CLIP)
    with np.errstate(under="ignore"):
        return result(normal_cdf(X) + C * normal_pdf(C))


def gelu_tanh(x: ArrayLike) -> np.float64 | np.ndarray:
    """The tanh approximation of GELU: x/2 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x**3))).

    Since (1 + tanh u) / 2 = sigmoid(2u), it is evaluated as x * sigmoid(2u), which cannot
    overflow and keeps relative precision for negative x.  x is clipped to ±1000 inside u,
    where sigmoid(2u) is already exactly 0 or 1.
    """
    X = as_float(x)
    C = np.clip(X, -TANH_APPROX_CLIP, TANH_APPROX_CLIP)
    with np.errstate(under="ignore", invalid="ignore"):
        # x**3 of a tiny x underflows toward 0 (correctly rounded); -inf * 0 is replaced below.
        u = math.sqrt(2.0 / math.pi) * (C + GELU_TANH_COEFF * C * C * C)
        value = X * sigmoid(2.0 * u)
    return result(_limit_at_infinity(X, value))


# --- SiLU / Swish and Mish ----------------------------------------------------------------


def silu(x: ArrayLike, beta: float = 1.0) -> np.float64 | np.ndarray:
    """Sigmoid-weighted linear unit x * sigmoid(beta * x); beta = 1 is SiLU, any beta Swish.

    beta must be positive and finite.  For very negative x the value underflows to -0.0;
    silu(-inf) = -0.0 and silu(inf) = inf.
    """
    X = as_float(x)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        # beta * x may overflow to ±inf, where sigmoid gives the right 0 or 1; -inf * 0 is
        # replaced just below.
        value = X * sigmoid(beta * X)
    return result(_limit_at_infinity(X, value))


def silu_grad(x: ArrayLike, beta: float = 1.0) -> np.float64 | np.ndarray:
    """Derivative of x * sigmoid(beta x): sigmoid(beta x) + beta x * sigmoid'(beta x).

    The second term, t * sigmoid'(t) with t = beta x, is exactly 0 in float64 for
    |t| > 800, so t is clipped there (which also avoids inf * 0).
    """
    X = as_float(x)
    with np.errstate(over="ignore", under="ignore"):
        T = beta * X
        C = np.clip(T, -GRAD_CLIP, GRAD_CLIP)
        return result(sigmoid(T) + C * sigmoid_grad(C))


def _tanh_softplus_parts(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """tanh(softplus(x)) and 1 - tanh(softplus(x)), both with full relative precision.

    With w = 1 + e**x, tanh(log w) = (w**2 - 1) / (w**2 + 1).  Put z = exp(-|x|):
    for x >= 0 this is (1 + 2z) / (1 + 2z + 2z**2), and 1 minus it is 2z**2 / (...);
    for x < 0 it is z(z + 2) / (z(z + 2) + 2), and 1 minus it is 2 / (...).
    """
    Z = exp_neg_abs(X)
    with np.errstate(under="ignore"):
        pos_den = 1.0 + 2.0 * Z + 2.0 * Z * Z
        neg_num = Z * (Z + 2.0)
        neg_den = neg_num + 2.0
        t = np.where(X >= 0.0, (1.0 + 2.0 * Z) / pos_den, neg_num / neg_den)
        one_minus_t = np.where(X >= 0.0, 2.0 * Z * Z / pos_den, 2.0 / neg_den)
    return t, one_minus_t


def mish(x: ArrayLike) -> np.float64 | np.ndarray:
    """Mish: x * tanh(softplus(x)), evaluated without forming exp of a positive number.

    For very negative x the value underflows to -0.0; mish(-inf) = -0.0, mish(inf) = inf.
    """
    X = as_float(x)
    t, _ = _tanh_softplus_parts(X)
    with np.errstate(under="ignore", invalid="ignore"):  # -inf * 0 is replaced just below
        value = X * t
    return result(_limit_at_infinity(X, value))


def mish_grad(x: ArrayLike) -> np.float64 | np.ndarray:
    """Derivative of Mish: t + x * sigmoid(x) * (1 - t**2), where t = tanh(softplus(x)).

    It uses softplus' = sigmoid and tanh' = 1 - tanh**2, with 1 - t**2 = (1 - t)(1 + t)
    computed from the precise 1 - t.  The second term is exactly 0 in float64 for
    |x| > 800, where x is clipped (which also avoids inf * 0).
    """
    X = as_float(x)
    t, _ = _tanh_softplus_parts(X)  # exactly 0 or 1 far out, never NaN
    C = np.clip(X, -GRAD_CLIP, GRAD_CLIP)
    t_c, one_minus_t_c = _tanh_softplus_parts(C)
    with np.errstate(under="ignore"):
        second = C * sigmoid(C) * one_minus_t_c * (1.0 + t_c)
    return result(t + second)


# --- numbers the notes state --------------------------------------------------------------


def minimum_of(f: Function, grad: Function, lo: float, hi: float) -> tuple[float, float]:
    """The minimiser and minimum of f on [lo, hi], where grad < 0 at lo and grad > 0 at hi.

    Bisection on the sign of the derivative, until the interval cannot shrink any further in
    float64; the derivatives here change sign exactly once on the brackets used.
    """
    if not (grad(lo) < 0.0 < grad(hi)):
        raise ValueError("the derivative must be negative at lo and positive at hi")
    while True:
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        if grad(mid) < 0.0:
            lo = mid
        else:
            hi = mid
    x_min = lo if abs(grad(lo)) <= abs(grad(hi)) else hi
    return x_min, float(f(x_min))


def gelu_minimum() -> tuple[float, float]:
    """Where GELU is smallest, and its value there (x near -0.75, value near -0.17)."""
    return minimum_of(gelu, gelu_grad, -3.0, 0.0)


def silu_minimum() -> tuple[float, float]:
    """Where SiLU is smallest, and its value there.

    At the minimiser x*, sigmoid(x*) (1 + x* sigmoid(-x*)) = 0, so sigmoid(x*) = 1 + 1/x*
    and the minimum value x* sigmoid(x*) equals x* + 1.
    """
    return minimum_of(silu, silu_grad, -3.0, 0.0)


def mish_minimum() -> tuple[float, float]:
    """Where Mish is smallest, and its value there."""
    return minimum_of(mish, mish_grad, -3.0, 0.0)


def _largest_even_difference(f: Function, g: Function) -> tuple[float, float]:
    """max |f - g| over all x, and the x >= 0 where it occurs, for f - g even in x.

    Searched on a grid of step 1e-4 over [0, 8], then refined by golden-section search between
    the grid neighbours of the maximum.  Beyond 8 the functions used here are within 1e-13 of
    ReLU and of each other.
    """
    grid = np.linspace(0.0, 8.0, 80_001)
    i = int(np.argmax(np.abs(f(grid) - g(grid))))
    a, b = float(grid[max(i - 1, 0)]), float(grid[min(i + 1, grid.size - 1)])

    def err(v: float) -> float:
        return float(abs(f(v) - g(v)))

    ratio = (math.sqrt(5.0) - 1.0) / 2.0
    for _ in range(60):
        c, d = b - ratio * (b - a), a + ratio * (b - a)
        if err(c) > err(d):
            b = d
        else:
            a = c
    where = 0.5 * (a + b)
    return err(where), where


def gelu_tanh_max_error() -> tuple[float, float]:
    """Largest |gelu - gelu_tanh| over all x, and the x >= 0 where it occurs.

    The difference x * (Phi(x) - sigmoid(2u)) is even in x, because Phi(x) - 1/2 and
    sigmoid(2u) - 1/2 are both odd, so searching x >= 0 suffices.
    """
    return _largest_even_difference(gelu, gelu_tanh)


GELU_SIGMOID_SCALE = 1.702  # the slope of the cruder approximation x * sigmoid(1.702 x)


def gelu_sigmoid(x: ArrayLike) -> np.float64 | np.ndarray:
    """The cruder approximation of GELU, x * sigmoid(1.702 x): Swish with beta = 1.702."""
    return silu(x, GELU_SIGMOID_SCALE)


def gelu_sigmoid_max_error() -> tuple[float, float]:
    """Largest |gelu - gelu_sigmoid| over all x, and the x >= 0 where it occurs (even again)."""
    return _largest_even_difference(gelu, gelu_sigmoid)


# --- average slopes under Gaussian inputs (for "Choosing an Activation") -------------------

MEAN_GRAD_HALF_WIDTH = 10.0
MEAN_GRAD_STEP = 2e-3


def mean_gradient(grad: Function, scale: float) -> float:
    """E[grad(scale * Z)] for a standard normal Z, by the midpoint rule on [-10, 10].

    The cells have their edges at multiples of the step 0.002, so 0 is an edge and a jump of
    grad at 0 (ReLU, leaky ReLU) costs no accuracy; the error is of order step**2, about
    1e-6, and the mass beyond ±10 is below 1e-22.
    """
    n = round(2 * MEAN_GRAD_HALF_WIDTH / MEAN_GRAD_STEP)
    z = -MEAN_GRAD_HALF_WIDTH + MEAN_GRAD_STEP * (np.arange(n) + 0.5)
    return float(np.sum(grad(scale * z) * normal_pdf(z)) * MEAN_GRAD_STEP)


LEAKY_ALPHA = 0.1  # the leaky slope drawn in the figures (0.01 would be invisible at this scale)

CANDIDATES: dict[str, tuple[Function, Function]] = {
    "ReLU": (relu, relu_grad),
    f"leaky ReLU, α = {LEAKY_ALPHA:g}": leaky(LEAKY_ALPHA),
    "tanh": (tanh, tanh_grad),
    "sigmoid": (sigmoid, sigmoid_grad),
    "SiLU (swish)": (silu, silu_grad),
    "GELU": (gelu, gelu_grad),
}
"""The candidates of "Choosing an Activation", in the order the note discusses them."""
