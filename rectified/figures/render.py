"""Draw one figure in each palette and serialise it to deterministic SVG."""

from __future__ import annotations

import importlib
import io
from pathlib import Path

STYLES_DIR = Path(__file__).with_name("styles")
VARIANTS = ("light", "dark")

# Settings that make output reproducible and readable; colours live in the style sheets.
BASE_RC = {
    "svg.hashsalt": "rectified",  # stable ids for clip paths and glyphs
    "svg.fonttype": "none",  # real, searchable text
    "font.family": ["DejaVu Sans", "sans-serif"],
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.labelsize": 11,
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "figure.constrained_layout.use": True,
    "axes.grid": True,
    "grid.linewidth": 0.6,
    "lines.linewidth": 2.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": True,
    "legend.framealpha": 0.9,
    "path.simplify": True,
    "savefig.bbox": "standard",
}


def style_paths() -> list[Path]:
    return [STYLES_DIR / f"{variant}.mplstyle" for variant in VARIANTS]


def render_variant(module: str, function: str, variant: str) -> bytes:
    """Call the snippet under one palette and return its SVG bytes."""
    import matplotlib
    import matplotlib.figure
    import matplotlib.style
    import numpy as np

    func = getattr(importlib.import_module(module), function)
    with (
        matplotlib.rc_context(BASE_RC),
        matplotlib.style.context(STYLES_DIR / f"{variant}.mplstyle"),
    ):
        np.random.seed(0)  # only for snippets that forget to use their own seeded generator
        fig = func()
        if not isinstance(fig, matplotlib.figure.Figure):
            raise TypeError(f"{module}.{function}() returned {type(fig).__name__}, not a Figure")
        buf = io.BytesIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return buf.getvalue()


def render_all_variants(module: str, function: str) -> dict[str, bytes]:
    return {variant: render_variant(module, function, variant) for variant in VARIANTS}
