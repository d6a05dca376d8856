"""Figures of the note "Sparse Rectifier Networks": exact zeros per layer, and under an L1 penalty.

The experiments and their numbers are in :mod:`snippets.lib.sparsity`; this module only draws
them, following the figure contract in :mod:`snippets.registry`.  Nothing is computed at import
time.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from snippets.lib import dying
from snippets.lib.sparsity import (
    L1_STRENGTHS,
    N_INPUTS,
    N_LAYERS,
    WIDTH,
    l1_sparsity,
    random_network_zeros,
)

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

    Penalising the sum of the hidden outputs pushes more of them to exactly zero, first by
    narrowing each unit's active region and then by switching whole units off.
    """
    result = l1_sparsity()
    positions = np.arange(len(L1_STRENGTHS))
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot(positions, 100.0 * result["zeros"], marker="o", label="hidden outputs exactly 0")
    ax.plot(positions, 100.0 * result["dead"], marker="s", label="units 0 on every input")
    ax.set_xticks(positions, [f"{s:g}" for s in L1_STRENGTHS])
    ax.set_ylim(0.0, 100.0)
    ax.set_title(f"ReLU network trained with an L1 penalty ({len(dying.SEEDS)} seeds)")
    ax.set_xlabel("penalty strength λ")
    ax.set_ylabel("% (mean over seeds)")
    ax.legend(loc="upper left")
    return fig
