"""The vault: every note in ``docs/``, indexed once per build so that links resolve without I/O.

Link resolution follows Obsidian (https://help.obsidian.md/Linking+notes+and+files/Internal+links):

* a bare name (``Note``, ``Note.md``, case-insensitive) matches a note of that file name in any
  folder, then a note with that alias; more than one match is an error naming every candidate;
* a path (``Folder/Note``) matches only that path, from the vault root or from the linking note's
  folder (``/Folder/Note`` from the root only); never a ``Note`` in another folder;
* ``#Heading``, ``#Heading#Sub`` (the last heading, which must sit under the earlier ones) and
  ``#^blockid`` select an anchor; an empty note part (``#Heading``) means the linking note;
* no such note: the link is *wanted* (not an error); an existing note without the heading or block
  is an error.

Each note's entry (:class:`Note`: headings and their anchors, block ids, links as written with
the sentence around each, tags, front matter) depends only on its path and text, the heading
extensions and the code; it is kept in the persistent build cache (:mod:`rectified.cache`), so
a rebuild parses only the notes that changed. What depends on several notes (resolved links,
backlinks, wanted notes, URLs made unique) is computed from the entries every time.
"""

from __future__ import annotations

import difflib
import html
import json
import posixpath
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote

import markdown
from markdown.extensions.toc import strip_tags, unique
from pymdownx.slugs import slugify as _make_slugify

from rectified import cache
from rectified.errors import NoteError
from rectified.source import (
    BLOCK_ID,
    CODE_KINDS,
    COMMENT,
    FRONT_MATTER,
    MATH,
    Source,
    front_matter,
    lines_in_display_math,
    parse,
)
from rectified.text import (
    WIKILINK,
    link_sentence,
    plain_sentence,
    reader_text,
    wikilink_label,
)

__all__ = [
    "Heading",
    "Note",
    "Resolution",
    "Vault",
    "slugify",
    "url_slug",
    "wikilink_label",
]

# The site's toc configuration: ``slugify: pymdownx.slugs.slugify(case=lower)``, separator "-".
_TOC_SLUGIFY = _make_slugify(case="lower")


def slugify(text: str) -> str:
    """The heading id the site's ``toc`` extension gives to a heading whose plain text is ``text``.

    Duplicates within one page get ``_1``, ``_2``... as in toc; :class:`Vault` handles that.
    """
    return _TOC_SLUGIFY(text, "-")


# --- URLs -----------------------------------------------------------------------------------

_URL_DROP = re.compile(r"[^\w\s-]")
_URL_SEP = re.compile(r"[\s-]+")


def _url_segment(segment: str) -> str:
    text = unicodedata.normalize("NFC", segment).lower()
    slug = _URL_SEP.sub("-", _URL_DROP.sub("", text)).strip("-")
    return slug or "-".join(f"u{ord(c):04x}" for c in text if not c.isspace())


PAGE_SUFFIXES = (".md", ".ipynb")  # files that become pages (notebooks via mkdocs-jupyter)


def url_slug(rel_path: str) -> str:
    """Clean URL of a note: ``Folder/Sub Note (draft).md`` -> ``folder/sub-note-draft/``.

    Lowercase, punctuation dropped, runs of spaces and hyphens become one hyphen, unicode letters
    kept. ``index.md`` (or ``README.md``) is its folder's URL; the root's is ``""``.
    """
    parts = Path(rel_path).as_posix().split("/")
    stem = parts[-1]
    for suffix in PAGE_SUFFIXES:
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    parts = parts[:-1] if stem in ("index", "README") else [*parts[:-1], stem]
    return "".join(_url_segment(p) + "/" for p in parts if p)


# --- Notes ----------------------------------------------------------------------------------


class Heading(NamedTuple):
    """A heading: ``text`` as written (trailing ``#`` and ``{#id}`` removed), ``anchor`` its id."""

    level: int
    text: str
    anchor: str
    line: int


