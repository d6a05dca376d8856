"""The note "Expressivity of ReLU Networks": the exact piece counter and what it measures.

The counter (:func:`snippets.lib.expressivity.line_pieces`) is checked against things computed
another way: a dense grid of plain forward passes (where the activation pattern changes, and
where the output bends), the tent map iterated directly, and the kinks of a one-layer network
written down by hand.
"""

from __future__ import annotations

import numpy as np
import pytest

from snippets.lib import expressivity as ex
from snippets.lib.stats import mean_se

GRID = 2**18 + 1


def tent(x: np.ndarray, k: int) -> np.ndarray:
    for _ in range(k):
        x = 2.0 * np.minimum(x, 1.0 - x)
    return x


def along(net: ex.Network, u: np.ndarray, t: np.ndarray):
    return ex.forward(net, t[:, None] * u[None, :], patterns=True)


CASES = [(seed, depth, width) for seed in (0, 1, 2) for depth, width in ((1, 6), (3, 5), (5, 4))]


@pytest.mark.parametrize(("seed", "depth", "width"), CASES)
def test_the_pieces_reproduce_the_forward_pass(seed, depth, width):
    net, u = ex.random_network(seed, depth, width)
    p = ex.line_pieces(net, np.zeros(ex.N_INPUTS), u, -ex.HALF_LENGTH, ex.HALF_LENGTH)
    t = np.linspace(-ex.HALF_LENGTH, ex.HALF_LENGTH, 20_001)
    region = np.clip(np.searchsorted(p.breakpoints, t, side="right") - 1, 0, p.regions - 1)
    y, _ = along(net, u, t)
    np.testing.assert_allclose(p.slopes[region] * t + p.intercepts[region], y, atol=1e-12)


@pytest.mark.parametrize(("seed", "depth", "width"), CASES)
def test_regions_are_where_a_dense_grid_sees_the_pattern_change(seed, depth, width):
    net, u = ex.random_network(seed, depth, width)
    p = ex.line_pieces(net, np.zeros(ex.N_INPUTS), u, -ex.HALF_LENGTH, ex.HALF_LENGTH)
    t = np.linspace(-ex.HALF_LENGTH, ex.HALF_LENGTH, GRID)
    _, signs = along(net, u, t)
    changed = np.flatnonzero(np.any(signs[1:] != signs[:-1], axis=1))  # cell i is [t_i, t_i+1]
    inner = p.breakpoints[1:-1]
    cells = np.searchsorted(t, inner, side="right") - 1
    assert len(np.unique(cells)) == len(cells), "two breakpoints in one cell: refine the grid"
    assert np.array_equal(changed, cells)


@pytest.mark.parametrize(("seed", "depth", "width"), CASES)
def test_kinks_are_exactly_where_the_sampled_output_bends(seed, depth, width):
    net, u = ex.random_network(seed, depth, width)
    p = ex.line_pieces(net, np.zeros(ex.N_INPUTS), u, -ex.HALF_LENGTH, ex.HALF_LENGTH)
    t = np.linspace(-ex.HALF_LENGTH, ex.HALF_LENGTH, GRID)
    y, _ = along(net, u, t)
    slope = np.diff(y) / np.diff(t)
    scale = np.max(np.abs(slope))
    # A cell with no breakpoint inside has its region's slope; a bend shows as a change of
    # slope between neighbouring cells that no breakpoint explains.
    bends = np.flatnonzero(np.abs(np.diff(slope)) > 1e-6 * scale)  # between cells i and i + 1
    kink_cells = np.searchsorted(t, p.kinks, side="right") - 1
    near = np.zeros(len(t), dtype=bool)
    near[kink_cells] = near[np.maximum(kink_cells - 1, 0)] = True
    assert np.all(near[bends]), "the sampled output bends where no kink was found"
    for k in kink_cells:  # each kink shows as a bend next to its cell
        assert np.any((bends == k) | (bends == k - 1))


