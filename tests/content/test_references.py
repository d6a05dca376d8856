"""The bibliography, docs/references.bib, agrees with the notes, the References page and the figure.

- every entry is complete: authors, title, a four-digit year, a well-formed DOI or arXiv id,
  and a DOI, arXiv id or https URL to read it at; an annotation without numbers;
- every citation ``[[References#Heading|alias]]`` in a note names a work of the ``.bib``, and
  every work is cited by a note;
- a citation's text, and every "Surname et al. (YEAR)" in a note's prose, names the work's
  authors and year as the entry has them;
- the committed ``References.md`` is exactly what ``python -m rectified.bibliography`` writes
  (Obsidian resolves citations against the committed page);
- the timeline figure's list (:mod:`snippets.lib.references`) has the ``.bib``'s works.

The parser, the renderer and the page writer have their own tests in test_references_bib.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rectified import bibliography
from rectified.source import CODE_KINDS, COMMENT, FRONT_MATTER, MATH, parse
from rectified.text import WIKILINK, wikilink_label
from rectified.vault import Vault
from snippets.lib.references import KINDS, WORKS

DOCS = Path(__file__).resolve().parents[2] / "docs"
ENTRIES = bibliography.load(DOCS)
VAULT = Vault.from_dir(DOCS)
CITATIONS = bibliography.citations(VAULT)
BY_ANCHOR = {e.anchor: e for e in ENTRIES}
IDS = [e.key for e in ENTRIES]

SURNAME = r"[A-Z][\w'-]+"
HEADING_FORMAT = re.compile(
    rf"^(?P<names>{SURNAME}(?:(?:, {SURNAME})* and {SURNAME}| et al\.)?) \((?P<year>\d{{4}})\)$"
)
# "Glorot et al. (2011)", "Nair and Hinton, 2010", "(Krizhevsky, Sutskever, and Hinton, 2012)"
MENTION = re.compile(
    rf"(?P<names>{SURNAME}(?: et al\.|(?:, {SURNAME})*,? and {SURNAME})?)(?:'s)?,? "
    r"\(?(?P<year>(?:19|20)\d\d)\b"
)


def test_at_least_twenty_five_works():
    assert len(ENTRIES) >= 25, f"{len(ENTRIES)} works in docs/references.bib"


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_entry_is_complete_and_well_formed(entry: bibliography.Entry):
    assert entry.problems() == [], f"{entry.path}:{entry.line}: {entry.key}"
    assert HEADING_FORMAT.fullmatch(entry.heading), entry.heading
    assert entry.link.startswith("https://")
    if entry.doi:
        assert re.fullmatch(r"10\.\d{4,9}/[-._;()/:A-Za-z0-9]+", entry.doi), entry.doi
    if entry.arxiv:
        assert re.fullmatch(r"(0[7-9]|1\d|2\d)(0[1-9]|1[0-2])\.\d{4,5}", entry.arxiv), entry.arxiv
        # An arXiv id starts with the year and month it was first posted: not after the work.
        assert 2000 + int(entry.arxiv[:2]) <= entry.year + 1, (entry.arxiv, entry.year)


def test_every_citation_names_a_work():
    missing = [
        f"docs/{c.source}:{c.line}: [[References#{c.heading}]]: no such work in references.bib"
        for c in CITATIONS
        if c.anchor not in BY_ANCHOR
    ]
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_every_work_is_cited(entry: bibliography.Entry):
    citing = [c for c in CITATIONS if c.anchor == entry.anchor]
    assert citing, f"no note cites {entry.heading}: cite it as [[References#{entry.heading}|...]]"


def _disagreement(names: str, year: str, entry: bibliography.Entry | None) -> str | None:
    """Why ``names`` and ``year`` do not name ``entry`` (None when they do)."""
    written = [n for n in re.split(r",? and |, | et al\.", names) if n]
    if entry is None:
        return "names no work of references.bib"
    surnames = [a.last for a in entry.authors]
    if int(year) != entry.year:
        return f"says {year}, the work is of {entry.year}"
    if written != surnames[: len(written)]:
        return f"names {written}, the authors are {surnames}"
    if "et al." not in names and (len(written) < len(surnames) or entry.more_authors):
        return f"names {len(written)} of its authors without 'et al.'"
    if "et al." in names and len(surnames) < 3 and not entry.more_authors:
        return "says 'et al.' of a work by one or two authors"
    return None


def test_citation_text_names_the_works_authors_and_year():
    problems = []
    for c in CITATIONS:
        entry = BY_ANCHOR.get(c.anchor)
        if entry is None or not c.alias:
            continue
        m = MENTION.match(c.alias)
        if not m:
            problems.append(f"docs/{c.source}:{c.line}: {c.alias!r} is not 'Surname(s), YEAR'")
            continue
        why = _disagreement(m.group("names"), m.group("year"), entry)
        if why:
            problems.append(f"docs/{c.source}:{c.line}: {c.alias!r} {why}")
    assert not problems, "\n".join(problems)


def _prose(text: str) -> str:
    """A note's text without code, comments, math or front matter, links as their text."""
    masked = parse(text).masked(CODE_KINDS | {COMMENT, MATH, FRONT_MATTER})
    return WIKILINK.sub(lambda m: "" if m.group(1) else wikilink_label(m.group(2)), masked)