@dataclass
class Note:
    rel_path: str  # posix, relative to docs/
    name: str  # file stem
    title: str
    aliases: list[str]
    tags: list[str]
    url: str
    headings: list[Heading]
    block_ids: dict[str, int]  # id -> line
    text: str = field(repr=False)
    meta: dict = field(default_factory=dict, repr=False)
    _heading_keys: list[str] = field(default_factory=list, repr=False)
    # Links as written, outside code, comments and math: (target, line, offset, snippet, embed).
    raw_links: list[tuple[str, int, int, str, bool]] = field(default_factory=list, repr=False)
    inline_tags: list[str] = field(default_factory=list)  # #tags in the text, in order, once each
    # For each raw link: (the sentence it stands in, whether that sentence is the link alone).
    link_sentences: list[tuple[str, bool]] = field(default_factory=list, repr=False)
    # Its formulas as the math extension will see them: (TeX, display), quote markers removed.
    math: list[tuple[str, bool]] = field(default_factory=list, repr=False)

    @property
    def generated(self) -> str | None:
        """The generated page this note stands for (front matter ``rectified: NAME``), if any.

        Such a note is a stub the site fills (All notes, Gallery, Graph, Tags, Wanted notes): its
        own links do not count as links between notes, and it is not listed among them.
        """
        value = self.meta.get("rectified")
        return str(value) if value else None


def embed_label(target: str, note: Note) -> str:
    """The caption of ``![[target]]``, which embeds ``note``: ``Note › Heading``.

    A block (``Note#^id``) is named by the heading above it (``Note › Search``), as a reader
    knows the place, never by its ``^id``; a block above every heading, by its note alone.
    """
    parts = [p.strip() for p in target.split("#")]
    if parts[0].lower().endswith(".md"):
        parts[0] = parts[0][:-3]
    if parts[-1].startswith("^"):
        key = parts[-1][1:].lower()
        line = next((n for b, n in note.block_ids.items() if b.lower() == key), None)
        above = [h for h in note.headings if line is not None and h.line < line]
        parts[-1] = reader_text(above[-1].text) if above else ""
    shown = [p for i, p in enumerate(parts) if p and (i == 0 or p != parts[i - 1])]
    return " › ".join(shown) or note.title


class Link(NamedTuple):
    """A link from one note to another, found in the source (embeds included)."""

    source: str  # vault path of the linking note
    target: str  # vault path of the note linked to
    anchor: str | None  # HTML id in the target
    line: int  # 1-based line in the source
    sentence: str  # the sentence it stands in, as plain text (code and math as written)


class Wanted(NamedTuple):
    """A link to a note that does not exist yet."""

    title: str  # as written, ".md" dropped
    source: str
    line: int


@dataclass(frozen=True)
class Resolution:
    """Where a link points: a note (and anchor), an attachment, or nowhere yet (wanted)."""

    target: str  # the link's path part as written, ".md" removed ("" for same-page links)
    note: Note | None = None
    anchor: str | None = None  # the HTML id in the target note
    attachment: str | None = None  # rel path of a non-Markdown file

    @property
    def wanted(self) -> bool:
        return self.note is None and self.attachment is None

    @property
    def path(self) -> str | None:
        """Source path (relative to docs/) of the target."""
        return self.note.rel_path if self.note else self.attachment


# --- Parsing --------------------------------------------------------------------------------

