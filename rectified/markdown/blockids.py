"""Obsidian block ids: ``^id`` names a block so that ``[[Note#^id]]`` can link to it.

As in Obsidian (https://help.obsidian.md/Linking+notes+and+files/Internal+links), the id is
letters, digits and hyphens, and it is written

* at the end of a paragraph or list item, after a space: ``Some text ^a1b2c3``, which gives
  ``<p id="^a1b2c3">`` / ``<li id="^a1b2c3">``;
* alone on the line after a block (callout, block quote, table, list, paragraph), with or
  without a blank line between: the id goes to that block (``div.admonition``, ``details``,
  ``blockquote``, ``table``, ``ul``/``ol``, ``p``...).

The ``^id`` disappears from the text; the HTML id is ``^id`` itself (the anchor Obsidian uses).
Ids in code (spans, fenced or indented blocks) are text. Two blocks with one id in a note, or an
id on an element that has one already, raise a :class:`~rectified.errors.NoteError`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from rectified import context
from rectified.context import error
from rectified.source import block_id_alone, parse, trailing_block_id

__all__ = ["BlockIdExtension", "makeExtension"]

_PLACEHOLDER = re.compile(r"^\s*\x02wzxhzdk:\d+\x03\s*$")
_STRUCTURED = re.compile(r"^\s{0,3}[>|]")
# Elements a standalone id may name (not headings: their ids are toc's).
_TARGETS = {"p", "blockquote", "div", "details", "table", "ul", "ol", "dl", "pre", "figure"}


class _Separate(Preprocessor):
    """Put a standalone ``^id`` right under a quote or table row into a block of its own.

    Otherwise Python-Markdown reads it as a lazy continuation of the quote's last paragraph, or
    as a table row.
    """

    def run(self, lines: list[str]) -> list[str]:
        if not any(block_id_alone(line) for line in lines if "^" in line):
            return lines  # nothing to separate (most notes): no need to read the note
        out: list[str] = []
        src = parse("\n".join(lines), front_matter=False)
        for i, line in enumerate(lines):
            if src.lines[i].code:
                pass
            elif block_id_alone(line) and out and _STRUCTURED.match(out[-1]):
                out.append("")
                out.append(line)
                if i + 1 < len(lines) and lines[i + 1].strip():
                    out.append("")
                continue
            out.append(line)
        return out


class _Assign(Treeprocessor):
    """Move each ``^id`` from the text to its block's ``id`` (before inline processing)."""

    def run(self, root: etree.Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        seen: set[str] = set()
        for el in list(root.iter()):
            if el.tag == "li":
                self._trailing(el, el, seen)
            elif el.tag == "p" and "admonition-title" not in (el.get("class") or ""):
                parent = parents.get(el, root)
                if len(el) == 0 and el.text and block_id_alone(el.text):
                    self._alone(el, parent, seen)
                    continue
                in_item = parent.tag == "li" and parent[0] is el
                self._trailing(el, parent if in_item else el, seen)

    def _trailing(self, holder: etree.Element, target: etree.Element, seen: set[str]) -> None:
        m = trailing_block_id(holder.text or "")
        if m:
            holder.text = (holder.text or "")[: m.start()].rstrip()
            self._set(target, m.group(1), seen)

    def _alone(self, p: etree.Element, parent: etree.Element, seen: set[str]) -> None:
        key = block_id_alone(p.text or "")
        siblings = list(parent)
        index = siblings.index(p)
        before = siblings[index - 1] if index > 0 else None
        if before is not None and before.tag in _TARGETS and not (p.tail or "").strip():
            before.tail = (before.tail or "") + (p.tail or "")
            parent.remove(p)
            self._set(before, key, seen)
        else:  # nothing to name: the empty paragraph stays as the anchor
            p.text = ""
            self._set(p, key, seen)

    def _set(self, el: etree.Element, key: str, seen: set[str]) -> None:
        snippet = "^" + key
        if key in seen:
            raise error(f"duplicate block id ^{key} in this note", snippet, self.md)
        if el.get("id"):
            raise error(
                f"block id ^{key} for an element with id '{el.get('id')}' already", snippet, self.md
            )
        seen.add(key)
        if el.tag == "p" and _PLACEHOLDER.match(el.text or ""):
            # Stashed HTML (a code block, display math): "<p>" + placeholder would be replaced
            # by the HTML alone and the id lost; a div keeps it.
            el.tag = "div"
        el.set("id", snippet)


class BlockIdExtension(Extension):
    """``^id`` after a block becomes that block's HTML id."""

    def __init__(self, **kwargs: Any) -> None:
        self.config: dict[str, list[Any]] = {}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        context.install(md)
        md.registerExtension(self)
        # After fenced code is stashed (25), before raw HTML blocks (20).
        md.preprocessors.register(_Separate(md), "block_ids_separate", 24)
        # After the block parser, before inline processing (20): the text is still Markdown.
        md.treeprocessors.register(_Assign(md), "block_ids", 25)


def makeExtension(**kwargs: Any) -> BlockIdExtension:
    return BlockIdExtension(**kwargs)
