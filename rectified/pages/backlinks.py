"""Linked from: the notes that link to this one, each with the sentences the links stand in."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from rectified.crosspage import context_html

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
            quote.text = ctx.stash(context_html(sentence, plain=True))
    return [section]
