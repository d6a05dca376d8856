"""Maxout units: the largest of k affine functions, and how well k pieces fit a convex curve.

A maxout unit with pieces ``(w_j, b_j)``, ``j = 1..k``, computes ``max_j (w_j . x + b_j)``
(:func:`maxout`).  For a scalar input, ReLU, the leaky ReLU and the absolute value are maxout
units with two pieces (:data:`RELU`, :func:`leaky`, :data:`ABS`).

Approximating a convex function ``f`` on ``[a, b]`` (:func:`tangent_pieces`): split the interval
into ``k`` cells of equal width ``h``, take the tangent of ``f`` at the middle of each cell, and
raise every tangent by half the largest gap ``f - max(tangents)``.  A convex ``f`` lies above
each of its tangents, so the gap is between 0 and its largest value ``e`` and the raised unit is
off by at most ``e / 2`` either way.  On each cell ``f`` minus the cell's tangent is at most
``max f'' * h^2 / 8``, which gives the bound of :func:`error_bound`, ``max f'' (b - a)^2 /
(16 k^2)``.  For ``f(x) = x^2`` on [-1, 1] the bound is attained: the error is ``1 / (2 k^2)``,
and no maximum of ``k`` affine functions does better (the error equioscillates).

:func:`as_difference` writes a continuous piecewise-linear function of one variable as the
difference of two maxout units, the construction behind Goodfellow et al.'s argument that two
maxout units can approximate any continuous function.

:func:`note_numbers` gives every result the note "Maxout" states.

Known limits: inputs are scalar in :func:`tangent_pieces`, :func:`largest_gap` and
:func:`as_difference`; :func:`largest_gap` is exact only for a convex ``f`` (it looks at the
crossings of pieces, where the gap of a convex function peaks); the equal-cell construction is
the best possible for ``x^2`` only, and for softplus it is merely within the bound.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from snippets.lib.activations import sigmoid, softplus

__all__ = [
    "ABS",
    "PIECES",
    "RELU",
    "SOFTPLUS_INTERVAL",
    "SQUARE_INTERVAL",
    "as_difference",
    "error_bound",
    "largest_gap",
    "leaky",
    "maxout",
    "maxout_grad",
    "note_numbers",
    "parameters",
    "softplus_error",
    "softplus_pieces",
    "square_error",
    "tangent_pieces",
]

RELU = (np.array([0.0, 1.0]), np.array([0.0, 0.0]))  # max(0, x)
ABS = (np.array([-1.0, 1.0]), np.array([0.0, 0.0]))  # max(-x, x) = |x|
PIECES = tuple(range(1, 17))  # numbers of pieces k drawn against the error
SQUARE_INTERVAL = (-1.0, 1.0)
SOFTPLUS_INTERVAL = (-4.0, 4.0)


def leaky(alpha: float = 0.01) -> tuple[np.ndarray, np.ndarray]:
    """The pieces of the leaky ReLU with slope ``alpha`` <= 1: ``max(alpha x, x)``."""
    return np.array([alpha, 1.0]), np.array([0.0, 0.0])


def maxout(x, w, b) -> np.ndarray:
    """``max_j (w_j . x + b_j)``.  ``w`` of shape (k,) for a scalar input (``x`` any shape) or
    (k, d) for inputs ``x`` of shape (..., d); ``b`` of shape (k,)."""
    w, b = np.asarray(w, dtype=float), np.asarray(b, dtype=float)
    x = np.asarray(x, dtype=float)
    z = x[..., None] * w + b if w.ndim == 1 else x @ w.T + b
    return z.max(axis=-1)


def maxout_grad(x, w, b) -> np.ndarray:
    """The slope of the active piece (scalar input): the derivative away from ties.  At a tie
    the first of the tied pieces in the order given is taken, so that ``RELU`` returns 0 at 0
    like ``relu_grad`` and ``leaky(a)`` returns ``a``."""
    w, b = np.asarray(w, dtype=float), np.asarray(b, dtype=float)
    x = np.asarray(x, dtype=float)
    return w[np.argmax(x[..., None] * w + b, axis=-1)]


def parameters(inputs: int, units: int, k: int) -> int:
    """Weights and biases of a maxout layer: ``k`` affine maps of the inputs per unit."""
    return k * units * (inputs + 1)


def largest_gap(f: Callable, w: np.ndarray, b: np.ndarray, a: float, hi: float) -> float:
    """The largest value of ``f - maxout`` on [a, hi], exactly, for a convex ``f``.

    On each interval where one piece is active, ``f`` minus that piece is convex, so its
    largest value is at an end of the interval: an end of [a, hi] or a point where two pieces
    cross.  Every crossing of two pieces inside [a, hi] is a candidate (the ones where neither
    piece is active give smaller values, so they do no harm).
    """
    w, b = np.asarray(w, dtype=float), np.asarray(b, dtype=float)
    i, j = np.triu_indices(len(w), k=1)
    steep = w[i] != w[j]
    cross = (b[j][steep] - b[i][steep]) / (w[i][steep] - w[j][steep])
    x = np.concatenate([[a, hi], cross[(cross > a) & (cross < hi)]])
    return float(np.max(f(x) - maxout(x, w, b)))


def tangent_pieces(
    f: Callable, df: Callable, a: float, b: float, k: int
) -> tuple[np.ndarray, np.ndarray, float]:
    """``k`` pieces approximating a convex ``f`` (derivative ``df``) on [a, b]: tangents at the
    middles of ``k`` equal cells, raised by half their largest gap below ``f``.  Returns the
    slopes, the intercepts and the error, that half gap (the tangents touch ``f``, so the
    raised unit is off by exactly that much, above at the tangent points and below where the
    gap is largest)."""
    c = a + (np.arange(k) + 0.5) * (b - a) / k
    w = np.asarray(df(c), dtype=float)
    bias = np.asarray(f(c), dtype=float) - w * c
    half = 0.5 * largest_gap(f, w, bias, a, b)
    return w, bias + half, half


def _square(x):
    return np.asarray(x, dtype=float) ** 2


def _double(x):
    return 2.0 * np.asarray(x, dtype=float)


def square_error(k: int) -> float:
    """Error of the ``k``-piece unit for ``x^2`` on ``SQUARE_INTERVAL``."""
    a, b = SQUARE_INTERVAL
    return tangent_pieces(_square, _double, a, b, k)[2]


def softplus_pieces(k: int) -> tuple[np.ndarray, np.ndarray, float]:
    """The ``k``-piece unit for softplus on ``SOFTPLUS_INTERVAL``: slopes, intercepts, error."""
    a, b = SOFTPLUS_INTERVAL
    return tangent_pieces(softplus, sigmoid, a, b, k)


def softplus_error(k: int) -> float:
    """Error of the ``k``-piece unit for softplus on ``SOFTPLUS_INTERVAL``."""
    return softplus_pieces(k)[2]


def error_bound(max_second_derivative: float, a: float, b: float, k: int) -> float:
    """``max f'' (b - a)^2 / (16 k^2)``: the construction's error for any convex ``f``."""
    return max_second_derivative * (b - a) ** 2 / (16.0 * k**2)


