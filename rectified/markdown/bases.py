"""Embedded Obsidian Bases: ``![[Books.base]]`` (its first view), ``![[Books.base#View]]``.

Obsidian (https://help.obsidian.md/bases/views#Embed+a+view) shows an embedded ``.base`` file
as its first view, or the named one, evaluated live. The site evaluates it at build time from
the vault index (:mod:`rectified.bases`) and writes plain HTML, so no script is needed to read
it: a ``table`` view is a ``<table>`` (one ``<tbody>`` per group), ``cards`` a grid of cards
with the view's ``image`` on top, ``list`` a list. ``this`` is the note that embeds the base.

Cells show values as Obsidian does: ``file.name`` as a link to the file, links as links
(vault-absolute ``/Note.md#anchor`` hrefs, as :mod:`rectified.markdown.wikilinks` writes them,
so each builder makes its URLs; a note not written yet gets the wanted style, and a link to the
Wanted notes page when that page lists it), lists as lists, booleans as ticked or empty boxes,
numbers as JavaScript prints them, dates as ``YYYY-MM-DD``. A view without rows says so. The
header of the column the rows are sorted by says so (``aria-sort``, an arrow in the style); a
table's summaries are its last row.

Errors fail the build: a problem in the ``.base`` file (YAML, an unsupported function, setting
or view type) names that file and line; a base or view that does not exist names the embedding
note and line; so does a link in a property that points to a missing heading.

A base embedded by many notes is parsed once per content and each of its views evaluated once
per build (:mod:`rectified.bases.runs`, keyed on the file's content and the vault index; on the
embedding note too when the base names ``this``); each embed still renders its own HTML, since
links are written from the embedding note.

Priorities: the pattern runs at 189, after code spans (190: ``![[X.base]]`` in code stays
text) and before note embeds (188) and image embeds (187), and takes only ``.base`` targets;
paragraphs holding only a view are unwrapped at 17 (a ``<div>`` cannot sit in a ``<p>``).

Known limits: external images in cards are shown as links (the site loads nothing from
another host); summary formulas of one's own and map views are not supported (an error says
so); under Zensical's
``serve`` an edited note or ``.base`` file re-renders its own page, not the pages that embed
the base (MkDocs' ``serve`` rebuilds them all).
"""

from __future__ import annotations

import logging
import posixpath
import re
import xml.etree.ElementTree as etree
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from rectified import context
from rectified.bases import Base, BaseError, runs
from rectified.bases.query import Result, Row, canonical
from rectified.bases.values import Entry, FileValue, Link, date_text, number_text, show
from rectified.errors import NoteError
from rectified.markdown.vaultpage import source_of
from rectified.site import IMAGE_SUFFIXES, site_of
from rectified.vault import Vault, slugify

__all__ = ["BASE_EMBED_RE", "BasesExtension", "makeExtension"]

log = logging.getLogger(__name__)

BASE_EMBED_RE = r"!\[\[([^\[\]\n|#]+?\.base)\s*(?:#([^\[\]\n|]*))?(?:\|[^\[\]\n]*)?\]\]"
WANTED_TITLE = "Not written yet"
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")