def test_every_mention_in_prose_names_a_work_by_its_authors_and_year():
    first_authors = {e.authors[0].last for e in ENTRIES}
    problems = []
    for note in VAULT.content_notes():
        if note.rel_path == bibliography.PAGE_FILE:
            continue
        text = _prose(note.text)
        for m in MENTION.finditer(text):
            names, year = m.group("names"), m.group("year")
            first = re.split(r",| and | et al\.", names)[0]
            if first not in first_authors:
                continue  # not a citation ("ImageNet 2012")
            candidates = [e for e in ENTRIES if e.authors[0].last == first and e.year == int(year)]
            whys = [_disagreement(names, year, e) for e in candidates] or [
                _disagreement(names, year, None)
            ]
            if all(whys):
                line = text.count("\n", 0, m.start()) + 1
                problems.append(f"docs/{note.rel_path}:{line}: {m.group(0)!r} {whys[0]}")
    assert not problems, "\n".join(problems)


def test_committed_page_is_what_the_generator_writes():
    committed = (DOCS / bibliography.PAGE_FILE).read_text(encoding="utf-8")
    expected = bibliography.render_page(ENTRIES, bibliography.cited_in(ENTRIES, VAULT))
    assert committed == expected, (
        "docs/References.md is stale: run `python -m rectified.bibliography` "
        "(nox -s figures does it) and commit the page"
    )


def test_page_lists_each_work_with_its_link_and_citing_notes():
    text = (DOCS / bibliography.PAGE_FILE).read_text(encoding="utf-8")
    for entry in ENTRIES:
        section = text.split(f"\n### {entry.heading}\n", 1)[1].split("\n### ", 1)[0]
        assert f"]({entry.link})" in section, entry.heading
        citing = sorted({c.source for c in CITATIONS if c.anchor == entry.anchor})
        for source in citing:
            assert f"[[{source[:-3]}]]" in section.split("Cited in:", 1)[1], (entry.key, source)
    assert "[references.bib](references.bib)" in text, "the page offers the .bib"


def test_timeline_lists_the_bibliography():
    assert [(w.heading, w.year) for w in WORKS] == [(e.heading, e.year) for e in ENTRIES]
    for work, entry in zip(WORKS, ENTRIES, strict=True):
        assert work.kind in KINDS
        expected = {"article": "paper", "inproceedings": "paper", "book": "book"}.get(entry.kind)
        if expected is None:
            expected = "lecture" if entry.kind == "misc" and not entry.arxiv else "preprint"
        assert work.kind == expected, (work.heading, work.kind, entry.kind)
