"""Figures of the notebook page "ReLU as a Sum of Sigmoids": the blog's sum, and its errors.

What the sums compute, and how well, is in :mod:`snippets.lib.sigmoid_sums`; this module only
draws it, following the figure contract in :mod:`snippets.registry`.  Nothing is computed at
import time.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from snippets.lib.activations import relu, softplus
from snippets.lib.sigmoid_sums import (
    BLOG_WIDTH,
    NH_TERMS,
    blog_inputs,
    blog_sum,
    endpoint_corrected,
    nair_hinton_errors,
    nair_hinton_limit_error,
    riemann_limit,
    softplus_window,
)

__all__ = ["nair_hinton_error_plot", "sigmoid_sum_error_plot", "sigmoid_sum_plot"]


def sigmoid_sum_plot() -> Figure:
    """The blog's sum of sigmoids

    Beyond x = 10, where the blog's plot stops, the sum of 100 sigmoids divided by 10 levels
    off at 10 like softplus(x) − softplus(x − 10), while softplus and ReLU keep rising.
    """
    X = np.linspace(-BLOG_WIDTH, 2.0 * BLOG_WIDTH, 601)
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot(X, blog_sum(X), label="blog: 100 sigmoids ÷ 10")
    ax.plot(X, softplus_window(X), linestyle="--", label="softplus(x) − softplus(x − 10)")
    ax.plot(X, softplus(X), linestyle="-.", label="softplus(x)")
    ax.plot(X, relu(X), linestyle=":", label="ReLU")
    ax.axvline(BLOG_WIDTH, linestyle=(0, (1, 3)), label="end of the blog's plot")
    ax.set_title("The blog's sum, continued past x = 10")
    ax.set_xlabel("input x")
    ax.set_ylabel("output")
    ax.legend()
    return fig


def sigmoid_sum_error_plot() -> Figure:
    """Error of the sum per formula

    On the blog's grid the sum is up to 0.71 away from softplus, but within 0.075 of
    0.99 (softplus(x) − softplus(x − 10)) and within 0.0003 once the end points are corrected.
    """
    X = blog_inputs()
    Y = blog_sum(X)
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot(X, np.abs(Y - softplus(X)), label="vs softplus(x)")
    ax.plot(X, np.abs(Y - riemann_limit(X)), linestyle="--", label="vs 0.99 × window")
    ax.plot(X, np.abs(Y - endpoint_corrected(X)), linestyle="-.",
            label="vs 0.99 × window + end terms")  # fmt: skip
    ax.set_yscale("log")
    ax.set_title("Distance of the blog's sum from each formula")
    ax.set_xlabel("input x")
    ax.set_ylabel("absolute difference")
    ax.legend()
    return fig


def nair_hinton_error_plot() -> Figure:
    """Error of Nair and Hinton's sum

    The largest gap between n sigmoids offset by 0.5, 1.5, … and softplus on [−10, 10] first
    falls like softplus(10 − n) and then levels off near 0.0106, the midpoint-rule error at 0.
    """
    ns = np.asarray(NH_TERMS)
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot(ns, nair_hinton_errors(NH_TERMS), marker="o", label="largest error on [−10, 10]")
    ax.plot(ns, softplus(BLOG_WIDTH - ns), linestyle="--", label="missing tail softplus(10 − n)")
    ax.axhline(nair_hinton_limit_error(), linestyle=":", label="limit as n → ∞")
    ax.set_yscale("log")
    ax.set_title("Nair and Hinton's sum against softplus")
    ax.set_xlabel("number of sigmoids n")
    ax.set_ylabel("max |sum − softplus|")
    ax.legend()
    return fig
