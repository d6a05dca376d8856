"""Figures of the notes "Smooth Relatives of ReLU" and "Choosing an Activation".

The functions and numbers come from :mod:`snippets.lib.relatives`; this module only draws them,
following the figure contract in :mod:`snippets.registry`.  Nothing is computed at import time.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from snippets.lib.activations import relu, relu_grad
from snippets.lib.floats import Function
from snippets.lib.relatives import (
    CANDIDATES,
    elu,
    elu_grad,
    gelu,
    gelu_grad,
    gelu_tanh,
    mean_gradient,
    mish,
    mish_grad,
    selu,
    selu_grad,
    silu,
    silu_grad,
)

__all__ = [
    "MEAN_GRAD_SCALES",
    "candidate_derivatives_plot",
    "gelu_tanh_error_plot",
    "mean_gradient_plot",
    "smooth_relatives_derivatives_plot",
    "smooth_relatives_plot",
]

LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1)), (0, (1, 1)))


def _relatives() -> dict[str, tuple[Function, Function]]:
    """Name -> (function, derivative) for the comparison figures."""
    return {
        "ELU (α = 1)": (elu, elu_grad),
        "SELU": (selu, selu_grad),
        "GELU": (gelu, gelu_grad),
        "SiLU": (silu, silu_grad),
        "Mish": (mish, mish_grad),
    }


def smooth_relatives_plot() -> Figure:
    """Smooth relatives of ReLU

    ELU, SELU, GELU, SiLU and Mish all grow linearly for large x but differ below zero, where
    ReLU (solid) is flat.
    """
    X = np.linspace(-4.0, 3.0, 701)
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot(X, relu(X), label="ReLU")
    for (label, (f, _)), dash in zip(_relatives().items(), LINESTYLES[1:], strict=True):
        ax.plot(X, f(X), linestyle=dash, label=label)
    ax.set_title("ReLU and its smooth relatives")
    ax.set_xlabel("input x")
    ax.set_ylabel("output")
    ax.set_ylim(-2.0, 3.0)
    ax.legend(ncols=2)
    return fig


def smooth_relatives_derivatives_plot() -> Figure:
    """Derivatives of the smooth relatives

    The slopes of GELU, SiLU and Mish change smoothly and dip below 0, ELU's is continuous,
    while ReLU's and SELU's jump at 0.
    """
    X = np.linspace(-4.0, 3.0, 701)  # contains 0, where ReLU's and SELU's slopes jump
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot(X, np.where(X == 0.0, np.nan, relu_grad(X)), label="ReLU")
    for (label, (_, g)), dash in zip(_relatives().items(), LINESTYLES[1:], strict=True):
        # NaN at the jump, so that no vertical segment is drawn there.
        ax.plot(X, np.where(X == 0.0, np.nan, g(X)), linestyle=dash, label=label)
    ax.set_title("Derivatives of ReLU's smooth relatives")
    ax.set_xlabel("input x")
    ax.set_ylabel("derivative")
    ax.legend(ncols=2)
    return fig


def gelu_tanh_error_plot() -> Figure:
    """Error of GELU's tanh approximation

    The tanh formula differs from x Φ(x) by less than 0.0005 everywhere, most near |x| = 2.7.
    """
    X = np.linspace(-6.0, 6.0, 1201)
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot(X, gelu_tanh(X) - gelu(X), label="tanh formula minus x Φ(x)")
    ax.axhline(0.0, linestyle=":", label="zero")
    ax.set_title("Error of GELU's tanh approximation")
    ax.set_xlabel("input x")
    ax.set_ylabel("difference")
    ax.legend()
    return fig


def candidate_derivatives_plot() -> Figure:
    """Derivatives of common activations

    ReLU passes a slope of 1 or 0, leaky ReLU 1 or α, while tanh, sigmoid, SiLU and GELU have
    slopes that vary smoothly and, for tanh and sigmoid, vanish for large |x|.
    """
    X = np.linspace(-5.0, 5.0, 1001)
    fig = Figure()
    ax = fig.add_subplot()
    for (label, (_, g)), dash in zip(CANDIDATES.items(), LINESTYLES, strict=True):
        Y = np.asarray(g(X), dtype=float)
        if label == "ReLU" or label.startswith("leaky"):
            Y = np.where(X == 0.0, np.nan, Y)  # no vertical segment at the jump
        ax.plot(X, Y, linestyle=dash, label=label)
    ax.set_title("The derivative of each candidate")
    ax.set_xlabel("input x")
    ax.set_ylabel("derivative")
    ax.legend(loc="upper left")
    return fig


MEAN_GRAD_SCALES = np.logspace(-1.0, 1.0, 41)


def mean_gradient_plot() -> Figure:
    """Average slope against input scale

    For centred Gaussian inputs of any standard deviation s the average slope is exactly 1/2
    for ReLU, SiLU and GELU and (1 + α)/2 for leaky ReLU, while for tanh and sigmoid it falls
    as s grows.
    """
    fig = Figure()
    ax = fig.add_subplot()
    # ReLU, SiLU and GELU coincide at 1/2; markers keep the three lines apart to the eye.
    markers = {"SiLU (swish)": ("o", (0, 4)), "GELU": ("x", (2, 4))}
    for (label, (_, g)), dash in zip(CANDIDATES.items(), LINESTYLES, strict=True):
        means = [mean_gradient(g, s) for s in MEAN_GRAD_SCALES]
        marker, every = markers.get(label, ("", None))
        ax.plot(MEAN_GRAD_SCALES, means, linestyle=dash, marker=marker, markevery=every,
                label=label)  # fmt: skip
    ax.set_xscale("log")
    ax.set_title("Average slope for Gaussian inputs")
    ax.set_xlabel("standard deviation s of the input")
    ax.set_ylabel("mean derivative E[f′(sZ)]")
    ax.legend(ncols=2)
    return fig
