"""Explorable figures: the curves a static figure draws, for one value of its parameter.

A static figure shows a few chosen values of a parameter (softplus for β = 1, 2, 5); its
explorable version lets a reader move a slider over a range of values.  The registry declares
it next to the static figure (``EXPLORABLE`` in :mod:`snippets.registry`) with a
:class:`Slider`: the parameter's name, range and step, an optional on/off toggle, and a function
from this module that returns a :class:`Frame` (the curves and numbers for one value).

``python -m rectified.figures`` calls that function for every slider position (and both toggle
states) and writes the results to a data file next to the SVGs; the site's script only picks a
position and draws it.  So every number the reader sees is computed here, by the same functions
of :mod:`snippets.lib` that the static figures and the notes use.

Contract for a frame function: it takes the parameter value (a float) and the toggle state (a
bool, ``False`` when the slider has no toggle); it returns the same inputs ``x``, the same line
labels in the same order and the same number labels at every position (only values change); it
is deterministic and cheap (it runs once per position).  A line that is the same at every
position (ReLU as a reference) is stored once.

Known limits: one parameter and at most one toggle per figure; lines share one ``x`` grid and
are drawn as polylines through its points (no markers, no log scales); the frames of all
positions are held in memory while the data file is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from snippets.lib.activations import leaky_relu, logistic, relu, softplus, softplus_beta
from snippets.lib.running_average import effective_memory, noisy_step, running_average
from snippets.lib.sigmoid_sums import (
    BLOG_N_SUM,
    BLOG_N_TERMS,
    BLOG_WIDTH,
    nair_hinton_errors,
    nair_hinton_sum,
    nh_inputs,
)

__all__ = [
    "Frame",
    "Line",
    "Number",
    "Slider",
    "blog_scaled_sum",
    "leaky_relu_frame",
    "running_average_frame",
    "sigmoid_sum_frame",
    "softplus_frame",
    "softplus_gap_frame",
]


@dataclass(frozen=True)
class Line:
    """One drawn curve: its legend label, its y values on the frame's x, and its dash style."""

    label: str
    y: np.ndarray
    dash: str = "solid"  # solid | dashed | dotted | dashdot
    points: bool = False  # dots without a connecting line (noisy data)


@dataclass(frozen=True)
class Number:
    """A number shown as text beside the slider, e.g. the largest error."""

    label: str
    value: float
    text: str  # as the reader sees it (the frame function formats it)


@dataclass(frozen=True)
class Frame:
    """Everything drawn for one slider position."""

    x: np.ndarray
    lines: tuple[Line, ...]
    numbers: tuple[Number, ...] = ()


@dataclass(frozen=True)
class Slider:
    """The declaration of an explorable figure (see the module docstring).

    Positions are ``start + k * step`` for k = 0, 1, ... up to ``stop`` (computed in decimal, so
    a step of 0.05 gives -0.35, not -0.35000000000000003). ``toggle`` is the label of an
    on/off switch (``None``: no switch); ``toggle_on`` its initial state.
    """

    frame: Callable[[float, bool], Frame]
    parameter: str  # its symbol or name, as the value label shows it: "β", "N"
    label: str  # what the slider sets, for its accessible label: "sharpness β"
    start: float
    stop: float
    step: float
    initial: float
    title: str  # the interactive chart's title
    xlabel: str
    ylabel: str
    toggle: str | None = None
    toggle_on: bool = False
    ylim: tuple[float, float] | None = None  # fixed axis range; default: that of every frame
    legend: str = "upper left"  # the legend's corner: upper|lower left|right


# ----------------------------------------------------------------------- softplus, β


def _inputs() -> np.ndarray:
    """[-3, 3] in steps of 0.05: the static figures' range, coarser (121 points, 0 included)."""
    return np.linspace(-3.0, 3.0, 121)


