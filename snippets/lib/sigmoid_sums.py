"""ReLU as a sum of sigmoids: what the blog's sum really computes, and how well.

The blog (seeds 000/001) evaluates, on the grid ``x = linspace(-10, 10, 200)``,

    blog(x) = (1 / N_SUM) * sum_{i=0}^{99} sigmoid(x - b_i),   b_i = i * D,   D = 10 / 99,

that is 100 logistic units with offsets evenly spaced on [0, 10], divided by ``N_SUM = 10``
although there are 100 terms (the comment calls 10 the "number of logistics to sum").

**The integral behind the sum.**  Substituting u = x - b,

    integral_0^W sigmoid(x - b) db = integral_{x-W}^{x} sigmoid(u) du
                                   = softplus(x) - softplus(x - W),

because softplus' = sigmoid.  The sum is a Riemann sum of this integral with step D, so
``D * sum ≈ softplus(x) - softplus(x - 10)``.  Hence

    blog(x) ≈ (1 / (10 D)) * [softplus(x) - softplus(x - 10)] = 0.99 * [...],

since 10 D = 100/99: the division by 10 happens to be almost right, because 10 is almost
1/D = 9.9.  The curve therefore is *not* softplus: it is the softplus "window"
softplus(x) - softplus(x - 10), which follows softplus(x) only for x well below 10, and it
saturates at 100 / 10 = 10 for large x (every sigmoid reaches 1).  The blog's plot stops at
x = 10, where the part missing from softplus, softplus(x - 10), is still only log 2 ≈ 0.69
against a value near 10, so the curve still looks like a ReLU; beyond, the two part ways.

**End corrections.**  The sum uses both end points b = 0 and b = 10 with full weight, whereas
the trapezoid rule gives them half weight.  By the Euler-Maclaurin formula, with
f(b) = sigmoid(x - b) and f'(b) = -sigmoid'(x - b),

    sum_i f(b_i) = (1/D) integral + (f(0) + f(10)) / 2 + (D / 12) (f'(10) - f'(0)) + R,

where, by the error bound of the corrected trapezoid rule, |R| <= 10 D**3 M4 / 720 with
M4 = max|sigmoid''''| ≈ 0.128.  Divided by 10:

    blog(x) = riemann_limit(x) + (sigmoid(x) + sigmoid(x - 10)) / 20
              + (D / 120) (sigmoid'(x) - sigmoid'(x - 10)) + R / 10.

The end-point term (up to 0.1) dominates the difference between ``blog_sum`` and
``riemann_limit``; the D/120 term is below 0.0003; what remains is about 1e-8.

**Nair and Hinton's sum.**  Nair and Hinton (2010) use offsets i - 0.5 for i = 1, 2, ...:
``S_n(x) = sum_{i=1}^n sigmoid(x - i + 0.5)``.  This is the *midpoint* rule with step 1 for
the same integral over [0, n], so S_n(x) ≈ softplus(x) - softplus(x - n), with no 1/D
factor and no end-point term (the midpoint rule has none).  Its error against softplus has
two parts:

* the missing tail, sum_{i>n} sigmoid(x - i + 0.5) ≈ softplus(x - n), largest at the right
  end of the grid and decaying like e^(10 - n) on [-10, 10];
* the midpoint-rule error of the infinite sum, S_inf(x) - softplus(x) ≈ -sigmoid'(x) / 24
  (Euler-Maclaurin with step 1), which does not shrink with n because the step stays 1.  It
  is largest at x = 0, where it is about -1/96 - 0.00015 ≈ -0.0106.

Every S_n lies below softplus (each added term is positive and S_inf < softplus), so the
maximal error over a fixed grid decreases strictly with n and levels off at
max(softplus - S_inf) ≈ 0.0106, reached at x = 0, once the tail is negligible (n ≳ 15).

Everything here is vectorised numpy, evaluated one sigmoid term at a time.

Known limits: everything is specific to the blog's setup (offsets on [0, 10], 100 terms, its
grid) and to Nair and Hinton's offsets; the error bounds above are for those.  The sums add one
term per loop iteration, so their cost grows with the number of terms, and the "infinite" sum is
80 terms, enough on [-10, 10] only.  Nothing is computed at import time.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from numpy.typing import ArrayLike

from snippets.lib.activations import logistic, sigmoid, sigmoid_grad, softplus

__all__ = [
    "BLOG_N_POINTS",
    "BLOG_N_SUM",
    "BLOG_N_TERMS",
    "BLOG_WIDTH",
    "NH_GRID_POINTS",
    "NH_LIMIT_TERMS",
    "NH_TERMS",
    "blog_endpoint_error",
    "blog_euler_maclaurin_error",
    "blog_inputs",
    "blog_offsets",
    "blog_riemann_error",
    "blog_saturation",
    "blog_softplus_error",
    "blog_sum",
    "blog_value_at",
    "endpoint_corrected",
    "euler_maclaurin",
    "nair_hinton_errors",
    "nair_hinton_limit_error",
    "nair_hinton_sum",
    "nh_inputs",
    "riemann_limit",
    "scale_factor",
    "softplus_window",
    "spacing",
]

BLOG_N_POINTS = 200  # x = np.linspace(-10, 10, 200) in the blog
BLOG_N_TERMS = 100  # offsets = np.linspace(0, np.max(x), 100)
BLOG_N_SUM = 10  # y_sum / N_SUM, although there are 100 terms
BLOG_WIDTH = 10.0  # the offsets span [0, 10] (np.max(x) = 10)
NH_GRID_POINTS = 2001  # the Nair-Hinton error grid: step 0.01 on [-10, 10], contains 0
NH_TERMS = tuple(range(1, 31))  # numbers of terms n drawn in the Nair-Hinton figure
NH_LIMIT_TERMS = 80  # enough terms for the infinite sum on [-10, 10] (tail below 1e-29)


def blog_inputs() -> np.ndarray:
    """The blog's grid, np.linspace(-10, 10, 200) (it does not contain 0)."""
    return np.linspace(-BLOG_WIDTH, BLOG_WIDTH, BLOG_N_POINTS)


