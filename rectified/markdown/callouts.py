"""Obsidian callouts rendered as Material for MkDocs admonitions.

Obsidian writes a callout as a block quote whose first line is a marker::

    > [!tip]- Optional *title*
    > Body: paragraphs, lists, code, math, nested callouts...

This extension turns it into the HTML that Material for MkDocs already styles:

* not foldable::

    <div class="admonition tip callout-tip">
      <p class="admonition-title">Optional <em>title</em></p>
      ...body...
    </div>

* foldable (``-`` collapsed, ``+`` expanded), the shape of ``pymdownx.details``::

    <details class="tip callout-tip" open>
      <summary>Optional <em>title</em></summary>
      ...body...
    </details>

The first class is Material's admonition type (Obsidian aliases and types Material lacks are
mapped, unknown types become ``note`` as in Obsidian); ``callout-<type>`` keeps the type as
written in the note, lower-cased, so that CSS can tell ``[!important]`` from ``[!tip]``.

The callout ends at the first line that does not start with ``>`` (no lazy continuation lines)
or at a blank line, as a block quote does. A malformed marker (``[!]``, ``[!two words]``) raises
a :class:`~rectified.errors.NoteError` through :func:`rectified.context.error`.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, SubElement

import markdown
from markdown import util
from markdown.blockprocessors import BlockProcessor

from rectified import context
from rectified.context import error

# Obsidian callout type (and alias) -> Material for MkDocs admonition class.
MATERIAL_CLASS: dict[str, str] = {
    "note": "note",
    "abstract": "abstract",
    "summary": "abstract",
    "tldr": "abstract",
    "info": "info",
    "todo": "info",
    "tip": "tip",
    "hint": "tip",
    "important": "tip",
    "success": "success",
    "check": "success",
    "done": "success",
    "question": "question",
    "help": "question",
    "faq": "question",
    "warning": "warning",
    "caution": "warning",
    "attention": "warning",
    "failure": "failure",
    "fail": "failure",
    "missing": "failure",
    "danger": "danger",
    "error": "danger",
    "bug": "bug",
    "example": "example",
    "quote": "quote",
    "cite": "quote",
}
UNKNOWN_CLASS = "note"  # Obsidian shows an unknown type as a note

# One line of a block quote; same leniency as Python-Markdown's BlockQuoteProcessor.
QUOTE_LINE = re.compile(r"^[ ]{0,3}>[ ]?(?P<content>.*)$")
# The marker, on the first line of the quote (after one level of ``>`` is removed).
MARKER = re.compile(r"^[ ]{0,3}\[!(?P<type>[^\]]*)\](?P<fold>[+-]?)(?P<title>.*)$")
VALID_TYPE = re.compile(r"^[\w-]+$")

CALLOUT_CLASS_PREFIX = "callout-"


def _first_quote_line(lines: list[str]) -> int | None:
    for i, line in enumerate(lines):
        if QUOTE_LINE.match(line):
            return i
    return None


def _unquote(line: str) -> str:
    """``line`` without one level of ``>``."""
    m = QUOTE_LINE.match(line)
    return m.group("content") if m else line


def _is_callout(el: Element | None) -> bool:
    """Whether ``el`` is an element this extension built."""
    if el is None or el.tag not in ("div", "details"):
        return False
    return any(c.startswith(CALLOUT_CLASS_PREFIX) for c in el.get("class", "").split())


class CalloutProcessor(BlockProcessor):
    """Turns a block quote whose first line is ``[!type]`` into an admonition."""

    def test(self, parent: Element, block: str) -> bool:
        lines = block.split("\n")
        i = _first_quote_line(lines)
        if i is None or util.nearing_recursion_limit():
            return False
        return MARKER.match(_unquote(lines[i])) is not None

    def run(self, parent: Element, blocks: list[str]) -> None:
        lines = blocks.pop(0).split("\n")
        start = _first_quote_line(lines)
        assert start is not None  # test() found it
        end = start + 1
        while end < len(lines) and QUOTE_LINE.match(lines[end]):
            end += 1

        if start > 0:  # e.g. a paragraph the callout interrupts
            self.parser.parseBlocks(parent, ["\n".join(lines[:start])])

        marker_line = lines[start]
        m = MARKER.match(_unquote(marker_line))
        assert m is not None
        written_type = m.group("type")
        if not written_type.strip():
            raise error(
                f"callout marker '[!{written_type}]' has no type", marker_line, self.parser.md
            )
        if not VALID_TYPE.match(written_type):
            raise error(
                f"callout marker '[!{written_type}]': the type must be one word "
                "(letters, digits, '-' or '_')",
                marker_line,
                self.parser.md,
            )
        kind = written_type.lower()
        material = MATERIAL_CLASS.get(kind, UNKNOWN_CLASS)
        title = m.group("title").strip() or kind.capitalize()
        fold = m.group("fold")

        if fold:
            box = SubElement(parent, "details")
            box.set("class", f"{material} {CALLOUT_CLASS_PREFIX}{kind}")
            if fold == "+":
                box.set("open", "open")  # ``open`` in HTML output, ``open="open"`` in XHTML
            head = SubElement(box, "summary")
        else:
            box = SubElement(parent, "div")
            box.set("class", f"admonition {material} {CALLOUT_CLASS_PREFIX}{kind}")
            head = SubElement(box, "p")
            head.set("class", "admonition-title")
        head.text = title  # inline processors render its Markdown later

        body = "\n".join(_unquote(line) for line in lines[start + 1 : end])
        if body.strip():
            # Like a block quote: paragraphs get <p> even inside a tight list item.
            self.parser.state.set("callout")
            try:
                self.parser.parseChunk(box, body)
            finally:
                self.parser.state.reset()

        if end < len(lines):  # lines without ``>`` end the callout
            blocks.insert(0, "\n".join(lines[end:]))


class IndentAfterCalloutProcessor(BlockProcessor):
    """Keeps indented blocks after a callout out of it.

    The ``admonition`` and ``pymdownx.details`` processors treat an indented block that follows a
    ``div.admonition`` or a ``details`` as that element's continuation (Material's ``!!!``
    syntax). A callout ends at its last ``>`` line, so the block is parsed with the callout
    hidden from them (its tag renamed for the duration) and becomes, e.g., a code block.
    """

    HIDDEN_TAG = "rectified-callout"

    def test(self, parent: Element, block: str) -> bool:
        return block.startswith(" " * self.tab_length) and _is_callout(self.lastChild(parent))

    def run(self, parent: Element, blocks: list[str]) -> None:
        callout = self.lastChild(parent)
        assert callout is not None
        tag = callout.tag
        callout.tag = self.HIDDEN_TAG
        try:
            self.parser.parseBlocks(parent, [blocks.pop(0)])
        finally:
            callout.tag = tag


class CalloutExtension(markdown.Extension):
    """Obsidian callouts (``> [!type]± title``) as Material admonitions."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        context.install(md)
        # Before the block quote processor ("quote", 20), which would take the block otherwise.
        md.parser.blockprocessors.register(CalloutProcessor(md.parser), "callout", 21)
        # Before "admonition" and "details" (105), which would swallow the indented block.
        md.parser.blockprocessors.register(
            IndentAfterCalloutProcessor(md.parser), "callout-indent", 106
        )


def makeExtension(**kwargs) -> CalloutExtension:
    return CalloutExtension(**kwargs)
