"""Where the Markdown being converted came from, so that errors can name file and line.

Python-Markdown does not know which file it converts, nor where the text sat in it. The MkDocs
plugin calls :func:`set_page` before each page is rendered; extensions call :func:`error` with the
offending source text and get a :class:`NoteError` that names the file and the line. Outside
MkDocs (unit tests, other tools) nothing is set and lines count from the start of the Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass

from rectified.errors import NoteError


@dataclass(frozen=True)
class Page:
    """The note being converted."""

    path: str  # as shown to the user, e.g. "docs/Softplus.md"
    markdown: str  # the text handed to Python-Markdown (front matter removed)
    line_offset: int = 0  # lines of the file before ``markdown`` starts (front matter)

    def line_of(self, snippet: str | None) -> int | None:
        """1-based line in the file where ``snippet`` first occurs, if it does."""
        if not snippet:
            return None
        i = self.markdown.find(snippet)
        if i < 0:
            # Python-Markdown strips block-quote markers; retry with the first line only.
            first = snippet.strip().splitlines()[0] if snippet.strip() else ""
            i = self.markdown.find(first) if first else -1
        if i < 0:
            return None
        return self.line_offset + self.markdown.count("\n", 0, i) + 1


_current: Page | None = None


def set_page(page: Page | None) -> None:
    """Declare the note that the next conversions belong to (None: unknown)."""
    global _current
    _current = page


def current_page() -> Page | None:
    return _current


def error(message: str, snippet: str | None = None) -> NoteError:
    """A NoteError for ``snippet`` in the current page (raise it)."""
    page = _current
    if page is None:
        return NoteError(message)
    return NoteError(message, path=page.path, line=page.line_of(snippet))
