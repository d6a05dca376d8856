"""Figures of the note "Dying ReLU": dead units against learning rate, and during training.

The experiment and its numbers are in :mod:`snippets.lib.dying`; this module only draws them,
following the figure contract in :mod:`snippets.registry`.  Nothing is computed at import time.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from snippets.lib.dying import (
    LEAKY_ALPHA,
    N_STEPS,
    SEEDS,
    TIMELINE_RATE,
    dead_percent_per_seed,
    experiment,
    timeline,
)
from snippets.lib.initialisation import BORN_DEAD_DEPTHS, BORN_DEAD_WIDTHS, born_dead
from snippets.lib.stats import mean_se

__all__ = [
    "born_dead_networks_plot",
    "dead_units_during_training_plot",
    "dead_units_vs_learning_rate_plot",
]


def dead_units_vs_learning_rate_plot() -> Figure:
    """Dead units against learning rate

    Beyond a learning rate of 0.2 the share of dead ReLU units climbs steeply, with as many leaky
    units negative on every input, and the share of seeds that lose over a fifth of their units
    rises over a range of rates rather than at one threshold.
    """
    runs = experiment()
    relu, leaky = runs["relu"], runs["leaky"]
    rates = np.asarray(relu.learning_rates)
    fig = Figure()
    left, right = fig.subplots(1, 2)

    def draw(ax, per_seed: np.ndarray, label: str, **line_options) -> None:
        mean, standard_error = mean_se(per_seed)
        ax.errorbar(rates, mean, yerr=standard_error, capsize=3, label=label, **line_options)

    draw(left, dead_percent_per_seed(relu), "ReLU: dead", marker="o")
    draw(left, dead_percent_per_seed(leaky), "leaky: negative on all inputs", marker="s")
    draw(left, 100.0 * leaky.frozen.mean(axis=-1), "leaky: stopped changing", marker="^")
    left.set_title(f"After {N_STEPS} steps (leaky α = {LEAKY_ALPHA:g})")
    left.set_xlabel("learning rate")
    left.set_ylabel(f"% of hidden units (mean ± s.e., {len(SEEDS)} seeds)")
    left.legend(loc="center left")
    for share, marker in ((20.0, "o"), (40.0, "s")):
        over = 100.0 * (dead_percent_per_seed(relu) > share)
        draw(right, over, f"more than {share:g} % dead", marker=marker)
    right.set_title("Seeds losing many units")
    right.set_xlabel("learning rate")
    right.set_ylabel(f"% of seeds (± s.e., {len(SEEDS)} seeds)")
    right.legend(loc="center left")
    return fig


def dead_units_during_training_plot() -> Figure:
    """Units dying early in training

    At a learning rate of 0.3 the loss shoots up in the first steps, and that is when most units
    that end up negative on every input get there.
    """
    runs = timeline()
    steps = np.arange(N_STEPS + 1)
    fig = Figure()
    left, right = fig.subplots(1, 2)
    for key, name in (("relu", "ReLU"), ("leaky", f"leaky ReLU, α = {LEAKY_ALPHA:g}")):
        run = runs[key]
        k = run.rate(TIMELINE_RATE)
        for ax, per_seed, label in (
            (left, run.loss[:, k], name),
            (right, 100.0 * run.negative[:, k].mean(axis=-1), None),
        ):
            mean, standard_error = mean_se(per_seed)
            # Lines and fills take their colours from two cycles that advance in step, so
            # each band has its line's colour without naming one.
            ax.plot(steps, mean, label=label)
            ax.fill_between(
                steps, mean - standard_error, mean + standard_error, alpha=0.3, linewidth=0
            )
    left.set_yscale("log")
    left.set_title("Training loss")
    left.set_ylabel(f"loss (mean ± s.e., {len(SEEDS)} seeds)")
    left.legend(loc="lower left")
    right.set_title("Negative on all inputs")
    right.set_ylabel(f"% of hidden units (mean ± s.e., {len(SEEDS)} seeds)")
    for ax in (left, right):
        ax.set_xscale("symlog", linthresh=1.0)
        ax.set_xlim(0, N_STEPS)
        ax.set_xlabel(f"step (learning rate {TIMELINE_RATE:g})")
    return fig


def born_dead_networks_plot() -> Figure:
    """Networks born dead

    The share of random deep ReLU networks that are constant from the start, because some layer
    outputs zero on every input, grows with depth and falls with width.
    """
    dead = born_dead()
    depths = np.asarray(BORN_DEAD_DEPTHS)
    fig = Figure()
    ax = fig.add_subplot()
    markers = ("o", "s", "^", "D")
    for i, width in enumerate(BORN_DEAD_WIDTHS):
        mean, standard_error = mean_se(100.0 * dead[i])
        ax.errorbar(
            depths, mean, yerr=standard_error, capsize=2, marker=markers[i], markersize=3,
            label=f"width {width}",
        )  # fmt: skip
    ax.set_title("Born dead: a layer outputs zero on all of [-1, 1]")
    ax.set_xlabel("depth (hidden layers)")
    ax.set_ylabel(f"% of networks (± s.e., {dead.shape[-1]} seeds)")
    ax.legend(loc="lower right")
    return fig
