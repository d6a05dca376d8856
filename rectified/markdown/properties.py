"""Properties: a note's front matter shown at the top of its page, as Obsidian's properties view.

Obsidian (https://help.obsidian.md/Editing+and+formatting/Properties) shows a note's properties
above its text, one row each, by type: text, list, number, checkbox, date and date & time; a
``[[link]]`` in a text or list property is a link (and counts as one: the vault index records
it, so it shows in "Linked from", the graph and the wanted notes). This extension renders the
same, as a compact table after the note's first heading (or at the top when the note does not
start with one):

* text: as written, ``[[Note]]``, ``[[Note#Heading|alias]]``, ``[text](url)`` and bare
  ``https://`` addresses as links (a missing note links to the wanted notes, as in the text);
* list: one chip per item, each item rendered as text;
* number: as written by YAML (``0.5``, ``2``);
* checkbox (``true``/``false``): a checkbox, ticked or not, that cannot be changed;
* date (``2024-01-15``) and date & time (``2024-01-15T14:30``): ``15 January 2024`` and
  ``15 January 2024, 14:30``, in a ``<time datetime>``;
* a value left empty: an empty cell, as Obsidian shows an empty property.

Hidden: the keys the site uses for itself (``title``, ``aliases``, ``tags``, ``rectified``,
Material's ``hide``, ``search``, ``icon``, ``description``...; the ``hidden`` option). A link to
a heading or block its note lacks is a :class:`~rectified.errors.NoteError` naming the
front-matter line, as in the text.

The front matter comes from the vault index (:mod:`rectified.site`), because both builders
remove it before Python-Markdown sees the page. Known limits: Obsidian's per-vault property types
(``.obsidian/types.json``) are not read (a type is the value's own: a quoted ``"2024-01-15"`` is
a date too, as Obsidian guesses); a nested mapping, which Obsidian cannot edit, is shown as
``key: value`` text. Embedded conversions (``![[Note]]``) show no properties, as in Obsidian.

Priority: a treeprocessor at 6, after inline processing (20), before the builders' link
rewriting and MkDocs' link checks (0), so the links it writes (vault-absolute source paths)
become page URLs and are checked like any other.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from rectified import context
from rectified.errors import NoteError
from rectified.markdown.wikilinks import WANTED_TITLE
from rectified.site import site_of
from rectified.text import WIKILINK, wikilink_label
from rectified.vault import Vault, slugify

__all__ = ["HIDDEN", "PropertiesExtension", "makeExtension", "properties_table"]

HIDDEN = (
    "title",
    "aliases",
    "alias",
    "tags",
    "tag",
    "rectified",
    "hide",
    "search",
    "template",
    "icon",
    "description",
    "subtitle",
    "cssclasses",
    "cssclass",
    "publish",
    "permalink",
    "comments",
)

# A link in a text: [[wikilink]], [text](url) or a bare web address.
_LINKS = re.compile(
    WIKILINK.pattern + r"|\[([^\]\n]*)\]\(\s*<?([^)\s>]+)>?[^)\n]*\)|(https?://[^\s<>\"')\]]+)"
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?")

# (target as written, the link as written) -> (href, what it points to: note, wanted, file, here)
Resolver = Callable[[str, str], tuple[str, str]]


def properties_table(meta: dict, resolve: Resolver, hidden=HIDDEN) -> etree.Element | None:
    """The properties of ``meta`` (a note's front matter) as a table; None if none is shown.

    ``resolve(target, snippet)`` gives a wikilink's href and what it points to: ``note``,
    ``wanted``, ``file`` or ``here`` (a heading of the same note).
    """
    hide = {key.casefold() for key in hidden}
    shown = [(str(k), v) for k, v in meta.items() if str(k).casefold() not in hide]
    if not shown:
        return None
    table = etree.Element("table", {"class": "properties"})
    caption = etree.SubElement(table, "caption", {"class": "properties-caption"})
    caption.text = "Properties"
    body = etree.SubElement(table, "tbody")
    for key, value in shown:
        row = etree.SubElement(body, "tr")
        th = etree.SubElement(row, "th", {"scope": "row"})
        th.text = AtomicString(key)
        td = etree.SubElement(row, "td", {"data-type": _type(value)})
        if isinstance(value, list):
            items = [item for item in value if item is not None and item != ""]
            if items:
                ul = etree.SubElement(td, "ul", {"class": "property-list"})
                for item in items:
                    _scalar(etree.SubElement(ul, "li"), item, key, resolve)
        else:
            _scalar(td, value, key, resolve)
    return table


def _type(value: Any) -> str:
    """Obsidian's name for the type of ``value``."""
    if isinstance(value, bool):
        return "checkbox"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, dt.datetime) or (
        isinstance(value, str) and _DATETIME.fullmatch(value.strip())
    ):
        return "datetime"
    if isinstance(value, dt.date) or (isinstance(value, str) and _DATE.fullmatch(value.strip())):
        return "date"
    if isinstance(value, list):
        return "list"
    return "text"


def _scalar(parent: etree.Element, value: Any, key: str, resolve: Resolver) -> None:
    """One value (a cell, or a chip of a list) into ``parent``."""
    if value is None or value == "":
        return
    if isinstance(value, bool):
        box = etree.SubElement(
            parent, "input", {"type": "checkbox", "disabled": "disabled", "aria-label": key}
        )
        if value:
            box.set("checked", "checked")
        return
    if isinstance(value, int | float):
        parent.text = AtomicString(str(value))
        return
    when = _when(value)
    if when is not None:
        time = etree.SubElement(parent, "time", {"datetime": when[0]})
        time.text = AtomicString(when[1])
        return
    if isinstance(value, dict):
        text = ", ".join(f"{k}: {v}" for k, v in value.items())
    elif isinstance(value, list):
        text = ", ".join(str(v) for v in value)
    else:
        text = str(value)
    _text(parent, text, resolve)


