"""Obsidian math: ``$…$`` inline and ``$$…$$`` display, rendered to HTML at build time by KaTeX.

Syntax, as in Obsidian (and Pandoc's ``tex_math_dollars``):

- ``$$…$$`` is display math. It may sit on lines of its own around a multi-line formula (also
  inside block quotes and callouts, where every line starts with ``>``, and inside list items),
  or in running text: ``then $$\\sigma(x) = \\lvert x \\rvert$$`` is displayed, as Obsidian does.
- ``$…$`` is inline math. The opening ``$`` must not be followed by white space, the closing
  ``$`` must not be preceded by white space nor followed by a digit, so ``$5 and $6`` and
  ``a $ b`` stay text. ``\\$`` is a literal dollar.
- Dollars in code spans and code blocks (fenced or indented) stay literal.

The TeX goes to KaTeX (vendored in ``rectified/vendor/katex``, run in an embedded V8 by
``mini-racer``) and the finished HTML, with MathML for screen readers, is stashed with
``md.htmlStash`` so no later processor touches it. The page needs KaTeX's stylesheet and fonts
(``rectified/theme/assets/katex``) and no script. Bad TeX stops the build with a
:class:`~rectified.errors.NoteError` that names the note and the line.

Typeset formulas are kept in the persistent build cache (:mod:`rectified.cache`), keyed on the
TeX, display mode, :data:`KATEX_OPTIONS`, the hash of the vendored KaTeX script and the code
version; V8 starts only when a formula is not there. Bad TeX is never stored (it fails again).
:func:`prefetch` typesets a whole vault's formulas before the first page, many per call into
V8 (one call per formula cost three times as much CPU, most of it crossing into V8 and back),
and keeps each note's formulas as one cache entry.

How: an inline processor (priority 185: after code spans, before backslash escapes, links and
emphasis) renders the math in a paragraph's text. Before it, the block parser could break a
multi-line display formula apart: a TeX line starting with ``-``, ``+``, ``1.``, ``#``, ``---``
or ``===`` would become a list item, a heading or a rule. So a block processor
(:class:`DisplayMathBlockProcessor`, priority 77: after the indented-code and list-continuation
processors, before headings, lists, tables and quotes) renders every display formula that spans
lines of one block first and leaves a placeholder. Block quotes and list items reach it with
their ``>`` markers and indentation already removed, because the container processors parse
their content again with all block processors.

Limitations (each has a test):

- A display formula may not contain a blank line (Python-Markdown splits blocks there): a line
  holding nothing but an unclosed ``$$`` is reported as an error rather than shown as text.
- In a table, ``|`` inside math still splits the cell: write ``\\vert``,
  ``\\lvert``/``\\rvert`` or ``\\mid``.
- Dollars in a link destination (``[a](x$y$z)``) or a raw HTML attribute are read as math.
- Math in a heading renders, but ``toc`` makes the heading's id and TOC entry from all the text
  of KaTeX's HTML (MathML, TeX annotation and HTML), so the formula appears three times there.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import logging
import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterable
from importlib import resources
from typing import Any

import markdown
from markdown.blockprocessors import BlockProcessor
from markdown.inlinepatterns import InlineProcessor

from rectified import cache, context
from rectified.context import current_page, error
from rectified.source import CODE, COMMENT, MATH, MATH_PATTERN, Source, parse

log = logging.getLogger(__name__)

# -- KaTeX in V8 ------------------------------------------------------------------------------

KATEX_OPTIONS: dict[str, Any] = {
    "throwOnError": True,
    "strict": "ignore",  # no console warnings for LaTeX-incompatible input (e.g. Unicode)
    "output": "htmlAndMathml",  # MathML is what screen readers read
    "trust": False,  # no \href, \url, \htmlClass…: a note cannot inject links or attributes
}

# Returns {"html": ...} or {"error": ...}: KaTeX errors as data, not as a V8 exception whose
# message carries the whole minified source.
_WRAPPER_JS = """
globalThis.rectifiedRenderTex = function (tex, options) {
  try {
    return {html: katex.renderToString(tex, options)};
  } catch (e) {
    var name = (e && e.name) || "Error";
    var message = (e && e.message) || String(e);
    return {error: name === "ParseError" ? message : name + ": " + message};
  }
};
globalThis.rectifiedRenderMany = function (texs, options) {
  return texs.map(function (tex) { return rectifiedRenderTex(tex, options); });
};
"""
BATCH = 256  # formulas per call into V8
CHUNK = 50  # notes a background prefetch that may stop early typesets at a time

_lock = threading.Lock()
_context: Any = None  # py_mini_racer.MiniRacer, created on first use


def _katex_context() -> Any:
    """The V8 context with KaTeX loaded (created once per process, on first use)."""
    global _context
    if _context is None:
        from py_mini_racer import MiniRacer

        ctx = MiniRacer()
        ctx.eval(_katex_source())
        ctx.eval(_WRAPPER_JS)
        _context = ctx
        # Close it before interpreter teardown: left to the garbage collector, closing can hang
        # once the context's event-loop thread is gone.
        atexit.register(_close_context)
    return _context


def katex_started() -> bool:
    """Whether this process has started V8 (a process forked after that must not use it)."""
    return _context is not None


def _katex_source() -> str:
    return resources.files("rectified").joinpath("vendor/katex/katex.min.js").read_text("utf-8")


@functools.cache
def katex_hash() -> str:
    """SHA-256 of the vendored KaTeX script: part of every typeset formula's cache key."""
    return hashlib.sha256(_katex_source().encode("utf-8")).hexdigest()


