"""First figures: ReLU, leaky ReLU and softplus.

Every function here follows the figure contract described in :mod:`snippets.registry`: it
takes no arguments and returns a new :class:`matplotlib.figure.Figure` built without pyplot;
it never chooses colours, font sizes or a figure size (the runner's style sheet does); and its
docstring is a title of at most six words, a blank line and one sentence saying what the
figure shows.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from snippets.activations import leaky_relu, relu, softplus_beta

__all__ = ["leaky_relu_plot", "relu_plot", "softplus_plot"]

X_RANGE = (-3.0, 3.0)
N_POINTS = 601
LEAKY_ALPHAS = (0.01, 0.1, 0.3)
SOFTPLUS_BETAS = (1.0, 2.0, 5.0)


def _inputs() -> np.ndarray:
    """The shared, evenly spaced inputs (they include x = 0 exactly)."""
    return np.linspace(*X_RANGE, N_POINTS)


def relu_plot() -> Figure:
    """ReLU and its derivative

    ReLU is 0 for negative x and x for positive x, and its derivative jumps from 0 to 1 at 0.
    """
    X = _inputs()
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot(X, relu(X), label="ReLU  max(0, x)")
    # The derivative is drawn as two flat pieces separated by NaN, so that no vertical segment
    # appears at the jump; the dot marks relu_grad(0) = 0, the value chosen by convention.
    ax.plot(
        [X[0], 0.0, np.nan, 0.0, X[-1]],
        [0.0, 0.0, np.nan, 1.0, 1.0],
        linestyle="--",
        marker="o",
        markevery=[1],
        label="derivative (0 at x = 0 by convention)",
    )
    ax.set_title("ReLU and its derivative")
    ax.set_xlabel("input x")
    ax.set_ylabel("output")
    ax.legend()
    return fig


def leaky_relu_plot() -> Figure:
    """Leaky ReLU for several slopes

    Leaky ReLU max(0, x) + α min(0, x) keeps a slope α > 0 for negative x, unlike ReLU.
    """
    X = _inputs()
    fig = Figure()
    ax = fig.add_subplot()
    # The dashed ReLU reference is drawn on top (zorder) so the curves cannot hide it.
    ax.plot(X, relu(X), linestyle="--", zorder=3, label="ReLU (α = 0)")
    for alpha in LEAKY_ALPHAS:
        ax.plot(X, leaky_relu(X, alpha), label=f"leaky ReLU, α = {alpha:g}")
    ax.set_title("Leaky ReLU for several slopes α")
    ax.set_xlabel("input x")
    ax.set_ylabel("output")
    ax.legend()
    return fig


def softplus_plot() -> Figure:
    """Softplus as a smooth ReLU

    Softplus log(1 + exp(βx))/β lies above ReLU by at most log(2)/β, reached at x = 0.
    """
    X = _inputs()
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot(X, relu(X), linestyle="--", zorder=3, label="ReLU  max(0, x)")
    for beta in SOFTPLUS_BETAS:
        label = "softplus  log(1 + exp(x))" if beta == 1.0 else f"softplus, β = {beta:g}"
        ax.plot(X, softplus_beta(X, beta), label=label)
    ax.set_title("Softplus approaches ReLU as β grows")
    ax.set_xlabel("input x")
    ax.set_ylabel("output")
    ax.legend()
    return fig
