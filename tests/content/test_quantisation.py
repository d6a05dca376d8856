"""The note "ReLU6 and Low Precision": ReLU6, uniform 8-bit quantisation, and the experiment.

Numbers the note prints are checked in ``claims.py``; here are the function against its
definition, the quantiser against the properties the note states (256 levels, a step of a/255,
an error of at most half a step, a root mean square of step/sqrt(12) for values spread evenly),
and the statements the note makes about the measured errors.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from snippets.lib import quantisation as q
from snippets.lib.activations import relu
from snippets.lib.stats import mean_se

GRID = np.concatenate([np.linspace(-10.0, 10.0, 20_001), [-0.0, 0.0, 6.0, -1e308, 1e308]])


# --- ReLU6 ---------------------------------------------------------------------------------


def test_relu6_is_min_of_max_and_six():
    np.testing.assert_array_equal(q.relu6(GRID), np.minimum(np.maximum(GRID, 0.0), 6.0))
    assert q.CAP == 6.0


@pytest.mark.parametrize(
    ("x", "want"),
    [(-np.inf, 0.0), (-3.0, 0.0), (0.0, 0.0), (2.5, 2.5), (6.0, 6.0), (7.0, 6.0), (np.inf, 6.0)],
)
def test_relu6_table(x, want):
    got = q.relu6(x)
    assert isinstance(got, np.float64)
    assert got == want


def test_relu6_keeps_nan():
    assert np.isnan(q.relu6(np.nan))
    assert np.isnan(q.relu6_grad(np.nan))


def test_relu6_is_relu_up_to_six():
    x = GRID[GRID <= 6.0]
    np.testing.assert_array_equal(q.relu6(x), relu(x))


@pytest.mark.parametrize(
    ("x", "want"), [(-1.0, 0.0), (0.0, 0.0), (1e-12, 1.0), (3.0, 1.0), (6.0, 0.0), (8.0, 0.0)]
)
def test_relu6_derivative_table(x, want):
    assert q.relu6_grad(x) == want


def test_relu6_derivative_matches_central_differences_away_from_the_corners():
    x = np.linspace(-5.0, 11.0, 1601)
    x = x[(np.abs(x) > 1e-3) & (np.abs(x - 6.0) > 1e-3)]
    h = 1e-6
    numeric = (q.relu6(x + h) - q.relu6(x - h)) / (2 * h)
    np.testing.assert_allclose(q.relu6_grad(x), numeric, atol=1e-8)


# --- the quantiser -----------------------------------------------------------------------------


@pytest.mark.parametrize("top", [1.0, 6.0, 40.3])
def test_eight_bits_give_256_levels_a_step_apart(top):
    x = np.linspace(0.0, top, 100_001)
    levels = np.unique(q.quantise(x, top))
    assert len(levels) == 2**8 == 256
    np.testing.assert_allclose(np.diff(levels), top / 255, rtol=1e-9)
    assert q.step(top) == pytest.approx(top / 255, rel=1e-15)
    assert levels[0] == 0.0  # zero is a level: S (q - Z) with Z = 0
    assert levels[-1] == pytest.approx(top, rel=1e-15)


@pytest.mark.parametrize("top", [1.0, 6.0, 40.3])
def test_the_rounding_error_is_at_most_half_a_step_and_reaches_it(top):
    x = np.linspace(0.0, top, 1_000_003)
    error = np.abs(q.quantise(x, top) - x)
    assert error.max() <= top / 510 * (1 + 1e-9)
    assert error.max() >= top / 510 * (1 - 1e-4)


def test_values_are_codes_times_the_scale():
    x = np.random.default_rng(0).uniform(-1.0, 8.0, 10_000)
    codes = q.quantise(x, 6.0) / (6.0 / 255)
    np.testing.assert_allclose(codes, np.round(codes), atol=1e-9)
    assert codes.min() >= 0
    assert codes.max() <= 255


def test_values_outside_the_range_are_clipped_to_its_ends():
    assert q.quantise(-3.0, 6.0) == 0.0
    assert q.quantise(40.0, 6.0) == pytest.approx(6.0, rel=1e-15)


def test_evenly_spread_values_have_an_rms_error_of_step_over_root_twelve():
    # Midpoint rule over [0, a] with 200 points per step: (1/s) * integral of e^2 = s^2 / 12.
    top = 6.0
    s = top / 255
    x = (np.arange(255 * 200) + 0.5) * (s / 200)
    rms = np.sqrt(np.mean((q.quantise(x, top) - x) ** 2))
    assert rms == pytest.approx(s / math.sqrt(12), rel=1e-4)
    assert float(q.note_numbers()["rms_uniform_6"]) == pytest.approx(s / math.sqrt(12), abs=5e-5)


def test_the_numbers_for_six():
    n = q.note_numbers()
    assert float(n["step_6"]) == pytest.approx(6 / 255, abs=5e-5)
    assert float(n["half_step_6"]) == pytest.approx(6 / 510, abs=5e-5)
    assert n["levels"] == "256"


# --- the experiment ------------------------------------------------------------------------


def test_the_experiment_has_enough_seeds():
    assert q.SEEDS >= 30
    assert q.experiment()["top"].shape == (len(q.OUTLIER_FACTORS), q.SEEDS)


def test_the_layers_pre_activations_have_a_variance_of_about_two():
    """E[z^2] = n_in * (2 / n_in) * E[x^2] = 2 for He-normal weights and standard inputs, so the
    cap 6 is 6 / sqrt(2) = 4.24 standard deviations, a little over four."""
    assert q.INPUTS * (2.0 / q.INPUTS) * 1.0 == 2.0
    assert 4.0 < 6.0 / math.sqrt(2.0) < 4.5


def test_the_fixed_range_does_not_depend_on_the_outlier():
    runs = q.experiment()
    for row in runs["rms_cap"]:
        np.testing.assert_array_equal(row, runs["rms_cap"][0])


def test_the_range_from_the_largest_output_grows_with_the_outlier():
    top = q.experiment()["top"]
    assert np.all(np.diff(top, axis=0) >= 0.0)
    # once the outlier sets the range it grows in proportion to k
    k = np.asarray(q.OUTLIER_FACTORS)
    i, j = q.OUTLIER_FACTORS.index(10.0), q.OUTLIER_FACTORS.index(50.0)
    np.testing.assert_allclose(top[j] / top[i], k[j] / k[i], rtol=1e-12)


def test_the_largest_error_is_half_the_new_step():
    runs = q.experiment()
    half_step = runs["top"] / 510
    assert np.all(runs["max_error_max"] <= half_step * (1 + 1e-9))
    assert np.all(runs["max_error_max"] >= 0.95 * half_step)


def test_on_the_clean_batch_both_ranges_do_nearly_equally_well():
    runs = q.experiment()
    ratio, _ = mean_se(runs["rms_max"][0] / runs["rms_cap"][0])
    assert 0.95 < ratio < 1.1


def test_half_the_outputs_are_exact_zeros_which_cost_nothing():
    """rms over all outputs is about sqrt(share of non-zeros) times step/sqrt(12)."""
    runs = q.experiment()
    mean, _ = mean_se(runs["rms_cap"][0])
    expected = math.sqrt(0.5) * (6 / 255) / math.sqrt(12)
    assert mean == pytest.approx(expected, rel=0.1)
    assert mean < (6 / 255) / math.sqrt(12)


def test_the_clipped_share_is_the_gaussian_tail_beyond_six():
    """P(z > 6) for z ~ N(0, 2) is erfc(3) / 2, about 11 per million."""
    runs = q.experiment()
    mean, se = mean_se(1e6 * runs["clipped"][0])
    assert abs(mean - 1e6 * math.erfc(3.0) / 2) < 3 * se


def test_the_best_top_is_inside_the_sweep_and_below_the_largest_output():
    sweep = q.clip_sweep()
    best = np.argmin(sweep, axis=0)
    assert np.all((best > 0) & (best < len(q.CLIP_TOPS) - 1))
    mean, _se = mean_se(np.asarray(q.CLIP_TOPS)[best])
    top, _ = mean_se(q.experiment()["top"][0])
    assert mean < top


def test_one_outlier_at_ten_makes_the_error_several_times_larger():
    runs = q.experiment()
    i = q.OUTLIER_FACTORS.index(10.0)
    ratio, se = mean_se(runs["rms_max"][i] / runs["rms_cap"][i])
    assert ratio - 3 * se > 5.0