_ATX = re.compile(r"^(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_SETEXT = re.compile(r"^(?:=+|-+)[ ]*$")
_ATX_TRAIL = re.compile(r"^((?:\\.|[^\\])*?)#*$")
_ATTR_LIST = re.compile(r"\s*\{:?\s*([^}]*)\}\s*$")
_ATTR_ID = re.compile(r"(?:^|\s)#([\w-]+)")


def _strings(value: object, *, split: bool = False) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if item is None:
            continue
        text = str(item)
        out.extend(re.split(r"[,\s]+", text) if split else [text])
    return [s.strip() for s in out if s.strip()]


_PLAIN_HEADING = re.compile(r"(?:[^\W_]|[ \t])*")


class _HeadingText:
    """Plain text of a heading as toc sees it: Markdown rendered, tags stripped, unescaped.

    Without ``extensions`` the heading is rendered by plain Python-Markdown with ``$math$`` kept
    as written. Extensions that change what a heading's text becomes (the site's math, say) must
    be passed for the anchors to equal toc's; wikilinks are replaced by their text beforehand.
    """

    def __init__(self, extensions: list | None = None, configs: dict | None = None) -> None:
        self._exact = bool(extensions)
        self._extensions = list(extensions or [])
        self._configs = configs or {}
        self._made: markdown.Markdown | None = None

    @property
    def _md(self) -> markdown.Markdown:
        # Made on first use: a build whose notes all come from the cache never needs it.
        if self._made is None:
            self._made = markdown.Markdown(
                extensions=self._extensions, extension_configs=self._configs
            )
        return self._made

    def signature(self) -> str:
        """What decides the headings' text: the extensions (by class or name) and settings."""
        names = [
            e if isinstance(e, str) else f"{type(e).__module__}.{type(e).__qualname__}"
            for e in self._extensions
        ]
        configs = [e.getConfigs() for e in self._extensions if isinstance(e, markdown.Extension)]
        return json.dumps([names, configs, self._configs], sort_keys=True, default=repr)

    def __call__(self, text: str) -> str:
        text = WIKILINK.sub(lambda m: wikilink_label(m.group(2)), text)
        if _PLAIN_HEADING.fullmatch(text):  # letters, digits, spaces: no syntax to render
            return " ".join(text.split())
        if not self._exact and not re.search(r"[\\`*_\[\]<>&$]", text):
            return " ".join(text.split())
        maths: list[str] = []

        def keep(math: str) -> str:
            maths.append(math)
            return f"RECTIFIEDMATH{len(maths) - 1}X"

        source = text if self._exact else _replace_math(text, keep)
        rendered = self._md.reset().convert("# " + source)
        inner = rendered[rendered.find(">") + 1 : rendered.rfind("<")]
        plain = html.unescape(strip_tags(inner))
        return re.sub(r"RECTIFIEDMATH(\d+)X", lambda m: maths[int(m.group(1))], plain)


def _replace_math(text: str, replace) -> str:
    """``text`` with each math span replaced by ``replace(span_text)``."""
    out, pos = [], 0
    for span in parse(text, front_matter=False).of(MATH):
        out += [text[pos : span.start], replace(text[span.start : span.end])]
        pos = span.end
    return "".join(out) + text[pos:]


def _heading(level: int, content: str, line: int) -> tuple[int, str, str | None, int]:
    """(level, text, explicit id from an attribute list, line)."""
    attrs = _ATTR_LIST.search(content)
    if not attrs:
        return level, content, None, line
    found = _ATTR_ID.search(attrs.group(1))
    return level, content[: attrs.start()].strip(), found.group(1) if found else None, line


def _parse_note(rel_path: str, text: str, plain: _HeadingText, shown: str) -> Note:
    """Index one note; errors name it as ``shown`` (``docs/Note.md``)."""
    src = parse(text)
    meta, _ = front_matter(src, shown)
    if src.problems:
        line, message = src.problems[0]
        raise NoteError(message, path=shown, line=line)
    visible = src.masked([COMMENT])
    in_math = lines_in_display_math(src)
    raw_headings: list[tuple[int, str, str | None, int]] = []
    heading_lines: set[int] = set()
    first_line: tuple[str, int] | None = None  # a block's first line, maybe a setext heading
    blank_before = True
    for row in src.body_lines():
        number = row.number
        line = src.content(row, visible)
        code = row.code or number in in_math
        if code or not line.strip():
            blank_before, first_line = not code, None
            continue
        atx = _ATX.match(line)
        if atx or (first_line and _SETEXT.match(line)):
            if atx:
                level, content = len(atx.group(1)), _ATX_TRAIL.match(atx.group(2) or "").group(1)
            else:
                level, content = (1 if line.lstrip()[0] == "=" else 2), first_line[0]
                number = first_line[1]
            raw_headings.append(_heading(level, content.strip(), number))
            heading_lines.add(row.number)
            blank_before, first_line = False, None
            continue
        first_line = (line, number) if blank_before else None
        blank_before = False
    block_ids: dict[str, int] = {}
    for span in src.of(BLOCK_ID):
        if span.line in heading_lines:
            continue
        if span.data in block_ids:
            raise NoteError(
                f"duplicate block id ^{span.data} (first on line {block_ids[span.data]})",
                path=shown,
                line=span.line,
            )
        block_ids[span.data] = span.line
    # Anchors exactly as toc assigns them: explicit ids and block ids are taken first.
    used = {h[2] for h in raw_headings if h[2]} | {"^" + b for b in block_ids}
    headings: list[Heading] = []
    keys: list[str] = []
    for level, content, explicit, number in raw_headings:
        base = slugify(plain(content))
        anchor = explicit or unique(base, used)
        headings.append(Heading(level, content, anchor, number))
        keys.append(base)
    name = posixpath.basename(rel_path)[:-3]
    title = meta.get("title")
    raw_links, inline_tags = _links_and_tags(src)
    raw_links = _property_links(src, meta) + raw_links
    sentences = []
    for _target, _line, offset, snippet, embed in raw_links:
        sentence = link_sentence(text, offset, snippet)
        sentences.append((sentence, embed and sentence == plain_sentence(snippet)))
    return Note(
        raw_links=raw_links,
        inline_tags=inline_tags,
        link_sentences=sentences,
        math=_formulas(src),
        rel_path=rel_path,
        name=name,
        title=str(title) if title not in (None, "") else name,
        aliases=_strings(meta.get("aliases", meta.get("alias"))),
        tags=[t.lstrip("#") for t in _strings(meta.get("tags"), split=True)],
        url=url_slug(rel_path),
        headings=headings,
        block_ids=block_ids,
        text=text,
        meta=meta,
        _heading_keys=keys,
    )


_QUOTE_MARKS = re.compile(r"\n(?:[ ]{0,3}>[ ]?)+")


def _formulas(src: Source) -> list[tuple[str, bool]]:
    """(TeX, display) of each formula, as the renderer gets it (for typesetting ahead)."""
    out = []
    for span in src.of(MATH):
        display = span.data == "display"
        inner = src.text[span.start + (2 if display else 1) : span.end - (2 if display else 1)]
        if span.end_line > span.line and src.lines[span.line - 1].quote:
            inner = _QUOTE_MARKS.sub("\n", inner)
        out.append((inner.strip(), display))
    return out


def _cached_note(
    rel_path: str, text: str, plain: _HeadingText, docs_name: str, signature: str
) -> Note:
    """:func:`_parse_note`, through the persistent build cache (a note that fails is not kept)."""
    shown = f"{docs_name}/{rel_path}"
    store = cache.current()
    if store is None:
        return _parse_note(rel_path, text, plain, shown)
    key = _note_key(rel_path, text, docs_name, signature)
    found = store.get("notes", key)
    if isinstance(found, Note) and found.text == text and found.rel_path == rel_path:
        return found
    note = _parse_note(rel_path, text, plain, shown)
    store.put("notes", key, note)
    return note


def _note_key(rel_path: str, text: str, docs_name: str, signature: str) -> str:
    return cache.digest("note", rel_path, f"{docs_name}/{rel_path}", text, signature)


# A Markdown link's destination: <with spaces> or without; the title after it is ignored.
_MD_LINK = re.compile(r"(!?)\[(?:[^\]\\]|\\.)*\]\(\s*(<[^>\n]*>|[^)\s]*)[^)\n]*\)")
_SCHEME = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")
TAG_BODY = r"[\w-]+(?:/[\w-]+)*"
_TAG = re.compile(rf"(?<!\S)#({TAG_BODY})")
_TAG_ATTR_LIST = re.compile(r"\{:?[^{}\n]*\}")


def _links_and_tags(src: Source) -> tuple[list[tuple[str, int, int, str, bool]], list[str]]:
    """Links (wikilinks, embeds, Markdown links to local files) and #tags of one note's body."""
    visible = src.masked(CODE_KINDS | {COMMENT, MATH, FRONT_MATTER})
    links = []
    for m in WIKILINK.finditer(visible):
        target = re.split(r"\\?\|", m.group(2), maxsplit=1)[0]
        links.append((target, src.line_at(m.start()), m.start(), m.group(0), bool(m.group(1))))
    for m in _MD_LINK.finditer(visible):
        href = m.group(2).strip("<>")
        if not href or href.startswith(("#", "?")) or _SCHEME.match(href):
            continue
        path, _, fragment = href.partition("#")
        target = unquote(path) + ("#" + unquote(fragment) if fragment else "")
        links.append((target, src.line_at(m.start()), m.start(), m.group(0), bool(m.group(1))))
    links.sort(key=lambda link: link[2])
    # Tags: not in links (``[[Note#Heading]]``), URLs or attribute lists (``{: #id }``).
    bare = _TAG_ATTR_LIST.sub(_blank, _MD_LINK.sub(_blank, WIKILINK.sub(_blank, visible)))
    tags = [t for t in _TAG.findall(bare) if not re.fullmatch(r"[\d/]+", t)]
    return links, list(dict.fromkeys(tags))


def _property_links(src: Source, meta: dict) -> list[tuple[str, int, int, str, bool]]:
    """Links in properties (``related: "[[Note]]"``, in a list too): Obsidian counts them.

    A wikilink counts where YAML reads it inside a text value (quoted, as Obsidian writes it);
    ``key: [[Note]]`` unquoted is a list in a list to YAML, and no link to Obsidian either.
    """
    span = src.front_matter
    if span is None or not meta:
        return []
    links = []
    keys = list(_PROPERTY_KEY.finditer(src.text, span.start, span.end))
    for key, after in zip(keys, [*keys[1:], None], strict=True):
        values = "\n".join(_texts_in(meta.get(key.group(1).strip().strip("'\""))))
        stop = after.start() if after else span.end
        for m in WIKILINK.finditer(src.text, key.end(), stop):
            if not m.group(1) and m.group(0) in values:
                target = re.split(r"\\?\|", m.group(2), maxsplit=1)[0]
                links.append((target, src.line_at(m.start()), m.start(), m.group(0), False))
    return links


_PROPERTY_KEY = re.compile(r"(?m)^([^\s#:-][^:\n]*):(?=\s|$)")


def _texts_in(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts_in(item)


def _blank(m: re.Match[str]) -> str:
    text = m.group(0)
    if "\n" not in text:  # the common case, without a regex per match
        return " " * len(text)
    return re.sub(r"[^\n]", " ", text)


def _skipped(rel_path: str) -> bool:
    parts = rel_path.split("/")
    return parts[0] == "figures" or any(p.startswith(".") for p in parts)


# --- The vault ------------------------------------------------------------------------------


def _quoted(paths: Iterable[str]) -> str:
    return ", ".join(f"'{p}'" for p in sorted(paths))


class Vault:
    """All notes (and other files) of the docs folder; build once, resolve many links."""

    def __init__(
        self, notes: Iterable[Note], attachments: Iterable[str] = (), docs_name: str = "docs"
    ) -> None:
        self.docs_name = docs_name
        # Whether the build cache held the last note's entry when this index was made
        # (``from_texts(ahead=True)``): then no helper process is worth its fork.
        self.warm = False
        self.notes: dict[str, Note] = {n.rel_path: n for n in sorted(notes, key=_sort_key)}
        self.attachments: list[str] = sorted(attachments)
        self._by_path: dict[str, list[str]] = {}
        self._by_name: dict[str, list[str]] = {}
        self._by_alias: dict[str, list[str]] = {}
        self._links: list[Link] | None = None
        self._wanted: list[Wanted] | None = None
        self._links_to: dict[str, list[Link]] | None = None
        self._sentences: dict[tuple[str, int, str], str] | None = None
        self._resolved: dict[tuple[str, str | None], Resolution] = {}
        urls: set[str] = set()
        for note in self.notes.values():
            note.url = _unique_url(note.url, urls)
            self._by_path.setdefault(note.rel_path[:-3].lower(), []).append(note.rel_path)
            self._by_name.setdefault(note.name.lower(), []).append(note.rel_path)
            for alias in note.aliases:
                self._by_alias.setdefault(alias.lower(), []).append(note.rel_path)
        for path in self.attachments:
            self._by_path.setdefault(path.lower(), []).append(path)
            self._by_name.setdefault(posixpath.basename(path).lower(), []).append(path)

    @classmethod
    def from_texts(
        cls,
        texts: Mapping[str, str],
        docs_name: str = "docs",
        *,
        heading_extensions: list | None = None,
        heading_extension_configs: dict | None = None,
        problems: list[NoteError] | None = None,
        ahead: bool = False,
    ) -> Vault:
        """A vault from ``{rel_path: text}``; paths not ending in ``.md`` are attachments.

        ``heading_extensions`` (and their configs): the site's Markdown extensions that change
        the text of a heading (math, say), so that heading anchors equal toc's.
        ``problems``: a list to which a note that cannot be read (bad front matter, a block id
        twice) adds its error, the note left out; without it, the first such error is raised.
        ``ahead``: a forked helper may parse notes from the last one backwards into the build
        cache, where this process finds them (:mod:`rectified.prerender`; not while serving),
        unless the cache holds the last note already (the index's ``warm`` then says so).
        """
        plain = _HeadingText(heading_extensions, heading_extension_configs)
        signature = plain.signature()
        notes, files = [], []
        items = [(Path(rel).as_posix(), text) for rel, text in texts.items()]
        items = [(rel, text) for rel, text in items if not _skipped(rel)]
        helper, warm = None, False
        if ahead:
            from rectified import prerender

            todo = [item for item in items if item[0].lower().endswith(".md")]
            store = cache.current()
            if todo and store is not None:  # the helper would start with the last note
                key = _note_key(todo[-1][0], todo[-1][1], docs_name, signature)
                warm = store.get("notes", key) is not None
            if not warm and prerender.reason_not_to(len(todo), serving=False) is None:
                helper = prerender.start(
                    todo,
                    lambda item: _cached_note(item[0], item[1], plain, docs_name, signature),
                    lambda item: [],
                    lambda item: item[0],
                )
        try:
            for rel_path, text in items:
                if rel_path.lower().endswith(".md"):
                    if helper is not None:
                        helper.at(rel_path)
                    try:
                        notes.append(_cached_note(rel_path, text, plain, docs_name, signature))
                    except NoteError as exc:
                        if problems is None:
                            raise
                        problems.append(exc)
                else:
                    files.append(rel_path)
        finally:
            if helper is not None:
                helper.stop()
        vault = cls(notes, files, docs_name)
        vault.warm = warm
        return vault

    @classmethod
    def from_dir(
        cls,
        docs_dir: str | Path,
        *,
        heading_extensions: list | None = None,
        heading_extension_configs: dict | None = None,
        problems: list[NoteError] | None = None,
        ahead: bool = False,
    ) -> Vault:
        """Read every note under ``docs_dir`` (hidden folders and ``figures/`` skipped)."""
        root = Path(docs_dir)
        texts: dict[str, str] = {}
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root).as_posix()
            if not path.is_file() or _skipped(rel):
                continue
            is_note = rel.lower().endswith(".md")
            texts[rel] = path.read_text(encoding="utf-8") if is_note else ""
        return cls.from_texts(
            texts,
            root.name,
            heading_extensions=heading_extensions,
            heading_extension_configs=heading_extension_configs,
            problems=problems,
            ahead=ahead,
        )

    # -- links between notes (from the source; every builder renders the same) --

    def links(self) -> list[Link]:
        """Every link from one note to another (generated pages' links left out), in order."""
        if self._links is None:
            self._index_links()
        return self._links

    def wanted(self) -> list[Wanted]:
        """Every link to a note that does not exist yet."""
        if self._wanted is None:
            self._index_links()
        return self._wanted

    def links_to(self, rel_path: str) -> list[Link]:
        """The links that point to ``rel_path`` (from other notes)."""
        if self._links_to is None:
            index: dict[str, list[Link]] = {}
            for link in self.links():
                index.setdefault(link.target, []).append(link)
            self._links_to = index
        return self._links_to.get(rel_path, [])

    def sentence_at(self, source: str, line: int, target: str) -> str | None:
        """The indexed sentence of the link from ``source`` at ``line`` to ``target``, if any."""
        if self._sentences is None:
            self._sentences = {(k.source, k.line, k.target): k.sentence for k in self.links()}
        return self._sentences.get((source, line, target))

    def tags(self) -> dict[str, set[str]]:
        """Tag -> vault paths of the notes with it (front matter and #tags in the text)."""
        out: dict[str, set[str]] = {}
        for note in self.content_notes():
            for tag in [*note.tags, *note.inline_tags]:
                out.setdefault(tag, set()).add(note.rel_path)
        return out

    def content_notes(self) -> list[Note]:
        """The notes, without the stubs of generated pages."""
        return [n for n in self.notes.values() if n.generated is None]

    def _index_links(self) -> None:
        links: list[Link] = []
        wanted: list[Wanted] = []
        for note in self.content_notes():
            sentences = note.link_sentences
            for k, (target, line, offset, snippet, embed) in enumerate(note.raw_links):
                written = target.split("#", 1)[0].strip()
                if _FILE_SUFFIX.search(written) and not written.lower().endswith(".md"):
                    continue  # an attachment (image, PDF...): not a link between notes
                try:
                    res = self.resolve(target, note.rel_path)
                except NoteError:
                    continue  # reported with file and line when the page is rendered
                if res.wanted:
                    wanted.append(Wanted(res.target, note.rel_path, line))
                elif res.note is not None and res.note.rel_path != note.rel_path:
                    if k < len(sentences):
                        sentence, alone = sentences[k]
                    else:  # a note made without _parse_note
                        sentence = link_sentence(note.text, offset, snippet)
                        alone = embed and sentence == plain_sentence(snippet)
                    if alone:  # an embed on its own
                        sentence = embed_label(target, res.note)  # its caption, not its ^id
                    links.append(Link(note.rel_path, res.note.rel_path, res.anchor, line, sentence))
        self._links, self._wanted = links, wanted

    # -- lookups --

    def note(self, rel_path: str) -> Note | None:
        return self.notes.get(rel_path)

    def rel_path_of(self, page_path: str) -> str:
        """``docs/Folder/Note.md`` (a page path as MkDocs shows it) -> ``Folder/Note.md``."""
        path = Path(page_path).as_posix()
        prefix = self.docs_name + "/"
        if path.startswith(prefix):
            return path[len(prefix) :]
        marker = "/" + prefix
        return path.split(marker, 1)[1] if marker in path else path

    def resolve(self, target: str, source_rel_path: str | None) -> Resolution:
        """Resolve a link target (``Note#Heading``, ``Folder/Note.md``, ``#^id``...).

        Returns a wanted :class:`Resolution` for a missing note; raises :class:`NoteError`
        (without location: the caller adds it) for an ambiguous target or a missing anchor.
        Answers are kept (a vault is not changed once built): the index, the page cache and
        the page itself each resolve every link of a note.
        """
        key = (target, source_rel_path)
        found = self._resolved.get(key)
        if found is None:
            found = self._resolved[key] = self._resolve(target, source_rel_path)
        return found

    def _resolve(self, target: str, source_rel_path: str | None) -> Resolution:
        written, _, fragment = target.strip().partition("#")
        written = written.strip()
        if written.lower().endswith(".md"):
            written = written[:-3]
        if not written:
            note = self.notes.get(source_rel_path or "")
            if note is None:
                raise NoteError(f"same-page link '{target.strip()}' outside a vault note")
            return Resolution("", note, self._anchor(note, fragment) if fragment else None)
        found = self._find(written, source_rel_path, target.strip())
        if found is None and "%" in written and unquote(written) != written:
            # ``[[My%20Note]]``: a name percent-encoded as in a Markdown link (Obsidian finds it).
            written, fragment = unquote(written), unquote(fragment)
            found = self._find(written, source_rel_path, target.strip())
        if found is None:
            return Resolution(written)
        note = self.notes.get(found)
        if note is None:
            return Resolution(written, attachment=found)
        return Resolution(written, note, self._anchor(note, fragment) if fragment else None)

    def _find(self, written: str, source: str | None, target: str) -> str | None:
        if "/" in written:
            candidates = []
            if not written.startswith(("./", "../")):
                candidates.append(posixpath.normpath(written.lstrip("/")))
            if source is not None and not written.startswith("/"):
                here = posixpath.join(posixpath.dirname(source), written)
                candidates.append(posixpath.normpath(here))
            matches: list[str] = []
            for candidate in candidates:
                for path in self._by_path.get(candidate.lower(), []):
                    if path not in matches:
                        matches.append(path)
            if not matches:
                matches = self._by_alias.get(written.lower(), [])
        else:
            matches = self._by_name.get(written.lower()) or self._by_alias.get(written.lower(), [])
        if len(matches) > 1:
            raise NoteError(
                f"ambiguous link '{target}': it matches {_quoted(matches)}; "
                "write the folder too, e.g. 'Folder/Note'"
            )
        return matches[0] if matches else None

    def _anchor(self, note: Note, fragment: str) -> str | None:
        chain = [p.strip() for p in fragment.split("#") if p.strip()]
        if not chain:
            return None
        if chain[-1].startswith("^"):
            key = chain[-1][1:]
            found = key if key in note.block_ids else None
            if found is None:
                found = next((b for b in note.block_ids if b.lower() == key.lower()), None)
            if found is None:
                hint = _hint(key, note.block_ids)
                raise NoteError(f"'{note.rel_path}' has no block ^{key}{hint}")
            return "^" + found
        index = _find_chain(note, chain, 0, len(note.headings))
        if index is None:
            hint = _hint(chain[-1], [h.text for h in note.headings])
            raise NoteError(f"'{note.rel_path}' has no heading '{' > '.join(chain)}'{hint}")
        return note.headings[index].anchor


_FILE_SUFFIX = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,4}$")


def _sort_key(note: Note) -> tuple[int, str]:
    return (note.rel_path.count("/"), note.rel_path)


def _unique_url(url: str, taken: set[str]) -> str:
    candidate, n = url, 1
    while candidate in taken:
        n += 1
        candidate = f"{url.rstrip('/')}-{n}/" if url else f"index-{n}/"
    taken.add(candidate)
    return candidate


def _matches(note: Note, index: int, wanted: str) -> bool:
    text = note.headings[index].text
    return text.casefold() == wanted.casefold() or note._heading_keys[index] == slugify(wanted)


def _find_chain(note: Note, chain: list[str], start: int, stop: int) -> int | None:
    """Index of heading ``chain[-1]``, nested under ``chain[:-1]``, in headings[start:stop]."""
    for i in range(start, stop):
        if not _matches(note, i, chain[0]):
            continue
        if len(chain) == 1:
            return i
        level = note.headings[i].level
        end = next((j for j in range(i + 1, stop) if note.headings[j].level <= level), stop)
        found = _find_chain(note, chain[1:], i + 1, end)
        if found is not None:
            return found
    return None


def _hint(wanted: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(wanted, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
