"""Cross-page text: a linking sentence as backlink context, and math as TeX for search.

Pure functions on strings. The pages themselves (All notes, Gallery, backlinks...) are in
:mod:`rectified.pages`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from rectified.source import CODE, MATH, parse
from rectified.text import plain_sentence

_EMPHASIS = re.compile(r"(\*\*|__|\*)")


def context_html(sentence: str, *, plain: bool = False) -> str:
    """A linking sentence from the source, as HTML: math typeset, code as code, markup dropped.

    A display formula becomes "…"; one cut by the sentence boundary ends the sentence there.
    ``plain``: the sentence is :func:`plain_sentence`'s already (as the vault index keeps it).
    """

    if not plain:
        sentence = plain_sentence(re.sub(r"(?m)^\s*>\s?", "", sentence))  # callouts' markers
    return code_and_math_html(sentence, _text_html)


def code_and_math_html(sentence: str, text_html: Callable[[str], str]) -> str:
    """``sentence`` as HTML: code spans as code, inline math typeset, display math as "…".

    The source layer finds the code and the math; ``text_html`` makes HTML of the text between.
    TeX that KaTeX refuses is shown as written.
    """
    from rectified.markdown.math import render_tex

    out, pos = [], 0
    for span in parse(sentence, front_matter=False).of(MATH, CODE):
        out.append(text_html(sentence[pos : span.start]))
        whole = sentence[span.start : span.end]
        if span.kind == CODE:
            out.append(f"<code>{html.escape(whole.strip('`').strip())}</code>")
        elif span.data == "display":
            out.append(" … ")
        else:
            try:
                out.append(render_tex(whole[1:-1], False))
            except ValueError:
                out.append(html.escape(whole))
        pos = span.end
    out.append(text_html(sentence[pos:]))
    return " ".join("".join(out).split())


def sentence_formulas(sentence: str) -> list[tuple[str, bool]]:
    """The formulas :func:`code_and_math_html` typesets in ``sentence``, as ``(tex, display)``
    (for typesetting them ahead, many at a time)."""
    spans = parse(sentence, front_matter=False).of(MATH, CODE)
    return [
        (sentence[s.start + 1 : s.end - 1], False)
        for s in spans
        if s.kind == MATH and s.data != "display"
    ]


def _text_html(text: str) -> str:
    """Plain text of a piece between code and math: emphasis marks dropped, cut constructs ended."""
    for cut in ("$$", "[["):  # a formula or link cut by the sentence boundary ("et al.")
        if cut in text:
            text = text[: text.index(cut)] + " …"
    return html.escape(_EMPHASIS.sub("", text))


_KATEX_START = re.compile(r'<span class="katex(?:-display)?">')
_SPAN_TAG = re.compile(r"<span\b|</span>")
_TEX = re.compile(r'<annotation encoding="application/x-tex">(.*?)</annotation>', re.S)


def math_as_tex(page_html: str) -> str:
    """The page with every KaTeX formula replaced by its TeX source, for the search index.

    KaTeX's markup (hundreds of nested spans per formula, and a MathML copy) is most of a
    note's HTML; indexing it costs time and fills the index with glyph fragments. Its TeX is
    what a reader would type.
    """
    from rectified.markdown.math import rendered

    out, pos = [], 0
    for start in _KATEX_START.finditer(page_html):
        if start.start() < pos:
            continue  # inside a formula already replaced (katex inside katex-display)
        end = None
        # A formula this process typeset is found whole at once; any other by counting tags.
        found = _TEX.search(page_html, start.start())
        if found is not None:
            display = start.group(0) != '<span class="katex">'
            known = rendered(html.unescape(found.group(1)), display)
            if known is not None and page_html.startswith(known, start.start()):
                end = start.start() + len(known)
        if end is None:
            depth = 0
            for tag in _SPAN_TAG.finditer(page_html, start.start()):
                depth += 1 if tag.group(0) == "<span" else -1
                if depth == 0:
                    end = tag.end()
                    break
        if end is None:
            break
        tex = _TEX.search(page_html, start.start(), end)
        out.append(page_html[pos : start.start()])
        out.append(f" {tex.group(1).strip()} " if tex else " ")
        pos = end
    out.append(page_html[pos:])
    return "".join(out)


_ADDED_SECTIONS = re.compile(
    r'<section\b[^>]*\bclass="(?:local-graph|backlinks)"[^>]*>.*?</section>', re.DOTALL
)


def search_text(page_html: str) -> str:
    """What the search index gets of a page: math as TeX, without the local graph and backlinks.

    A note's neighbourhood graph and "Linked from" list other notes' titles and sentences: in
    the index they would make every note match its neighbours' words, and parsing them was most
    of the indexing time at 1000 notes. Code blocks lose the ``<span>`` tags of their syntax
    highlighting (:func:`unhighlighted`), which the index drops anyway.
    """
    return unhighlighted(math_as_tex(_ADDED_SECTIONS.sub("", page_html)))


_PRE = re.compile(r"<pre\b[^>]*>.*?</pre>", re.DOTALL)
_ANY_SPAN_OPEN = re.compile(r"<span\b[^>]*>")
_PLAIN_SPAN = re.compile(r'<span(?: class="[^"<>]*")?>|</span>')


def unhighlighted(page_html: str) -> str:
    """``page_html`` with the highlighting spans inside ``<pre>`` removed, text kept as it was.

    Pygments wraps every token of a code block in ``<span class="…">``; a figure's source code
    alone is hundreds of them. Material's search parser keeps only the text of a ``<pre>``
    (whitespace as it is) and no ``<span>`` tag, so the index is the same without them, for
    much less parsing. A block with any other span (an ``id``, ``data-search-exclude``…) is
    left alone.
    """

    def strip(m: re.Match[str]) -> str:
        block = m.group(0)
        opens = _ANY_SPAN_OPEN.findall(block)
        if not opens or any(not _PLAIN_SPAN.fullmatch(tag) for tag in opens):
            return block
        return _PLAIN_SPAN.sub("", block)

    return _PRE.sub(strip, page_html)
