"""Draw one figure in each palette and serialise it to deterministic SVG.

The palette comes from a style sheet (``styles/light.mplstyle``, ``styles/dark.mplstyle``) on top
of :data:`BASE_RC`; the global random generators are seeded right before the snippet runs, so a
snippet that forgets to use its own seeded generator still draws the same picture every time.
"""

from __future__ import annotations

import importlib
import io
import random
from collections.abc import Callable, Mapping
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
SEED = 0  # of numpy's and Python's global generators, before every drawing


def style_paths() -> list[Path]:
    """The style sheet of each palette, in :data:`VARIANTS` order (part of the cache key)."""
    return [STYLES_DIR / f"{variant}.mplstyle" for variant in VARIANTS]


def draw(func: Callable[[], object], style: Path | str, what: str = "") -> bytes:
    """Call a figure function under one style sheet and return the figure as SVG bytes.

    Every rcParams change made inside (by the style, or by the snippet itself) is undone on
    return. Raises TypeError if ``func`` returns something other than a Figure.
    """
    import matplotlib
    import matplotlib.figure
    import matplotlib.style
    import numpy as np

    with matplotlib.rc_context(BASE_RC), matplotlib.style.context(Path(style)):
        np.random.seed(SEED)  # only for snippets that forget to use their own seeded generator
        random.seed(SEED)
        fig = func()
        if not isinstance(fig, matplotlib.figure.Figure):
            name = what or getattr(func, "__qualname__", repr(func))
            raise TypeError(f"{name}() returned {type(fig).__name__}, not a Figure")
        buf = io.BytesIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return buf.getvalue()


def render_figure(
    module: str, function: str, styles: Mapping[str, Path | str] | None = None
) -> dict[str, bytes]:
    """Import ``module`` (as it is in ``sys.modules``) and draw ``function`` in each palette.

    ``styles`` maps each variant to its style sheet (default: the sheets in :data:`STYLES_DIR`).
    Both variants are drawn from the same module object, one after the other.
    """
    func = getattr(importlib.import_module(module), function)
    sheets = styles or dict(zip(VARIANTS, style_paths(), strict=True))
    return {variant: draw(func, sheet, f"{module}.{function}") for variant, sheet in sheets.items()}


def render_variant(module: str, function: str, variant: str) -> bytes:
    """Call the snippet under one palette and return its SVG bytes (in this process)."""
    func = getattr(importlib.import_module(module), function)
    return draw(func, STYLES_DIR / f"{variant}.mplstyle", f"{module}.{function}")


def render_all_variants(module: str, function: str) -> dict[str, bytes]:
    """Both palettes of one figure, drawn in this process."""
    return render_figure(module, function)
