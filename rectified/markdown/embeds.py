"""Obsidian note embeds: ``![[Note]]``, ``![[Note#Heading]]``, ``![[Note#^blockid]]``.

What is shown, as in Obsidian (https://help.obsidian.md/Linking+notes+and+files/Embed+files):

* ``![[Note]]``: the whole note without its front matter;
* ``![[Note#Heading]]`` (or ``#A#B``): the heading and everything under it, up to the next
  heading of the same or a higher level;
* ``![[Note#^id]]``: the block that carries ``^id`` (from the vault's block-id line): the
  paragraph, the list item with its sub-items, the whole quote or callout around the line, or,
  for an id alone on its line, the block just above it;
* ``![[Note|Label]]``: the same, titled ``Label``.

Rendering: the content is converted on its own and put in a box that links to its source::

    <div class="embed" data-embed-src="Folder/Note.md">
      <p class="embed-title"><a href="/Folder/Note.md#anchor">Note › Heading</a></p>
      …the embedded content…
    </div>

A paragraph holding nothing but embeds becomes the boxes (there is no ``<p>`` around a
``<div>``; text beside an embed stays in paragraphs before and after it). A note that does not
exist yet gives ``<div class="embed wanted">`` with a wanted link, as ``[[...]]`` does; a
missing heading or block, an ambiguous name or an embed cycle (``A → B → A``) is a
:class:`~rectified.errors.NoteError` naming the embedding note and line (for a cycle, the embed
in the page being built where the chain starts). Embedding one note twice on a page is fine.
Other files that are neither notes nor images give a box with a download link to the file (a
NoteError if the vault has no such file); images are :mod:`rectified.markdown.figures`'
business, audio, video, PDF and canvas files :mod:`rectified.markdown.media`'s (when that
extension is not loaded, they get the box with a plain link), and
``.base`` files are left alone (Bases).

How the embedded Markdown is converted. ``new_markdown`` (a constructor argument, like the vault:
objects are not config options) returns a fresh ``markdown.Markdown`` set up as the site's pages
are; the plugin builds one from ``mkdocs.yml`` with new extension objects, so that math,
callouts, wikilinks, tags and further embeds work inside, while what the embedded text contains
is not recorded a second time under the host page (the embedded note's own page records it).
Without ``new_markdown`` embeds are converted by plain Python-Markdown plus this extension.
Re-using the page's ``md.registeredExtensions`` would not do: only some extensions register
there, and those that keep their ``Markdown`` (figures, toc, footnotes) would be re-bound to the
inner one in the middle of the page. While the inner conversion runs, the current page (see
:mod:`rectified.context`) is the embedded note, at the line the excerpt starts, so links resolve
from that note and errors in it name its own file and line.

The converted HTML is stashed in the host page, so the host's ``toc`` never sees the embedded
headings. Every id inside the box gets the prefix ``embed<N>-`` (N counts the embeds of the
page, nested ones too) and ``#id`` links inside follow it; a ``#anchor`` that is not inside the
box points at the embedded note (``/Note.md#anchor``). MkDocs' link rewriting and anchor
collection of the host page are run on the embedded tree too, so links from inside the box are
made relative to the host page and checked by ``mkdocs build --strict``.

Priorities: the embed pattern is 188 (after code spans, 190, so ``![[x]]`` in code is text;
before image embeds, 187, whose targets it leaves alone); paragraphs are unwrapped at 18, after
inline processing; ids are prefixed at 3 (after toc, 5), before MkDocs' anchors (2 here) and
relative links (0).
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import markdown
from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from rectified import context
from rectified.errors import NoteError
from rectified.markdown.media import kind_of
from rectified.markdown.vaultpage import VaultPage
from rectified.markdown.wikilinks import WANTED_TITLE, WikilinkExtension
from rectified.site import IMAGE_SUFFIXES
from rectified.source import block_id_alone, parse
from rectified.vault import Note, Resolution, Vault, embed_label, slugify

__all__ = ["EMBED_RE", "EmbedExtension", "makeExtension"]

EMBED_RE = r"!\[\[([^\[\]\n]+?)\]\]"
_FILE_SUFFIX = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,4}$")
_QUOTED = re.compile(r"^\s{0,3}>")
_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s")
_ATX = re.compile(r"^\s{0,3}#{1,6}(?:[ \t]|$)")
# The builders' per-page link processors (not extensions), run on the embedded tree too: MkDocs'
# anchors and relative links, Zensical's relative links (its previews look for them).
_MKDOCS = (("mkdocs_extract_anchors", 2), ("relpath", 0), ("zrelpath", 0))


class _CycleError(NoteError):
    """An embed of a note that is being embedded already (reported by the outermost embed)."""


@dataclass
class _State:
    """One page's embeds: the chain of (note, anchor) being embedded, and a counter for ids."""

    chain: tuple[tuple[tuple[str, str | None], str], ...] = ()  # ((rel path, anchor), label)
    counter: list[int] = field(default_factory=lambda: [0])
    prefix: str = ""  # "" for the page itself
    source_href: str = ""  # where "#anchor" links inside the box point


