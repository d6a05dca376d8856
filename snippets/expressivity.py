"""Figures of the note "Expressivity of ReLU Networks": linear pieces along a line.

The counts are computed exactly in :mod:`snippets.lib.expressivity`; this module only draws
them, following the figure contract in :mod:`snippets.registry`.
"""

from __future__ import annotations

import numpy as np
from contourpy import contour_generator
from matplotlib.figure import Figure

from snippets.lib.expressivity import (
    BUDGET,
    BUDGET_DEPTHS,
    DEPTHS,
    HALF_LENGTH,
    NEURONS,
    PICTURE,
    SEEDS,
    TENT_DEPTHS,
    budget_counts,
    forward,
    preactivations,
    random_network,
    tent_network,
    width_two_counts,
)
from snippets.lib.stats import mean_se

__all__ = ["linear_pieces_plot", "linear_regions_plot", "sawtooth_plot"]


def linear_pieces_plot() -> Figure:
    """Linear pieces of random networks

    Along a line, random ReLU networks at initialisation have about as many linear pieces as
    neurons whatever their depth, and at a fixed number of neurons, deep narrow ones have fewer.
    """
    counts = budget_counts()
    fig = Figure()
    left, right = fig.subplots(1, 2)
    neurons = np.asarray(NEURONS)
    for i, (depth, marker) in enumerate(zip(DEPTHS, "osD^", strict=True)):
        mean, se = mean_se(counts["pieces"][i])
        layers = "1 layer" if depth == 1 else f"{depth} layers"
        left.errorbar(neurons, mean, yerr=se, capsize=3, marker=marker, label=layers)
    left.plot(neurons, neurons + 1, linestyle=":", label="N + 1")
    left.set_title("Pieces against neurons")
    left.set_xlabel("neurons N (all hidden layers)")
    left.set_ylabel(f"linear pieces (mean ± s.e., {len(SEEDS)} seeds)")
    left.legend(loc="upper left")
    depths = np.asarray(BUDGET_DEPTHS)
    for key, label, marker in (
        ("budget_regions", "activation regions", "s"),
        ("budget_pieces", "pieces of the output", "o"),
    ):
        mean, se = mean_se(counts[key])
        right.errorbar(depths, mean, yerr=se, capsize=3, marker=marker, label=label)
    right.set_xscale("log", base=2)
    right.set_xticks(depths, [f"{d}" for d in depths])
    right.minorticks_off()
    right.set_title(f"{BUDGET} neurons in all")
    right.set_xlabel(f"hidden layers (width {BUDGET} / layers)")
    right.set_ylabel(f"count (mean ± s.e., {len(SEEDS)} seeds)")
    right.legend(loc="center left")
    return fig


def sawtooth_plot() -> Figure:
    """A sawtooth from the tent map

    Composing the tent map k times gives a sawtooth of 2^k pieces from two ReLUs per layer,
    while random networks of the same width and depth have a handful of pieces.
    """
    fig = Figure()
    left, right = fig.subplots(1, 2)
    x = np.linspace(0.0, 1.0, 1025)
    for k, dashes in zip((1, 2, 3), ("-", "--", ":"), strict=True):
        y = forward(tent_network(k), x[:, None])
        left.plot(x, y, linestyle=dashes, label=f"k = {k}")
    left.set_title("Tent map composed k times")
    left.set_xlabel("input x")
    left.set_ylabel("output")
    left.set_ylim(-0.05, 1.4)
    left.legend(loc="upper center", ncols=3, handlelength=1.5, columnspacing=0.8)
    depths = np.asarray(TENT_DEPTHS)
    right.plot(depths, 2.0**depths, marker="o", label="tent construction, $2^k$")
    mean, se = mean_se(width_two_counts()["pieces"])
    right.errorbar(
        depths, mean, yerr=se, capsize=3, marker="s", label=f"random (± s.e., {len(SEEDS)} seeds)"
    )
    right.set_yscale("log", base=2)
    right.set_ylim(0.5, 2.0**17)
    right.set_xticks(depths[1::2])
    right.set_title("Width 2, depth k")
    right.set_xlabel("hidden layers k")
    right.set_ylabel("linear pieces on the segment")
    right.legend(loc="upper left")
    return fig


def _zero_lines(z: np.ndarray, grid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The zero contours of each neuron (last axis of ``z``) as one polyline broken by NaNs."""
    xs, ys = [], []
    for j in range(z.shape[-1]):
        for line in contour_generator(grid, grid, z[..., j]).lines(0.0):
            xs += [line[:, 0], [np.nan]]
            ys += [line[:, 1], [np.nan]]
    return np.concatenate(xs or [[]]), np.concatenate(ys or [[]])


def linear_regions_plot() -> Figure:
    """Linear regions in the plane

    The boundaries of the linear regions of two random ReLU networks with 18 neurons and two
    inputs: straight lines for one hidden layer, lines that bend where they cross an earlier
    layer's boundaries for three.
    """
    grid = np.linspace(-HALF_LENGTH, HALF_LENGTH, 201)
    x = np.stack(np.meshgrid(grid, grid), axis=-1)
    fig = Figure()
    axes = fig.subplots(1, 2)
    for ax, key in zip(axes, ("shallow", "deep"), strict=True):
        depth, width = PICTURE[key]
        net, _ = random_network(PICTURE["seed"], depth, width)
        for layer, (z, dashes) in enumerate(
            zip(preactivations(net, x), ("-", "--", ":"), strict=False), start=1
        ):
            ax.plot(*_zero_lines(z, grid), linestyle=dashes, label=f"layer {layer}")
        layers = "1 layer" if depth == 1 else f"{depth} layers"
        ax.set_title(f"{layers} of {width}")
        ax.set_xlabel("input x₁")
        ax.set_ylabel("input x₂")
        # No equal aspect: it would leave the figure a band of white above and below the
        # squares (the runner fixes the figure size); the two axes are nearly square anyway.
        ax.set_xlim(grid[0], grid[-1])
        ax.set_ylim(grid[0], grid[-1])
    axes[1].legend(loc="upper right")
    return fig
