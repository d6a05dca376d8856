"""Tags: one heading per tag (its id is the tag's slug, which ``#tag`` links use), notes A to Z."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from rectified.vault import slugify

NAME = "tags"
FILE = "tags.md"
TITLE = "Tags"
INTRO = "Every tag of the vault, from front matter and from the text, with its notes."


def render(ctx) -> list[etree.Element]:
    tags = ctx.vault.tags()
    if not tags:
        p = etree.Element("p")
        p.text = "No note has tags yet."
        return [p]
    count = etree.Element("p")
    count.text = f"{len(tags)} tags over {len(ctx.vault.content_notes())} notes."
    out = [count]
    for tag in sorted(tags, key=str.casefold):
        h2 = etree.Element("h2", {"id": slugify(tag)})
        h2.text = "#" + tag
        ul = etree.Element("ul")
        for rel in sorted(tags[tag], key=lambda r: ctx.title(r).casefold()):
            a = etree.SubElement(etree.SubElement(ul, "li"), "a", {"href": ctx.href(rel)})
            a.text = ctx.title(rel)
        out += [h2, ul]
    return out
