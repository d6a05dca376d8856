"""All notes: every note by title, A to Z, with its tags."""

from __future__ import annotations

import xml.etree.ElementTree as etree

NAME = "all-notes"
FILE = "notes.md"
TITLE = "All notes"
GENERATED_TAGS = "tags.md"
GENERATED_GRAPH = "graph.md"
INTRO = "Every note of the vault, by title. Follow links, search, or browse the tags and the graph."


def render(ctx) -> list[etree.Element]:
    notes = sorted(ctx.vault.content_notes(), key=lambda n: n.title.casefold())
    intro = etree.Element("p")
    intro.text = f"The vault holds {len(notes)} notes. See also the "
    a = etree.SubElement(intro, "a", {"href": ctx.href(GENERATED_TAGS)})
    a.text = "tags"
    a.tail = " and the "
    a = etree.SubElement(intro, "a", {"href": ctx.href(GENERATED_GRAPH)})
    a.text = "graph"
    a.tail = "."
    items = etree.Element("ul", {"class": "rectified-notes"})
    for note in notes:
        li = etree.SubElement(items, "li")
        link = etree.SubElement(li, "a", {"href": ctx.href(note.rel_path)})
        link.text = note.title
        last = link
        for i, tag in enumerate(note.tags):
            last.tail = " · " if i == 0 else " "
            last = etree.SubElement(li, "code")
            last.text = tag
    return [intro, items]
