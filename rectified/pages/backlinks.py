"""Linked from: the notes that link to this one, each with the sentences the links stand in.

A sentence comes from the vault index (:func:`rectified.text.link_sentence`: links as their
text, a table row as its cells, a callout's title without its marker, a property as
``key: values``) and is rendered here as the note renders it: inline code as code, math typeset
by KaTeX at build time (as :mod:`rectified.markdown.math` does), ``**strong**``, ``*emphasis*``
and ``~~struck~~`` text as such, backslash escapes as the character they escape; a display
formula becomes "…". What is code or math is the source layer's answer (:mod:`rectified.source`).
Known limit: emphasis that the sentence boundary cuts in two loses its marks, not its text.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

from rectified.crosspage import code_and_math_html

NAME = None
OPTION = "backlinks"


def render(ctx) -> list[etree.Element]:
    by_source: dict[str, list[str]] = {}
    for link in ctx.vault.links_to(ctx.page):
        sentences = by_source.setdefault(link.source, [])
        if link.sentence and link.sentence not in sentences:
            sentences.append(link.sentence)
    if not by_source:
        return []
    section = etree.Element("section", {"class": "backlinks", "aria-labelledby": "linked-from"})
    h2 = etree.SubElement(section, "h2", {"id": "linked-from"})
    h2.text = "Linked from"
    ul = etree.SubElement(section, "ul")
    for source in sorted(by_source, key=lambda s: ctx.title(s).casefold()):
        li = etree.SubElement(ul, "li")
        a = etree.SubElement(li, "a", {"href": ctx.href(source)})
        a.text = ctx.title(source)
        for sentence in by_source[source][:3]:
            quote = etree.SubElement(li, "blockquote", {"class": "backlink-context"})
            quote.text = ctx.stash(sentence_html(sentence))
    return [section]


def sentence_html(sentence: str) -> str:
    """A linking sentence, as the vault index keeps it, as HTML (see the module's docstring)."""
    return code_and_math_html(sentence, _inline_html)


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_KEPT = re.compile(r"\x00(\d+)\x00")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_STRUCK = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![\w*])")
_LEFT_OVER = re.compile(r"\*\*|__|~~")


def _inline_html(text: str) -> str:
    """Text between code and math: escaped, emphasis rendered, constructs cut short ended."""
    for cut in ("$$", "[["):  # a formula or link cut by the sentence boundary ("et al.")
        if cut in text:
            text = text[: text.index(cut)] + " …"
    kept: list[str] = []

    def keep(m: re.Match[str]) -> str:
        kept.append(m.group(1))
        return f"\x00{len(kept) - 1}\x00"

    text = html.escape(_ESCAPED.sub(keep, text), quote=False)
    text = _STRONG.sub(r"<strong>\2</strong>", text)
    text = _STRUCK.sub(r"<del>\1</del>", text)
    text = _EMPHASIS.sub(r"<em>\2</em>", text)
    text = _LEFT_OVER.sub("", text)
    return _KEPT.sub(lambda m: html.escape(kept[int(m.group(1))], quote=False), text)
