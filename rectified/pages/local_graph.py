"""The neighbourhood of a note: the notes it links to or from, drawn under the note.

The first page of a build that draws one lays out every note's neighbourhood at once
(:func:`prepare`, :func:`rectified.graph.prefetch`); the others take theirs from memory. The
MkDocs plugin calls :func:`prepare` before it forks a process that converts pages ahead
(:mod:`rectified.prerender`), so that the layouts are made once.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from rectified import graph
from rectified.pages.graph import edges, svg_element, titles

NAME = None
OPTION = "local_graph"
ITERATIONS = 100  # a neighbourhood is small: settles quickly


def prepare(site) -> dict:
    """Lay out every note's neighbourhood of ``site`` (once per build); the adjacency."""
    from rectified.pages import PageContext

    cache = site.derived
    if "adjacency" not in cache:
        ctx = PageContext(site, "", None, {})
        adjacency = graph.adjacency(edges(ctx))
        hoods = (graph.neighbourhood(note, adjacency) for note in titles(ctx))
        graph.prefetch((h for h in hoods if len(h[0]) > 1), ITERATIONS)
        cache["adjacency"] = adjacency
    return cache["adjacency"]


def render(ctx) -> list[etree.Element]:
    nodes, sub = graph.neighbourhood(ctx.page, prepare(ctx.site))
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
