"""Which note a Markdown conversion belongs to, so that links resolve from it and errors name it.

Python-Markdown does not know which file it converts, nor where the text sat in it. Every
extension of the project calls :func:`install` on its ``Markdown``; that registers one
preprocessor, run first of all, which asks the builder adapter (:mod:`rectified.builders`)
which page is being converted and keeps the answer *on that Markdown instance*
(``md.rectified_page``). MkDocs and Zensical both make a new ``Markdown`` for every page, so
nothing leaks from one page to the next. The outermost conversion of a page is also where the
page cache (:mod:`rectified.pagecache`) answers with the page's HTML from a previous build.

A conversion inside another (an embedded note) sets its page on its own ``Markdown`` with
:func:`set_inner_page`; callers outside any builder (unit tests, tools) may declare a page with
:func:`set_page`, used when the builder adapter knows nothing. Without either, lines count from
the start of the Markdown and the page is unknown.

Every error at once: a note's error is raised where it is found (a :class:`NoteError` from
:func:`error`), which stops that page's conversion. When errors are being collected
(:func:`collect_errors`, which the MkDocs plugin turns on for a build, or the environment
variable ``RECTIFIED_NOTE_ERRORS`` naming a file, which ``python -m rectified.build`` sets for
either builder), :func:`install` makes the page's outermost conversion catch it instead: the
error is logged, kept and appended to that file as one JSON line, the page shows it in place of
its content, and the build goes on to the next page; whoever turned collection on fails the
build at its end with the whole list. Known limit: a page reports its first error only (the
conversion cannot go on past it); the vault check (:mod:`rectified.check`) lists every broken
link, embed and front matter of every note.
"""

from __future__ import annotations

import html
import json
import logging
import os
import posixpath
import threading
from dataclasses import dataclass, field
from typing import Any

from markdown import Markdown
from markdown.preprocessors import Preprocessor

from rectified import pagecache
from rectified.errors import NoteError

log = logging.getLogger(__name__)

ERRORS_ENV = "RECTIFIED_NOTE_ERRORS"  # a file each collected error is appended to (JSON lines)
ERROR_MARKER = "rectified-note-error"  # the class of what a page shows in place of its content


@dataclass(frozen=True)
class Page:
    """The note being converted."""

    path: str  # as shown to the user, e.g. "docs/Softplus.md"
    markdown: str  # the text handed to Python-Markdown (front matter removed)
    line_offset: int = 0  # lines of the file before ``markdown`` starts (front matter)
    rel_path: str | None = None  # relative to the docs folder, e.g. "Softplus.md"
    docs_dir: str | None = None  # the docs folder (absolute), when a builder said so
    builder: str = ""  # "mkdocs", "zensical", or "" outside a builder
    # The builder's Markdown settings, for conversions inside this one (embeds).
    extensions: list[Any] = field(default_factory=list, repr=False, compare=False)
    extension_configs: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

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


_declared: Page | None = None


def set_page(page: Page | None) -> None:
    """Outside a builder (tests, tools): declare the note that the next conversions belong to."""
    global _declared
    _declared = page


def set_inner_page(md: Markdown, page: Page | None) -> None:
    """The page of a conversion made inside another one (it wins over the builder's answer)."""
    md.rectified_inner_page = page  # type: ignore[attr-defined]
    md.rectified_page = page  # type: ignore[attr-defined]


def current_page(md: Markdown | None = None) -> Page | None:
    """The page ``md`` is converting (or the declared one), if known."""
    page = getattr(md, "rectified_page", None) if md is not None else None
    return page if page is not None else _declared


def error(message: str, snippet: str | None = None, md: Markdown | None = None) -> NoteError:
    """A NoteError for ``snippet`` in the page ``md`` converts (raise it)."""
    page = current_page(md)
    if page is None:
        return NoteError(message)
    return NoteError(message, path=page.path, line=page.line_of(snippet))