class _Render:
    """One view rendered into elements, with what it needs to write links."""

    def __init__(self, ext: BasesExtension, md: Markdown, vault: Vault, source: str | None):
        self.ext, self.md, self.vault, self.source = ext, md, vault, source
        self._wanted = runs.per_vault(
            vault, "wanted slugs", lambda: {slugify(w.title) for w in vault.wanted()}
        )

    # -- links --

    def href(self, link: Link) -> tuple[str | None, bool, bool]:
        """(href or None, is wanted, is a note) of a link in a cell."""
        if link.external:
            return link.target, False, False
        try:
            res = self.vault.resolve(link.target, link.source or self.source)
        except NoteError as exc:
            where = link.source or self.source
            shown = posixpath.join(self.vault.docs_name, where) if where else None
            raise NoteError(f"in a property: {exc.message}", path=shown) from None
        if res.wanted:
            key = slugify(res.target)
            page = quote(self.ext.getConfig("wanted_page"))
            return (f"/{page}#{key}" if key in self._wanted else None), True, False
        if res.note is not None and res.note.rel_path == self.source and res.anchor:
            return "#" + res.anchor, False, True
        href = "/" + quote(res.path or "")
        return href + (f"#{res.anchor}" if res.anchor else ""), False, res.note is not None

    def link(self, parent: etree.Element, link: Link) -> None:
        href, wanted, note = self.href(link)
        if href is None:
            el = etree.SubElement(parent, "span", {"class": "wikilink wanted"})
        else:
            el = etree.SubElement(parent, "a", {"href": href})
            el.set("class", "wikilink wanted" if wanted else "wikilink")
            if note and not href.startswith("#"):
                el.set("data-preview", "")
        if wanted:
            el.set("title", WANTED_TITLE)
        el.text = AtomicString(link.text)

    def file_link(self, parent: etree.Element, file: FileValue) -> None:
        text = file.basename if file.ext == "md" else file.name
        self.link(parent, Link(file.path, text, None))

    # -- values --

    def value(self, parent: etree.Element, value: Any, prop: str, row: Row) -> None:
        if value is None or value == "" or value == []:
            return
        if prop == "file.name":
            self.file_link(parent, row.entry.file)
        elif isinstance(value, bool):
            box = etree.SubElement(parent, "input", {"type": "checkbox", "disabled": "disabled"})
            box.set("aria-label", "yes" if value else "no")
            if value:
                box.set("checked", "checked")
        elif isinstance(value, int | float):
            span = etree.SubElement(parent, "span", {"class": "bases-number"})
            span.text = AtomicString(number_text(value))
        elif hasattr(value, "isoformat") and not isinstance(value, str):
            el = etree.SubElement(parent, "time", {"datetime": value.isoformat()})
            el.text = AtomicString(date_text(value))
        elif isinstance(value, Link):
            self.link(parent, value)
        elif isinstance(value, Entry | FileValue):
            self.file_link(parent, value.file if isinstance(value, Entry) else value)
        elif isinstance(value, list):
            ul = etree.SubElement(parent, "ul", {"class": "bases-values"})
            for item in value:
                self.value(etree.SubElement(ul, "li"), item, "", row)
        else:
            span = etree.SubElement(parent, "span")
            span.text = AtomicString(show(value))

    def image(self, parent: etree.Element, value: Any) -> None:
        if isinstance(value, list):
            value = value[0] if value else None
        if value is None or value == "":
            return
        text = show(value).strip()
        if isinstance(value, str) and _HEX.match(text):
            style = f"background-color: {text}"
            etree.SubElement(parent, "div", {"class": "bases-card-cover", "style": style})
            return
        link = value if isinstance(value, Link) else Link(text, None, None)
        if link.external:
            log.warning("%s: external image %s shown as a link", self.source, link.target)
            self.link(etree.SubElement(parent, "p", {"class": "bases-card-cover"}), link)
            return
        href, wanted, _note = self.href(link)
        if wanted or href is None or not href.lower().endswith(IMAGE_SUFFIXES):
            raise BaseError(f"card image {text!r} is not an image file of the vault")
        cover = etree.SubElement(parent, "div", {"class": "bases-card-cover"})
        img = etree.SubElement(cover, "img", {"src": href, "alt": "", "loading": "lazy"})
        img.set("decoding", "async")

    # -- views --

    def view(self, base: Base, result: Result) -> etree.Element:
        view = result.view
        box = etree.Element("div", {"class": f"bases-view bases-{view.type}"})
        box.set("data-base", base.path)
        box.set("data-view", view.name)
        rows = result.rows
        title = etree.SubElement(box, "p", {"class": "bases-title"})
        name = etree.SubElement(title, "strong")
        name.text = AtomicString(view.name)
        name.tail = " "
        count = etree.SubElement(title, "span", {"class": "bases-count"})
        count.text = AtomicString(f"{len(rows)} result" + ("" if len(rows) == 1 else "s"))
        if not rows:
            empty = etree.SubElement(box, "p", {"class": "bases-empty"})
            empty.text = AtomicString("No results: no file matches this view's filters.")
            return box
        getattr(self, view.type)(box, result)
        return box

    def table(self, box: etree.Element, result: Result) -> None:
        table = etree.SubElement(box, "table")
        tr = etree.SubElement(etree.SubElement(table, "thead"), "tr")
        first_sort = result.view.sort[0] if result.view.sort else None
        for column in result.columns:
            th = etree.SubElement(tr, "th", {"scope": "col"})
            th.text = AtomicString(column.label)
            if first_sort and canonical(first_sort[0]) == canonical(column.id):
                th.set("aria-sort", "descending" if first_sort[1] else "ascending")
        grouped = result.view.group_by is not None
        for group in result.groups:
            body = etree.SubElement(table, "tbody")
            if grouped:
                head = etree.SubElement(body, "tr", {"class": "bases-group"})
                th = etree.SubElement(head, "th", {"colspan": str(len(result.columns))})
                th.set("scope", "rowgroup")
                self._group_label(th, group.key)
            for row in group.rows:
                tr = etree.SubElement(body, "tr")
                for column, value in zip(result.columns, row.values, strict=True):
                    self.value(etree.SubElement(tr, "td"), value, column.id, row)
        if result.summaries:
            tr = etree.SubElement(etree.SubElement(table, "tfoot"), "tr")
            for column in result.columns:
                td = etree.SubElement(tr, "td")
                if column.id not in result.summaries:
                    continue
                name, value = result.summaries[column.id]
                label = etree.SubElement(td, "span", {"class": "bases-summary"})
                label.text = AtomicString(name)
                label.tail = " "
                self.value(td, value, "", Row(Entry(FileValue(""), {}), []))

    def cards(self, box: etree.Element, result: Result) -> None:
        for group in result.groups:
            if result.view.group_by is not None:
                self._group_label(etree.SubElement(box, "p", {"class": "bases-group"}), group.key)
            grid = etree.SubElement(box, "div", {"class": "bases-cards"})
            for row in group.rows:
                card = etree.SubElement(grid, "div", {"class": "bases-card"})
                if result.view.image:
                    self.image(card, row.image)
                pairs = list(zip(result.columns, row.values, strict=True))
                for column, value in pairs:
                    if column.id == "file.name":
                        title = etree.SubElement(card, "p", {"class": "bases-card-title"})
                        self.value(title, value, column.id, row)
                props = [(c, v) for c, v in pairs if c.id != "file.name"]
                if props:
                    dl = etree.SubElement(card, "dl")
                    for column, value in props:
                        dt = etree.SubElement(dl, "dt")
                        dt.text = AtomicString(column.label)
                        self.value(etree.SubElement(dl, "dd"), value, column.id, row)

    def list(self, box: etree.Element, result: Result) -> None:
        for group in result.groups:
            if result.view.group_by is not None:
                self._group_label(etree.SubElement(box, "p", {"class": "bases-group"}), group.key)
            ul = etree.SubElement(box, "ul", {"class": "bases-list"})
            for row in group.rows:
                li = etree.SubElement(ul, "li")
                first = True
                for column, value in zip(result.columns, row.values, strict=True):
                    if value is None or value == "" or value == []:
                        continue
                    if not first:
                        sep = etree.SubElement(li, "span", {"class": "bases-sep"})
                        sep.text = AtomicString(" · ")
                    self.value(li, value, column.id, row)
                    first = False

    def _group_label(self, parent: etree.Element, key: Any) -> None:
        if key is None:
            parent.text = AtomicString("(none)")
        else:
            self.value(parent, key, "", Row(Entry(FileValue(""), {}), []))


