"""Task list items with any status character: ``- [/] half done``, ``- [-] dropped``, ``- [?]``.

``pymdownx.tasklist`` (in ``mkdocs.yml``, with ``custom_checkbox``) renders ``- [ ]`` and
``- [x]``. Obsidian reads any single character between the brackets as a task status
(https://help.obsidian.md/Editing+and+formatting/Basic+formatting+syntax#Task+lists): it shows
every status but a space as a ticked box, and themes style each one through the item's
``data-task`` attribute. This treeprocessor does the same for the characters tasklist leaves as
text: the item gets tasklist's checkbox markup (ticked, disabled) and ``data-task="/"``; items
tasklist made get their ``data-task`` too (``" "`` or ``"x"``), so a style can tell them all
apart.

Priority 24: right after tasklist (25), before inline processing (20), on the item's raw text,
as tasklist reads it. Known limits: ``[[``, ``]`` and white space are not statuses (``- [[Note]]``
is a link); the checkbox cannot be clicked (the site is static).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE
from pymdownx.tasklist import get_checkbox

__all__ = ["TaskExtension", "makeExtension"]

_STATUS = re.compile(r"^ *\[(?P<state>[^\s\[\]\\])\] +(?P<line>.*)", re.DOTALL)
_TICKED = re.compile(r'<input type="checkbox"[^>]*\bchecked\b')


class _Statuses(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        for li in root.iter("li"):
            classes = (li.get("class") or "").split()
            if "task-list-item" in classes:
                li.set("data-task", "x" if self._ticked(li) else " ")
                continue
            holder = li if (li.text or "").strip() else self._first_paragraph(li)
            if holder is None:
                continue
            m = _STATUS.match(holder.text or "")
            if m is None:
                continue
            state = m.group("state")
            holder.text = self.md.htmlStash.store(get_checkbox("x", True)) + m.group("line")
            li.set("class", " ".join([*classes, "task-list-item"]))
            li.set("data-task", state)
            parent = parents.get(li)
            if parent is not None and "task-list" not in (parent.get("class") or "").split():
                parent.set("class", " ".join([*(parent.get("class") or "").split(), "task-list"]))

    @staticmethod
    def _first_paragraph(li: etree.Element) -> etree.Element | None:
        first = li[0] if len(li) else None
        return first if first is not None and first.tag == "p" else None

    def _ticked(self, li: etree.Element) -> bool:
        holder = li if (li.text or "").strip() else self._first_paragraph(li)
        text = (holder.text or "") if holder is not None else ""
        found = HTML_PLACEHOLDER_RE.search(text)
        if found is None:
            return False
        html = self.md.htmlStash.rawHtmlBlocks[int(found.group(1))]
        return bool(_TICKED.search(html if isinstance(html, str) else ""))


class TaskExtension(Extension):
    """Obsidian's task statuses beyond ``[ ]`` and ``[x]``."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_Statuses(md), "rectified_task_statuses", 24)


def makeExtension(**kwargs: Any) -> TaskExtension:
    return TaskExtension(**kwargs)
