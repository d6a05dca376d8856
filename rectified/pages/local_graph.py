"""The neighbourhood of a note: the notes it links to or from, drawn under the note.

The first page of a build that draws one lays out every note's neighbourhood at once
(:func:`rectified.graph.prefetch`); the others take theirs from memory.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from rectified import graph
from rectified.pages.graph import edges, svg_element, titles

NAME = None
OPTION = "local_graph"
ITERATIONS = 100  # a neighbourhood is small: settles quickly


def render(ctx) -> list[etree.Element]:
    cache = ctx.site.derived
    if "adjacency" not in cache:
        adjacency = graph.adjacency(edges(ctx))
        hoods = (graph.neighbourhood(note, adjacency) for note in titles(ctx))
        graph.prefetch((h for h in hoods if len(h[0]) > 1), ITERATIONS)
        cache["adjacency"] = adjacency
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
        iterations=ITERATIONS,
    )
    section.append(svg_element(drawn))
    return [section]
