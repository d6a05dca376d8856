"""Graph layouts (rectified.graph): deterministic, and the same alone as in a batch.

A served page lays out its note's neighbourhood alone while a full build lays out every note's
at once (:func:`rectified.graph.layout_many`); the serve test asks both to make the same bytes,
so a graph's positions must not depend on which graphs share its batch, to the last bit.
"""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from rectified import graph


def random_graph(rng: random.Random, n: int, tag: str) -> tuple[list[str], list[tuple[str, str]]]:
    nodes = sorted(f"{tag}{i:03d}.md" for i in range(n))
    pairs = list(itertools.combinations(nodes, 2))
    edges = sorted(rng.sample(pairs, min(len(pairs), rng.randint(max(n - 1, 0), 2 * n))))
    return nodes, edges


@pytest.fixture(scope="module")
def graphs() -> list[tuple[list[str], list[tuple[str, str]]]]:
    rng = random.Random(15)
    sizes = [2, 3, 8, 12, 12, 12, 15, 15, 24, 1, 0, 12, 40]
    return [random_graph(rng, n, f"g{k}-") for k, n in enumerate(sizes)]


def test_a_graph_alone_is_laid_out_as_in_any_batch(graphs):
    together = graph.layout_many(graphs, 60)
    alone = [graph.layout(nodes, edges, 60) for nodes, edges in graphs]
    backwards = graph.layout_many(graphs[::-1], 60)[::-1]
    twelves = [g for g in graphs if len(g[0]) == 12]
    some = graph.layout_many(twelves[1:2] + twelves[::-1], 60)
    for a, b, c in zip(together, alone, backwards, strict=True):
        assert a.dtype == b.dtype == c.dtype
        assert np.array_equal(a, b)
        assert np.array_equal(a, c)
    mine = [i for i, g in enumerate(graphs) if len(g[0]) == 12]
    assert np.array_equal(some[0], together[mine[1]])
    assert all(np.array_equal(p, together[i]) for p, i in zip(some[1:], mine[::-1], strict=True))


def test_a_large_graph_alone_and_in_a_batch():
    rng = random.Random(7)
    big = [random_graph(rng, 160, "a"), random_graph(rng, 160, "b")]
    together = graph.layout_many(big)  # 160 nodes: fewer steps than a small graph
    for (nodes, edges), pos in zip(big, together, strict=True):
        assert np.array_equal(graph.layout(nodes, edges), pos)


def test_positions_fill_the_unit_square_and_edges_pull(graphs):
    for (nodes, edges), pos in zip(graphs, graph.layout_many(graphs, 100), strict=True):
        assert pos.shape == (len(nodes), 2)
        if len(nodes) == 1:
            assert pos.tolist() == [[0.5, 0.5]]
        if len(nodes) < 2:
            continue
        assert pos.min(axis=0).tolist() == [0.0, 0.0]
        assert pos.max(axis=0).tolist() == [1.0, 1.0]
        if len(edges) == len(nodes) * (len(nodes) - 1) // 2:
            continue  # every pair linked: nothing to compare
        index = {name: i for i, name in enumerate(nodes)}
        dist = np.sqrt(((pos[:, None] - pos[None]) ** 2).sum(-1))
        linked = np.mean([dist[index[a], index[b]] for a, b in edges])
        assert linked < dist[np.triu_indices(len(nodes), 1)].mean()


def test_a_path_is_laid_out_in_order():
    nodes = [f"n{i}" for i in range(6)]
    edges = [(a, b) for a, b in itertools.pairwise(nodes)]
    pos = graph.layout(nodes, edges, 300)
    ends = np.linalg.norm(pos[0] - pos[-1])
    steps = [np.linalg.norm(pos[i] - pos[i + 1]) for i in range(5)]
    assert ends > max(steps)