def _close_context() -> None:
    global _context
    with _lock:
        ctx, _context = _context, None
    if ctx is not None:
        ctx.close()


def katex_version() -> str:
    """Version of the vendored KaTeX script (must match the stylesheet's)."""
    with _lock:
        return str(_katex_context().eval("katex.version"))


MEMORY_LIMIT = 65536  # formulas kept in this process (then the memory starts afresh)
_memory: dict[tuple[str, bool], str] = {}


def _options(display: bool) -> dict[str, Any]:
    return {**KATEX_OPTIONS, "displayMode": bool(display)}


def _key(tex: str, display: bool) -> str:
    return cache.digest("katex", tex, _options(display), katex_hash())


def _remember(tex: str, display: bool, html: str) -> str:
    if len(_memory) >= MEMORY_LIMIT:
        _memory.clear()
    _memory[(tex, bool(display))] = html
    return html


def rendered(tex: str, display: bool) -> str | None:
    """The HTML this process made (or read) for ``tex``, without typesetting anything."""
    return _memory.get((tex, bool(display)))


def render_tex(tex: str, display: bool) -> str:
    """KaTeX's HTML (with MathML) for ``tex``; ``ValueError`` with KaTeX's message if it is bad.

    Kept in this process (the same string again is the same object) and in the persistent build
    cache (see the module's docstring).
    """
    found = _memory.get((tex, bool(display)))
    if found is not None:
        return found
    if (tex, bool(display)) in _pending:  # typesetting ahead in the background: wait for it
        found = _wait_for((tex, bool(display)))
        if found is not None:
            return found
    store = cache.current()
    key = ""
    if store is not None:
        key = _key(tex, display)
        stored = store.get("math", key)
        if isinstance(stored, str):
            return _remember(tex, display, stored)
    with _lock:
        result = _katex_context().call("rectifiedRenderTex", tex, _options(display))
    if "error" in result:
        raise ValueError(str(result["error"]))
    html = str(result["html"])
    if store is not None:
        store.put("math", key, html)
    return _remember(tex, display, html)


