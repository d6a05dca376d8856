"""Figures of the basic activations: ReLU, leaky ReLU, softplus and the logistic sigmoid.

Every function here follows the figure contract described in :mod:`snippets.registry`: it
takes no arguments and returns a new :class:`matplotlib.figure.Figure` built without pyplot;
it never chooses colours, font sizes or a figure size (the runner's style sheet does); and its
docstring is a title of at most six words, a blank line and one sentence saying what the
figure shows.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from snippets.lib.activations import (
    leaky_relu,
    logistic,
    relu,
    sigmoid,
    sigmoid_grad,
    softplus_beta,
)

__all__ = [
    "leaky_relu_other_alphas_plot",
    "leaky_relu_plot",
    "logistic_offsets_plot",
    "relu_plot",
    "relu_subgradients_plot",
    "sigmoid_plot",
    "softplus_gap_plot",
    "softplus_plot",
]

X_RANGE = (-3.0, 3.0)
N_POINTS = 601
LEAKY_ALPHAS = (0.01, 0.1, 0.3)
SOFTPLUS_BETAS = (1.0, 2.0, 5.0)
SUBGRADIENTS = (0.0, 0.25, 0.5, 0.75, 1.0)  # slopes of lines through the origin below ReLU
OTHER_ALPHAS = (-1.0, 0.5, 1.0)  # leaky-ReLU slopes outside the usual (0, 1), and one inside
SIGMOID_RANGE = (-10.0, 10.0)
LOGISTIC_OFFSETS = (-3.0, 0.0, 4.0)


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


def relu_subgradients_plot() -> Figure:
    """Subgradients of ReLU at zero

    Every line through the origin with slope g in [0, 1] stays below ReLU, so each such g is a
    subgradient at x = 0.
    """
    X = _inputs()
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot(X, relu(X), zorder=3, label="ReLU  max(0, x)")
    for g, linestyle in zip(SUBGRADIENTS, ["--", ":", "-.", ":", "--"], strict=True):
        ax.plot(X, g * X, linestyle=linestyle, label=f"g x,  g = {g:g}")
    ax.set_title("Lines g·x under ReLU for g in [0, 1]")
    ax.set_xlabel("input x")
    ax.set_ylabel("output")
    ax.legend()
    return fig


def leaky_relu_other_alphas_plot() -> Figure:
    """Leaky ReLU beyond the usual slopes

    The formula max(0, x) + α min(0, x) gives |x| for α = -1, ReLU for α = 0 and the identity
    for α = 1.
    """
    X = _inputs()
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot(X, relu(X), linestyle="--", zorder=3, label="α = 0: ReLU")
    names = {-1.0: "α = -1: |x|", 0.5: "α = 0.5", 1.0: "α = 1: identity"}
    for alpha in OTHER_ALPHAS:
        ax.plot(X, leaky_relu(X, alpha), label=names[alpha])
    ax.set_title("max(0, x) + α min(0, x) for other α")
    ax.set_xlabel("input x")
    ax.set_ylabel("output")
    ax.legend()
    return fig


def softplus_gap_plot() -> Figure:
    """Gap between softplus and ReLU

    The gap log(1 + exp(βx))/β - max(0, x) is positive, largest at x = 0 where it equals
    log(2)/β, and decays like exp(-β|x|)/β.
    """
    X = _inputs()
    fig = Figure()
    ax = fig.add_subplot()
    for beta in SOFTPLUS_BETAS:
        ax.plot(X, softplus_beta(X, beta) - relu(X), label=f"β = {beta:g}")
    # The maxima log(2)/β, all at x = 0, drawn as markers on the curves.
    peaks = [softplus_beta(0.0, beta) for beta in SOFTPLUS_BETAS]
    ax.plot([0.0] * len(peaks), peaks, linestyle="", marker="o", label="maximum log(2)/β at x = 0")
    ax.set_title("Softplus minus ReLU for several β")
    ax.set_xlabel("input x")
    ax.set_ylabel("gap")
    ax.legend()
    return fig


def sigmoid_plot() -> Figure:
    """Logistic sigmoid and its derivative

    The sigmoid rises from 0 to 1 through 1/2 at x = 0, where its derivative σ(1 - σ) peaks at
    1/4 before vanishing in both tails.
    """
    X = np.linspace(*SIGMOID_RANGE, 801)
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot(X, sigmoid(X), label="σ(x) = 1 / (1 + exp(-x))")
    ax.plot(X, sigmoid_grad(X), linestyle="--", label="σ′(x) = σ(x)(1 - σ(x))")
    ax.set_title("The logistic sigmoid saturates in both tails")
    ax.set_xlabel("input x")
    ax.set_ylabel("output")
    ax.legend()
    return fig


def logistic_offsets_plot() -> Figure:
    """Offset logistic units

    The offset α in 1/(1 + exp(-x + α)) shifts the sigmoid to the right by α, so the curve
    crosses 1/2 at x = α and never reaches 0.
    """
    X = np.linspace(*SIGMOID_RANGE, 801)
    fig = Figure()
    ax = fig.add_subplot()
    for offset in LOGISTIC_OFFSETS:
        ax.plot(X, logistic(X, offset), label=f"α = {offset:g}")
    ax.plot(
        LOGISTIC_OFFSETS,
        [logistic(offset, offset) for offset in LOGISTIC_OFFSETS],
        linestyle="",
        marker="o",
        label="value 1/2 at x = α",
    )
    ax.set_title("Logistic units with offsets α")
    ax.set_xlabel("input x")
    ax.set_ylabel("output")
    ax.legend()
    return fig
