"""The neighbourhood of a note: the notes it links to or from, drawn under the note."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from rectified import graph
from rectified.pages.graph import edges, svg_element, titles

NAME = None
OPTION = "local_graph"


def render(ctx) -> list[etree.Element]:
    cache = ctx.site.derived
    if "adjacency" not in cache:
        cache["adjacency"] = graph.adjacency(edges(ctx))
    nodes, sub = graph.neighbourhood(ctx.page, cache["adjacency"])
    if len(nodes) <= 1:
        return []
    section = etree.Element("section", {"class": "local-graph", "aria-labelledby": "local-graph"})
    h2 = etree.SubElement(section, "h2", {"id": "local-graph"})
    h2.text = "Neighbourhood"
    drawn = graph.svg(
        nodes,
        sub,
        titles(ctx),
        ctx.href,
        current=ctx.page,
        height=300,
        label=f"Notes linked with {ctx.title(ctx.page)}",
        iterations=100,  # a neighbourhood is small: settles quickly
    )
    section.append(svg_element(drawn))
    return [section]
