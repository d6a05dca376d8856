"""The figure registry: every figure the site can embed, by name.

``FIGURES`` maps a figure *name* to a function that builds it.  The figure runner calls each
function inside a light and a dark matplotlib style and writes the result as ``NAME.svg``;
a note embeds it with the Obsidian-style link ``![[NAME.svg]]``.  Names therefore consist of
lowercase ASCII letters, digits and single hyphens (``relu``, ``leaky-relu``), and a name must
never be reused for a different figure, since notes refer to it.

Contract for a figure function (the runner and tests/test_snippets.py rely on it):

* it takes no arguments and returns a new ``matplotlib.figure.Figure`` created directly with
  ``Figure()``: no pyplot, no global state, no ``savefig`` or ``show``;
* it chooses no colours, font sizes or figure size (the runner's style sheet, including
  ``axes.prop_cycle``, supplies them); line styles, markers and labels are fine;
* every Axes has a title and axis labels, with a legend where it draws several lines;
* it is deterministic (any randomness uses ``np.random.default_rng(seed)``);
* its docstring is a title of one to six words, a blank line, then exactly one sentence
  saying what the figure shows (it becomes the gallery header and the image's alt text).

Importing this module only imports the snippet modules; it draws nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from matplotlib.figure import Figure

from snippets import basics

__all__ = ["FIGURES"]

FIGURES: dict[str, Callable[[], Figure]] = {
    "relu": basics.relu_plot,
    "leaky-relu": basics.leaky_relu_plot,
    "softplus": basics.softplus_plot,
}
