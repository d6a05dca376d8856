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

Limits: a ``%%`` inside math starts a comment (comments are removed before math is read, as
by the renderer); a comment that covers whole lines inside a paragraph leaves empty lines, so
it splits the paragraph in two.
"""

from __future__ import annotations

from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from rectified import context
from rectified.errors import NoteError
from rectified.source import COMMENT, parse

__all__ = ["CommentExtension", "makeExtension", "strip_comments"]


def strip_comments(text: str) -> str:
    """``text`` without its ``%%`` comments; every line stays on its line number.

    What is a comment (and what is code, where ``%%`` is text) is decided by
    :func:`rectified.source.parse`. A line that held a comment loses its trailing white space, and
    the text after a comment that opened the line is not indented by the gap. Raises
    :class:`NoteError` (``line``: 1-based in ``text``, no path) for an unclosed ``%%``.
    """
    if "%%" not in text:
        return text  # most notes: nothing to read
    src = parse(text, front_matter=False)
    if src.problems:
        line, message = src.problems[0]
        raise NoteError(message, line=line)
    comments = src.of(COMMENT)
    if not comments:
        return text
    out: list[str] = []
    k = 0
    for line in src.lines:
        pieces: list[str] = []
        pos, touched = line.start, False
        while k < len(comments) and comments[k].start < line.end:
            c = comments[k]
            if c.start > pos:
                pieces.append(text[pos : c.start])
            touched = True
            pos = max(pos, min(c.end, line.end))
            if c.end <= line.end:
                if not "".join(pieces).strip():  # nothing before it: no indent from the gap
                    rest = text[pos : line.end]
                    pos += len(rest) - len(rest.lstrip())
                k += 1
            else:
                break
        if pos < line.end:
            pieces.append(text[pos : line.end])
        kept = "".join(pieces)
        out.append(kept.rstrip() if touched else kept)
    return "\n".join(out)


class _StripComments(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        try:
            return strip_comments("\n".join(lines)).split("\n")
        except NoteError as exc:
            page = context.current_page(self.md)
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
        context.install(md)
        # First of all preprocessors: normalize_whitespace is 30, wikilinks' capture 35.
        md.preprocessors.register(_StripComments(md), "rectified_comments", 40)


def makeExtension(**kwargs: Any) -> CommentExtension:
    return CommentExtension(**kwargs)
