"""Graph: every note and the links between them, laid out at build time (see rectified.graph)."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from rectified import graph

NAME = "graph"
FILE = "graph.md"
TITLE = "Graph"
INTRO = "Every note and the links between them. Each dot is a link to its note."


def edges(ctx) -> list[tuple[str, str]]:
    """Undirected edges between notes (cached for the build)."""
    cache = ctx.site.derived
    if "edges" not in cache:
        notes = [n.rel_path for n in ctx.vault.content_notes()]
        cache["edges"] = graph.edges_from_links(ctx.vault.links(), notes)
    return cache["edges"]


def titles(ctx) -> dict[str, str]:
    cache = ctx.site.derived
    if "titles" not in cache:
        cache["titles"] = {n.rel_path: n.title for n in ctx.vault.content_notes()}
    return cache["titles"]


def svg_element(svg: str) -> etree.Element:
    """The SVG text as elements, so that each builder rewrites its links like any other."""
    return etree.fromstring(svg)


def render(ctx) -> list[etree.Element]:
    hint = etree.Element("p")
    hint.text = "Use Tab to move between the notes."
    nodes = sorted(titles(ctx))
    drawn = graph.svg(nodes, edges(ctx), titles(ctx), ctx.href, width=900, height=700)
    return [hint, svg_element(drawn)]
