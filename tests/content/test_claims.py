"""Every number in the notes, notebook pages and figure captions is checked or given, in its place.

The entries live in ``claims.py`` (how to write one is explained there and in CONTRIBUTING);
the scanner that finds numbers and phrases in ``numbers.py``. A failure names the file and
line, and for a number that no entry covers prints an entry to paste.
"""

from __future__ import annotations

import re

import pytest

from tests.content import numbers
from tests.content.claims import NOTES, Claim, NoteNumbers
from tests.content.numbers import ROOT, Document, cover, has_words, mismatch, paste

DOCUMENTS = numbers.documents()
CLAIMS = [(key, claim) for key, entry in NOTES.items() for claim in entry.checked]
GIVEN = [(key, g) for key, entry in NOTES.items() for g in entry.given]


def test_no_entry_for_a_document_that_does_not_exist():
    stale = sorted(set(NOTES) - set(DOCUMENTS))
    assert not stale, (
        f"tests/content/claims.py has entries for documents that do not exist: {stale}"
    )


@pytest.mark.parametrize(("key", "claim"), CLAIMS, ids=[f"{k}:{c.text}:{c.at}" for k, c in CLAIMS])
def test_claim_is_what_the_code_computes_in_its_place(key: str, claim: Claim):
    doc = DOCUMENTS.get(key)
    assert doc is not None, f"no document {key!r}"
    token, why = numbers.claim_token(doc, claim)
    assert token is not None, why
    assert has_words(claim.at), (
        f"{doc.path}:{token.line}: the phrase {claim.at!r} is only the number: "
        "take in a few words around it, so that it is bound to its sentence"
    )
    wrong = mismatch(claim.text, claim.compute())
    assert wrong is None, (
        f"{doc.path}:{token.line}: the text states {claim.text} ({claim.what}), but {wrong}"
    )


@pytest.mark.parametrize("key", sorted({k for k, _ in GIVEN}))
def test_given_numbers_have_a_place_and_a_reason(key: str):
    doc = DOCUMENTS.get(key)
    assert doc is not None, f"no document {key!r}"
    problems = []
    for entry in NOTES[key].given:
        span, why = numbers.place(doc, entry.at)
        if span is None:
            problems.append(why)
        elif not numbers.inside(doc, span):
            problems.append(f"{doc.path}:{doc.line_of(span[0])}: {entry.at!r} holds no number")
        if not has_words(entry.at):
            problems.append(f"{doc.path}: {entry.at!r}: take in a few words around its numbers")
        if not entry.why.strip() or "TODO" in entry.why or entry.why.strip() == "...":
            problems.append(f"{doc.path}: {entry.at!r}: say why its numbers need no computation")
        for test_file in re.findall(r"tests/content/\w+\.py", entry.why):
            if not (ROOT / test_file).is_file():
                problems.append(f"{doc.path}: {entry.at!r}: the reason names a missing {test_file}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("key", sorted(DOCUMENTS))
def test_every_number_is_checked_or_given(key: str):
    doc = DOCUMENTS[key]
    coverage = cover(doc, NOTES.get(key, NoteNumbers()))
    problems = coverage.errors + [paste(doc, t) for t in coverage.uncovered()]
    assert not problems, f"{len(problems)} problem(s):\n\n" + "\n\n".join(problems)


def counts() -> dict[str, int]:
    """Numbers that are computed (claims) and given, in notes and notebook pages and captions."""
    out = dict.fromkeys(("computed", "given", "uncovered", "caption_computed", "caption_given"), 0)
    for key, doc in DOCUMENTS.items():
        coverage = cover(doc, NOTES.get(key, NoteNumbers()))
        caption = "caption_" if key.startswith("snippets/") else ""
        out["computed"] += len(coverage.claimed)
        out["given"] += len(coverage.given)
        out["uncovered"] += len(coverage.uncovered())
        out[f"{caption}computed"] += len(coverage.claimed) if caption else 0
        out[f"{caption}given"] += len(coverage.given) if caption else 0
    return out


# --- the scanner --------------------------------------------------------------------------------

SCAN_CASES = [
    ("prose", "About 50 % of 1000 units, 0.25 each.", ["50", "1000", "0.25"]),
    ("front matter", "---\ntitle: 3\n---\nText 7.", ["7"]),
    ("code", "`code 7` and\n\n```\nx = 8\n```\n\nand 9", ["9"]),
    ("comment", "A %%hidden 4%% note 5.", ["5"]),
    ("names", "x1 and v2.0 and float64 are names, 12 is a number", ["12"]),
    ("sign in prose", "the minimum is −0.7518, not x-1", ["−0.7518", "1"]),
    ("inline math", r"Overflow once $x > 709.78$, not at $2x$.", ["709.78", "2"]),
    ("display math", "$$\n\\frac{1}{2} e^{-x}\n$$", ["1", "2"]),
    ("math signs", r"$\Phi(-1) - 2 = x-1$ and $(-0.5, 1)$", ["-1", "2", "1", "-0.5", "1"]),
    ("frac digits", r"$\tfrac12$ and $\frac14$", ["1", "2", "1", "4"]),
    (
        "scientific",
        r"about $4.5 \times 10^{-5}$ or $10^{-11}$",
        ["4.5 \\times 10^{-5}", "10^{-11}"],
    ),
    ("power", r"$2^{-52}$ and $0.99^{100}$", ["2", "-52", "0.99", "100"]),
    ("wikilink alias", "[[Note 5|alias 6]] and [[Other 7]]", ["6", "7"]),
    ("embed and link", "![[relu-2.svg]] [text 3](x9.md) and 3.14", ["3", "3.14"]),
    ("block id", "A block 8. ^ab12cd\n", ["8"]),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in SCAN_CASES], ids=[c[0] for c in SCAN_CASES]
)
def test_scanner(text: str, expected: list[str]):
    assert [t.text for t in numbers.scan(text)] == expected


