"""Markdown inside HTML blocks, as Obsidian renders it: ``<div>``, a blank line, then Markdown.

Obsidian follows CommonMark here (https://spec.commonmark.org/0.31.2/#html-blocks): an HTML
block that opens with a block-level tag such as ``<div>`` or ``<details>`` ends at the first
blank line, and what follows is Markdown again until the closing tag, itself a new HTML block.
So a vault writes::

    <div class="box">

    Some **bold** text and a [[link]].

    </div>

and expects the bold and the link. Python-Markdown instead keeps everything up to the matching
``</div>`` as raw HTML. With ``md_in_html`` (in ``mkdocs.yml``) an element marked
``markdown="1"`` has its content parsed as Markdown; this preprocessor adds that mark to each
opening tag that stands alone on its line when a blank line comes before its matching closing
tag, which is exactly when Obsidian would render Markdown inside. Blocks without a blank line
stay raw HTML in both. Lines in code (fenced, indented) are left alone, as
:mod:`rectified.source` classifies them.

Priority 32: after the comments (40) and the wikilinks' capture (35), before
``normalize_whitespace`` (30) and Python-Markdown's ``html_block`` (20). Lines are changed in
place, never added or removed. Known limits: the lines between the opening tag and the first
blank line (``<summary>…</summary>``, say) are HTML, as in Obsidian, but Markdown after a
closing tag on the same line is not recognised; an explicit ``markdown="…"`` is respected.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from rectified.source import parse

__all__ = ["HtmlBlockExtension", "makeExtension", "mark_markdown_blocks"]

# CommonMark's block-level tags (start condition 6) that hold flow content.
BLOCK_TAGS = (
    "address|article|aside|blockquote|center|details|dialog|dd|div|dl|dt|fieldset|figcaption"
    "|figure|footer|form|header|li|main|nav|ol|section|ul"
)
_OPEN = re.compile(
    rf"^(?P<indent>[ ]{{0,3}})<(?P<tag>{BLOCK_TAGS})(?P<attrs>(?:\s[^<>]*)?)>\s*$", re.I
)
_MARKED = re.compile(r"\bmarkdown\s*=", re.I)


def _tag_counts(line: str, tag: str) -> tuple[int, int]:
    opens = len(re.findall(rf"<{tag}(?=[\s>/])", line, re.I))
    closes = len(re.findall(rf"</{tag}\s*>", line, re.I))
    return opens, closes


def mark_markdown_blocks(lines: list[str]) -> list[str]:
    """``lines`` with ``markdown="1"`` added where Obsidian renders Markdown inside."""
    if not any("<" in line for line in lines):
        return lines
    src = parse("\n".join(lines), front_matter=False)
    code = {line.number - 1 for line in src.lines if line.code}
    out = list(lines)
    for i, line in enumerate(lines):
        if i in code or "<" not in line:
            continue
        m = _OPEN.match(line)
        if m is None or _MARKED.search(m.group("attrs")):
            continue
        tag, depth, blank = m.group("tag"), 1, False
        for j in range(i + 1, len(lines)):
            if not lines[j].strip():
                blank = True
                continue
            if j in code:
                continue
            opens, closes = _tag_counts(lines[j], tag)
            depth += opens - closes
            if depth <= 0:
                break
        if blank and depth <= 0:
            attrs = m.group("attrs").rstrip()
            out[i] = f'{m.group("indent")}<{tag}{attrs} markdown="1">'
    return out


class _MarkBlocks(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return mark_markdown_blocks(lines)


class HtmlBlockExtension(Extension):
    """Markdown after a blank line inside a block-level HTML element is Markdown."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(_MarkBlocks(md), "rectified_html_blocks", 32)


def makeExtension(**kwargs: Any) -> HtmlBlockExtension:
    return HtmlBlockExtension(**kwargs)
