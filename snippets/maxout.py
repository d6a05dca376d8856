"""Figures of the note "Maxout": a maxout unit fitting a convex curve, and a difference of two.

The numbers are in :mod:`snippets.lib.maxout`; this module only draws them, following the
figure contract in :mod:`snippets.registry`.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from snippets.lib.activations import softplus
from snippets.lib.maxout import (
    PIECES,
    SOFTPLUS_INTERVAL,
    as_difference,
    error_bound,
    maxout,
    softplus_error,
    softplus_pieces,
    square_error,
)

__all__ = ["maxout_approximation_plot", "maxout_difference_plot"]


def maxout_approximation_plot() -> Figure:
    """A maxout unit fitting softplus

    A maxout unit with k pieces fits softplus on [−4, 4] to within a bound that falls like
    1/k², and fits x² on [−1, 1] to exactly 1/(2k²).
    """
    a, b = SOFTPLUS_INTERVAL
    x = np.linspace(a, b, 801)
    fig = Figure()
    left, right = fig.subplots(1, 2)
    left.plot(x, softplus(x), label="softplus")
    for k, dashes in ((2, "--"), (4, ":")):
        w, bias, _ = softplus_pieces(k)
        left.plot(x, maxout(x, w, bias), linestyle=dashes, label=f"maxout, k = {k}")
    left.set_title("Softplus and maxout units")
    left.set_xlabel("input x")
    left.set_ylabel("output")
    left.legend(loc="upper left")
    k = np.asarray(PIECES, dtype=float)
    right.plot(k, [softplus_error(int(n)) for n in k], "o", label="softplus on [−4, 4]")
    right.plot(k, error_bound(0.25, a, b, k), "--", label="its bound, 1/k²")
    right.plot(k, [square_error(int(n)) for n in k], "s", label="x² on [−1, 1]")
    right.plot(k, 1.0 / (2.0 * k**2), ":", label="1 / (2k²)")
    right.set_xscale("log")
    right.set_yscale("log")
    right.set_title("Largest error against pieces")
    right.set_xlabel("pieces k")
    right.set_ylabel("largest |f − maxout|")
    right.set_ylim(1e-3, 8.0)  # room above the points for the legend
    right.legend(loc="upper right")
    return fig


def maxout_difference_plot() -> Figure:
    """Two maxout units subtracted

    The difference of two convex maxout units reproduces a wiggly piecewise-linear curve
    through points of sin(πx), which neither unit could follow alone.
    """
    knots = np.linspace(-1.0, 1.0, 9)
    (wg, bg), (wh, bh) = as_difference(knots, np.sin(np.pi * knots))
    x = np.linspace(-1.0, 1.0, 801)
    g, h = maxout(x, wg, bg), maxout(x, wh, bh)
    fig = Figure()
    ax = fig.subplots()
    ax.plot(x, g, linestyle="--", label="maxout unit g")
    ax.plot(x, h, linestyle=":", label="maxout unit h")
    ax.plot(x, g - h, label="g − h")
    ax.plot(knots, np.sin(np.pi * knots), "o", label="points of sin(πx)")
    ax.set_title("A difference of two maxout units")
    ax.set_xlabel("input x")
    ax.set_ylabel("output")
    ax.legend(loc="upper left")
    return fig
