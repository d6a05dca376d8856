"""The activation notes' properties (their front matter, shown by "Activation functions compared").

Every property of an activation note that the numerical library can decide is decided by it
(``snippets/lib/``): the bounds of the range, whether the range's end is attained, whether the
function is increasing, whether it has negative outputs, whether it has a corner at 0. The
year is the earliest year of the works the note names in ``introduced_by``, as the
bibliography's list (:mod:`snippets.lib.references`) has them. Nothing here repeats a value of
the notes: each is computed or looked up.

A new activation note (front matter ``category: activation function``) must be added to
:data:`FUNCTIONS` with the library functions it describes, or this test fails.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from rectified.bases.values import Link, from_yaml
from rectified.source import front_matter
from snippets.lib import activations as act
from snippets.lib import maxout as mx
from snippets.lib import quantisation as quant
from snippets.lib import relatives as rel
from snippets.lib.references import WORKS

DOCS = Path(__file__).resolve().parents[2] / "docs"
CATEGORY = "activation function"

# note -> (name, function, its derivative) for each function the note is about
FUNCTIONS = {
    "Rectified Linear Unit.md": [("ReLU", act.relu, act.relu_grad)],
    "Leaky ReLU and PReLU.md": [("leaky ReLU", act.leaky_relu, act.leaky_relu_grad)],
    "ReLU6 and Low Precision.md": [("ReLU6", quant.relu6, quant.relu6_grad)],
    "Softplus.md": [("softplus", act.softplus, act.sigmoid)],
    "Logistic Sigmoid.md": [("sigmoid", act.sigmoid, act.sigmoid_grad)],
    "Maxout.md": [  # the two-piece units the note names, computed as maxout units
        (name, lambda x, p=pieces: mx.maxout(x, *p), lambda x, p=pieces: mx.maxout_grad(x, *p))
        for name, pieces in (("ReLU", mx.RELU), ("leaky ReLU", mx.leaky()), ("|x|", mx.ABS))
    ],
    "Smooth Relatives of ReLU.md": [
        ("ELU", rel.elu, rel.elu_grad),
        ("SELU", rel.selu, rel.selu_grad),
        ("GELU", rel.gelu, rel.gelu_grad),
        ("SiLU", rel.silu, rel.silu_grad),
        ("Mish", rel.mish, rel.mish_grad),
    ],
}
X = np.linspace(-40.0, 40.0, 160_001)  # step 5e-4, 0 included
FAR = 1e6
# Where attaining a bound is not an artefact of float64 rounding (sigmoid(40) rounds to 1).
NEAR = np.linspace(-10.0, 10.0, 2001)


def properties() -> dict[str, dict]:
    out = {}
    for path in sorted(DOCS.glob("*.md")):
        meta, _ = front_matter(path.read_text(encoding="utf-8"), f"docs/{path.name}")
        if meta.get("category") == CATEGORY:
            out[path.name] = meta
    return out


PROPS = properties()


def test_every_activation_note_is_known_here():
    assert set(PROPS) == set(FUNCTIONS)


def shared(note: str, decide) -> object:
    """The one value ``decide(f, grad)`` gives for every function of the note (None: differs)."""
    values = {decide(f, g) for _, f, g in FUNCTIONS[note]}
    return values.pop() if len(values) == 1 else None


def lower(f, g) -> float | None:
    """The infimum of f, or None when f is unbounded below."""
    if f(-FAR) < -1e3:
        return None
    return float(np.min(f(X)))


def upper(f, g) -> float | None:
    return None if f(FAR) > 1e3 else float(np.max(f(X)))


def increasing(f, g) -> bool:
    return bool(np.all(np.diff(f(X)) >= 0.0))


def negative(f, g) -> bool:
    return bool(np.min(f(X)) < 0.0)


def smooth(f, g) -> bool:
    """No corner at 0 (the only place where these functions may have one)."""
    h = 1e-9
    return bool(abs(float(g(h)) - float(g(-h))) < 1e-6)


@pytest.mark.parametrize("note", sorted(FUNCTIONS))
def test_bounds_are_the_functions_bounds(note: str):
    meta = PROPS[note]
    for key, decide in (("lower_bound", lower), ("upper_bound", upper)):
        bounds = {
            None if (b := decide(f, g)) is None else round(b, 6) for _, f, g in FUNCTIONS[note]
        }
        if key not in meta:
            # no bound stated: there is none, or the note's functions have different ones
            assert bounds == {None} or len(bounds) > 1, (key, bounds)
        else:
            assert bounds == {meta[key]}, (key, bounds)


@pytest.mark.parametrize("note", sorted(FUNCTIONS))
def test_the_range_text_says_which_ends_are_attained(note: str):
    text = PROPS[note]["range"]
    m = re.fullmatch(r"([\[(])(−∞|-?\d+(?:\.\d+)?), (∞|-?\d+(?:\.\d+)?)([\])])", text)
    if m is None:  # a family of functions: said in words
        assert len(FUNCTIONS[note]) > 1, text
        return
    ((_, f, g),) = FUNCTIONS[note]
    low, high = lower(f, g), upper(f, g)
    assert (m.group(2) == "−∞") == (low is None)
    assert (m.group(3) == "∞") == (high is None)
    if low is not None:
        assert float(m.group(2)) == pytest.approx(low, abs=1e-6)
        attained = bool(np.any(f(NEAR) == float(m.group(2))))
        assert (m.group(1) == "[") == attained, "the bracket is [ where the bound is attained"
    if high is not None:
        assert float(m.group(3)) == pytest.approx(high, abs=1e-6)
        assert (m.group(4) == "]") == bool(np.any(f(NEAR) == float(m.group(3))))


@pytest.mark.parametrize("note", sorted(FUNCTIONS))
@pytest.mark.parametrize(
    ("key", "decide"),
    [("monotone", increasing), ("negative_outputs", negative), ("smooth", smooth)],
)
def test_yes_no_properties_are_what_the_functions_do(note: str, key: str, decide):
    value = shared(note, decide)
    if key in PROPS[note]:
        assert PROPS[note][key] is value, (key, value)
    else:
        assert value is None, f"{note}: every function agrees on {key} ({value}); state it"


@pytest.mark.parametrize("note", sorted(FUNCTIONS))
def test_the_year_is_the_earliest_work_that_introduced_it(note: str):
    meta = PROPS[note]
    links = from_yaml(meta.get("introduced_by") or [], note)
    links = links if isinstance(links, list) else [links]
    assert all(isinstance(link, Link) for link in links), links
    years = {w.heading: w.year for w in WORKS}
    headings = []
    for link in links:
        page, _, heading = link.target.partition("#")
        assert page == "References", link
        assert heading in years, f"{heading!r} is not a work of the bibliography"
        headings.append(heading)
        assert str(years[heading]) in link.text, "the link's text names the work's year"
    if "year" in meta:
        assert meta["year"] == min(years[h] for h in headings)
    else:
        assert not headings
