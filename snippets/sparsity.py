"""Figures of the note "Sparse Rectifier Networks": exact zeros per layer, and under an L1 penalty.

The experiments and their numbers are in :mod:`snippets.lib.sparsity`; this module only draws
them, following the figure contract in :mod:`snippets.registry`.  Nothing is computed at import
time.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from snippets.lib.sparsity import (
    L1_CHECKPOINTS,
    L1_SEEDS,
    L1_STRENGTHS,
    N_INPUTS,
    N_LAYERS,
    WIDTH,
    l1_sparsity,
    random_network_zeros,
)
from snippets.lib.stats import mean_se

__all__ = ["l1_sparsity_plot", "zeros_per_layer_plot"]


def zeros_per_layer_plot() -> Figure:
    """Exact zeros layer by layer

    In a random ten-layer rectifier network about half of all outputs are exactly zero in every
    layer, whatever the weight scale, while softplus outputs are never exactly zero.
    """
    layers = np.arange(1, N_LAYERS + 1)
    fig = Figure()
    ax = fig.add_subplot()
    for activation, init, line_options in (
        ("relu", "He", {"marker": "o"}),
        ("relu", "Glorot", {"marker": "x", "linestyle": "--"}),
        ("softplus", "He", {"marker": "s"}),
    ):
        exact, _ = random_network_zeros(activation, init)
        name = "ReLU" if activation == "relu" else "softplus"
        ax.plot(
            layers, 100.0 * exact, label=f"{name}, {init} init: outputs exactly 0", **line_options
        )
    _, always = random_network_zeros("relu", "He")
    ax.plot(layers, 100.0 * always, marker="^", label="ReLU, He init: units 0 on every input")
    ax.set_ylim(-3.0, 90.0)
    ax.set_xticks(layers)
    ax.set_title(f"Random network, {WIDTH} units per layer, {N_INPUTS} Gaussian inputs")
    ax.set_xlabel("layer")
    ax.set_ylabel("% of outputs or of units")
    ax.legend(loc="upper left")
    return fig


def l1_sparsity_plot() -> Figure:
    """An L1 penalty deepens sparsity

    Penalising the sum of the hidden outputs pushes more of them to exactly zero and then
    switches whole units off, and the shares are still moving after thousands of steps.
    """
    result = l1_sparsity()
    steps = np.asarray(L1_CHECKPOINTS)
    fig = Figure()
    left, middle, right = fig.subplots(1, 3)
    markers = ("o", "s", "^", "D")
    for s, strength in enumerate(L1_STRENGTHS):
        for ax, name, scale in (
            (left, "zeros", 100.0),
            (middle, "dead", 100.0),
            (right, "mse", 1.0),
        ):
            mean, standard_error = mean_se(scale * result[name][:, s])
            ax.errorbar(
                steps,
                mean,
                yerr=standard_error,
                capsize=2,
                marker=markers[s],
                markersize=3,
                label=f"λ = {strength:g}",
            )
    left.set_title("Hidden outputs exactly 0")
    left.set_ylabel(f"% (mean ± s.e., {len(L1_SEEDS)} seeds)")
    middle.set_title("Units 0 on every input")
    middle.set_ylabel(f"% (mean ± s.e., {len(L1_SEEDS)} seeds)")
    right.set_title("Squared error")
    right.set_ylabel("½ mean (ŷ − y)² (mean ± s.e.)")
    right.set_yscale("log")
    for ax in (left, middle, right):
        ax.set_xlabel("training step")
    left.legend(loc="lower right")
    return fig