def test_a_single_layer_bends_once_per_neuron_whose_kink_is_on_the_segment():
    net, u = ex.random_network(7, 1, 40)
    ((w, b),) = net.layers
    kinks = -b / (w @ u)
    on_segment = np.sort(kinks[np.abs(kinks) < ex.HALF_LENGTH])
    p = ex.line_pieces(net, np.zeros(ex.N_INPUTS), u, -ex.HALF_LENGTH, ex.HALF_LENGTH)
    np.testing.assert_allclose(p.kinks, on_segment, rtol=0, atol=1e-13)
    assert p.pieces == p.regions == len(on_segment) + 1


@pytest.mark.parametrize("k", range(1, 15))
def test_the_tent_map_composed_k_times_has_2_to_the_k_pieces(k):
    net = ex.tent_network(k)
    assert net.neurons == 2 * k
    p = ex.line_pieces(net, np.zeros(1), np.ones(1), 0.0, 1.0)
    assert p.regions == p.pieces == 2**k
    np.testing.assert_array_equal(p.kinks, np.arange(1, 2**k) / 2**k)
    assert np.all(np.abs(p.slopes) == 2.0**k)
    x = np.linspace(0.0, 1.0, 4097)
    np.testing.assert_allclose(ex.forward(net, x[:, None]), tent(x, k), atol=1e-12)


def test_one_hidden_layer_needs_a_neuron_per_corner():
    # n ReLUs of one scalar input bend at most at n places, so 2^k pieces need 2^k - 1 of them.
    for n in (1, 5, 30):
        for seed in range(5):
            rng = np.random.default_rng(seed)
            net = ex.Network(((rng.normal(size=(n, 1)), rng.normal(size=n)),), rng.normal(size=n))
            assert ex.line_pieces(net, np.zeros(1), np.ones(1), -50.0, 50.0).pieces <= n + 1
    assert ex.shallow_pieces_needed(2**10) == 1023


def test_the_experiment_uses_enough_seeds_and_neuron_budgets_that_divide():
    assert len(ex.SEEDS) >= 30
    assert all(ex.BUDGET % d == 0 for d in ex.BUDGET_DEPTHS)
    assert all(n % d == 0 for n in ex.NEURONS for d in ex.DEPTHS)


def test_random_networks_have_about_one_piece_per_neuron_whatever_the_depth():
    c = ex.budget_counts()
    n = np.asarray(ex.NEURONS, dtype=float)
    for i, depth in enumerate(ex.DEPTHS):
        mean, se = mean_se(c["pieces"][i])
        assert np.all(mean <= n + 1 + 2 * se)  # never more than a single layer could make
        assert np.all(np.diff(mean) > 0)  # more neurons, more pieces, at every depth
        if depth <= 4:
            assert np.all(mean[n >= 32] > 0.9 * n[n >= 32])


def test_at_a_fixed_budget_deep_narrow_networks_have_fewer_pieces():
    c = ex.budget_counts()
    mean, se = mean_se(c["budget_pieces"])
    assert np.all(np.diff(mean) <= 2 * np.hypot(se[1:], se[:-1]))  # never more with depth
    assert mean[-1] < 2.0  # 24 layers of 2: almost always constant on the segment
    regions, _ = mean_se(c["budget_regions"])
    assert np.all(mean <= regions)


def test_random_width_two_networks_fall_far_behind_the_construction():
    mean, _ = mean_se(ex.width_two_counts()["pieces"])
    depths = np.asarray(ex.TENT_DEPTHS)
    assert np.all(mean <= 5.0)
    assert np.all(mean[depths >= 3] < 2.0 ** depths[depths >= 3])


def test_the_pictured_preactivations_give_the_forward_pass_patterns_and_18_neurons_each():
    for key in ("shallow", "deep"):
        depth, width = ex.PICTURE[key]
        net, _ = ex.random_network(ex.PICTURE["seed"], depth, width)
        assert net.neurons == 18
        x = np.random.default_rng(5).uniform(-2.0, 2.0, size=(1000, ex.N_INPUTS))
        z = ex.preactivations(net, x)
        _, signs = ex.forward(net, x, patterns=True)
        assert np.array_equal(np.concatenate(z, axis=1) > 0.0, signs)
