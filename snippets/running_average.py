"""Figures of the note "Leaky Units and Running Averages": a noisy step averaged, and memory.

The running average and its weights come from :mod:`snippets.lib.running_average`; this module
only draws them, following the figure contract in :mod:`snippets.registry`.  Nothing is computed
at import time.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from snippets.lib.running_average import ALPHAS, noisy_step, running_average, weight

__all__ = ["running_average_memory_plot", "running_average_plot"]


def running_average_plot() -> Figure:
    """Running averages of a noisy step

    With α near 0 the average follows every fluctuation of the input, while with α near 1 it is
    smooth but takes many steps to reach the new level.
    """
    clean, noisy = noisy_step()
    t = np.arange(1, clean.size + 1)
    fig = Figure()
    left, right = fig.subplots(1, 2, sharey=True)
    # Both panels draw the input first and a second line next, so the colours of the three
    # averages stay distinct across panels (the style's colour cycle restarts in each Axes).
    left.plot(t, noisy, ".", label="input v")  # dots only, no line
    right.plot(t, noisy, ".")
    left.plot(t, running_average(noisy, ALPHAS[0]), label=f"μ, α = {ALPHAS[0]:g}")
    left.set_title("α near 0: follows the noise")
    left.set_ylabel("value")
    right.plot(t, clean, linestyle="--", label="step without noise")
    for alpha in ALPHAS[1:]:
        right.plot(t, running_average(noisy, alpha), label=f"μ, α = {alpha:g}")
    right.set_title("α near 1: smooth but slow")
    for ax in (left, right):
        ax.set_xlabel("step t")
        ax.set_ylim(-1.0, 2.8)
        ax.legend(loc="upper left")
    right.set_ylabel("value")
    return fig


def running_average_memory_plot() -> Figure:
    """How far back the average reaches

    The weight (1 − α)αᵏ of the input k steps back, and the derivative αᵏ of μ⁽ᵗ⁾ with respect
    to μ⁽ᵗ⁻ᵏ⁾, both decay slowly only when α is near 1.
    """
    k = np.arange(0, 201)
    fig = Figure()
    left, right = fig.subplots(1, 2, sharey=True)
    for alpha in ALPHAS:
        left.plot(k, weight(alpha, k))
        right.plot(k, np.power(alpha, k.astype(np.float64)), label=f"α = {alpha:g}")
    left.set_title("Weight of the input k steps back")
    left.set_ylabel("(1 − α) αᵏ")
    right.set_title("Derivative ∂μ⁽ᵗ⁾/∂μ⁽ᵗ⁻ᵏ⁾")
    right.set_ylabel("αᵏ")
    right.legend(loc="lower right")
    for ax in (left, right):
        ax.set_yscale("log")
        ax.set_ylim(1e-6, 1.5)
        ax.set_xlabel("steps back k")
    return fig