def as_difference(knots, values) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """Two maxout units ``g, h`` (scalar input) with ``g - h`` equal to the piecewise-linear
    interpolant of ``values`` at the increasing ``knots``, continued linearly beyond the ends.

    The interpolant is its first piece plus a ReLU term ``c_i max(0, x - x_i)`` for every inner
    knot, ``c_i`` the change of slope there.  The terms with ``c_i > 0`` add up to a convex
    function ``g``, the others to a convex ``h``; each is the maximum of the lines that extend
    its own pieces.  Returns ``((w_g, b_g), (w_h, b_h))``.
    """
    x, y = np.asarray(knots, dtype=float), np.asarray(values, dtype=float)
    slopes = np.diff(y) / np.diff(x)
    change, inner = np.diff(slopes), x[1:-1]
    units = []
    for part in (np.maximum(change, 0.0), np.maximum(-change, 0.0)):
        # Convex: slope on piece m is the sum of the changes before it; each piece's line.
        piece_slopes = np.concatenate([[0.0], np.cumsum(part)])
        # The line of piece m passes through the value of the sum at the knot that starts it.
        starts = np.concatenate([[inner[0] if len(inner) else 0.0], inner])
        at_start = np.array([np.sum(part * np.maximum(0.0, s - inner)) for s in starts])
        units.append((piece_slopes, at_start - piece_slopes * starts))
    (wg, bg), (wh, bh) = units
    # The first piece of the interpolant goes to g.
    return (wg + slopes[0], bg + y[0] - slopes[0] * x[0]), (wh, bh)


def note_numbers() -> dict[str, str]:
    """Every result the note "Maxout" states, as the note prints it."""
    a, b = SOFTPLUS_INTERVAL
    out = {
        "square_k1": f"{square_error(1):.2g}",
        "square_k4": f"{square_error(4):.5f}",
        "square_k16": f"{square_error(16):.5f}",
        "softplus_k2": f"{softplus_error(2):.2f}",
        "softplus_k4": f"{softplus_error(4):.3f}",
        "softplus_k16": f"{softplus_error(16):.4f}",
        "softplus_bound_k16": f"{error_bound(0.25, a, b, 16):.4f}",
        "softplus_ratio_16": f"{softplus_error(16) / error_bound(0.25, a, b, 16):.2f}",
    }
    return out