def prefetch(groups: Iterable[Iterable[tuple[str, bool]]], *, settle_all: bool = True) -> int:
    """Typeset groups of ``(tex, display)`` pairs (a note's formulas) ahead of the pages.

    Formulas missing from this process's memory are typeset many per call into V8, in the
    order the groups come (the pages' order, so that a page waiting for a background prefetch
    waits for its own formulas only). Each group
    is one entry of the persistent cache (a file per note rather than per formula: at 1000
    notes, 7000 files cost more system time to write than their typesetting saved), read
    whole on the next build; :func:`render_tex` then finds every formula in memory. Bad TeX is
    skipped here (its group is not stored): the page that holds it reports it. Returns how many
    formulas V8 typeset. ``settle_all``: pages stop waiting for every formula not typeset here
    (false: only for those of ``groups``, when a background prefetch goes chunk by chunk).
    """
    store = cache.current()
    pending: list[tuple[str, list[tuple[str, bool]]]] = []
    every = [list(dict.fromkeys((tex, bool(d)) for tex, d in formulas)) for formulas in groups]
    for group in every:
        if not group or all(f in _memory for f in group):
            continue
        key = cache.digest("katex-group", group, KATEX_OPTIONS, katex_hash()) if store else ""
        stored = store.get("math", key) if store is not None else None
        if isinstance(stored, dict) and all(isinstance(stored.get(f), str) for f in group):
            for tex, display in group:
                _remember(tex, display, stored[(tex, display)])
            continue
        pending.append((key, group))
    todo = list(dict.fromkeys(f for _key, group in pending for f in group if f not in _memory))
    if settle_all:  # whatever a page may wait for and is not typeset below is ready
        _settle(todo, keep=True)
    else:
        ready = set(todo)
        _settle([f for group in every for f in group if f not in ready])
    done = 0
    for start in range(0, len(todo), BATCH):
        chunk = todo[start : start + BATCH]
        for display in (False, True):
            texs = [tex for tex, d in chunk if d == display]
            if not texs:
                continue
            with _lock:
                results = _katex_context().call("rectifiedRenderMany", texs, _options(display))
            for tex, result in zip(texs, results, strict=True):
                if "html" in result:
                    _remember(tex, display, str(result["html"]))
                    done += 1
        _settle(chunk)
    if store is not None:
        for key, group in pending:
            if all(f in _memory for f in group):
                store.put("math", key, {f: _memory[f] for f in group})
    return done


# -- Typesetting ahead in the background -------------------------------------------------------
#
# V8 runs in a thread of its own and Python waits for it without the GIL, so while the vault's
# formulas are typeset the build can go on with its pages: at 1000 notes that hides about a
# second of a cold build on two cores (the CPU time is the same). A page that needs a formula
# the background prefetch has not reached yet waits for that formula only.

_pending: set[tuple[str, bool]] = set()  # formulas a background prefetch will typeset
_progress = threading.Condition()
_background: threading.Thread | None = None


def prefetch_in_background(
    groups: Iterable[Iterable[tuple[str, bool]]], *, wanted: Callable[[int], bool] | None = None
) -> None:
    """:func:`prefetch` in a thread; returns at once (after any earlier one has finished).

    ``wanted(i)``, asked before each :data:`CHUNK` of groups from group ``i`` on: whether they
    are still wanted (the MkDocs plugin's helper process converts the last pages, and
    typesets their formulas, itself: :mod:`rectified.prerender`); the first unwanted chunk ends
    the prefetch. A failure there is logged and otherwise ignored: each page then typesets its
    own formulas (and reports bad TeX, as without a prefetch).
    """
    global _background
    wait_for_prefetch()
    todo = [list(group) for group in groups]
    if wanted is None:  # pages wait for these rather than typeset them one by one
        _expect(todo)
    thread = threading.Thread(
        target=_prefetch_quietly, args=(todo, wanted), name="rectified-katex", daemon=True
    )
    _background = thread
    thread.start()


def wait_for_prefetch() -> None:
    """Return when no background prefetch is running."""
    thread = _background
    if thread is not None and thread is not threading.current_thread():
        thread.join()


def _prefetch_quietly(
    groups: list[list[tuple[str, bool]]], wanted: Callable[[int], bool] | None = None
) -> None:
    try:
        if wanted is None:
            prefetch(groups)
        else:
            for start in range(0, len(groups), CHUNK):
                if not wanted(start):
                    break
                chunk = groups[start : start + CHUNK]
                _expect(chunk)  # a chunk at a time: a page may need a far note's formula
                prefetch(chunk, settle_all=False)
    except Exception:
        log.warning("typesetting formulas ahead failed; each page typesets its own", exc_info=True)
    finally:
        with _progress:
            _pending.clear()
            _progress.notify_all()


def _expect(groups: list[list[tuple[str, bool]]]) -> None:
    """Pages that need one of these formulas wait for the background prefetch to typeset it."""
    with _progress:
        _pending.update((tex, bool(display)) for group in groups for tex, display in group)


def _settle(formulas: list[tuple[str, bool]], *, keep: bool = False) -> None:
    """Tell waiting pages that ``formulas`` are done (``keep``: that all but these are)."""
    if not _pending:
        return
    with _progress:
        if keep:
            _pending.intersection_update(formulas)
        else:
            _pending.difference_update(formulas)
        _progress.notify_all()