# --- what is embedded ---------------------------------------------------------------------


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _block(lines: list[str], i: int) -> tuple[int, int, int]:
    """(first, last, dedent) of the block with a block id on line index ``i``."""
    if block_id_alone(lines[i]):  # an id on its own line names the block above
        last = i - 1
        while last >= 0 and not lines[last].strip():
            last -= 1
        first = last
        while first > 0 and lines[first - 1].strip() and not _ATX.match(lines[first - 1]):
            first -= 1
        return (first, last, 0) if last >= 0 else (i, i, 0)
    if _QUOTED.match(lines[i]):  # a quote or callout: all of it
        first, last = i, i
        while first > 0 and _QUOTED.match(lines[first - 1]):
            first -= 1
        while last + 1 < len(lines) and _QUOTED.match(lines[last + 1]):
            last += 1
        return first, last, 0
    first = i
    while (
        first > 0
        and not _ITEM.match(lines[first])
        and lines[first - 1].strip()
        and not _ATX.match(lines[first - 1])
    ):
        first -= 1
    item = _ITEM.match(lines[first])
    if not item:
        return first, i, 0
    indent, last = _indent(lines[first]), i  # the item and its sub-items
    while last + 1 < len(lines) and lines[last + 1].strip() and _indent(lines[last + 1]) > indent:
        last += 1
    return first, last, indent


def excerpt(note: Note, anchor: str | None) -> tuple[str, int]:
    """(Markdown embedded by ``![[note#anchor]]``, its first line number in the file)."""
    lines = note.text.split("\n")
    if anchor is None:
        start = parse(note.text).body_line - 1
        return "\n".join(lines[start:]).rstrip("\n"), start + 1
    if anchor.startswith("^"):
        first, last, dedent = _block(lines, note.block_ids[anchor[1:]] - 1)
        chosen = [line[dedent:] if line[:dedent].isspace() else line for line in lines[first:]]
        return "\n".join(chosen[: last - first + 1]), first + 1
    index = next(i for i, h in enumerate(note.headings) if h.anchor == anchor)
    heading = note.headings[index]
    later = (h.line for h in note.headings[index + 1 :] if h.level <= heading.level)
    end = next(later, len(lines) + 1)
    return "\n".join(lines[heading.line - 1 : end - 1]).rstrip("\n"), heading.line


def _label(target: str) -> str:
    parts = [p.strip() for p in target.split("#")]
    if parts[0].lower().endswith(".md"):
        parts[0] = parts[0][:-3]
    return " › ".join(p for p in parts if p)


# --- processors ---------------------------------------------------------------------------


