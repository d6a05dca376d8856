"""Obsidian comments: ``%%hidden%%`` inline, or ``%%`` … ``%%`` over several lines, never shown.

As in Obsidian (https://help.obsidian.md/Editing+and+formatting/Basic+formatting+syntax#Comments)
everything from a ``%%`` to the next ``%%`` disappears, on one line or across lines::

    Visible %%not this%% text.

    %%
    Neither [[this link]] nor this #tag nor ## this heading.
    %%

``%%`` in a code span or a fenced code block is text. A ``%%`` without its closing ``%%`` fails
the build with the note's file and the line of the opening ``%%``.

The preprocessor runs first of all (priority 40: before whitespace normalisation, the
wikilinks' source capture and fenced code), so nothing inside a comment is a link, heading,
block id or tag; :func:`strip_comments` applies the same rules for the vault index. Both keep the
line count (a hidden line becomes an empty line) so that later errors still name the right line.

Limits: code spans are recognised within one line; indented code blocks and math are not code
here (``%%`` there starts a comment); a comment that covers whole lines inside a paragraph
leaves empty lines, so it splits the paragraph in two.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from rectified import context
from rectified.errors import NoteError

__all__ = ["CommentExtension", "makeExtension", "strip_comments"]

_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_FENCE = re.compile(r"^\s*(`{3,}(?!.*`)|~{3,})")
_TICKS = re.compile(r"`+")


def _closes(line: str, fence: str) -> bool:
    closing = _QUOTE.sub("", line, count=1).strip()
    return len(closing) >= len(fence) and closing == fence[0] * len(closing)


def _strip_line(line: str, in_comment: bool) -> tuple[str, bool, bool]:
    """(visible part of ``line``, a comment is open at its end, that comment opened here)."""
    out: list[str] = []
    i, touched, opened_here = 0, in_comment, False
    while i < len(line):
        if in_comment:
            end = line.find("%%", i)
            if end < 0:
                i = len(line)
                break
            i, in_comment, opened_here = end + 2, False, False
            if not "".join(out).strip():  # nothing before it: no indentation from the gap
                i = len(line) - len(line[i:].lstrip())
            continue
        if line[i] == "`":
            run = _TICKS.match(line, i).group(0)
            close = re.compile(rf"(?<!`){run}(?!`)").search(line, i + len(run))
            stop = close.end() if close else i + len(run)
            out.append(line[i:stop])
            i = stop
        elif line.startswith("%%", i):
            i, in_comment, touched, opened_here = i + 2, True, True, True
        else:
            out.append(line[i])
            i += 1
    kept = "".join(out)
    return (kept.rstrip() if touched else kept), in_comment, opened_here


def strip_comments(text: str) -> str:
    """``text`` without its ``%%`` comments; every line stays on its line number.

    Raises :class:`NoteError` (``line``: 1-based in ``text``, no path) for an unclosed ``%%``.
    """
    out: list[str] = []
    fence: str | None = None
    opened: int | None = None  # line of the ``%%`` that opened the current comment
    for number, line in enumerate(text.split("\n"), 1):
        if opened is None and fence is not None:
            if _closes(line, fence):
                fence = None
            out.append(line)
            continue
        if opened is None:
            m = _FENCE.match(_QUOTE.sub("", line, count=1))
            if m:
                fence = m.group(1)
                out.append(line)
                continue
        kept, still_open, opened_here = _strip_line(line, opened is not None)
        if not still_open:
            opened = None
        elif opened_here:
            opened = number
        out.append(kept)
    if opened is not None:
        raise NoteError("unclosed %% comment: add the closing %%", line=opened)
    return "\n".join(out)


class _StripComments(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        try:
            return strip_comments("\n".join(lines)).split("\n")
        except NoteError as exc:
            page = context.current_page()
            if page is None:
                raise
            line = page.line_offset + exc.line if exc.line is not None else None
            raise NoteError(exc.message, path=page.path, line=line) from None


class CommentExtension(Extension):
    """Remove ``%%comments%%`` before anything else reads the note."""

    def __init__(self, **kwargs: Any) -> None:
        self.config: dict[str, list[Any]] = {}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        # First of all preprocessors: normalize_whitespace is 30, wikilinks' capture 35.
        md.preprocessors.register(_StripComments(md), "rectified_comments", 40)


def makeExtension(**kwargs: Any) -> CommentExtension:
    return CommentExtension(**kwargs)
