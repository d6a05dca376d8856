"""The works the notes cite, as data, and a timeline of them.

:data:`WORKS` lists every work that has a heading in the note "References", with the year
in that heading, the kind of publication and a few words on what the notes use it for.
``tests/content/test_references.py`` checks the note's headings against this list, so the
timeline below cannot drift from the bibliography.

The figure function follows the contract in :mod:`snippets.registry`.  Nothing is computed at
import time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

__all__ = ["KINDS", "WORKS", "Work", "references_timeline_plot"]


@dataclass(frozen=True)
class Work:
    heading: str  # exactly the ### heading in References.md, e.g. "Misra (2019)"
    year: int  # the year in that heading
    kind: str  # one of KINDS
    topic: str  # what the notes cite it for, in a few words


KINDS = ("paper", "preprint", "book", "lecture")  # paper: in proceedings or a journal

WORKS: tuple[Work, ...] = (
    Work("Bishop and Bishop (2024)", 2024, "book", "textbook"),
    Work("Clevert, Unterthiner and Hochreiter (2016)", 2016, KINDS[0], "ELU"),
    Work("Dugas et al. (2001)", 2001, KINDS[0], "softplus"),
    Work("Elfwing, Uchibe and Doya (2018)", 2018, KINDS[0], "SiLU"),
    Work("Glorot, Bordes and Bengio (2011)", 2011, KINDS[0], "deep sparse rectifier nets"),
    Work("Goodfellow, Bengio and Courville (2016)", 2016, "book", "textbook"),
    Work("He et al. (2015)", 2015, KINDS[0], "PReLU"),
    Work("Hendrycks and Gimpel (2016)", 2016, KINDS[1], "GELU"),
    Work("Hinton (2013)", 2013, "lecture", "ReLU as many sigmoids"),
    Work("Klambauer et al. (2017)", 2017, KINDS[0], "SELU"),
    Work("Krizhevsky, Sutskever and Hinton (2012)", 2012, KINDS[0], "ReLU in a large CNN"),
    Work("Maas, Hannun and Ng (2013)", 2013, KINDS[0], "leaky ReLU"),
    Work("Misra (2019)", 2019, KINDS[1], "Mish"),
    Work("Nair and Hinton (2010)", 2010, KINDS[0], "ReLU in RBMs"),
    Work("Ramachandran, Zoph and Le (2017)", 2017, KINDS[1], "Swish"),
)
"""Every work in the note "References", in the note's (alphabetical) order."""

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
