"""Figure of the note "References": the cited works on a timeline.

The works come from :mod:`snippets.lib.references`; this module only draws them, following the
figure contract in :mod:`snippets.registry`: a count per five years, stacked by kind (with
thirty works and more, one labelled row per work no longer fits the figure). Nothing is
computed at import time.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from snippets.lib.references import KINDS, WORKS

__all__ = ["references_timeline_plot"]

SPAN = 5  # years per bar


def references_timeline_plot() -> Figure:
    """The cited works by year

    The works the notes cite, counted per five years of publication and stacked by kind, from
    analog threshold elements in 1969 to the textbook of 2024.
    """
    years = np.array([w.year for w in WORKS])
    edges = np.arange(years.min() // SPAN * SPAN, years.max() // SPAN * SPAN + 2 * SPAN, SPAN)
    fig = Figure()
    ax = fig.add_subplot()
    bottom = np.zeros(len(edges) - 1)
    for kind in KINDS:
        counts, _ = np.histogram([w.year for w in WORKS if w.kind == kind], bins=edges)
        ax.bar(edges[:-1], counts, width=SPAN, bottom=bottom, align="edge", label=kind)
        bottom += counts
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title("Cited works by year")
    ax.set_xlabel("year of publication (five-year spans)")
    ax.set_ylabel("works cited")
    ax.legend(loc="upper left")
    return fig
