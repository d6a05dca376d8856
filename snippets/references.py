"""Figure of the note "References": the cited works on a timeline.

The works come from :mod:`snippets.lib.references`; this module only draws them, following the
figure contract in :mod:`snippets.registry`.  Nothing is computed at import time.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from snippets.lib.references import KINDS, WORKS

__all__ = ["references_timeline_plot"]

MARKERS = {KINDS[0]: "o", KINDS[1]: "s", "book": "D", "lecture": "^"}


def _short_author(heading: str) -> str:
    """'Glorot, Bordes and Bengio (2011)' -> 'Glorot et al.'; 'Misra (2019)' -> 'Misra'."""
    names = heading.rsplit(" (", 1)[0]
    if "," in names or " et al." in names:
        return names.split(",")[0].split(" et al.")[0] + " et al."
    return names


def references_timeline_plot() -> Figure:
    """The cited works by year

    Each work the notes cite is placed at its year of publication, from softplus units in 2001
    to the textbook of 2024, marked by the kind of publication.
    """
    works = sorted(WORKS, key=lambda w: (w.year, w.heading))
    rows = np.arange(len(works))[::-1]  # the oldest at the top
    fig = Figure()
    ax = fig.add_subplot()
    for kind in KINDS:
        chosen = [(w.year, row) for w, row in zip(works, rows, strict=True) if w.kind == kind]
        years, ys = zip(*chosen, strict=True)
        ax.plot(years, ys, linestyle="", marker=MARKERS[kind], label=kind)
    ax.set_yticks(rows, [f"{w.topic} ({_short_author(w.heading)})" for w in works])
    ax.set_title("Cited works by year")
    ax.set_xlabel("year of publication")
    ax.set_ylabel("work")
    ax.legend(loc="lower left")
    return fig
