"""Obsidian's inline footnotes: ``text.^[The note, written in place.]``.

Obsidian (https://help.obsidian.md/Editing+and+formatting/Basic+formatting+syntax#Footnotes)
accepts a footnote written where it is referenced, ``^[…]``, beside the usual ``[^1]`` with its
``[^1]: …`` definition. Python-Markdown's ``footnotes`` extension (in ``mkdocs.yml``) renders the
usual ones; this preprocessor turns each inline one into a reference ``[^inline-N]`` and appends
its definition at the end of the text, so both kinds are numbered in reading order in the same
list at the foot of the page, with the same back links.

What counts: ``^[`` outside code (fenced, indented, spans), math and comments, as
:mod:`rectified.source` classifies them, up to the matching ``]`` (brackets inside balance, so
``^[see [[Note]]]`` holds a wikilink; ``\\]`` is a bracket in the text), within one paragraph.
An ``^[`` with no matching ``]`` before a blank line stays text. The footnote's text is
Markdown (links, math, emphasis). Labels ``inline-N`` already used by the note are skipped.

Priority 33: after the comments (40) and the wikilinks' capture of the source (35), so links
inside a footnote name their own line; before fenced code (25) and the block ids (24). Known
limits: a footnote that spans lines is joined into one definition paragraph; an inline footnote
inside a table cell or a heading ends the cell or heading's text there (as a ``[^1]`` does).
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from rectified.source import CODE_KINDS, COMMENT, MATH, parse

__all__ = ["InlineFootnoteExtension", "inline_footnotes", "makeExtension"]

_LABEL = "inline-{}"
_BLANK = re.compile(r"\n[ \t>]*\n")


def _closing(text: str, start: int, hidden: list[tuple[int, int]]) -> int | None:
    """Offset of the ``]`` that closes the ``[`` at ``start`` (None: none in its paragraph)."""
    depth, pos = 0, start
    stop = _BLANK.search(text, start)
    end = stop.start() if stop else len(text)
    k = 0
    while pos < end:
        while k < len(hidden) and hidden[k][1] <= pos:
            k += 1
        if k < len(hidden) and hidden[k][0] <= pos < hidden[k][1]:
            pos = hidden[k][1]  # code or math inside the footnote: its brackets do not count
            continue
        ch = text[pos]
        if ch == "\\":
            pos += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return pos
        pos += 1
    return None


def inline_footnotes(text: str) -> str:
    """``text`` with each ``^[…]`` made a ``[^inline-N]`` reference, definitions appended."""
    if "^[" not in text:
        return text
    src = parse(text, front_matter=False)
    hidden = [(s.start, s.end) for s in src.spans if s.kind in CODE_KINDS | {COMMENT, MATH}]
    visible = src.masked(CODE_KINDS | {COMMENT, MATH})
    taken = set(re.findall(r"\[\^([^\]\s]+)\]", text))
    out, notes, pos, n = [], [], 0, 0
    at = visible.find("^[")
    while at >= 0:
        close = _closing(text, at + 1, hidden)
        if close is None:
            at = visible.find("^[", at + 2)
            continue
        n += 1
        while _LABEL.format(n) in taken:
            n += 1
        label = _LABEL.format(n)
        body = " ".join(line.strip() for line in text[at + 2 : close].split("\n"))
        out += [text[pos:at], f"[^{label}]"]
        notes.append(f"[^{label}]: {body.strip()}")
        pos = close + 1
        at = visible.find("^[", pos)
    if not notes:
        return text
    out.append(text[pos:])
    return "".join(out).rstrip("\n") + "\n\n" + "\n\n".join(notes) + "\n"


class _InlineFootnotes(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        new = inline_footnotes(text)
        return lines if new is text else new.split("\n")


class InlineFootnoteExtension(Extension):
    """``^[…]`` as a footnote of Python-Markdown's ``footnotes`` extension."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(_InlineFootnotes(md), "rectified_inline_footnotes", 33)


def makeExtension(**kwargs: Any) -> InlineFootnoteExtension:
    return InlineFootnoteExtension(**kwargs)
