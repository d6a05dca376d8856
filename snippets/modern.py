"""Figures of the note "Rectifiers in Modern Architectures": gated units and the GLU variants.

The units come from :mod:`snippets.lib.modern`; this module only draws them, following the
figure contract in :mod:`snippets.registry`. Nothing is computed at import time.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from snippets.lib.modern import VARIANTS, gated_unit

__all__ = ["gated_unit_slices_plot", "glu_variants_plot"]

LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1)))
LINEAR_VALUES = (1.0, 0.5, -0.5, -1.0)  # values of the linear pre-activation b drawn


def gated_unit_slices_plot() -> Figure:
    """One gated unit, two inputs

    The output f(a)·b of a ReGLU and a SwiGLU unit against the activated pre-activation a, for
    several values of the linear one b, which scales the activation and, when negative, flips it.
    """
    A = np.linspace(-4.0, 3.0, 701)
    fig = Figure()
    axes = fig.subplots(1, 2, sharey=True)
    for ax, (variant, name) in zip(axes, (("ReGLU", "ReLU"), ("SwiGLU", "SiLU")), strict=True):
        for b, dash in zip(LINEAR_VALUES, LINESTYLES, strict=False):
            ax.plot(A, gated_unit(A, b, variant), linestyle=dash, label=f"b = {b:g}")
        ax.set_title(f"{variant}: {name}(a) · b")
        ax.set_xlabel("activated pre-activation a")
        ax.legend(loc="upper left")
    axes[0].set_ylabel("output of the unit")
    axes[1].set_ylabel("output of the unit")
    return fig


def glu_variants_plot() -> Figure:
    """The GLU variants along two lines

    With the linear pre-activation held at b = 1 each variant is its activation alone, while
    along b = a it grows like a² for large positive a, and GLU becomes SiLU.
    """
    A = np.linspace(-4.0, 3.0, 701)
    fig = Figure()
    left, right = fig.subplots(1, 2)
    for (variant, _), dash in zip(VARIANTS.items(), LINESTYLES, strict=True):
        left.plot(A, gated_unit(A, 1.0, variant), linestyle=dash, label=variant)
        right.plot(A, gated_unit(A, A, variant), linestyle=dash, label=variant)
    left.set_title("Along b = 1: f(a)")
    left.set_ylim(-1.5, 3.0)
    right.set_title("Along b = a: f(a) · a")
    right.set_ylim(-1.5, 9.0)
    for ax, corner in ((left, "upper left"), (right, "upper center")):
        ax.set_xlabel("activated pre-activation a")
        ax.set_ylabel("output of the unit")
        ax.legend(loc=corner)
    return fig
