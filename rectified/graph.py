"""The link graph, laid out at build time and drawn as inline SVG.

No script draws it in the browser: the layout is a deterministic force-directed simulation run by
the build (numpy, fixed seed), and the result is an SVG whose nodes are ordinary links, so the
graph works offline and without JavaScript, every node is reachable with Tab and followed with
Enter, and colours come from Material's CSS variables, so it reads in both palettes.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Callable, Iterable, Sequence

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


def _iterations(n: int, iterations: int | None) -> int:
    if iterations is not None:
        return iterations
    return 300 if n <= 150 else max(40, 300 * 150 // n)


def layout(
    nodes: list[str], edges: list[tuple[str, str]], iterations: int | None = None
) -> np.ndarray:
    """Positions in [0, 1]² for ``nodes`` (Fruchterman-Reingold, seeded by the node names).

    Each step costs O(n²); large graphs take fewer steps so a 1000-note vault lays out in
    under a second. The same as :func:`layout_many` of this one graph, to the last bit.
    """
    return layout_many([(nodes, edges)], iterations)[0]


def layout_many(
    graphs: Sequence[tuple[list[str], list[tuple[str, str]]]], iterations: int | None = None
) -> list[np.ndarray]:
    """:func:`layout` of each ``(nodes, edges)``, graphs of one size simulated together.

    Why: a note's neighbourhood has ten to twenty-five nodes, so laying out one costs a few
    hundred tiny numpy calls per step, and a 1000-note vault spent seconds in their overhead.
    Graphs with the same number of nodes are stacked into one array and stepped at once.

    Determinism: a graph's positions never depend on which other graphs share its batch (a
    served page lays out its graph alone, and must equal the full build's). Every operation is
    elementwise (IEEE-exact whatever numpy's vectorisation) or a reduction over one graph's
    nodes written as an explicit loop in a fixed order (numpy's own sums may pair terms
    differently for differently shaped arrays); min and max are exact in any order.
    """
    out: list[np.ndarray | None] = [None] * len(graphs)
    groups: dict[tuple[int, int], list[int]] = {}
    for i, (nodes, _edges) in enumerate(graphs):
        n = len(nodes)
        if n == 0:
            out[i] = np.zeros((0, 2))
        elif n == 1:
            out[i] = np.array([[0.5, 0.5]])
        else:
            groups.setdefault((n, _iterations(n, iterations)), []).append(i)
    for (n, steps), members in groups.items():
        laid = _simulate([graphs[i] for i in members], n, steps)
        for i, pos in zip(members, laid, strict=True):
            out[i] = pos
    return out  # type: ignore[return-value]


def _sum_over_nodes(terms: np.ndarray) -> np.ndarray:
    """``terms.sum(axis=1)`` in an order fixed by the node count alone (a halving tree).

    Each step adds the upper half of the rows to the lower half elementwise, so the result for
    one graph is the same whatever the batch's size; ``terms`` is overwritten.
    """
    rows = terms.shape[1]
    while rows > 1:
        half = rows // 2
        terms[:, :half] += terms[:, rows - half : rows]
        rows -= half
    return terms[:, 0]


def _simulate(
    graphs: list[tuple[list[str], list[tuple[str, str]]]], n: int, iterations: int
) -> list[np.ndarray]:
    """Fruchterman-Reingold on ``B`` graphs of ``n`` nodes each, in arrays of shape (B, …)."""
    count = len(graphs)
    # Coordinates as (B, 2, n): a node's x and y are rows, so one pair's term is a column.
    pos = np.empty((count, 2, n))
    near = np.zeros((count, n, n))  # near[b, j, i] = 1 when i and j share an edge
    for b, (nodes, edges) in enumerate(graphs):
        seed = int.from_bytes(hashlib.sha256("\0".join(nodes).encode()).digest()[:8], "little")
        pos[b] = np.random.default_rng(seed).random((n, 2)).T
        index = {name: i for i, name in enumerate(nodes)}
        for a, c in edges:
            near[b, index[a], index[c]] = near[b, index[c], index[a]] = 1.0
    k = np.sqrt(1.0 / n)
    k2 = k * k
    temperature = 0.1
    # Buffers reused by every step: at 1000 nodes each is 8 MB, and allocating them anew
    # cost as much as the arithmetic.
    dx, dy, dist2, pull, weight = (np.empty((count, n, n)) for _ in range(5))
    disp = np.empty_like(pos)
    for step in range(iterations):
        x, y = pos[:, 0, :], pos[:, 1, :]
        # dx[b, j, i] = x of node i minus x of node j (dy likewise).
        np.subtract(x[:, None, :], x[:, :, None], out=dx)
        np.subtract(y[:, None, :], y[:, :, None], out=dy)
        np.multiply(dx, dx, out=dist2)
        np.multiply(dy, dy, out=pull)
        dist2 += pull
        dist2 += 1e-18  # a node and itself: its delta is 0, so the huge weight below adds 0
        # Repulsion k²/d along the unit vector delta/d, i.e. delta * k²/d², and along an edge
        # attraction d²/k towards the other node, i.e. -delta * d/k: one weight per pair.
        np.sqrt(dist2, out=pull)
        pull /= k
        pull *= near
        np.divide(k2, dist2, out=weight)
        weight -= pull
        dx *= weight
        dy *= weight
        disp[:, 0, :] = _sum_over_nodes(dx)
        disp[:, 1, :] = _sum_over_nodes(dy)
        disp -= (pos - 0.5) * (0.02 * n)  # gentle gravity keeps components together
        norm = np.sqrt(disp[:, 0, :] * disp[:, 0, :] + disp[:, 1, :] * disp[:, 1, :]) + 1e-9
        pos += disp * (np.minimum(norm, temperature) / norm)[:, None, :]
        temperature = 0.1 * (1 - step / iterations) + 0.002
    pos -= pos.min(axis=2, keepdims=True)
    span = pos.max(axis=2, keepdims=True)
    span[span == 0] = 1
    laid = np.round(pos / span, 4)
    return [laid[b].T.copy() for b in range(count)]


# Layouts this process made or read, by key: the pages of a build take their neighbourhoods'
# layouts from here after :func:`prefetch` laid them out together.
_memory: dict[str, list] = {}
MEMORY_LIMIT = 20_000  # layouts kept (a neighbourhood's is about a kilobyte)


def _key(nodes: list[str], edges: list[tuple[str, str]], iterations: int | None) -> str:
    return cache.digest("layout", nodes, edges, iterations)


def _remember(key: str, pos: list) -> list:
    if len(_memory) >= MEMORY_LIMIT:
        _memory.clear()
    _memory[key] = pos
    return pos


def positions(
    nodes: list[str], edges: list[tuple[str, str]], iterations: int | None = None
) -> list[list[float]]:
    """:func:`layout` as lists, from this process's memory or the persistent build cache.

    The layout is a pure function of its inputs, so it is kept by their hash (and the code's).
    """
    key = _key(nodes, edges, iterations)
    found = _memory.get(key)
    if found is not None:
        return found
    pos = cache.memo("layout", key, lambda: layout(nodes, edges, iterations).tolist())
    return _remember(key, pos)


def prefetch(
    graphs: Iterable[tuple[list[str], list[tuple[str, str]]]], iterations: int | None = None
) -> int:
    """Lay out together the ``(nodes, edges)`` graphs this process does not hold yet.

    Why: every note's page draws its neighbourhood, and one at a time 1000 small layouts cost
    seconds of numpy overhead; :func:`layout_many` does them in a tenth of that. The batch is
    one entry of the persistent cache (keyed by the graphs' keys: one file rather than a
    thousand), read whole by the next build that asks for the same graphs; the pages then find
    each layout in memory (:func:`positions`). Known limit: in a new process, a link added or
    removed changes the batch's key, so every neighbourhood is laid out again (about 0.3 s at
    1000 notes); ``serve`` keeps the others in memory. Returns how many graphs were laid out.
    """
    missing: dict[str, tuple[list[str], list[tuple[str, str]]]] = {}
    for nodes, edges in graphs:
        key = _key(nodes, edges, iterations)
        if key not in _memory:
            missing[key] = (nodes, edges)
    if not missing:
        return 0
    store = cache.current()
    batch_key = cache.digest("layout-batch", sorted(missing)) if store is not None else ""
    stored = store.get("layout", batch_key) if store is not None else None
    if isinstance(stored, dict) and all(isinstance(stored.get(k), list) for k in missing):
        for key in missing:
            _remember(key, stored[key])
        return 0
    laid = layout_many(list(missing.values()), iterations)
    values = {key: pos.tolist() for key, pos in zip(missing, laid, strict=True)}
    for key, pos in values.items():
        _remember(key, pos)
    if store is not None:
        store.put("layout", batch_key, values)
    return len(values)


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
    pos = np.array(positions(nodes, edges, iterations))
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