def blog_offsets() -> np.ndarray:
    """The blog's offsets, np.linspace(0, 10, 100): spacing 10/99."""
    return np.linspace(0.0, BLOG_WIDTH, BLOG_N_TERMS)


def spacing() -> float:
    """The spacing D = 10/99 of the blog's offsets."""
    return BLOG_WIDTH / (BLOG_N_TERMS - 1)


def scale_factor() -> Fraction:
    """N_SUM * D = 10 * 10/99 = 100/99, exactly: blog = (D * sum) / (100/99)."""
    return BLOG_N_SUM * Fraction(int(BLOG_WIDTH), BLOG_N_TERMS - 1)


def blog_sum(x: ArrayLike) -> np.float64 | np.ndarray:
    """Exactly the blog's computation: add logistic(x, b) for the 100 offsets, divide by 10.

    The terms are added one offset at a time, in the blog's order, for all x at once; the
    stable logistic of :mod:`snippets.lib.activations` replaces the blog's literal formula (they
    agree to rounding on the blog's grid).
    """
    X = np.asarray(x, dtype=np.float64)
    total = np.zeros_like(X)
    for offset in blog_offsets():
        total = total + logistic(X, offset)
    return np.asarray(total / BLOG_N_SUM, dtype=np.float64)[()]


def softplus_window(x: ArrayLike, width: float = BLOG_WIDTH) -> np.float64 | np.ndarray:
    """The integral of sigmoid(x - b) for b in [0, width]: softplus(x) - softplus(x - width).

    For x > width/2 it is evaluated as width + softplus(-x) - softplus(width - x) (using
    softplus(u) = u + softplus(-u)), which avoids cancelling two large numbers: the literal
    difference is 0 instead of ``width`` once x - width rounds to x.
    """
    X = np.asarray(x, dtype=np.float64)
    with np.errstate(over="ignore"):  # x - width or width - x may round to ±inf: correct
        left = softplus(X) - softplus(X - width)
        right = width + softplus(-X) - softplus(width - X)
    middle = width / 2.0
    return np.asarray(np.where(np.greater(X, middle), right, left), dtype=np.float64)[()]


def riemann_limit(x: ArrayLike) -> np.float64 | np.ndarray:
    """What the blog's sum approximates: softplus_window(x) / (10 D) = 0.99 * window."""
    return np.asarray(softplus_window(x) / (BLOG_N_SUM * spacing()), dtype=np.float64)[()]


