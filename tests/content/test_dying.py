"""The note "Dying ReLU": its network's gradients, its definitions, and its experiment.

Numbers the note prints are checked in ``claims.py``; here are the formulas and the facts behind
them, and a check that no printed percentage sits on a rounding edge.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from snippets.lib import dying
from snippets.lib.activations import leaky_relu, leaky_relu_grad
from snippets.lib.stats import mean_se

ALPHAS = [0.0, dying.LEAKY_ALPHA]


def random_params(seed: int, n_hidden: int = 7) -> dying.Params:
    """A single small network with biases of both signs, away from any kink on the data."""
    rng = np.random.default_rng(seed)
    x, _ = dying.toy_data()
    while True:
        p = dying.Params(
            w1=rng.normal(0.0, 1.5, n_hidden),
            b1=rng.normal(0.0, 0.7, n_hidden),
            w2=rng.normal(0.0, 0.5, n_hidden),
            b2=np.asarray(rng.normal()),
        )
        if np.abs(dying.pre_activations(p, x)).min() > 1e-3:
            return p


def flat(p: dying.Params) -> np.ndarray:
    return np.concatenate([p.w1, p.b1, p.w2, np.atleast_1d(p.b2)])


def unflat(v: np.ndarray, n_hidden: int) -> dying.Params:
    h = n_hidden
    return dying.Params(v[:h], v[h : 2 * h], v[2 * h : 3 * h], np.asarray(v[3 * h]))


# --- the model ----------------------------------------------------------------------------


def test_toy_data_includes_both_ends_of_the_interval():
    x, y = dying.toy_data()
    assert x.shape == (dying.N_POINTS,)
    assert x[0] == -1.0
    assert x[-1] == 1.0
    np.testing.assert_allclose(y, np.sin(np.pi * x), rtol=0.0, atol=1e-15)


@pytest.mark.parametrize("alpha", ALPHAS)
def test_slopes_are_the_activation_derivative(alpha):
    z = np.array([-1e300, -3.0, -1e-300, -0.0, 0.0, 5e-324, 0.7, 1e300])
    np.testing.assert_array_equal(dying.slopes(z, alpha), leaky_relu_grad(z, alpha))
    # phi(z) = z phi'(z) for these positively homogeneous units (== treats -0.0 as 0.0).
    assert np.all(z * dying.slopes(z, alpha) == leaky_relu(z, alpha))


@pytest.mark.parametrize("alpha", ALPHAS)
def test_forward_uses_the_activation(alpha):
    p = random_params(0)
    x, _ = dying.toy_data()
    z, a, yhat = dying.forward(p, x, alpha)
    np.testing.assert_array_equal(a, leaky_relu(z, alpha))
    np.testing.assert_allclose(yhat, leaky_relu(z, alpha) @ p.w2 + p.b2, rtol=1e-13)


@pytest.mark.parametrize("alpha", ALPHAS)
@pytest.mark.parametrize("l1", [0.0, 0.02])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_gradients_match_central_differences(alpha, l1, seed):
    x, y = dying.toy_data()
    p = random_params(seed)
    h = 1e-6  # the data keep every |z| above 1e-3, so no kink lies within h
    v = flat(p)
    numeric = np.empty_like(v)
    for k in range(v.size):
        e = np.zeros_like(v)
        e[k] = h
        up = dying.loss(unflat(v + e, 7), x, y, alpha, l1)
        down = dying.loss(unflat(v - e, 7), x, y, alpha, l1)
        numeric[k] = (up - down) / (2.0 * h)
    analytic = flat(dying.gradients(p, x, y, alpha, l1))
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)


# --- the definition and the one-dimensional criterion ------------------------------------


def test_a_dead_relu_unit_gets_exactly_zero_gradient():
    x, y = dying.toy_data()
    p = random_params(4)
    p.b1[2] = -abs(p.w1[2]) - 0.3  # negative on every input
    assert dying.negative_on_every_input(dying.pre_activations(p, x))[2]
    g = dying.gradients(p, x, y, 0.0)
    assert (g.w1[2], g.b1[2], g.w2[2]) == (0.0, 0.0, 0.0)
    dead = dying.negative_on_every_input(dying.pre_activations(p, x))
    assert np.all(g.b1[~dead] != 0.0)
    assert np.all(g.b1[dead] == 0.0)


def test_a_negative_leaky_unit_gets_the_notes_gradient():
    # dL/db = alpha v sum r, dL/dw = alpha v sum r x, dL/dv = alpha sum r z, r = (yhat - y) / N.
    alpha = dying.LEAKY_ALPHA
    x, y = dying.toy_data()
    p = random_params(5)
    p.b1[3] = -abs(p.w1[3]) - 0.3
    z, _, yhat = dying.forward(p, x, alpha)
    assert np.all(z[:, 3] < 0.0)
    r = (yhat - y) / x.size
    g = dying.gradients(p, x, y, alpha)
    v = p.w2[3]
    np.testing.assert_allclose(g.b1[3], alpha * v * r.sum(), rtol=1e-12)
    np.testing.assert_allclose(g.w1[3], alpha * v * (r * x).sum(), rtol=1e-12)
    np.testing.assert_allclose(g.w2[3], alpha * (r * z[:, 3]).sum(), rtol=1e-12)
    np.testing.assert_allclose(g.b2, r.sum(), rtol=1e-12)  # the output bias sees sum r too
    assert g.b1[3] != 0.0


def test_one_dimensional_criterion():
    # On data spanning [-1, 1], max_i (w x_i + b) = |w| + b, so dead <=> b <= -|w|.
    x, _ = dying.toy_data()
    rng = np.random.default_rng(6)
    w = rng.normal(0.0, 2.0, 2000)
    b = rng.normal(0.0, 2.0, 2000)
    p = dying.Params(w, b, np.zeros_like(w), np.asarray(0.0))
    z = dying.pre_activations(p, x)
    np.testing.assert_array_equal(z.max(axis=0), np.abs(w) + b)
    np.testing.assert_array_equal(dying.negative_on_every_input(z), b <= -np.abs(w))
    edge = dying.Params(w, -np.abs(w), w, np.asarray(0.0))  # exactly on the boundary: dead
    assert np.all(dying.negative_on_every_input(dying.pre_activations(edge, x)))


# --- the experiment ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def runs() -> dict[str, dying.Run]:
    return dying.experiment()


def test_every_run_starts_from_the_same_networks_and_stays_finite(runs):
    relu, leaky = runs["relu"], runs["leaky"]
    for run in (relu, leaky):
        assert np.all(np.isfinite(run.loss))
        assert np.all(run.loss[0] == run.loss[0, 0])  # same start at every learning rate
        assert not run.negative[0].any()  # zero biases: no unit starts negative everywhere
    start = dying.initial_params()
    np.testing.assert_array_equal(start.b1, 0.0)
    np.testing.assert_allclose(start.w1.std(), np.sqrt(2.0), rtol=0.1)  # He, fan-in 1


def test_dead_relu_units_never_change_again(runs):
    relu = runs["relu"]
    # Once negative on every input, always negative on every input ...
    assert np.all(relu.negative[1:] >= relu.negative[:-1])
    # ... frozen, exactly, over the last steps (and a live unit always moves) ...
    np.testing.assert_array_equal(relu.frozen, relu.negative[dying.N_STEPS - dying.FROZEN_WINDOW])
    # ... with exactly zero gradient at the end.
    x, y = dying.toy_data()
    g = dying.gradients(relu.params, x, y, 0.0)
    dead = relu.negative[-1]
    assert dead.any()
    for gradient in (g.w1, g.b1, g.w2):
        assert np.all(gradient[dead] == 0.0)


def test_leaky_units_stop_changing_only_by_rounding(runs):
    leaky = runs["leaky"]
    assert leaky.negative[-1].any()
    x, y = dying.toy_data()
    g = dying.gradients(leaky.params, x, y, leaky.alpha)
    assert np.all(g.b1[leaky.negative[-1]] != 0.0)  # every negative leaky unit has a gradient
    # The few that kept their parameters did so because the step rounds away in float64.
    frozen, g_b1 = dying.leaky_rounding_frozen()
    assert 0 < frozen.sum() < 0.01 * frozen.size
    assert np.all(g_b1[frozen] != 0.0)
    rate = np.asarray(dying.LEARNING_RATES)[:, None, None] * np.ones_like(g_b1)
    b1 = leaky.params.b1
    np.testing.assert_array_equal((b1 - rate * g_b1)[frozen], b1[frozen])


def test_momentum_can_revive_a_unit_plain_descent_cannot(runs):
    assert dying.revivals(runs["relu"]).sum() == 0
    moved = dying.momentum_run()
    assert dying.revivals(moved).sum() > 0
    # and under momentum a unit keeps moving after its gradient is zero: here, the dead set
    # is not monotone in time, unlike plain descent's
    assert np.any(moved.negative[1:] < moved.negative[:-1])


def test_the_notes_qualitative_statements(runs):
    relu, leaky = runs["relu"], runs["leaky"]
    dead = relu.negative[-1].mean(axis=(1, 2))
    # Dead units grow with the learning rate from the safe rate on.
    rates = np.asarray(dying.LEARNING_RATES)
    assert np.all(np.diff(dead[rates >= dying.SAFE_RATE]) > 0)
    # "about as many leaky units": within a few percentage points at every rate.
    np.testing.assert_allclose(leaky.negative[-1].mean(axis=(1, 2)), dead, atol=0.05)
    # The loss climbs first at the timeline's learning rate.
    k = relu.rate(dying.TIMELINE_RATE)
    peaks = relu.loss[:, k].max(axis=0)
    assert np.median(peaks) > 10 * relu.loss[0, k].mean()
    assert mean_se(peaks)[0] - 2 * mean_se(peaks)[1] > 10 * relu.loss[0, k].mean()
    # "single seeds range far more widely" than the mean.
    per_seed = relu.negative[-1, k].mean(axis=-1)
    assert per_seed.max() - per_seed.min() > 0.5
    # "nearly all dead units appear at learning rates large enough to make the loss climb":
    climbs = relu.loss.max(axis=0) > relu.loss[0]  # per network (rate, seed)
    assert relu.negative[-1][~climbs].mean() < 0.01
    assert relu.negative[-1][~climbs].sum() < 0.01 * relu.negative[-1].sum()


def test_printed_percentages_do_not_sit_on_a_rounding_edge(runs):
    # One unit more or fewer in one seed must not change a printed mean.
    relu, leaky = runs["relu"], runs["leaky"]
    step = 100.0 / (len(dying.SEEDS) * dying.N_HIDDEN)
    printed = ((relu, 0.15, 1), (relu, 0.2, 0), (relu, 0.25, 0), (relu, 0.3, 0), (relu, 0.5, 0))
    for run, rate, digits in (*printed, (leaky, 0.3, 0), (leaky, 0.45, 0)):
        mean = dying.dead_percent_per_seed(run)[run.rate(rate)].mean()
        assert {f"{mean + d * step:.{digits}f}" for d in (-1, 1)} == {f"{mean:.{digits}f}"}


def test_the_statistics_are_intervals_that_separate(runs):
    # The note's "climbs steeply from 0.2": each mean is more than two standard errors of both
    # above the one before, from 0.2 to 0.35.
    dead = dying.dead_percent_per_seed(runs["relu"])
    mean, se = mean_se(dead)
    rates = list(dying.LEARNING_RATES)
    for a, b in itertools.pairwise(range(rates.index(0.2) - 1, rates.index(0.35) + 1)):
        assert mean[b] - mean[a] > 2.0 * (se[a] + se[b])
    # "under 1 %" below 0.2: mean + 2 s.e. is below 1 at every such rate.
    low = [rates.index(r) for r in rates if r < dying.SAFE_RATE]
    assert np.all(mean[low] + 2.0 * se[low] < 1.0)
    # "about as many leaky units": the two means agree within two standard errors at every rate.
    leaky_mean, leaky_se = mean_se(dying.dead_percent_per_seed(runs["leaky"]))
    assert np.all(np.abs(leaky_mean - mean) <= 2.0 * (se + leaky_se))


def test_printed_losses_are_not_on_a_rounding_edge():
    relu = dying.experiment()["relu"]
    k = relu.rate(dying.TIMELINE_RATE)
    for value, digits in ((relu.loss[0, k].mean(), 2), (relu.loss[:, k].max(axis=0).mean(), 0)):
        scaled = value * 10.0**digits
        assert abs(scaled - np.floor(scaled) - 0.5) > 0.01


def test_the_timeline_is_the_experiment_at_its_rate(runs):
    """The training-history figure draws from a run at one learning rate: the same numbers,
    element by element, as that rate's rows of the whole grid (each pair trains on its own)."""
    for key in ("relu", "leaky"):
        full, one = runs[key], dying.timeline()[key]
        k = full.rate(dying.TIMELINE_RATE)
        assert one.learning_rates == (dying.TIMELINE_RATE,)
        np.testing.assert_array_equal(one.loss[:, 0], full.loss[:, k])
        np.testing.assert_array_equal(one.negative[:, 0], full.negative[:, k])
        np.testing.assert_array_equal(one.frozen[0], full.frozen[k])
        for name in ("w1", "b1", "w2", "b2"):
            np.testing.assert_array_equal(
                getattr(one.params, name)[0], getattr(full.params, name)[k]
            )