def _wait_for(formula: tuple[str, bool]) -> str | None:
    """The HTML of ``formula`` once the background prefetch is past it (None: not typeset)."""
    with _progress:
        while formula in _pending:
            _progress.wait()
    return _memory.get(formula)


# -- Finding math ------------------------------------------------------------------------------


def _snippet(source: str, md: markdown.Markdown | None = None) -> str:
    """Text that locates ``source`` in the note, for the error's line number.

    A multi-line formula is located by its first line of TeX that occurs once in the note: the
    ``$$`` lines occur everywhere, and a formula from a block quote lost its ``>`` markers, so
    its full text is not in the note.
    """
    page = current_page(md)
    lines = [line.strip() for line in source.splitlines()]
    tex_lines = [line for line in lines if line.strip("$ ")]
    if page is None or len([line for line in lines if line]) <= 1 or not tex_lines:
        return source
    for line in tex_lines:
        if page.markdown.count(line) == 1:
            return line
    return tex_lines[0]


def _render(md: markdown.Markdown, source: str, tex: str, display: bool) -> str:
    """Render ``tex`` (from the note text ``source``) and return the stash placeholder."""
    try:
        html = render_tex(tex.strip(), display)
    except ValueError as exc:
        raise error(f"bad math: {exc}", _snippet(source, md), md) from exc
    return md.htmlStash.store(html)


class MathInlineProcessor(InlineProcessor):
    """``$…$`` and ``$$…$$`` in the text of one block."""

    def handleMatch(
        self, m: re.Match[str], data: str
    ) -> tuple[str | etree.Element | None, int | None, int | None]:
        tex = m.group("display")
        display = tex is not None
        if not display:
            tex = m.group("inline")
        if tex is None or not tex.strip():
            return None, None, None  # an escape or a lone $$: not ours
        assert self.md is not None
        return _render(self.md, m.group(0), tex, display), m.start(0), m.end(0)


class DisplayMathBlockProcessor(BlockProcessor):
    """Render display formulas that span lines before block parsing can split them.

    It changes ``blocks[0]`` in place and returns False, so the block then goes through the
    other processors with each such formula reduced to one placeholder.
    """

    def test(self, parent: etree.Element, block: str) -> bool:
        # Only a block with a $$ that the same line does not close can hold what this looks for
        # (a formula over several lines, or an unclosed $$); the rest is the inline processor's.
        return "$$" in block and any(line.count("$$") % 2 for line in block.split("\n"))

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        block = blocks[0]
        src = parse(block, front_matter=False)
        parts: list[str] = []
        pos = 0
        for span in src.of(MATH):
            if span.data != "display" or span.end_line == span.line:
                continue  # one-line math is left to the inline processor
            if src.lines[span.line - 1].quote:
                continue  # the quote processor strips the '>' and parses this again
            tex = block[span.start + 2 : span.end - 2]
            parts += [
                block[pos : span.start],
                _render(self.parser.md, block[span.start : span.end], tex, True),
            ]
            pos = span.end
        self._check_unclosed(src, self.parser.md)
        if parts:
            blocks[0] = "".join(parts) + block[pos:]
        return False

    @staticmethod
    def _check_unclosed(src: Source, md: markdown.Markdown) -> None:
        """A line that is only ``$$`` and closes nothing: a formula broken by a blank line."""
        for line in src.lines:
            text = src.text[line.start : line.end]
            if line.quote or line.code or text.strip() != "$$":
                continue
            if src.span_at(line.start + text.index("$$"), (MATH, CODE, COMMENT)) is None:
                raise error(
                    "bad math: unclosed $$ (a display formula ends with $$ before the next blank "
                    "line; it may not contain blank lines)",
                    _snippet(src.text[line.start :], md),
                    md,
                )


class MathExtension(markdown.Extension):
    """Obsidian ``$…$`` / ``$$…$$`` math, rendered by KaTeX at build time."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        context.install(md)
        md.registerExtension(self)
        if "$" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("$")  # \$ is a literal dollar
        md.parser.blockprocessors.register(DisplayMathBlockProcessor(md.parser), "math_block", 77)
        md.inlinePatterns.register(MathInlineProcessor(MATH_PATTERN, md), "math", 185)


def makeExtension(**kwargs: Any) -> MathExtension:
    return MathExtension(**kwargs)