def _doc(text: str) -> Document:
    return Document("t.md", "docs/t.md", text, numbers.scan(text), numbers.hidden(text))


PLACE_CASES = [
    ("once", "dead: 28 % at 0.25, 64 % at 0.3.", "64 % at 0.3", True),
    ("moved number", "dead: 28 % at 0.25, 90 % at 0.3.", "64 % at 0.3", False),
    ("twice", "at 0.3 and at 0.3", "at 0.3", False),
    ("cuts a sign", r"minimum at $x \approx -0.7518$", "0.7518", False),
    ("cuts a digit", "a share of 164 % at 0.3", "64 % at 0.3", False),
    ("over a wrapped line", "the largest\n> gap is 0.5 here", "largest gap is 0.5", True),
    ("code does not count", "`at 0.3` and at 0.3", "at 0.3", True),
]


@pytest.mark.parametrize(
    ("text", "phrase", "found"), [c[1:] for c in PLACE_CASES], ids=[c[0] for c in PLACE_CASES]
)
def test_phrases_bind_to_one_place(text: str, phrase: str, found: bool):
    span, why = numbers.place(_doc(text), phrase)
    assert (span is not None) == found, why


VALUE_CASES = [
    ("rounds", "0.1700", -0.16999, "sign"),
    ("rounds ok", "-0.1700", -0.16999, None),
    ("sign", "0.7518", -0.75179, "sign"),
    ("precision", "0.693", 0.6931471805599453, None),
    ("too coarse a value", "0.69", 0.6931471805599453, None),
    ("wrong digit", "0.694", 0.6931471805599453, "gives"),
    ("integer", "64", 63.6, None),
    ("text", "28", "28", None),
    ("text differs", "28", "29", "gives"),
    ("scientific", r"4.5 \times 10^{-5}", 4.5397868702434395e-05, None),
    ("scientific digit", r"4.6 \times 10^{-5}", 4.5397868702434395e-05, "gives"),
    ("scientific order", r"4.5 \times 10^{-4}", 4.5397868702434395e-05, "order"),
    ("power of ten", "10^{-11}", 3.1e-11, None),
    ("wrong power", "10^{-11}", 3.1e-12, "about"),
    ("negative zero", "0", -0.0001, None),
]


@pytest.mark.parametrize(
    ("stated", "value", "problem"), [c[1:] for c in VALUE_CASES], ids=[c[0] for c in VALUE_CASES]
)
def test_values_are_compared_at_the_stated_precision(stated, value, problem):
    wrong = mismatch(stated, value)
    if problem is None:
        assert wrong is None, wrong
    elif problem == "sign":
        assert wrong is not None
    else:
        assert wrong is not None
        assert problem in wrong, wrong


def test_a_failure_says_what_to_paste():
    doc = _doc("The loss rises from 0.37 to a peak.\n")
    message = paste(doc, doc.tokens[0])
    assert "docs/t.md:1: 0.37 is neither checked nor given" in message
    assert 'Claim("0.37", "rises from 0.37", compute=' in message
    assert 'Given("rises from 0.37", why="...")' in message


def test_a_changed_number_is_named_with_its_line():
    doc = _doc("Dead units:\n28 % at 0.25, 90 % at 0.3.\n")
    claim = Claim("64", "64 % at 0.3", lambda: "64", "% dead at 0.3")
    token, why = numbers.claim_token(doc, claim)
    assert token is None
    assert "line 2 now reads '90 % at 0.3': the note says 90 where the claim says 64" in why
