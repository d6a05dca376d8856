"""The note "Sparse Rectifier Networks": the measurements behind it and the formulas it states."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from snippets.lib import sparsity as sp
from snippets.lib.activations import relu, sigmoid, softplus
from snippets.lib.stats import mean_se


@pytest.fixture(scope="module")
def relu_he() -> tuple[np.ndarray, np.ndarray]:
    return sp.random_network_zeros("relu", "He")


def test_about_half_of_every_layer_is_exactly_zero(relu_he):
    exact, _ = relu_he
    assert exact.shape == (sp.N_LAYERS,)
    assert np.all(np.abs(exact - 0.5) < 0.03)


def test_the_init_scale_does_not_change_which_outputs_are_zero(relu_he):
    glorot, _ = sp.random_network_zeros("relu", "Glorot")
    np.testing.assert_allclose(glorot, relu_he[0], atol=1e-5)  # BLAS rounding could flip a few


@pytest.mark.parametrize("c", [0.0, 0.5, 1.0 / 3.0, 2.0, 1e10])
def test_relu_is_positively_homogeneous(c):
    z = np.linspace(-5.0, 5.0, 101)
    np.testing.assert_allclose(relu(c * z), c * relu(z), rtol=1e-15, atol=0.0)
    assert np.array_equal(np.sign(c * z) > 0, (z > 0) & (c > 0))


def test_units_off_for_every_input_appear_only_with_depth(relu_he):
    _, always = relu_he
    assert np.all(always[:3] == 0.0)
    assert always[-1] > 0.05


def test_representations_become_more_alike_with_depth():
    similarity = [sp.mean_cosine_similarity(h) for h in sp.layer_outputs(relu)]
    assert similarity[0] < similarity[-1]
    assert np.all(np.diff(similarity) > -0.01)


def test_mean_cosine_similarity_matches_the_pairwise_definition():
    h = np.random.default_rng(2).normal(size=(6, 4))
    unit = h / np.linalg.norm(h, axis=1, keepdims=True)
    pairs = [unit[i] @ unit[j] for i in range(6) for j in range(6) if i != j]
    assert sp.mean_cosine_similarity(h) == pytest.approx(np.mean(pairs), rel=1e-12)


def test_softplus_has_no_exact_zeros():
    exact, always = sp.random_network_zeros("softplus", "He")
    assert np.all(exact == 0.0)
    assert np.all(always == 0.0)
    assert min(h.min() for h in sp.layer_outputs(softplus)) > 0.0


def test_where_softplus_rounds_to_zero():
    edge = sp.softplus_zero_below()
    assert softplus(edge) > 0.0
    assert softplus(np.nextafter(edge, -np.inf)) == 0.0
    assert softplus(-700.0) > 0.0
    with np.errstate(under="ignore"):
        assert np.exp(np.nextafter(edge, -np.inf)) == 0.0  # because e^z underflows there


def test_sigmoid_at_zero_is_one_half():
    assert sigmoid(0.0) == 0.5


def test_l1_penalty_makes_more_exact_zeros():
    result = sp.l1_sparsity()
    last, c1000 = -1, sp.L1_CHECKPOINTS.index(1000)
    zeros, dead, mse = (result[k][last].mean(axis=-1) for k in ("zeros", "dead", "mse"))
    assert zeros[0] == pytest.approx(0.5, abs=0.02)
    assert np.all(np.diff(zeros) > 0.0)
    assert np.all(np.diff(dead) >= 0.0)
    # "several times that of the network without it": the strongest penalty's squared error is
    # between 3 and 10 times the unpenalised one, well outside their standard errors.
    assert 3.0 < mse[-1] / mse[0] < 10.0
    # "it keeps switching units off": with a penalty, more units are dead at the last checkpoint
    # than at 1000 steps, in the mean by far more than the standard errors.
    for s in range(1, len(sp.L1_STRENGTHS)):
        before, se_before = mean_se(result["dead"][c1000, s])
        after, se_after = mean_se(result["dead"][last, s])
        assert after - before > 5.0 * (se_before + se_after)
    # "twice as many dead units" at the last checkpoint as at the early one, with lambda = 0.01.
    middle = sp.L1_STRENGTHS.index(0.01)
    early = result["dead"][sp.L1_CHECKPOINTS.index(sp.L1_EARLY), middle].mean()
    assert 1.8 < result["dead"][last, middle].mean() / early < 2.2
    # ... and without one the shares stay where they start (within two standard errors).
    start, se = mean_se(result["zeros"][0, 0])
    end, se_end = mean_se(result["zeros"][last, 0])
    assert abs(end - start) < 2.0 * (se + se_end)
    # "first narrows each unit's active region, then switches whole units off": at 1000 steps
    # the share of the zero outputs that belong to dead units grows with the penalty.
    from_dead = result["dead"][c1000].mean(axis=-1) / result["zeros"][c1000].mean(axis=-1)
    assert np.all(np.diff(from_dead) > 0.0)


@pytest.mark.parametrize("seed", range(3))
def test_a_rectifier_network_is_linear_on_its_active_set(seed):
    # f(x) = W_L D_{L-1} W_{L-1} ... D_1 W_1 x for a network without biases.
    rng = np.random.default_rng(seed)
    sizes = [5, 8, 8, 8, 3]
    weights = [rng.normal(0.0, 1.0, (m, n)) for n, m in itertools.pairwise(sizes)]

    def network(x: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
        masks = []
        for weight in weights[:-1]:
            z = weight @ x
            masks.append(np.diag((z > 0).astype(float)))
            x = relu(z)
        return weights[-1] @ x, masks

    x = rng.normal(size=sizes[0])
    out, masks = network(x)
    matrix = weights[0]
    for mask, weight in zip(masks, weights[1:], strict=True):
        matrix = weight @ mask @ matrix
    np.testing.assert_allclose(out, matrix @ x, rtol=1e-12, atol=1e-12)
    # The matrix is the Jacobian: central differences agree.
    h = 1e-6
    jac = np.column_stack(
        [(network(x + h * e)[0] - network(x - h * e)[0]) / (2 * h) for e in np.eye(sizes[0])]
    )
    np.testing.assert_allclose(jac, matrix, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("n", range(1, 41))
def test_sparse_codes_count_exponentially_in_the_active_units(n):
    # C(n, k) >= (n / k)^k for 1 <= k <= n, compared exactly: C(n, k) k^k >= n^k.
    for k in range(1, n + 1):
        assert math.comb(n, k) * k**k >= n**k


def test_printed_numbers_are_not_on_a_rounding_edge(relu_he):
    exact, always = relu_he
    entries = sp.N_INPUTS * sp.WIDTH
    # One output (or, for whole units, one unit) more or fewer changes nothing printed.
    for value in (exact.min(), exact.max(), exact.mean()):
        printed = f"{100 * value:.1f}"
        assert {f"{100 * (value + d / entries):.1f}" for d in (-1, 1)} == {printed}
    printed = f"{100 * always[-1]:.0f}"
    assert {f"{100 * (always[-1] + d / sp.WIDTH):.0f}" for d in (-1, 1)} == {printed}
    # The L1 means over seeds: one output (or unit) more or fewer in one seed changes nothing.
    l1 = sp.l1_sparsity()
    units = len(sp.L1_SEEDS) * sp.dying.N_HIDDEN
    outputs = units * sp.dying.N_POINTS
    strengths = {sp.L1_EARLY: (0.01, 0.03), sp.L1_STEPS: (0.0, 0.01, 0.03)}  # as the note prints
    for step, printed_strengths in strengths.items():
        c = sp.L1_CHECKPOINTS.index(step)
        columns = [sp.L1_STRENGTHS.index(strength) for strength in printed_strengths]
        for name, total, digits in (("zeros", outputs, 1), ("dead", units, 0)):
            for value in l1[name][c, columns].mean(axis=-1):
                printed = f"{100 * value:.{digits}f}"
                assert {f"{100 * (value + d / total):.{digits}f}" for d in (-1, 1)} == {printed}