class _BaseEmbed(InlineProcessor):
    def __init__(self, md: Markdown, ext: BasesExtension) -> None:
        super().__init__(BASE_EMBED_RE, md)
        self.ext = ext

    def handleMatch(
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        target, view_name = m.group(1).strip(), (m.group(2) or "").strip()
        snippet = m.group(0)
        vault, docs_dir = self.ext.vault_in(self.md)
        source = self.ext.source_in(self.md, vault)
        try:
            res = vault.resolve(target, source)
        except NoteError as exc:
            raise context.error(exc.message, snippet, self.md) from None
        if res.attachment is None:
            message = f"embedded base '{target}' does not exist in the vault"
            raise context.error(message, snippet, self.md)
        shown = posixpath.join(vault.docs_name, res.attachment)
        base = self.ext.base(res.attachment, docs_dir, shown)
        try:
            view = base.view(view_name or None)
        except KeyError as exc:
            raise context.error(exc.args[0], snippet, self.md) from None
        try:
            result = runs.evaluated(base, view, vault, source, docs_dir)
            el = _Render(self.ext, self.md, vault, source).view(base, result)
        except BaseError as exc:
            raise NoteError(exc.message, path=shown, line=exc.line) from None
        return el, m.start(0), m.end(0)


class _Unwrap(Treeprocessor):
    """A paragraph that holds only a view becomes the view."""

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for i, child in enumerate(list(parent)):
                if (
                    child.tag == "p"
                    and len(child) == 1
                    and "bases-view" in (child[0].get("class") or "").split()
                    and not (child.text or "").strip()
                    and not (child[0].tail or "").strip()
                ):
                    view = child[0]
                    view.tail = child.tail
                    parent.remove(child)
                    parent.insert(i, view)


class BasesExtension(Extension):
    """``![[X.base]]`` and ``![[X.base#View]]`` rendered from the vault index."""

    def __init__(self, **kwargs: Any) -> None:
        # Objects, not config options (Python-Markdown would coerce them).
        self._vault: Vault | None = kwargs.pop("vault", None)
        self._docs_dir: Path | None = kwargs.pop("docs_dir", None)
        self.config = {
            "source": ["", "Rel path of the note being converted (default: from the context)."],
            "wanted_page": ["wanted.md", "Page (from the docs root) that lists wanted notes."],
        }
        super().__init__(**kwargs)

    def vault_in(self, md: Markdown) -> tuple[Vault, Path | None]:
        if self._vault is not None:
            return self._vault, self._docs_dir
        site = site_of(md)
        if site is None:
            raise ValueError(
                "BasesExtension needs vault=Vault(...) and docs_dir=... when no builder "
                "(MkDocs or Zensical) converts the page"
            )
        return site.vault, site.docs_dir

    def source_in(self, md: Markdown, vault: Vault) -> str | None:
        return source_of(md, lambda: vault, self.getConfig("source"))

    def base(self, rel_path: str, docs_dir: Path | None, shown: str) -> Base:
        """The parsed ``.base`` file: read at each embed, parsed once per content (runs.py)."""
        if docs_dir is None:
            raise NoteError("cannot read a .base file without the docs folder", path=shown)
        try:
            return runs.parsed((Path(docs_dir) / rel_path).read_text(encoding="utf-8"), rel_path)
        except BaseError as exc:
            raise NoteError(exc.message, path=shown, line=exc.line) from None

    def extendMarkdown(self, md: Markdown) -> None:
        self.md = md
        context.install(md)
        md.registerExtension(self)
        md.inlinePatterns.register(_BaseEmbed(md, self), "rectified_base_embed", 189)
        md.treeprocessors.register(_Unwrap(md), "rectified_base_unwrap", 17)


def makeExtension(**kwargs: Any) -> BasesExtension:
    return BasesExtension(**kwargs)
