"""The note "References" agrees with the notes that cite it and with snippets.lib.references.

- its ``###`` headings are exactly the works of :data:`snippets.lib.references.WORKS`, in order,
  and are formatted ``Surname, Surname and Surname (YEAR)`` (or ``Surname (YEAR)``, or
  ``Surname et al. (YEAR)`` for four or more authors);
- every citation ``[[References#Heading|alias]]`` in any note targets one of those headings,
  and an alias that names a year names the heading's year;
- the "Cited in:" line under each heading lists exactly the notes that cite that work, and
  every work is cited somewhere.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from snippets.lib.references import KINDS, WORKS

DOCS = Path(__file__).resolve().parents[2] / "docs"
REFERENCES = DOCS / "References.md"
HEADING = re.compile(r"^### (.+?)\s*$", re.M)
SURNAME = r"[A-Z][\w'-]+"
HEADING_FORMAT = re.compile(
    rf"^(?P<names>{SURNAME}(?:(?:, {SURNAME})* and {SURNAME}| et al\.)?) \((?P<year>\d{{4}})\)$"
)
CITATION = re.compile(r"\[\[References#(?P<target>[^\]|]+)(?:\|(?P<alias>[^\]]*))?\]\]")
WIKILINK = re.compile(r"\[\[(?P<target>[^\]|#]+)")


def sources() -> dict[str, str]:
    """Every note of the vault (Markdown and notebooks) by title, except References itself."""
    found = {}
    for path in sorted(DOCS.rglob("*")):
        if path.suffix in {".md", ".ipynb"} and path != REFERENCES and "figures" not in path.parts:
            found[path.stem] = path.read_text("utf-8")
    return found


def sections() -> dict[str, str]:
    """Heading -> the text of its section in References.md, up to the next heading."""
    text = REFERENCES.read_text("utf-8")
    parts = re.split(r"^(#{2,3} .+)$", text, flags=re.M)
    result = {}
    for head, body in zip(parts[1::2], parts[2::2], strict=True):
        if head.startswith("### "):
            result[head[4:].strip()] = body
    return result


def cited_in(body: str) -> list[str]:
    """The note titles on the 'Cited in:' line(s) of one section."""
    match = re.search(r"^Cited in: (.*?)\.\s*$", body, re.M | re.S)
    assert match, "no 'Cited in: ...' line"
    return [m.group("target").strip() for m in WIKILINK.finditer(match.group(1))]


def citers() -> dict[str, set[str]]:
    """Heading -> the notes whose text links to References#Heading."""
    result: dict[str, set[str]] = {}
    for title, text in sources().items():
        for m in CITATION.finditer(text):
            result.setdefault(m.group("target").strip(), set()).add(title)
    return result


def test_headings_are_the_works_in_order():
    headings = HEADING.findall(REFERENCES.read_text("utf-8"))
    assert headings == [w.heading for w in WORKS]
    firsts = [h.split(",")[0].split(" ")[0] for h in headings]
    assert firsts == sorted(firsts), "keep the works in alphabetical order of first author"


@pytest.mark.parametrize("work", WORKS, ids=[w.heading for w in WORKS])
def test_heading_format_and_year(work):
    match = HEADING_FORMAT.fullmatch(work.heading)
    assert match, f"{work.heading!r} is not 'Surname, Surname and Surname (YEAR)'"
    assert int(match.group("year")) == work.year
    assert work.kind in KINDS
    body = sections()[work.heading]
    reference = body.strip().split("\n\n")[0]
    assert str(work.year) in reference, "the full reference should state the year"


@pytest.mark.parametrize("work", WORKS, ids=[w.heading for w in WORKS])
def test_cited_in_lists_exactly_the_citing_notes(work):
    listed = cited_in(sections()[work.heading])
    actual = sorted(citers().get(work.heading, set()))
    assert listed == sorted(listed), "keep the 'Cited in' list in alphabetical order"
    expected_line = "Cited in: " + ", ".join(f"[[{t}]]" for t in actual) + "."
    assert listed == actual, f"under '### {work.heading}' write:\n{expected_line}"


@pytest.mark.parametrize("work", WORKS, ids=[w.heading for w in WORKS])
def test_every_work_is_cited(work):
    assert citers().get(work.heading), f"no note cites {work.heading}: cite it or remove it"


def test_every_citation_targets_a_work_and_its_year():
    headings = {w.heading: w for w in WORKS}
    problems = []
    for title, text in sources().items():
        for m in CITATION.finditer(text):
            target, alias = m.group("target").strip(), m.group("alias") or ""
            if target not in headings:
                problems.append(f"{title}: no heading {target!r}")
                continue
            years = re.findall(r"\b(?:19|20)\d{2}\b", alias)
            if years and years != [str(headings[target].year)]:
                problems.append(f"{title}: alias {alias!r} for {target!r}")
    assert not problems, "\n".join(problems)


def test_cited_in_links_name_existing_notes():
    titles = set(sources())
    for heading, body in sections().items():
        missing = set(cited_in(body)) - titles
        assert not missing, f"{heading}: {missing}"
