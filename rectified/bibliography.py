"""The bibliography: ``docs/references.bib`` read and checked; the note "References" made from it.

One source of truth. Every work a note cites is an entry of ``references.bib``; the note
``References.md`` is generated from it (``python -m rectified.bibliography``, which the nox
sessions run before the figures): one ``###`` heading per work, the heading a citation links to
(``[[References#Glorot, Bordes and Bengio (2011)|Glorot et al., 2011]]``), its full reference
linked to its DOI, arXiv page or stable URL, a sentence on what the notes use it for, and the
notes that cite it. The page is committed, so Obsidian resolves every citation, and it is
written only when its text changes; ``--check`` fails while it is stale. The site shows a
citation's full reference on hover (:mod:`rectified.markdown.citations`) and offers the
``.bib`` itself for download (a file of the vault, copied into the site by either builder).

The heading is made from the entry: the authors' surnames (``A (Y)``, ``A and B (Y)``,
``A, B and C (Y)``; four or more authors, or ``and others``: ``A et al. (Y)``) and the year.

The BibTeX read is a subset, the one this project writes, parsed here without a dependency:
``@type{key, name = {value}, ...}`` entries with braced values (nested braces allowed) or bare
numbers; text outside entries and ``%`` lines are comments, as in BibTeX. Not supported (an
error naming the line): ``@string`` macros, ``#`` concatenation, quoted values. Values are
UTF-8 text; braces only protect capitals and are dropped when rendered; ``--`` is an en dash.
LaTeX accent commands (``{\\'e}``) are not translated, so write the letter itself.

Known limits: the citations counted are links (wikilinks or Markdown links) in Markdown notes,
outside code, comments and math; links in front matter (properties such as ``introduced_by``)
and ``.ipynb`` notebook pages are not counted. A heading shared by
two works (same surnames and year) is an error rather than a ``2015a``/``2015b`` pair.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from rectified.errors import NoteError
from rectified.text import wikilink_label
from rectified.vault import Vault, slugify

__all__ = [
    "BIB_FILE",
    "PAGE_FILE",
    "Author",
    "Citation",
    "Entry",
    "citations",
    "load",
    "main",
    "parse",
    "render_page",
    "write_page",
]

log = logging.getLogger(__name__)

BIB_FILE = "references.bib"  # in the docs folder: a vault file, copied into the site
PAGE_FILE = "References.md"  # the generated note citations link to

# --- parsing --------------------------------------------------------------------------------

_ENTRY_START = re.compile(r"@\s*([A-Za-z]+)\s*\{")
_KEY = re.compile(r"\s*([^\s,{}=]+)\s*,")
_FIELD_NAME = re.compile(r"\s*([A-Za-z][\w-]*)\s*=\s*")
_BARE = re.compile(r"\d+")
TYPES = ("article", "book", "inproceedings", "misc", "unpublished", "techreport")


def _error(message: str, path: str, text: str, offset: int) -> NoteError:
    return NoteError(message, path=path, line=text.count("\n", 0, offset) + 1)


def _braced(text: str, start: int, path: str) -> tuple[str, int]:
    """The value of ``{...}`` opening at ``start`` (nested braces kept) and the offset after it."""
    depth, i = 0, start
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1 : i], i + 1
        i += 1
    raise _error("a brace opened here is never closed", path, text, start)


def parse(text: str, path: str = BIB_FILE) -> list[Entry]:
    """Every entry of a ``.bib`` text, in file order; a :class:`NoteError` (file:line) if bad."""
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    pos = 0
    while True:
        at = text.find("@", pos)
        if at < 0:
            break
        line_start = text.rfind("\n", 0, at) + 1
        if text[line_start:at].lstrip().startswith("%"):
            pos = text.find("\n", at) if "\n" in text[at:] else len(text)
            continue
        m = _ENTRY_START.match(text, at)
        if not m:
            raise _error("'@' must start an entry: @type{key, ...}", path, text, at)
        kind = m.group(1).lower()
        if kind == "comment":
            _, pos = _braced(text, m.end() - 1, path)
            continue
        if kind in ("string", "preamble"):
            raise _error(f"@{kind} is not supported here: write values out", path, text, at)
        if kind not in TYPES:
            raise _error(f"unknown entry type @{kind} (known: {', '.join(TYPES)})", path, text, at)
        body, pos = _braced(text, m.end() - 1, path)
        offset = m.end()
        key = _KEY.match(body)
        if not key:
            raise _error("an entry starts with its key and a comma", path, text, offset)
        line = text.count("\n", 0, at) + 1
        if key.group(1) in seen:
            raise NoteError(
                f"duplicate key {key.group(1)!r} (first on line {seen[key.group(1)]})",
                path=path,
                line=line,
            )
        seen[key.group(1)] = line
        fields = _fields(body, key.end(), offset, text, path)
        entries.append(Entry(key.group(1), kind, fields, line, path))
    return entries


def _fields(body: str, i: int, offset: int, text: str, path: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    while True:
        while i < len(body) and body[i] in " \t\r\n,":
            i += 1
        if i >= len(body):
            return fields
        m = _FIELD_NAME.match(body, i)
        if not m:
            raise _error("expected 'name = {value}'", path, text, offset + i)
        name, i = m.group(1).lower(), m.end()
        if i < len(body) and body[i] == "{":
            value, i = _braced(body, i, path)
        elif bare := _BARE.match(body, i):
            value, i = bare.group(0), bare.end()
        else:
            raise _error(
                f"the value of {name!r} must be in braces (quotes, macros and # are not read)",
                path,
                text,
                offset + i,
            )
        rest = body[i:].lstrip(" \t\r\n")
        if rest and rest[0] not in ",":
            raise _error(f"expected ',' after the value of {name!r}", path, text, offset + i)
        if name in fields:
            raise _error(f"field {name!r} given twice", path, text, offset + m.start())
        fields[name] = re.sub(r"\s+", " ", value).strip()


# --- entries --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Author:
    first: str
    last: str

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}".strip()


def _authors(value: str) -> tuple[tuple[Author, ...], bool]:
    """``Last, First and Last, First [and others]`` -> authors, and whether more were left out."""
    names = [n.strip() for n in re.split(r"\s+and\s+", value) if n.strip()]
    others = bool(names) and names[-1].lower() == "others"
    out = []
    for name in names[: -1 if others else None]:
        if "," in name:
            last, first = (part.strip() for part in name.split(",", 1))
        else:  # "First Last"
            first, _, last = name.rpartition(" ")
        out.append(Author(plain(first), plain(last)))
    return tuple(out), others


def plain(value: str) -> str:
    """A BibTeX value as text: protecting braces dropped, ``--`` an en dash, ``~`` a space."""
    value = value.replace("---", "\u2014").replace("--", "\u2013").replace("~", "\u00a0")
    return re.sub(r"(?<!\\)[{}]", "", value).replace("\\&", "&")


def _sort_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


_DOI = re.compile(r"10\.\d{4,9}/\S+")
_ARXIV = re.compile(r"\d{4}\.\d{4,5}(v\d+)?")


@dataclass(frozen=True)
class Entry:
    """One work: its BibTeX key, type and fields, and where it stands in the file."""

    key: str
    kind: str
    fields: Mapping[str, str]
    line: int
    path: str = BIB_FILE
    _cache: dict = field(default_factory=dict, repr=False, compare=False, hash=False)

    def get(self, name: str) -> str:
        return self.fields.get(name, "")

    @property
    def authors(self) -> tuple[Author, ...]:
        return _authors(self.get("author"))[0]

    @property
    def more_authors(self) -> bool:
        """Whether the author list ends with ``and others``."""
        return _authors(self.get("author"))[1]

    @property
    def year(self) -> int:
        return int(self.get("year"))

    @property
    def heading(self) -> str:
        """``Surname (Y)``, ``A and B (Y)``, ``A, B and C (Y)``, or ``A et al. (Y)``."""
        last = [a.last for a in self.authors]
        if len(last) >= 4 or self.more_authors:
            names = f"{last[0]} et al."
        elif len(last) == 1:
            names = last[0]
        else:
            names = ", ".join(last[:-1]) + " and " + last[-1]
        return f"{names} ({self.get('year')})"

    @property
    def anchor(self) -> str:
        """The heading's id on the References page (what toc gives it)."""
        return slugify(self.heading)

    @property
    def doi(self) -> str:
        return self.get("doi")

    @property
    def arxiv(self) -> str:
        return self.get("eprint") if self.get("archiveprefix").lower() == "arxiv" else ""

    @property
    def link(self) -> str:
        """Where the work is read: its DOI, else its arXiv page, else its URL."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.arxiv:
            return f"https://arxiv.org/abs/{self.arxiv}"
        return self.get("url")

    def sort_key(self) -> tuple[str, int, str]:
        return (_sort_key(self.heading.rsplit(" (", 1)[0]), self.year, self.key)

    def problems(self) -> list[str]:
        """What is missing or malformed in this entry (an empty list when it is fine)."""
        out = []
        for name in ("author", "title", "year"):
            if not self.get(name):
                out.append(f"no {name}")
        if self.get("year") and not re.fullmatch(r"\d{4}", self.get("year")):
            out.append(f"year {self.get('year')!r} is not four digits")
        if self.doi and not _DOI.fullmatch(self.doi):
            out.append(f"doi {self.doi!r} is not of the form 10.NNNN/suffix")
        if self.get("eprint") and self.get("archiveprefix").lower() != "arxiv":
            out.append("an eprint needs archiveprefix = {arXiv}")
        if self.arxiv and not _ARXIV.fullmatch(self.arxiv):
            out.append(f"arXiv id {self.arxiv!r} is not of the form YYMM.NNNNN")
        url = self.get("url")
        if url and not url.startswith("https://"):
            out.append(f"url {url!r} is not an https:// address")
        if not (self.doi or self.arxiv or url):
            out.append("no doi, eprint (arXiv) or url: give the work a stable address")
        if not self.get("annotation"):
            out.append("no annotation: say in a sentence what the notes use it for")
        if re.search(r"(?<![\w.])\d", re.sub(r"\$[^$]*\$", "", self.get("annotation"))):
            out.append("the annotation states a number: put it in the reference")
        return out

    # -- rendering --

    def _names(self) -> str:
        names = [a.full for a in self.authors]
        if self.more_authors:
            return ", ".join(names) + " and others"
        if len(names) == 1:
            return names[0]
        return ", ".join(names[:-1]) + " and " + names[-1]

    def _venue(self, emphasis: str) -> list[str]:
        """The parts after the title: venue, volume, pages, publisher, date."""
        e = emphasis
        g = lambda name: plain(self.get(name))  # noqa: E731
        parts: list[str] = []
        if self.kind == "article":
            volume = f", volume {g('volume')}" if g("volume") else ""
            number = f", number {g('number')}" if g("number") else ""
            parts.append(f"{e}{g('journal')}{e}{volume}{number}")
        elif self.kind == "inproceedings":
            venue = f"In {e}{g('booktitle')}{e}"
            if g("series") and g("volume"):
                venue += f", {g('series')}, volume {g('volume')}"
            parts.append(venue)
        elif self.kind == "misc" and g("howpublished"):
            parts.append(g("howpublished"))
        elif self.kind == "techreport":
            parts.append(f"Technical report, {g('institution')}")
        if g("pages"):
            parts.append(f"pages {g('pages')}")
        if g("publisher"):
            parts.append(g("publisher"))
        if self.kind == "unpublished" and g("note"):
            parts.append(g("note"))
        date = f"{g('month')} {g('year')}".strip()
        parts[-1:] = [f"{parts[-1]}, {date}"] if parts else [date]
        return parts

    def _sentences(self, emphasis: str) -> list[str]:
        title = plain(self.get("title"))
        if self.kind == "book":
            title = f"{emphasis}{title}{emphasis}"
        venue = self._venue(emphasis)
        out = [self._names(), title, ", ".join(venue)]
        if self.get("note") and self.kind != "unpublished":
            out.append(plain(self.get("note")))
        return out

    def reference_markdown(self) -> str:
        """The full reference as one Markdown line, its identifiers linked."""
        text = " ".join(_end(s) for s in self._sentences("*"))
        links = []
        if self.doi:
            links.append(f"DOI [{self.doi}](https://doi.org/{self.doi})")
        if self.arxiv:
            links.append(f"arXiv [{self.arxiv}](https://arxiv.org/abs/{self.arxiv})")
        if self.get("url") and not self.doi:
            links.append(f"Online at [{_host(self.get('url'))}]({self.get('url')})")
        return text + "".join(f" {link}." for link in links)

    def reference_text(self) -> str:
        """The full reference as plain text (a link's hover title): no links, no emphasis."""
        text = " ".join(_end(s) for s in self._sentences(""))
        return re.sub(r"\$([^$]*)\$", r"\1", text)

    def annotation(self) -> str:
        return plain(self.get("annotation"))


def _end(sentence: str) -> str:
    """A sentence with its full stop (a title ending in '?' or '!' keeps its own)."""
    return sentence if sentence.endswith((".", "?", "!")) else sentence + "."


def _host(url: str) -> str:
    """``https://www.cs.toronto.edu/~kriz/x.pdf`` -> ``cs.toronto.edu``: a link's short text."""
    return re.sub(r"^www\.", "", urlsplit(url).netloc)


def load(docs_dir: str | Path) -> list[Entry]:
    """The entries of ``docs_dir/references.bib`` sorted as the page lists them ([] without one)."""
    path = Path(docs_dir) / BIB_FILE
    if not path.is_file():
        return []
    shown = f"{Path(docs_dir).name}/{BIB_FILE}"
    entries = parse(path.read_text(encoding="utf-8"), shown)
    check_headings(entries)
    return sorted(entries, key=Entry.sort_key)


def check_headings(entries: Iterable[Entry]) -> None:
    """Two works with the same heading cannot both be cited: an error naming both."""
    seen: dict[str, Entry] = {}
    for entry in entries:
        if not entry.get("author") or not entry.get("year"):
            raise NoteError(
                f"{entry.key}: needs an author and a year", path=entry.path, line=entry.line
            )
        other = seen.get(entry.anchor)
        if other is not None:
            raise NoteError(
                f"{entry.key} and {other.key} both make the heading {entry.heading!r}",
                path=entry.path,
                line=entry.line,
            )
        seen[entry.anchor] = entry


# --- citations in the notes -----------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    """A link from a note to a work: ``[[References#Heading|alias]]``."""

    source: str  # vault path of the citing note
    line: int
    heading: str  # as written after '#'
    alias: str  # the link's text ("" without one)
    anchor: str  # slug of the heading


def citations(vault: Vault, page: str = PAGE_FILE) -> list[Citation]:
    """Every link to a heading of the References page, from every other note, in order.

    Read from the source layer's links (not code, comments or math); a link resolves to the
    page as Obsidian resolves it (``References``, ``References.md``, an alias of the page).
    """
    out = []
    for note in vault.content_notes():
        if note.rel_path == page:
            continue
        for target, line, _offset, snippet, embed in note.raw_links:
            written, sep, heading = target.partition("#")
            if embed or not sep or not written.strip() or heading.startswith("^"):
                continue
            try:
                res = vault.resolve(written, note.rel_path)
            except NoteError:
                continue
            if res.note is None or res.note.rel_path != page:
                continue
            heading = heading.split("#")[-1].strip()
            out.append(Citation(note.rel_path, line, heading, _alias(snippet), slugify(heading)))
    return out


def _alias(snippet: str) -> str:
    """The text a link shows: a wikilink's alias ("" without one), a Markdown link's text."""
    if snippet.startswith("[["):
        inner = snippet[2:-2]
        return wikilink_label(inner) if re.search(r"\\?\|", inner) else ""
    return snippet[1 : snippet.index("](")] if "](" in snippet else ""


def cited_in(entries: Iterable[Entry], vault: Vault) -> dict[str, list[str]]:
    """Entry key -> the vault paths of the notes that cite it, sorted by title."""
    by_anchor = {e.anchor: e.key for e in entries}
    found: dict[str, set[str]] = {key: set() for key in by_anchor.values()}
    for c in citations(vault):
        if c.anchor in by_anchor:
            found[by_anchor[c.anchor]].add(c.source)
    return {k: sorted(v, key=lambda p: _sort_key(p[:-3])) for k, v in found.items()}


# --- the page -------------------------------------------------------------------------------

_FRONT = """\
---
title: References
aliases:
  - Bibliography
  - Works cited
tags:
  - references
---
"""

INTRO = """\
# References

%% Generated from references.bib by `python -m rectified.bibliography` (the nox sessions run it).
Edit references.bib and the citations in the notes, not this page: a test fails while it is
stale. %%

Every work that a note cites, in alphabetical order of the first author. The list is generated
from one BibTeX file, [references.bib](references.bib), which you can download and use as it is.
Each heading is the target of the citations, as in `[[References#Misra (2019)|Misra, 2019]]`;
each work links to its DOI, its arXiv page or another stable address, and the line "Cited in"
under it lists the notes that cite it. On the site, pointing at a citation shows the full
reference.

![[references-timeline.svg]]

## Works
"""

OUTRO = """\
## See also

- [[Rectified Linear Unit]]
- [[Smooth Relatives of ReLU]]
- [[Choosing an Activation]]
"""


def _wikilink(rel_path: str) -> str:
    return f"[[{rel_path[:-3]}]]"


def render_page(entries: list[Entry], cited: Mapping[str, list[str]]) -> str:
    """The text of ``References.md`` for ``entries`` (in page order) and their citing notes."""
    parts = [_FRONT, "\n", INTRO]
    for entry in entries:
        notes = cited.get(entry.key, [])
        listed = ", ".join(_wikilink(p) for p in notes) if notes else "no note yet"
        parts.append(
            f"\n### {entry.heading}\n\n{entry.reference_markdown()}\n\n"
            f"{entry.annotation()}\n\nCited in: {listed}.\n"
        )
    parts.append("\n" + OUTRO)
    return "".join(parts)


def expected_page(docs_dir: str | Path) -> str:
    """What ``References.md`` should hold for the vault at ``docs_dir``."""
    entries = load(docs_dir)
    vault = Vault.from_dir(docs_dir)
    return render_page(entries, cited_in(entries, vault))


def write_page(docs_dir: str | Path) -> bool:
    """Write ``References.md`` when its text differs from the generated one; True if written."""
    path = Path(docs_dir) / PAGE_FILE
    text = expected_page(docs_dir)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8", newline="\n")
    log.info("wrote %s", path)
    return True


def problems(docs_dir: str | Path) -> list[str]:
    """Entries that are incomplete or cited by no note, and citations of no entry."""
    entries = load(docs_dir)
    vault = Vault.from_dir(docs_dir)
    out = [f"{e.path}:{e.line}: {e.key}: {p}" for e in entries for p in e.problems()]
    cited = cited_in(entries, vault)
    out += [
        f"{e.path}:{e.line}: {e.key}: no note cites {e.heading}"
        for e in entries
        if not cited[e.key]
    ]
    anchors = {e.anchor for e in entries}
    shown = Path(docs_dir).name
    out += [
        f"{shown}/{c.source}:{c.line}: no work {c.heading!r} in {BIB_FILE}"
        for c in citations(vault)
        if c.anchor not in anchors
    ]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m rectified.bibliography",
        description="Write docs/References.md from docs/references.bib when it changed.",
    )
    parser.add_argument("--docs", type=Path, default=Path("docs"), help="the vault (docs/)")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; fail if the page is stale"
    )
    args = parser.parse_args(argv)
    if not (args.docs / BIB_FILE).is_file():
        print(f"no {args.docs / BIB_FILE}: nothing to do")
        return 0
    try:
        found = problems(args.docs)
        page = args.docs / PAGE_FILE
        if args.check:
            current = page.read_text(encoding="utf-8") if page.is_file() else ""
            stale = current != expected_page(args.docs)
            if stale:
                print(
                    f"error: {page} is stale: run python -m rectified.bibliography", file=sys.stderr
                )
        else:
            stale = False
            if write_page(args.docs):
                print(f"wrote {page}")
    except NoteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for problem in found:
        print(f"warning: {problem}", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
