"""The works the notes cite, as data.

:data:`WORKS` lists every work that has a heading in the note "References", with the year
in that heading, the kind of publication and a few words on what the notes use it for.
``tests/content/test_references.py`` checks the note's headings against this list, so the
timeline figure (:mod:`snippets.references`) cannot drift from the bibliography.

Known limits: the list is typed by hand.  The test keeps the headings, their years and their
order in step with the note and each kind within :data:`KINDS`, but whether a work really is a
paper or a preprint, and what its topic says, only a reader checks.
Nothing is computed at import time.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["KINDS", "WORKS", "Work"]


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
