"""Wanted notes: each title linked to but not written yet, with the notes that want it."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from rectified.vault import slugify

NAME = "wanted"
FILE = "wanted.md"
TITLE = "Wanted notes"
INTRO = "Notes that other notes link to but nobody has written yet."


def render(ctx) -> list[etree.Element]:
    groups: dict[str, dict] = {}
    for title, source, line in ctx.vault.wanted():
        group = groups.setdefault(slugify(title), {"title": title, "sources": {}})
        group["sources"].setdefault(source, line)
    if not groups:
        p = etree.Element("p")
        p.text = "No note is wanted: every link points to a note that exists."
        return [p]
    p = etree.Element("p")
    p.text = (
        f"{len(groups)} notes are linked to but not written yet. Each is listed with the notes "
        "that want it; writing one turns those links into real ones."
    )
    out = [p]
    for key in sorted(groups, key=lambda k: groups[k]["title"].casefold()):
        group = groups[key]
        h2 = etree.Element("h2", {"id": key})
        h2.text = group["title"]
        by = etree.Element("p")
        by.text = "Wanted by:"
        ul = etree.Element("ul")
        for source in sorted(group["sources"], key=lambda s: ctx.title(s).casefold()):
            a = etree.SubElement(etree.SubElement(ul, "li"), "a", {"href": ctx.href(source)})
            a.text = ctx.title(source)
        out += [h2, by, ul]
    return out
