"""Obsidian highlights: ``==highlighted text==`` becomes ``<mark>highlighted text</mark>``.

As in Obsidian (https://help.obsidian.md/Editing+and+formatting/Basic+formatting+syntax): the
opening ``==`` must not be followed by white space and the closing ``==`` must not follow white
space, so ``a == b`` and ``x == y == z`` stay text; runs of three ``=`` or more are not markers.
Emphasis, links, math and wikilinks work inside (``==**bold** [[Note]]==``); code spans and
code blocks keep ``==`` as written.

Priority 65: after code spans (190), math (185), links (160) and raw HTML (90), so none of
those can be cut by a marker, and before emphasis (60), which then runs inside the highlight.
"""

from __future__ import annotations

from typing import Any

from markdown import Extension, Markdown
from markdown.inlinepatterns import SimpleTagInlineProcessor

__all__ = ["HIGHLIGHT_RE", "HighlightExtension", "makeExtension"]

# group(2) is the highlighted text, as SimpleTagInlineProcessor expects.
HIGHLIGHT_RE = r"(?<!=)(==)(?![\s=])(.+?)(?<![\s=])\1(?!=)"


class HighlightExtension(Extension):
    """``==text==`` -> ``<mark>text</mark>``."""

    def __init__(self, **kwargs: Any) -> None:
        self.config: dict[str, list[Any]] = {}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        md.inlinePatterns.register(SimpleTagInlineProcessor(HIGHLIGHT_RE, "mark"), "mark", 65)


def makeExtension(**kwargs: Any) -> HighlightExtension:
    return HighlightExtension(**kwargs)
