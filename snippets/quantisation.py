"""Figures of the note "ReLU6 and Low Precision": ReLU6 itself, and 8-bit quantisation error.

The function and the experiment are in :mod:`snippets.lib.quantisation`; this module only draws
them, following the figure contract in :mod:`snippets.registry`.  Nothing is computed at import
time.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from snippets.lib.quantisation import (
    BITS,
    CAP,
    CLIP_TOPS,
    OUTLIER_FACTORS,
    SEEDS,
    clip_sweep,
    experiment,
    relu6,
)
from snippets.lib.stats import mean_se

__all__ = ["quantisation_error_plot", "relu6_plot"]


def relu6_plot() -> Figure:
    """ReLU6 and its derivative

    ReLU6 is 0 for negative x, x up to 6 and 6 beyond, and its derivative is 1 between 0 and 6
    and 0 outside.
    """
    x = np.linspace(-3.0, 9.0, 1201)  # includes 0 and 6
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot(x, relu6(x), label="ReLU6  min(max(0, x), 6)")
    # The derivative as three flat pieces with NaN gaps (no vertical segments at the jumps); the
    # dots mark its value at the corners, 0 by convention at both.
    pieces_x = [x[0], 0.0, np.nan, 0.0, CAP, np.nan, CAP, x[-1]]
    pieces_y = [0.0, 0.0, np.nan, 1.0, 1.0, np.nan, 0.0, 0.0]
    ax.plot(
        pieces_x, pieces_y, linestyle="--", marker="o", markevery=[1, 6],
        label="derivative (0 at x = 0 and x = 6)",
    )  # fmt: skip
    ax.set_title("ReLU6 and its derivative")
    ax.set_xlabel("input x")
    ax.set_ylabel("output")
    ax.legend(loc="upper left")
    return fig


def _band(ax, x, per_seed: np.ndarray, label: str, **line_options) -> None:
    """The mean over seeds (last axis) as a line, with a band of ± one standard error."""
    mean, standard_error = mean_se(per_seed)
    ax.plot(x, mean, label=label, **line_options)
    # Lines and fills take their colours from two cycles that advance in step.
    ax.fill_between(x, mean - standard_error, mean + standard_error, alpha=0.3, linewidth=0)


def quantisation_error_plot() -> Figure:
    """Range and 8-bit error

    Quantising a random ReLU layer's outputs to 8 bits costs least with a range near the top of
    the bulk, and a range set by the largest value seen grows with one outlying example and
    makes the error of all the others grow with it, while the fixed range [0, 6] does not.
    """
    fig = Figure()
    left, right = fig.subplots(1, 2, sharey=True)
    _band(left, np.asarray(CLIP_TOPS), clip_sweep(), "8-bit error, range [0, a]")
    left.axvline(CAP, linestyle=":", label="a = 6")
    left.set_xscale("log")
    left.set_yscale("log")
    left.set_title("Clean batch")
    left.set_xlabel("top of the range a")
    left.set_ylabel(f"root mean square error\n(mean ± s.e., {SEEDS} seeds)")
    left.set_ylim(2e-3, 5.0)  # room for the legends above the curves
    left.legend(loc="upper right")
    runs = experiment()
    factors = np.asarray(OUTLIER_FACTORS)
    _band(right, factors, runs["rms_max"], "range [0, largest output]", marker="o", markersize=3)
    _band(right, factors, runs["rms_cap"], "range [0, 6]", marker="s", markersize=3)
    right.set_xscale("log")
    right.set_yscale("log")
    right.set_title("One outlying example")
    right.set_xlabel("its input scaled by k")
    right.set_ylabel(f"error on the others ({BITS} bits)")
    right.legend(loc="upper left")
    return fig
