"""Figures of the note "Dying ReLU": dead units against learning rate, and during training.

The experiment and its numbers are in :mod:`snippets.lib.dying`; this module only draws them,
following the figure contract in :mod:`snippets.registry`.  Nothing is computed at import time.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from snippets.lib.dying import LEAKY_ALPHA, N_STEPS, SEEDS, TIMELINE_RATE, experiment

__all__ = ["dead_units_during_training_plot", "dead_units_vs_learning_rate_plot"]


def dead_units_vs_learning_rate_plot() -> Figure:
    """Dead units against learning rate

    Beyond a learning rate of 0.2 the share of dead ReLU units climbs steeply and about as many
    leaky units end up negative on every input, yet no leaky unit stops changing.
    """
    runs = experiment()
    relu, leaky = runs["relu"], runs["leaky"]
    rates = np.asarray(relu.learning_rates)
    fig = Figure()
    ax = fig.add_subplot()

    def draw(mask: np.ndarray, label: str, **line_options) -> None:
        per_seed = 100.0 * mask.mean(axis=-1)  # (rates, seeds)
        mean = per_seed.mean(axis=1)
        standard_error = per_seed.std(axis=1, ddof=1) / np.sqrt(per_seed.shape[1])
        ax.errorbar(rates, mean, yerr=standard_error, capsize=3, label=label, **line_options)

    draw(relu.negative[-1], "ReLU: dead", marker="o")
    draw(leaky.negative[-1], "leaky: negative on all inputs", marker="s")
    draw(leaky.frozen, "leaky: stopped changing", marker="^")
    ax.set_title(f"Units negative on all inputs after {N_STEPS} steps (leaky α = {LEAKY_ALPHA:g})")
    ax.set_xlabel("learning rate")
    ax.set_ylabel(f"% of hidden units (mean ± s.e., {len(SEEDS)} seeds)")
    ax.legend(loc="upper left")
    return fig


def dead_units_during_training_plot() -> Figure:
    """Units dying early in training

    At a learning rate of 0.3 the loss shoots up in the first steps, and that is when most units
    that end up negative on every input get there.
    """
    runs = experiment()
    steps = np.arange(N_STEPS + 1)
    fig = Figure()
    left, right = fig.subplots(1, 2)
    for key, name in (("relu", "ReLU"), ("leaky", f"leaky ReLU, α = {LEAKY_ALPHA:g}")):
        run = runs[key]
        k = run.rate(TIMELINE_RATE)
        left.plot(steps, run.loss[:, k].mean(axis=-1), label=name)
        right.plot(steps, 100.0 * run.negative[:, k].mean(axis=(-2, -1)))
    left.set_yscale("log")
    left.set_title("Training loss")
    left.set_ylabel(f"loss (mean of {len(SEEDS)} seeds)")
    left.legend(loc="lower left")
    right.set_title("Negative on all inputs")
    right.set_ylabel(f"% of hidden units (mean of {len(SEEDS)} seeds)")
    for ax in (left, right):
        ax.set_xscale("symlog", linthresh=1.0)
        ax.set_xlim(0, N_STEPS)
        ax.set_xlabel(f"step (learning rate {TIMELINE_RATE:g})")
    return fig