def _when(value: Any) -> tuple[str, str] | None:
    """(ISO form, as shown) of a date or a date and time; None for anything else."""
    if isinstance(value, str):
        written = value.strip()
        try:
            if _DATE.fullmatch(written):
                value = dt.date.fromisoformat(written)
            elif _DATETIME.fullmatch(written):
                value = dt.datetime.fromisoformat(written)
        except ValueError:
            return None
    if isinstance(value, dt.datetime):
        shown = f"{value.day} {value:%B %Y}, {value:%H:%M}"
        iso = value.isoformat(timespec="minutes" if not value.second else "seconds")
        return iso, shown
    if isinstance(value, dt.date):
        return value.isoformat(), f"{value.day} {value:%B %Y}"
    return None


def _text(parent: etree.Element, text: str, resolve: Resolver) -> None:
    """``text`` into ``parent``, its links as links."""
    last: etree.Element | None = None
    pos = 0

    def put(piece: str) -> None:
        if not piece:
            return
        if last is None:
            parent.text = AtomicString((parent.text or "") + piece)
        else:
            last.tail = AtomicString((last.tail or "") + piece)

    for m in _LINKS.finditer(text):
        put(text[pos : m.start()])
        if m.group(2) is not None:  # [[wikilink]] (an embed in a property is a link too)
            inner = m.group(2)
            target = re.split(r"\\?\|", inner, maxsplit=1)[0].strip()
            href, kind = resolve(target, m.group(0))
            a = etree.SubElement(parent, "a", {"href": href, "class": "wikilink"})
            if kind == "file":  # an attachment: no note to preview
                a.set("class", "attachment")
            elif kind == "note":
                a.set("data-preview", "")  # Material's hover preview, as other wikilinks
            elif kind == "wanted":
                a.set("class", "wikilink wanted")
                a.set("title", WANTED_TITLE)
            a.text = AtomicString(wikilink_label(inner))
        elif m.group(4) is not None:  # [text](url)
            a = etree.SubElement(parent, "a", {"href": m.group(4)})
            a.text = AtomicString(m.group(3) or m.group(4))
        else:
            a = etree.SubElement(parent, "a", {"href": m.group(5)})
            a.text = AtomicString(m.group(5))
        last = a
        pos = m.end()
    put(text[pos:])


# --- the extension --------------------------------------------------------------------------


class _Properties(Treeprocessor):
    def __init__(self, md: Markdown, ext: PropertiesExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        md = self.md
        if getattr(md, "rectified_inner_page", None) is not None:
            return  # an embedded note shows no properties
        vault, source = self.ext.vault_and_source(md)
        note = vault.note(source) if vault is not None and source else None
        if note is None or note.generated or not note.meta:
            return
        shown = f"{vault.docs_name}/{note.rel_path}"
        wanted_page = quote(self.ext.getConfig("wanted_page"))

        def resolve(target: str, snippet: str) -> tuple[str, str]:
            try:
                res = vault.resolve(target, note.rel_path)
            except NoteError as exc:
                line = next((ln for _, ln, _, s, _ in note.raw_links if s == snippet), None)
                raise NoteError(exc.message, path=shown, line=line) from None
            if res.wanted:
                return f"/{wanted_page}#{slugify(res.target)}", "wanted"
            if res.note is not None and res.note.rel_path == note.rel_path and res.anchor:
                return f"#{res.anchor}", "here"
            href = "/" + quote(res.path or "")
            kind = "note" if res.note is not None else "file"
            return href + (f"#{res.anchor}" if res.anchor else ""), kind

        table = properties_table(note.meta, resolve, self.ext.getConfig("hidden"))
        if table is None:
            return
        at = 1 if len(root) and root[0].tag == "h1" else 0
        table.tail = "\n"
        root.insert(at, table)


class PropertiesExtension(Extension):
    """A note's front matter as Obsidian's properties view, at the top of its page."""

    def __init__(self, **kwargs: Any) -> None:
        # Not a config option: Python-Markdown would coerce it.
        self._vault: Vault | None = kwargs.pop("vault", None)
        self.config = {
            "hidden": [list(HIDDEN), "Keys not shown (the site uses them for itself)."],
            "wanted_page": ["wanted.md", "Page (from the docs root) that lists wanted notes."],
            "source": ["", "Rel path of the note being converted (default: from the context)."],
        }
        super().__init__(**kwargs)

    def vault_and_source(self, md: Markdown) -> tuple[Vault | None, str | None]:
        """The vault (given, or the build's) and the vault path of the note ``md`` converts."""
        vault = self._vault
        if vault is None:
            site = site_of(md)
            vault = site.vault if site is not None else None
        source = self.getConfig("source") or None
        page = context.current_page(md)
        if source is None and page is not None:
            source = page.rel_path or (vault.rel_path_of(page.path) if vault else None)
        return vault, source

    def extendMarkdown(self, md: Markdown) -> None:
        context.install(md)
        md.treeprocessors.register(_Properties(md, self), "rectified_properties", 6)


def makeExtension(**kwargs: Any) -> PropertiesExtension:
    return PropertiesExtension(**kwargs)