def page_for_text(md: Markdown, text: str) -> Page | None:
    """Ask the builder which note ``md`` converts; ``text`` is what it hands to Python-Markdown."""
    from rectified import builders

    ref = builders.page_ref(md)
    if ref is None:
        return None
    raw = ref.raw_text
    start = raw.find(text[:200]) if text and raw else -1
    offset = raw.count("\n", 0, start) if start > 0 else 0
    shown = posixpath.join(posixpath.basename(ref.docs_dir.rstrip("/")), ref.rel_path)
    return Page(
        path=shown,
        markdown=text,
        line_offset=offset,
        rel_path=ref.rel_path,
        docs_dir=ref.docs_dir,
        builder=ref.builder,
        extensions=list(ref.extensions),
        extension_configs=dict(ref.extension_configs),
    )


class _Capture(Preprocessor):
    """First of all preprocessors: note which page this conversion is, on the Markdown itself."""

    def run(self, lines: list[str]) -> list[str]:
        md = self.md
        inner = getattr(md, "rectified_inner_page", None)
        if inner is not None:
            md.rectified_page = inner  # type: ignore[attr-defined]
        else:
            md.rectified_page = page_for_text(md, "\n".join(lines))  # type: ignore[attr-defined]
        return lines


def install(md: Markdown) -> None:
    """Register the page capture on ``md`` (once, whichever extension asks first)."""
    if "rectified_page" not in md.preprocessors:
        md.preprocessors.register(_Capture(md), "rectified_page", 1000)
        from rectified import builders

        builders.install(md)
    if not getattr(md, "rectified_guarded", False):
        md.convert = _guarded(md.convert)  # type: ignore[method-assign]
        md.rectified_guarded = True  # type: ignore[attr-defined]


# --- every error at once ------------------------------------------------------------------------

_lock = threading.Lock()
_collected: list[NoteError] | None = None  # in this process, while a builder collects
_seen: set[tuple[str, int, str]] = set()
_depth = threading.local()  # nesting of conversions in this thread (embeds convert inside)


def collect_errors(on: bool = True) -> None:
    """Start (with an empty list) or stop collecting note errors in this process."""
    global _collected
    with _lock:
        _collected = [] if on else None
        _seen.clear()


def collected() -> list[NoteError]:
    """The errors collected so far, in the order they were found."""
    with _lock:
        return list(_collected or [])


def collecting() -> bool:
    """Whether a page's error is kept and the build goes on (see the module's docstring)."""
    return _collected is not None or bool(os.environ.get(ERRORS_ENV))


def report(exc: NoteError) -> None:
    """Keep ``exc`` (once), log it, and append it to the file ``RECTIFIED_NOTE_ERRORS`` names."""
    with _lock:
        if exc.key() in _seen:
            return
        _seen.add(exc.key())
        if _collected is not None:
            _collected.append(exc)
        sink = os.environ.get(ERRORS_ENV)
        if sink:
            with open(sink, "a", encoding="utf-8") as f:
                f.write(json.dumps(exc.as_dict()) + "\n")
    log.error("%s", exc)


def read_reported(path: str | os.PathLike[str]) -> list[NoteError]:
    """The errors appended to ``path`` by :func:`report` (none if it does not exist)."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        return []
    return [NoteError.from_dict(json.loads(line)) for line in lines if line.strip()]


def _guarded(convert):
    """``convert`` that, when collecting, reports a note's error and shows it in the page."""

    def run(source: str) -> str:
        depth = getattr(_depth, "n", 0)
        _depth.n = depth + 1
        try:
            if depth == 0:  # a page's own conversion: its HTML may be stored from a last build
                return pagecache.convert(convert.__self__, convert, source)
            return convert(source)
        except NoteError as exc:
            # An embed's error is its page's (raised to it); a conversion of no page (a
            # heading's text for the vault index) is its caller's.
            page = getattr(convert.__self__, "rectified_page", None)
            if depth or page is None or not collecting():
                raise
            report(exc)
            return (
                f'<div class="admonition failure {ERROR_MARKER}">'
                '<p class="admonition-title">This note has an error</p>'
                f"<p>{html.escape(str(exc))}</p></div>"
            )
        finally:
            _depth.n = depth

    return run