def endpoint_corrected(x: ArrayLike) -> np.float64 | np.ndarray:
    """riemann_limit plus the end-point term (sigmoid(x) + sigmoid(x - 10)) / 20."""
    X = np.asarray(x, dtype=np.float64)
    ends = (sigmoid(X) + sigmoid(X - BLOG_WIDTH)) / (2 * BLOG_N_SUM)
    return np.asarray(riemann_limit(X) + ends, dtype=np.float64)[()]


def euler_maclaurin(x: ArrayLike) -> np.float64 | np.ndarray:
    """endpoint_corrected plus the next Euler-Maclaurin term, D (s'(x) - s'(x - 10)) / 120."""
    X = np.asarray(x, dtype=np.float64)
    slope_term = spacing() * (sigmoid_grad(X) - sigmoid_grad(X - BLOG_WIDTH)) / (12 * BLOG_N_SUM)
    return np.asarray(endpoint_corrected(X) + slope_term, dtype=np.float64)[()]


def nair_hinton_sum(x: ArrayLike, n: int) -> np.float64 | np.ndarray:
    """Nair and Hinton's sum of n sigmoids: sum_{i=1}^{n} sigmoid(x - i + 0.5)."""
    X = np.asarray(x, dtype=np.float64)
    total = np.zeros_like(X)
    for i in range(1, n + 1):
        total = total + sigmoid(X - i + 0.5)
    return np.asarray(total, dtype=np.float64)[()]


def nh_inputs() -> np.ndarray:
    """The grid for the Nair-Hinton errors: [-10, 10] in steps of 0.01 (it contains 0)."""
    return np.linspace(-BLOG_WIDTH, BLOG_WIDTH, NH_GRID_POINTS)


# --- the numbers the note states ----------------------------------------------------------


def _max_abs(a: ArrayLike, b: ArrayLike) -> float:
    return float(np.max(np.abs(np.asarray(a) - np.asarray(b))))


def blog_softplus_error() -> float:
    """max |blog - softplus| on the blog's grid (about 0.71, at x = 10): large."""
    X = blog_inputs()
    return _max_abs(blog_sum(X), softplus(X))


def blog_riemann_error() -> float:
    """max |blog - riemann_limit| on the blog's grid (about 0.075, at x = 10).

    This is almost all the end-point term (sigmoid(x) + sigmoid(x - 10)) / 20.
    """
    X = blog_inputs()
    return _max_abs(blog_sum(X), riemann_limit(X))


def blog_endpoint_error() -> float:
    """max |blog - endpoint_corrected| on the blog's grid (about 0.0002): the D/120 term."""
    X = blog_inputs()
    return _max_abs(blog_sum(X), endpoint_corrected(X))


def blog_euler_maclaurin_error() -> float:
    """max |blog - euler_maclaurin| on the blog's grid (about 2e-8): order D**3."""
    X = blog_inputs()
    return _max_abs(blog_sum(X), euler_maclaurin(X))


def blog_value_at(x: float) -> float:
    """The blog's curve at one point (e.g. 10, the right end of its plot)."""
    return float(blog_sum(x))


def blog_saturation() -> float:
    """The value the blog's curve tends to for large x: exactly 100 / 10 = 10."""
    return float(blog_sum(1e3))


def nair_hinton_errors(ns: tuple[int, ...] = NH_TERMS) -> np.ndarray:
    """max |nair_hinton_sum(x, n) - softplus(x)| over :func:`nh_inputs`, for each n in ns.

    The sums are built incrementally; the sequence decreases strictly (see the module
    docstring) towards :func:`nair_hinton_limit_error`.
    """
    X = nh_inputs()
    target = softplus(X)
    total = np.zeros_like(X)
    errors = []
    done = 0
    for n in sorted(ns):
        for i in range(done + 1, n + 1):
            total = total + sigmoid(X - i + 0.5)
        done = n
        errors.append(float(np.max(np.abs(total - target))))
    order = np.argsort(np.argsort(ns))  # back to the caller's order
    return np.asarray(errors)[order]


def nair_hinton_limit_error() -> float:
    """max (softplus - S_inf) over :func:`nh_inputs`, about 0.0106, reached at x = 0.

    S_inf is the sum with 80 terms: on [-10, 10] the omitted terms add up to less than 1e-29.
    """
    X = nh_inputs()
    return _max_abs(softplus(X), nair_hinton_sum(X, NH_LIMIT_TERMS))
