"""The link graph, laid out at build time and drawn as inline SVG.

No script draws it in the browser: the layout is a deterministic force-directed simulation run by
the build (numpy, fixed seed), and the result is an SVG whose nodes are ordinary links, so the
graph works offline and without JavaScript, every node is reachable with Tab and followed with
Enter, and colours come from Material's CSS variables, so it reads in both palettes.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Callable, Iterable

import numpy as np

from rectified import cache


def edges_from_links(links: Iterable[tuple], notes: Iterable[str]) -> list[tuple[str, str]]:
    """Undirected, de-duplicated edges between existing notes, without self-loops."""
    known = set(notes)
    seen: set[tuple[str, str]] = set()
    for source, target, *_ in links:
        if source in known and target in known and source != target:
            seen.add(tuple(sorted((source, target))))
    return sorted(seen)


def adjacency(edges: list[tuple[str, str]]) -> dict[str, set[str]]:
    """Note -> the notes it shares an edge with."""
    adj: dict[str, set[str]] = {}
    for a, b in edges:
        adj.setdefault(a, set()).add(b)
        adj.setdefault(b, set()).add(a)
    return adj


def neighbourhood(center: str, adj: dict[str, set[str]]) -> tuple[list[str], list[tuple]]:
    """The note, the notes it links to or from, and the edges among them."""
    near = {center} | adj.get(center, set())
    sub = sorted({tuple(sorted((a, b))) for a in near for b in adj.get(a, ()) if b in near})
    return sorted(near), sub


def layout(
    nodes: list[str], edges: list[tuple[str, str]], iterations: int | None = None
) -> np.ndarray:
    """Positions in [0, 1]² for ``nodes`` (Fruchterman-Reingold, seeded by the node names).

    Each step costs O(n²); large graphs take fewer steps so a 1000-note vault lays out in
    about two seconds.
    """
    n = len(nodes)
    if iterations is None:
        iterations = 300 if n <= 150 else max(40, 300 * 150 // n)
    if n == 0:
        return np.zeros((0, 2))
    if n == 1:
        return np.array([[0.5, 0.5]])
    seed = int.from_bytes(hashlib.sha256("\0".join(nodes).encode()).digest()[:8], "little")
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    index = {name: i for i, name in enumerate(nodes)}
    # The incidence matrix (+1 at an edge's first node, -1 at its second) turns the spring
    # forces into two small matrix products; np.add.at would cost more than the physics.
    incidence = np.zeros((len(edges), n))
    for row, (a, b) in enumerate(edges):
        incidence[row, index[a]] = 1.0
        incidence[row, index[b]] = -1.0
    k = np.sqrt(1.0 / n)
    k2 = k * k
    temperature = 0.1
    diagonal = np.arange(n)
    for step in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist2 = np.einsum("ijk,ijk->ij", delta, delta) + 1e-18
        dist2[diagonal, diagonal] = np.inf
        # Repulsion k²/d along the unit vector delta/d, i.e. delta * k²/d².
        disp = np.einsum("ijk,ij->ik", delta, k2 / dist2)
        if len(edges):
            d = incidence @ pos
            length = np.sqrt(np.einsum("ij,ij->i", d, d))[:, None]
            # Attraction d²/k along the unit vector d/|d|, i.e. d * |d|/k.
            disp -= incidence.T @ (d * (length / k))
        disp -= (pos - 0.5) * 0.02 * n  # gentle gravity keeps components together
        norm = np.sqrt(np.einsum("ij,ij->i", disp, disp))[:, None] + 1e-9
        pos += disp * (np.minimum(norm, temperature) / norm)
        temperature = 0.1 * (1 - step / iterations) + 0.002
    pos -= pos.min(0)
    span = pos.max(0)
    span[span == 0] = 1
    return np.round(pos / span, 4)


def svg(
    nodes: list[str],
    edges: list[tuple[str, str]],
    titles: dict[str, str],
    href: Callable[[str], str],
    *,
    current: str | None = None,
    width: int = 640,
    height: int = 420,
    label: str = "Graph of links between notes",
    iterations: int | None = None,
) -> str:
    """Inline SVG: a line per edge, a labelled link per node; ``current`` is highlighted."""
    # The layout is a pure function of its inputs: kept in the persistent build cache.
    key = cache.digest("layout", nodes, edges, iterations)
    pos = np.array(cache.memo("layout", key, lambda: layout(nodes, edges, iterations).tolist()))
    pad = 48
    xy = {
        name: (pad + p[0] * (width - 2 * pad), pad + p[1] * (height - 2 * pad))
        for name, p in zip(nodes, pos, strict=True)
    }
    parts = [
        f'<svg class="note-graph" viewBox="0 0 {width} {height}" role="group" '
        f'aria-label="{html.escape(label)}">'
    ]
    for a, b in edges:
        (x1, y1), (x2, y2) = xy[a], xy[b]
        parts.append(
            f'<line class="edge" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"/>'
        )
    degree = {name: 0 for name in nodes}
    for a, b in edges:
        degree[a] += 1
        degree[b] += 1
    for name in sorted(nodes, key=lambda s: (s == current, s)):
        x, y = xy[name]
        r = 5 + min(degree[name], 12) * 0.6
        title = html.escape(titles.get(name, name))
        cls = "node current" if name == current else "node"
        anchor = x > width * 0.7
        parts.append(
            # A plain href (SVG 2), so that each builder rewrites it like any other link.
            # (Material's instant navigation would throw on it; the site does not use it.)
            f'<a class="{cls}" href="{html.escape(href(name))}"'
            + (' aria-current="page"' if name == current else "")
            + f"><title>{title}</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"/>'
            f'<text x="{x + (-r - 4 if anchor else r + 4):.1f}" y="{y + 4:.1f}"'
            + (' text-anchor="end"' if anchor else "")
            + f">{title}</text></a>"
        )
    parts.append("</svg>")
    return "".join(parts)
