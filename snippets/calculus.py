"""Figures of the note "FAQ - Why is ReLU written max(0, x)": difference quotients at work.

The numbers come from :mod:`snippets.lib.calculus`; this module only draws them, following the
figure contract in :mod:`snippets.registry`.  Nothing is computed at import time.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from snippets.lib.activations import relu
from snippets.lib.calculus import (
    ACTIVATIONS,
    FD_STEPS,
    backward_difference,
    central_difference,
    forward_difference,
    max_fd_error,
)

__all__ = ["KINK_STEP", "finite_difference_error_plot", "relu_kink_secants_plot"]

KINK_STEP = 0.5  # the step h drawn in the secant figure


def finite_difference_error_plot() -> Figure:
    """Finite-difference error against step

    The central difference matches each activation's derivative with an error that falls as h
    squared for smooth functions until rounding error, growing as 1/h, takes over.
    """
    fig = Figure()
    ax = fig.add_subplot()
    styles = ["-", "--", "-", "-.", ":"]
    for (name, (f, df)), linestyle in zip(ACTIVATIONS.items(), styles, strict=True):
        errors = [max_fd_error(f, df, h) for h in FD_STEPS]
        ax.loglog(FD_STEPS, errors, linestyle=linestyle, label=name)
    ax.set_title("Central-difference error against step h")
    ax.set_xlabel("step h")
    ax.set_ylabel("largest error on 0.5 ≤ |x| ≤ 4")
    ax.legend(loc="lower left")
    return fig


def relu_kink_secants_plot() -> Figure:
    """Difference quotients at ReLU's corner

    At x = 0 the forward, backward and central difference quotients of ReLU are the slopes of
    three secants: 1, 0 and their average 1/2.
    """
    h = KINK_STEP
    X = np.linspace(-1.0, 1.0, 201)
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot(X, relu(X), label="ReLU")
    secants = [
        ("forward", forward_difference(relu, 0.0, h), 0.0, "--"),
        ("backward", backward_difference(relu, 0.0, h), -h, ":"),
        ("central", central_difference(relu, 0.0, h), -h, "-."),
    ]
    for name, slope, x0, linestyle in secants:
        # Each secant is drawn as the line through its left end point (x0, relu(x0)), on top
        # of ReLU (zorder), which it partly overlaps.
        secant = relu(x0) + slope * (X - x0)
        ax.plot(X, secant, linestyle=linestyle, zorder=3, label=f"{name}: slope {slope:g}")
    ax.plot([-h, 0.0, h], relu(np.array([-h, 0.0, h])), linestyle="", marker="o", zorder=4)
    ax.set_title(f"Secants of ReLU at x = 0, step h = {h:g}")
    ax.set_xlabel("input x")
    ax.set_ylabel("output")
    ax.set_ylim(-0.6, 1.1)
    ax.legend()
    return fig
