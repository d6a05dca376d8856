"""Obsidian inline tags: ``#tag``, ``#nested/tag``, ``#tag-with-dash``, ``#tag_1``.

As in Obsidian (https://help.obsidian.md/Editing+and+formatting/Tags) a tag is ``#`` then
letters (any script), digits, ``_``, ``-`` and ``/``, with at least one character that is not a
digit (``#1984`` is text); it starts the text or follows white space, so ``http://x/#frag``,
``C#`` and ``&#35;`` are text, and so are attribute lists (``{: #id }``). Code (spans, blocks)
and math keep ``#`` as written. A heading needs a space (``# Title``): a line that starts with
``#word`` is a paragraph, as in Obsidian (Python-Markdown alone would make it a heading; the
vault index agrees with Obsidian).

Rendering: ``<a class="tag" href="/tags.md#SLUG">#nested/tag</a>``, where ``SLUG`` is
:func:`rectified.vault.slugify` of the tag (the generated tags page has one heading per tag) and
the page is the ``tags_page`` option. A tag inside a link's text becomes ``<span class="tag">``
(no link in a link). Every tag is recorded in :attr:`TagExtension.tags` under the note's path.

Priorities: the tag pattern (55) runs after code spans, wikilinks (186: ``[[Note#Heading]]`` is
gone by then), math, links, raw HTML (90) and ``*`` emphasis (60, so ``*#tag*`` works), before
``_`` emphasis (50, so ``#tag_1_`` stays whole). A preprocessor (19: after fenced code and raw
HTML blocks are stashed) marks a ``#`` that starts a line without being a heading.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any
from urllib.parse import quote

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from rectified import context
from rectified.source import lines_in_display_math, parse
from rectified.vault import Vault, slugify

__all__ = ["TAG_RE", "TagExtension", "makeExtension"]

# A "#" that starts a line but no heading: Python-Markdown must not read it as one.
_HASH = "\x02rectified-hash\x03"
_BODY = r"[\w-]+(?:/[\w-]+)*"
TAG_RE = rf"(?:(?<!\S)#|{_HASH})({_BODY})"
_LINE_START = re.compile(r"^(\s*(?:>\s?)*\s*(?:(?:[-*+]|\d+[.)])\s+)?)#(?=[^\s#])")


class _MarkLineStarts(Preprocessor):
    """``#tag`` at the start of a line: a paragraph (as in Obsidian), not a heading."""

    def run(self, lines: list[str]) -> list[str]:
        if not any(_LINE_START.match(line) for line in lines):
            return lines  # no line starts with a #word: nothing to mark
        src = parse("\n".join(lines), front_matter=False)
        skip = lines_in_display_math(src)
        out = []
        for row, line in zip(src.lines, lines, strict=True):
            if not row.code and row.number not in skip:
                line = _LINE_START.sub(lambda m: m.group(1) + _HASH, line, count=1)
            out.append(line)
        return out


class _TagProcessor(InlineProcessor):
    def __init__(self, md: Markdown, ext: TagExtension) -> None:
        super().__init__(TAG_RE, md)
        self.ext = ext

    def handleMatch(
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        tag = m.group(1)
        if re.fullmatch(r"[\d/]+", tag) or _in_attr_list(data, m.start(0), m.end(0)):
            return None, None, None  # "#1984" is not a tag, nor "{: #id }"
        self.ext.record(tag)
        page = quote(self.ext.getConfig("tags_page"))
        el = etree.Element("a", {"class": "tag", "href": f"/{page}#{slugify(tag)}"})
        el.text = AtomicString("#" + tag)
        return el, m.start(0), m.end(0)


def _in_attr_list(data: str, start: int, end: int) -> bool:
    """Whether ``data[start:end]`` sits in an attribute list (``{: #id .class }``)."""
    line_start = data.rfind("\n", 0, start) + 1
    opening = data.rfind("{", line_start, start)
    if opening < 0 or "}" in data[opening:start]:
        return False
    return "}" in data[end : (data.find("\n", end) + 1 or len(data) + 1)]


class _NoLinkInLink(Treeprocessor):
    """A tag in a link's text (``[see #x](url)``) is shown, not linked."""

    def run(self, root: etree.Element) -> None:
        for a in root.iter("a"):
            if "tag" in (a.get("class") or "").split():
                continue
            for inner in a.iter("a"):
                if inner is not a and "tag" in (inner.get("class") or "").split():
                    inner.tag = "span"
                    inner.attrib.pop("href", None)


class _RestoreHash(Postprocessor):
    """Any marked ``#`` that did not become a tag (code, ``#123``) is a ``#`` again."""

    def run(self, text: str) -> str:
        return text.replace(_HASH, "#")


class TagExtension(Extension):
    """``#tag`` -> a link to the tag's heading on the tags page; tags recorded per note."""

    def __init__(self, **kwargs: Any) -> None:
        # Not a config option: Python-Markdown would coerce it.
        self._vault: Vault | None = kwargs.pop("vault", None)
        self.config = {
            "source": ["", "Rel path of the note being converted (default: from the context)."],
            "tags_page": ["tags.md", "Page (from the docs root) with one heading per tag."],
        }
        super().__init__(**kwargs)
        self.tags: dict[str, set[str]] = {}

    @property
    def source(self) -> str | None:
        explicit = self.getConfig("source")
        if explicit:
            return explicit
        page = context.current_page(self.md)
        if page is None:
            return None
        if page.rel_path:
            return page.rel_path
        return self._vault.rel_path_of(page.path) if self._vault else page.path

    def record(self, tag: str) -> None:
        source = self.source
        if source is not None:
            self.tags.setdefault(source, set()).add(tag)

    def extendMarkdown(self, md: Markdown) -> None:
        self.md = md
        context.install(md)
        md.preprocessors.register(_MarkLineStarts(md), "rectified_tag_lines", 19)
        md.inlinePatterns.register(_TagProcessor(md, self), "rectified_tag", 55)
        md.treeprocessors.register(_NoLinkInLink(md), "rectified_tag_in_link", 19)
        md.postprocessors.register(_RestoreHash(md), "rectified_tag_hash", 5)


def makeExtension(**kwargs: Any) -> TagExtension:
    return TagExtension(**kwargs)
