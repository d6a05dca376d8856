"""Obsidian links: ``[[Note#Heading|text]]`` and Markdown links to notes, resolved by the vault.

Rendering: ``<a class="wikilink" href="/Note.md#anchor">text</a>``. The href is the target's
*source* path from the docs root (MkDocs' ``absolute_links: relative_to_docs`` turns it into the
page URL and validates the anchor); a link within the same note is ``#anchor``. Default text, when
there is no alias (or an empty one, ``[[Note#h|]]``):

* ``[[Note]]`` -> ``Note`` (as written, ``.md`` dropped; ``[[Folder/Note]]`` -> ``Folder/Note``)
* ``[[Note#Heading]]`` -> ``Note > Heading``; ``[[Note#A#B]]`` -> ``Note > A > B``
* ``[[Note#^id]]`` -> ``Note > ^id``; ``[[#Heading]]`` -> ``Heading``; ``[[#^id]]`` -> ``^id``

A note that does not exist yet gives ``<a class="wikilink wanted" title="Not written yet"
href="/wanted.md#slug">`` and is recorded in :attr:`WikilinkExtension.wanted`; a missing heading
or block in an existing note, or an ambiguous name, is a :class:`~rectified.errors.NoteError`.
Embeds (``![[...]]``) are left to another extension; code spans and fenced code stay literal.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from typing import Any
from urllib.parse import quote, unquote

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from rectified import context
from rectified.errors import NoteError
from rectified.site import vault_of
from rectified.text import link_sentence, plain_sentence  # noqa: F401  (plain_sentence re-exported)
from rectified.vault import WIKILINK, Resolution, Vault, slugify, wikilink_label

__all__ = ["WikilinkExtension", "makeExtension"]

WANTED_TITLE = "Not written yet"
_SCHEME = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")
_FILE_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,5}$")


class WikilinkExtension(Extension):
    """``[[...]]`` and Markdown links to notes, resolved by ``vault``.

    Records, across every conversion it takes part in: :attr:`wanted` ``(title, source, line)``
    for links to notes not written yet, :attr:`links` ``(source, target, anchor, line,
    sentence)`` for links to notes (``sentence``: the source sentence, links as their text).
    Paths are relative to docs/; ``source`` is None when the note being converted is unknown.
    """

    def __init__(self, **kwargs: Any) -> None:
        # Not a config option: Python-Markdown would coerce it to a bool.
        self._vault: Vault | None = kwargs.pop("vault", None)
        self.config = {
            "source": ["", "Rel path of the note being converted (default: from the context)."],
            "wanted_page": ["wanted.md", "Page (from the docs root) that lists wanted notes."],
        }
        super().__init__(**kwargs)
        self.wanted: list[tuple[str, str | None, int | None]] = []
        self.links: list[tuple[str | None, str, str | None, int | None, str]] = []
        self._text = ""
        self._seen: dict[str, int] = {}

    @property
    def vault(self) -> Vault:
        if self._vault is not None:
            return self._vault
        # One page per Markdown under a builder: ask the shared index once per conversion.
        cached = getattr(self.md, "rectified_vault", None)
        if cached is None:
            cached = self.md.rectified_vault = vault_of(self.md, type(self).__name__)
        return cached

    def extendMarkdown(self, md: Markdown) -> None:
        self.md = md
        context.install(md)
        md.registerExtension(self)
        md.preprocessors.register(_Capture(md, self), "rectified_wikilinks_source", 35)
        # After code spans (190) and image embeds (187); before math (185), so that math in a
        # link's text is rendered in the <a>, and before escape (180): "\|" is still raw.
        processor = _WikilinkProcessor(WIKILINK.pattern, md, self)
        md.inlinePatterns.register(processor, "wikilink", 186)
        # After inline (20), before MkDocs' relpath (0).
        md.treeprocessors.register(_MarkdownLinks(md, self), "rectified_md_links", 15)

    # -- shared by the processors --

    @property
    def source(self) -> str | None:
        explicit = self.getConfig("source")
        if explicit:
            return explicit
        page = context.current_page(self.md)
        if page is None:
            return None
        return page.rel_path or self.vault.rel_path_of(page.path)

    def clear(self) -> None:
        """Forget the recorded links (at the start of a build)."""
        self.wanted.clear()
        self.links.clear()

    def start(self, text: str) -> None:
        self._text = text
        self._seen = {}

    def locate(self, snippet: str) -> tuple[int | None, int]:
        """(file line, offset in the Markdown) of the next occurrence of ``snippet``."""
        nth = self._seen.get(snippet, 0)
        self._seen[snippet] = nth + 1
        offset = -1
        for _ in range(nth + 1):
            found = self._text.find(snippet, offset + 1)
            if found < 0:
                break
            offset = found
        if offset < 0:
            return None, -1
        page = context.current_page(self.md)
        base = page.line_offset if page and not self.getConfig("source") else 0
        return base + self._text.count("\n", 0, offset) + 1, offset

    def fail(self, message: str, snippet: str, line: int | None) -> NoteError:
        if context.current_page(self.md) is not None and not self.getConfig("source"):
            return context.error(message, snippet, self.md)
        return NoteError(message, path=self.source, line=line)

    def resolve(self, target: str, snippet: str) -> tuple[Resolution, str]:
        """Resolve ``target``, record it, and return it with its href."""
        line, offset = self.locate(snippet)
        source = self.source
        try:
            res = self.vault.resolve(target, source)
        except NoteError as exc:
            raise self.fail(exc.message, snippet, line) from None
        if res.wanted:
            self.wanted.append((res.target, source, line))
            return res, f"/{quote(self.getConfig('wanted_page'))}#{slugify(res.target)}"
        if res.note is not None:
            # The vault indexed this link's sentence already (for backlinks): reuse it.
            known = self.vault.sentence_at(source, line, res.note.rel_path) if source else None
            if known is not None:
                sentence = known
            else:
                sentence = link_sentence(self._text, offset, snippet) if offset >= 0 else ""
            self.links.append((source, res.note.rel_path, res.anchor, line, sentence))
            if res.anchor and res.note.rel_path == source:
                return res, "#" + res.anchor
        href = "/" + quote(res.path or "")
        return res, href + ("#" + res.anchor if res.anchor else "")


class _Capture(Preprocessor):
    """Keep the Markdown source so that links can name their line and sentence."""

    def __init__(self, md: Markdown, ext: WikilinkExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, lines: list[str]) -> list[str]:
        self.ext.start("\n".join(lines))
        return lines


class _WikilinkProcessor(InlineProcessor):
    def __init__(self, pattern: str, md: Markdown, ext: WikilinkExtension) -> None:
        super().__init__(pattern, md)
        self.ext = ext

    def handleMatch(
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        if m.group(1) or (m.start() > 0 and data[m.start() - 1] == "\\"):
            return None, None, None  # an embed (not ours) or an escaped bracket
        inner = m.group(2)
        target = re.split(r"\\?\|", inner, maxsplit=1)[0]
        res, href = self.ext.resolve(target, m.group(0))
        el = etree.Element("a", {"class": "wikilink", "href": href})
        if res.note is not None and not href.startswith("#"):
            el.set("data-preview", "")  # Material's hover preview of the linked note
        if res.wanted:
            el.set("class", "wikilink wanted")
            el.set("title", WANTED_TITLE)
        el.text = wikilink_label(inner)
        return el, m.start(), m.end()


class _MarkdownLinks(Treeprocessor):
    """``[text](Note%20name.md#Heading)`` as Obsidian writes it: same rules as ``[[...]]``."""

    def __init__(self, md: Markdown, ext: WikilinkExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        for a in root.iter("a"):
            href = a.get("href") or ""
            classes = (a.get("class") or "").split()
            if not href or "wikilink" in classes or href.startswith(("#", "?", "/")):
                continue
            # A "?" in the fragment is a heading's ("#Why? (really)"), not a query.
            query = "?" in href.partition("#")[0]
            if _SCHEME.match(href) or query or href.endswith("/") or AMP_SUBSTITUTE in href:
                continue
            path, _, fragment = href.partition("#")
            path = self._local(unquote(path))
            if _FILE_SUFFIX.search(path) and not path.lower().endswith(".md"):
                self._attachment(a, path, fragment)
                continue
            target = path + ("#" + unquote(fragment) if fragment else "")
            res, new_href = self.ext.resolve(target, href)
            a.set("href", new_href)
            if res.note is not None and not new_href.startswith("#"):
                a.set("data-preview", "")
            if res.wanted:
                a.set("class", " ".join([*classes, "wanted"]))
                a.set("title", WANTED_TITLE)

    def _local(self, path: str) -> str:
        """A path that exists next to the linking note means that file (as in MkDocs)."""
        source = self.ext.source
        if source is None or path.startswith(("./", "../")):
            return path
        local = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
        note = local if local.lower().endswith(".md") else local + ".md"
        exists = self.ext.vault.note(note) is not None or local in self.ext.vault.attachments
        return "./" + path if exists and local != path else path

    def _attachment(self, a: etree.Element, path: str, fragment: str) -> None:
        """A non-note file: rewritten only when the vault finds exactly one such file."""
        try:
            res = self.ext.vault.resolve(path, self.ext.source)
        except NoteError:
            return  # ambiguous: leave it to MkDocs
        if res.attachment:
            a.set("href", "/" + quote(res.attachment) + ("#" + fragment if fragment else ""))


def makeExtension(**kwargs: Any) -> WikilinkExtension:
    return WikilinkExtension(**kwargs)