def softplus_frame(beta: float, _toggle: bool = False) -> Frame:
    """softplus_β and ReLU; the largest gap, log(2)/β at x = 0, as a number."""
    x = _inputs()
    gap = float(softplus_beta(0.0, beta) - relu(0.0))
    return Frame(
        x,
        (
            Line("ReLU  max(0, x)", relu(x), "dashed"),
            Line("softplus_β  log(1 + exp(βx))/β", softplus_beta(x, beta)),
        ),
        (Number("largest gap log(2)/β, at x = 0", gap, f"{gap:.4f}"),),
    )


def softplus_gap_frame(beta: float, _toggle: bool = False) -> Frame:
    """The gap softplus_β − ReLU, whose maximum log(2)/β sits at x = 0."""
    x = _inputs()
    gap = float(softplus_beta(0.0, beta) - relu(0.0))
    return Frame(
        x,
        (Line("softplus_β(x) − ReLU(x)", softplus_beta(x, beta) - relu(x)),),
        (Number("maximum log(2)/β", gap, f"{gap:.4f}"),),
    )


# ----------------------------------------------------------------------- leaky ReLU, α


def leaky_relu_frame(alpha: float, _toggle: bool = False) -> Frame:
    """max(0, x) + α min(0, x): |x| at α = −1, ReLU at 0, the identity at 1."""
    x = _inputs()
    return Frame(
        x,
        (
            Line("α = 0: ReLU", relu(x), "dashed"),
            Line("max(0, x) + α min(0, x)", leaky_relu(x, alpha)),
        ),
        (Number("slope for x < 0", float(alpha), f"{alpha:g}"),),
    )


# ------------------------------------------------------------------- sum of sigmoids, N


SUM_INPUTS = (-10.0, 15.0, 101)  # the blog's range and a little beyond, steps of 0.25


def blog_scaled_sum(x: np.ndarray, n: int) -> np.ndarray:
    """The blog's recipe with n terms: offsets evenly spaced on [0, 10], the sum times 10/n.

    For n = 100 this is exactly :func:`snippets.lib.sigmoid_sums.blog_sum` (same offsets, same
    order of addition, the same division by 10).
    """
    X = np.asarray(x, dtype=np.float64)
    total = np.zeros_like(X)
    for offset in np.linspace(0.0, BLOG_WIDTH, n):
        total = total + logistic(X, offset)
    return total / (n * BLOG_N_SUM / BLOG_N_TERMS)


def sigmoid_sum_frame(n: float, blog: bool) -> Frame:
    """N shifted sigmoids against softplus and ReLU; the largest error on [−10, 10] as a number.

    With the blog's scaling, the N offsets are spread over [0, 10] and the sum is scaled by
    10/N (the blog: 100 terms divided by 10); without it, Nair and Hinton's sum of sigmoids at
    offsets 0.5, 1.5, ..., N − 0.5.  The error is measured on [−10, 10] in steps of 0.01.
    """
    count = round(n)
    x = np.linspace(*SUM_INPUTS[:2], SUM_INPUTS[2])
    grid = nh_inputs()
    if blog:
        y = blog_scaled_sum(x, count)
        error = float(np.max(np.abs(blog_scaled_sum(grid, count) - softplus(grid))))
    else:
        y = nair_hinton_sum(x, count)
        error = float(nair_hinton_errors((count,))[0])
    return Frame(
        x,
        (
            Line("ReLU", relu(x), "dotted"),
            Line("softplus(x)", softplus(x), "dashdot"),
            Line("sum of N sigmoids", y),
        ),
        (Number("largest |sum − softplus| on [−10, 10]", error, f"{error:.4f}"),),
    )


# ------------------------------------------------------------------- running average, α


def running_average_frame(alpha: float, _toggle: bool = False) -> Frame:
    """The noisy step and its running average μ for one α; the effective memory 1/(1 − α)."""
    clean, noisy = noisy_step()
    t = np.arange(1, clean.size + 1, dtype=np.float64)
    memory = effective_memory(alpha)
    return Frame(
        t,
        (
            Line("input v", noisy, points=True),
            Line("step without noise", clean, "dashed"),
            Line("running average μ", running_average(noisy, alpha)),
        ),
        (Number("effective memory 1/(1 − α)", memory, f"{memory:.1f} steps"),),
    )