class _EmbedProcessor(InlineProcessor):
    def __init__(self, md: Markdown, ext: EmbedExtension) -> None:
        super().__init__(EMBED_RE, md)
        self.ext = ext
        self.inherited: _State | None = None  # set by the embedding conversion
        self.state = _State()

    def handleMatch(
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        inner = m.group(1)
        target, _, alias = re.sub(r"\\\|", "|", inner).partition("|")
        target = target.strip()
        written = target.split("#", 1)[0].strip()
        if written.lower().endswith(IMAGE_SUFFIXES):
            return None, None, None  # an image: rectified.markdown.figures
        if written.lower().endswith(".base"):
            return None, None, None  # a Base: another extension's
        snippet = m.group(0)
        label = alias.strip() or _label(target)
        if _FILE_SUFFIX.search(written) and not written.lower().endswith(".md"):
            file = self._file(written, label, snippet)
            if file is not None:
                return file, m.start(0), m.end(0)
        res, href = self._resolve(target, snippet)
        box = etree.Element("div", {"class": "embed"})
        title = etree.SubElement(box, "p", {"class": "embed-title"})
        link = etree.SubElement(title, "a", {"href": href})
        link.text = AtomicString(label)
        if res.note is None:
            box.set("class", "embed wanted")
            link.set("class", "wikilink wanted")
            link.set("title", WANTED_TITLE)
            return box, m.start(0), m.end(0)
        box.set("data-embed-src", res.note.rel_path)
        if not alias.strip():  # a block is captioned by the heading above it, not its ^id
            link.text = AtomicString(embed_label(target, res.note))
        fragment = target.partition("#")[2]
        html = self._render(res, _label(f"{res.note.name}#{fragment}"), snippet)
        title.tail = AtomicString(self.md.htmlStash.store(html))
        return box, m.start(0), m.end(0)

    # -- resolution --

    def _fail(self, message: str, snippet: str) -> NoteError:
        if context.current_page(self.md) is not None:
            return context.error(message, snippet, self.md)
        return NoteError(message, path=self.ext.source_in(self.md))

    def _resolve(self, target: str, snippet: str) -> tuple[Resolution, str]:
        """Through the page's wikilinks (which record wanted notes and links), else the vault."""
        links = next(
            (e for e in self.md.registeredExtensions if isinstance(e, WikilinkExtension)), None
        )
        if links is not None:
            return links.resolve(target, snippet)
        try:
            res = self.ext.vault_in(self.md).resolve(target, self.ext.source_in(self.md))
        except NoteError as exc:
            raise self._fail(exc.message, snippet) from None
        if res.wanted:
            page = quote(self.ext.getConfig("wanted_page"))
            return res, f"/{page}#{slugify(res.target)}"
        return res, "/" + quote(res.path or "") + (f"#{res.anchor}" if res.anchor else "")

    def _file(self, written: str, label: str, snippet: str) -> etree.Element | None:
        """The box of an attachment (None: ``written`` is a note whose name has a dot)."""
        try:
            res = self.ext.vault_in(self.md).resolve(written, self.ext.source_in(self.md))
        except NoteError as exc:
            raise self._fail(exc.message, snippet) from None
        if res.note is not None:
            return None
        if res.attachment is None:
            raise self._fail(f"embedded file '{written}' does not exist in the vault", snippet)
        box = etree.Element("div", {"class": "embed embed-file", "data-embed-src": res.attachment})
        title = etree.SubElement(box, "p", {"class": "embed-title"})
        link = etree.SubElement(title, "a", {"href": "/" + quote(res.attachment)})
        link.text = AtomicString(label)
        if kind_of(res.attachment) is None:
            link.set("download", "")  # a file the browser cannot show: saved, not opened
        return box

    # -- the embedded conversion --

    def _render(self, res: Resolution, name: str, snippet: str) -> str:
        note = res.note
        assert note is not None
        key = (note.rel_path, res.anchor)
        chain = self.state.chain
        if any(k == key for k, _ in chain):
            message = "embed cycle: " + " → ".join([label for _, label in chain] + [name])
            raise _CycleError(message) if self.state.prefix else self._fail(message, snippet)
        self.state.counter[0] += 1
        inner = _State(
            chain=(*chain, (key, name)),
            counter=self.state.counter,
            prefix=f"embed{self.state.counter[0]}-",
            source_href="/" + quote(note.rel_path),
        )
        text, first_line = excerpt(note, res.anchor)
        converter = self.ext.inner_markdown(self.md, inner)
        outer = context.current_page(self.md)
        path = posixpath.join(self.ext.vault_in(self.md).docs_name, note.rel_path)
        page = context.Page(
            path=path,
            markdown=text,
            line_offset=first_line - 1,
            rel_path=note.rel_path,
            docs_dir=outer.docs_dir if outer else None,
            builder=outer.builder if outer else "",
            extensions=outer.extensions if outer else [],
            extension_configs=outer.extension_configs if outer else {},
        )
        context.set_inner_page(converter, page)
        try:
            return converter.convert(text)
        except _CycleError as exc:
            if self.state.prefix:
                raise  # reported by the outermost embed, in the page being built
            raise self._fail(exc.message, snippet) from None


class _Start(Preprocessor):
    """Each conversion starts with a fresh state (an embedded one with its parent's)."""

    def __init__(self, md: Markdown, processor: _EmbedProcessor) -> None:
        super().__init__(md)
        self.processor = processor

    def run(self, lines: list[str]) -> list[str]:
        proc = self.processor
        if proc.inherited is not None:
            proc.state = proc.inherited
        else:
            source = proc.ext.source_in(proc.md)
            note = proc.ext.vault_in(proc.md).note(source) if source else None
            chain = (((source, None), note.name),) if source and note else ()
            proc.state = _State(chain=chain)
        return lines


class _Unwrap(Treeprocessor):
    """A paragraph around embed boxes is split: the boxes stand between its parts."""

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for p in [c for c in parent if c.tag == "p" and any(_is_box(x) for x in c)]:
                self._split(parent, p)

    def _split(self, parent: etree.Element, p: etree.Element) -> None:
        pieces: list[etree.Element] = []
        current = etree.Element("p", dict(p.attrib))
        current.text = p.text
        for child in list(p):
            if not _is_box(child):
                current.append(child)
                continue
            _rstrip(current)
            pieces.append(current)
            pieces.append(child)
            current = etree.Element("p")
            current.text, child.tail = (child.tail or "").lstrip(), None
        pieces.append(current)
        kept = [e for e in pieces if _is_box(e) or len(e) or (e.text or "").strip()]
        if p.get("id") and kept and kept[0].get("id") != p.get("id"):
            kept[0].set("id", p.get("id"))  # a block id on the paragraph names the first part
        kept[-1].tail = p.tail
        index = list(parent).index(p)
        parent.remove(p)
        for offset, el in enumerate(kept):
            parent.insert(index + offset, el)


def _rstrip(p: etree.Element) -> None:
    if len(p):
        p[-1].tail = (p[-1].tail or "").rstrip()
    else:
        p.text = (p.text or "").rstrip()


def _is_box(el: etree.Element) -> bool:
    return el.tag == "div" and "embed" in (el.get("class") or "").split()


class _Isolate(Treeprocessor):
    """Inside a box: ids prefixed, ``#id`` links to them followed, other anchors to the note."""

    def __init__(self, md: Markdown, processor: _EmbedProcessor) -> None:
        super().__init__(md)
        self.processor = processor

    def run(self, root: etree.Element) -> None:
        state = self.processor.state
        if not state.prefix:
            return
        renamed: dict[str, str] = {}
        for el in root.iter():
            for attr in ("id", "name") if el.tag == "a" else ("id",):
                value = el.get(attr)
                if value:
                    renamed.setdefault(value, state.prefix + value)
                    el.set(attr, state.prefix + value)
        for a in root.iter("a"):
            href = a.get("href") or ""
            if href.startswith("#") and len(href) > 1:
                fragment = href[1:]
                new = "#" + renamed[fragment] if fragment in renamed else state.source_href + href
                a.set("href", new)
                if not new.startswith("#") and "wikilink" in (a.get("class") or "").split():
                    a.set("data-preview", "")  # now a link to the note, as other wikilinks


class EmbedExtension(VaultPage, Extension):
    """``![[Note]]``, ``![[Note#Heading]]``, ``![[Note#^id]]`` shown in the page, in a box."""

    def __init__(self, **kwargs: Any) -> None:
        # Objects, not config options: Python-Markdown would coerce them.
        self._vault: Vault | None = kwargs.pop("vault", None)
        self._new_markdown: Callable[[], Markdown] | None = kwargs.pop("new_markdown", None)
        self.config = {
            "source": ["", "Rel path of the note being converted (default: from the context)."],
            "wanted_page": ["wanted.md", "Page (from the docs root) that lists wanted notes."],
        }
        super().__init__(**kwargs)

    def inner_markdown(self, host: Markdown, state: _State) -> Markdown:
        """A new Markdown for embedded text, set up as the host page's (the builder's extensions
        and settings, and its MkDocs processors), that continues ``state``."""
        page = context.current_page(host)
        if self._new_markdown:
            md = self._new_markdown()
        elif page is not None and page.extensions:
            md = markdown.Markdown(
                extensions=page.extensions, extension_configs=page.extension_configs
            )
        else:
            md = markdown.Markdown()
        if "rectified_embed" not in md.inlinePatterns:
            self.extendMarkdown(md)
        md.inlinePatterns["rectified_embed"].inherited = state
        for name, priority in _MKDOCS:
            if name in host.treeprocessors and name not in md.treeprocessors:
                md.treeprocessors.register(host.treeprocessors[name], name, priority)
        return md

    def extendMarkdown(self, md: Markdown) -> None:
        context.install(md)
        processor = _EmbedProcessor(md, self)
        md.preprocessors.register(_Start(md, processor), "rectified_embed_start", 41)
        md.inlinePatterns.register(processor, "rectified_embed", 188)
        md.treeprocessors.register(_Unwrap(md), "rectified_embed_unwrap", 18)
        md.treeprocessors.register(_Isolate(md, processor), "rectified_embed_ids", 3)


def makeExtension(**kwargs: Any) -> EmbedExtension:
    return EmbedExtension(**kwargs)
