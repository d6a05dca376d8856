"""Figures of the note "He Initialisation": the scale of a random ReLU network layer by layer.

The experiments and their numbers are in :mod:`snippets.lib.initialisation`; this module only
draws them, following the figure contract in :mod:`snippets.registry`.  Nothing is computed at
import time.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from snippets.lib.initialisation import (
    DEPTH,
    FAN_MODES,
    FAN_WIDTHS,
    LEAKY_SLOPE,
    N_SEEDS,
    WIDTH,
    fan_modes,
    leaky_gain,
    log2_gain,
)
from snippets.lib.stats import mean_se

__all__ = ["activation_scale_by_depth_plot", "fan_in_fan_out_plot"]


def _band(ax, x: np.ndarray, per_seed: np.ndarray, label: str | None, **line_options) -> None:
    """The mean over seeds (last axis) as a line, with a band of ± one standard error."""
    mean, standard_error = mean_se(per_seed)
    ax.plot(x, mean, label=label, **line_options)
    # Lines and fills take their colours from two cycles that advance in step.
    ax.fill_between(x, mean - standard_error, mean + standard_error, alpha=0.3, linewidth=0)


def activation_scale_by_depth_plot() -> Figure:
    """Signal scale through depth

    Under Glorot's variance the mean square of a random ReLU network's pre-activations halves at
    every layer, while He's variance keeps it, and a leaky ReLU needs the gain 2 / (1 + α²).
    """
    layers = np.arange(1, DEPTH + 1)
    fig = Figure()
    left, right = fig.subplots(1, 2, sharey=True)
    _band(left, layers, log2_gain("He"), "He: variance 2 / n", marker="o", markersize=3)
    _band(left, layers, log2_gain("Glorot"), "Glorot: variance 1 / n", marker="s", markersize=3)
    left.plot(layers, -(layers - 1.0), linestyle=":", label="theory: −1 per layer")
    left.set_title("ReLU")
    left.set_ylabel(f"log2 of mean square of z, over layer 1\n(mean ± s.e., {N_SEEDS} seeds)")
    left.legend(loc="lower left")
    a = LEAKY_SLOPE
    _band(right, layers, log2_gain("He", a), "ReLU's variance 2 / n", marker="o", markersize=3)
    _band(
        right, layers, log2_gain("leaky", a), f"2 / ((1 + α²) n) = {leaky_gain(a):.3f} / n",
        marker="s", markersize=3,
    )  # fmt: skip
    right.set_title(f"Leaky ReLU, α = {a:g}")
    right.set_ylabel("log2 of mean square, over layer 1")
    right.legend(loc="lower left")
    for ax in (left, right):
        ax.set_xlabel(f"layer ({WIDTH} units each)")
    return fig


def fan_in_fan_out_plot() -> Figure:
    """Fan-in against fan-out

    In a ReLU network whose width grows sixteenfold, variance 2 / fan-in keeps the forward signal
    and 2 / fan-out keeps the backward gradient, each changing the other by about the ratio of
    the end widths.
    """
    layers = np.arange(1, DEPTH + 1)
    fig = Figure()
    left, right = fig.subplots(1, 2, sharey=True)
    labels = {"fan_in": "2 / fan-in", "fan_out": "2 / fan-out", "fan_avg": "2 / average fan"}
    markers = {"fan_in": "o", "fan_out": "s", "fan_avg": "^"}
    for mode in FAN_MODES:
        forward, backward = fan_modes(mode)
        options = {"marker": markers[mode], "markersize": 3}
        _band(left, layers, np.log2(forward / forward[0]), None, **options)
        _band(right, layers, np.log2(backward / backward[-1]), labels[mode], **options)
    left.set_title("Forward: pre-activations z")
    left.set_ylabel(f"log2 of mean square, over layer 1\n(mean ± s.e., {N_SEEDS} seeds)")
    right.set_title("Backward: gradients dL/dz")
    right.set_ylabel(f"log2 of mean square, over layer {DEPTH}")
    right.legend(loc="lower left", title="weight variance")
    for ax in (left, right):
        ax.set_xlabel(f"layer (inputs {FAN_WIDTHS[0]}, top {FAN_WIDTHS[-1]} units)")
    return fig
