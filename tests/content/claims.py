"""Every number a note states, and where it comes from.

Each note lists its numbers in one of two ways:

- ``checked``: a :class:`Claim` whose ``compute`` produces, from the project's code, the exact
  text the note prints. Changing the number in the note, or the code that computes it, without
  the other fails ``test_claims.py``.
- ``given``: numbers that are not results (years, pages, counts that define a setup, values
  inside a quotation), each with the reason it needs no computation.

``test_claims.py`` also fails on any number in a note's prose that is in neither list, so a
new number cannot slip in unchecked. Math (``$…$``, ``$$…$$``) is not scanned here: formulas
are checked by the identity tests in ``tests/content/test_formulas.py`` and ``tests/test_*.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Claim:
    text: str  # exactly as the note writes it, e.g. "709.78"
    compute: Callable[[], str]  # returns that text from the project's code
    what: str  # what the number is


@dataclass(frozen=True)
class NoteNumbers:
    checked: list[Claim] = field(default_factory=list)
    given: dict[str, str] = field(default_factory=dict)  # number -> why it needs no computation


def _exp_overflow_threshold() -> str:
    # The largest x with a finite exp(x) in float64 is log(max float).
    return f"{np.log(np.finfo(np.float64).max):.2f}"


NOTES: dict[str, NoteNumbers] = {
    "index.md": NoteNumbers(),
    "Rectified Linear Unit.md": NoteNumbers(
        given={"0.0": "the floating-point zero where ReLU has its corner"},
    ),
    "Leaky ReLU and PReLU.md": NoteNumbers(),
    "Softplus.md": NoteNumbers(
        checked=[
            Claim("709.78", _exp_overflow_threshold, "largest x whose e^x is finite in float64"),
        ],
    ),
}
