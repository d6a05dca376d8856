"""Every identity and derivative stated in the notes on ReLU, leaky ReLU, softplus, the sigmoid
and the FAQ, checked exactly or by central finite differences.

Tests are grouped by note, in the order the note states things. Numbers the notes print are
checked in ``claims.py``; here are the formulas behind them. Every library call runs under
``np.errstate(all="raise")`` unless the test is about a warning.
"""

from __future__ import annotations

import math
import re
import warnings
from pathlib import Path

import numpy as np
import pytest

from snippets.calculus import KINK_STEP  # the step h the FAQ's secant figure draws
from snippets.lib import activations as act
from snippets.lib import calculus as calc

DOCS = Path(__file__).resolve().parents[2] / "docs"
LOG2 = math.log(2.0)
EPS = np.finfo(np.float64).eps

MAGNITUDES = [5e-324, 1e-300, 1e-8, 0.3, 1.0, 2.5, 37.0, 710.0, 1e4, 1e300, 1.7e308]
GRID = np.array(sorted([-m for m in MAGNITUDES] + [-0.0, 0.0] + MAGNITUDES))
MODERATE = np.linspace(-8.0, 8.0, 161)  # contains 0 exactly
NONZERO = MODERATE[np.abs(MODERATE) > 0.05]
H = 1e-5  # finite-difference step for derivative checks


def strict(f, *args, **kwargs):
    with np.errstate(all="raise"):
        return f(*args, **kwargs)


def fd(f, x, h=H):
    return strict(calc.central_difference, f, x, h)


# --- Rectified Linear Unit -------------------------------------------------------------


def test_relu_max_form_equals_both_piecewise_forms():
    gt = np.array([v if v > 0 else 0.0 for v in GRID])
    ge = np.array([v if v >= 0 else 0.0 for v in GRID])
    np.testing.assert_array_equal(strict(act.relu, GRID), gt)
    np.testing.assert_array_equal(strict(act.relu, GRID), ge)  # -0.0 == 0.0: same numbers
    np.testing.assert_array_equal(strict(act.relu, GRID), np.maximum(0, GRID))


def test_relu_is_not_additive_counterexample():
    assert strict(act.relu, 1.0) + strict(act.relu, -1.0) == 1.0
    assert strict(act.relu, 1.0 + (-1.0)) == 0.0


def test_affine_layers_without_activation_collapse_into_one():
    rng = np.random.default_rng(20240512)
    w1, b1 = rng.normal(size=(5, 3)), rng.normal(size=5)
    w2, b2 = rng.normal(size=(2, 5)), rng.normal(size=2)
    x = rng.normal(size=(3, 7))
    two_layers = w2 @ (w1 @ x + b1[:, None]) + b2[:, None]
    one_layer = (w2 @ w1) @ x + (w2 @ b1 + b2)[:, None]
    np.testing.assert_allclose(two_layers, one_layer, rtol=1e-12, atol=1e-12)


def test_relu_splits_x_into_positive_and_negative_parts():
    x = GRID[np.isfinite(GRID)]
    np.testing.assert_array_equal(strict(act.relu, x) - strict(act.relu, -x), x)
    np.testing.assert_array_equal(strict(act.relu, x) + strict(act.relu, -x), np.abs(x))


@pytest.mark.parametrize("c", [0.0, 1e-3, 0.5, 1.0, 3.0, 1e6])
def test_relu_is_positively_homogeneous(c):
    x = GRID[np.abs(GRID) < 1e300]  # c * x stays finite
    np.testing.assert_array_equal(strict(act.relu, c * x), c * strict(act.relu, x))


def test_relu_is_not_homogeneous_for_negative_scales():
    x = NONZERO
    assert np.all(strict(act.relu, -x) != -strict(act.relu, x))


@pytest.mark.parametrize("c", [0.1, 2.0, 7.0])
def test_a_positive_scale_moves_between_relu_layers(c):
    rng = np.random.default_rng(185)
    w1, b1, w2 = rng.normal(size=(6, 4)), rng.normal(size=(6, 1)), rng.normal(size=(3, 6))
    x = rng.normal(size=(4, 9))
    left = w2 @ act.relu(w1 @ x + b1)
    right = (w2 / c) @ act.relu(c * w1 @ x + c * b1)
    np.testing.assert_allclose(left, right, rtol=1e-12, atol=1e-12)


def test_relu_derivative_is_the_step_away_from_zero():
    np.testing.assert_allclose(fd(act.relu, NONZERO), (NONZERO > 0).astype(float), atol=1e-9)
    np.testing.assert_array_equal(strict(act.relu_grad, NONZERO), (NONZERO > 0).astype(float))


def test_relu_one_sided_slopes_at_zero_are_zero_and_one():
    for h in [1e-1, 1e-6, 1e-12]:
        assert strict(calc.forward_difference, act.relu, 0.0, h) == 1.0
        assert strict(calc.backward_difference, act.relu, 0.0, h) == 0.0


@pytest.mark.parametrize("g", np.linspace(0.0, 1.0, 11))
def test_every_slope_in_zero_one_is_a_subgradient_of_relu_at_zero(g):
    x = GRID[np.isfinite(GRID)]
    assert np.all(strict(act.relu, x) >= g * x)


@pytest.mark.parametrize("g", [-0.01, 1.01])
def test_slopes_outside_zero_one_are_not_subgradients(g):
    assert np.any(strict(act.relu, MODERATE) < g * MODERATE)


def test_relu_grad_returns_zero_at_the_corner():
    assert strict(act.relu_grad, 0.0) == 0.0
    assert strict(act.relu_grad, -0.0) == 0.0


BISHOP_QUOTE = (
    "The introduction of ReLU gave a big improvement in training efficiency over previous "
    "sigmoidal activation functions (Krizhevsky, Sutskever, and Hinton, 2012). As well as "
    "allowing deeper networks to be trained efficiently, it is much less sensitive to the random "
    "initialization of the weights. It is also well suited to a low-precision implementation, "
    "such as 8-bit fixed versus 64-bit floating point, and it is computationally cheap to "
    "evaluate. Many practical applications simply use ReLU units as the default unless the goal "
    "is explicitly to explore the effects of different choices of activation function."
)


def test_bishop_quote_is_verbatim_and_attributed():
    text = (DOCS / "Rectified Linear Unit.md").read_text("utf-8")
    block = text.split("> [!quote]\n", 1)[1].split("\n\n", 1)[0]
    lines = [line.removeprefix(">").strip() for line in block.splitlines()]
    body, attribution = lines[: lines.index("")], " ".join(lines[lines.index("") + 1 :])
    assert " ".join(body) == BISHOP_QUOTE
    assert attribution.startswith(
        "— Christopher M. Bishop and Hugh Bishop, *Deep Learning: Foundations and Concepts*, p. 185"
    )
    assert "[[References#Bishop and Bishop (2024)|" in attribution


# --- Leaky ReLU and PReLU --------------------------------------------------------------

ALPHAS_IN_0_1 = [0.0, 0.01, 0.1, 0.3, 0.5, 1.0]


@pytest.mark.parametrize("alpha", [*ALPHAS_IN_0_1, -1.0, 2.0])
def test_leaky_relu_max_min_form_equals_the_case_form(alpha):
    x = MODERATE
    cases = np.where(x > 0, x, alpha * x)
    np.testing.assert_array_equal(strict(act.leaky_relu, x, alpha), cases)
    np.testing.assert_array_equal(np.maximum(0, x) + alpha * np.minimum(0, x), cases)


@pytest.mark.parametrize("alpha", ALPHAS_IN_0_1)
def test_leaky_relu_is_max_of_x_and_alpha_x_for_alpha_in_0_1(alpha):
    x = GRID[np.isfinite(GRID)]
    np.testing.assert_array_equal(strict(act.leaky_relu, x, alpha), np.maximum(x, alpha * x))


@pytest.mark.parametrize("alpha", [1.5, 2.0, 10.0])
def test_leaky_relu_is_min_of_x_and_alpha_x_and_concave_for_alpha_above_1(alpha):
    x = MODERATE
    y = strict(act.leaky_relu, x, alpha)
    np.testing.assert_array_equal(y, np.minimum(x, alpha * x))
    assert not np.array_equal(y, np.maximum(x, alpha * x))
    a, b = np.meshgrid(x, x)
    mid = strict(act.leaky_relu, (a + b) / 2, alpha)
    chord = (strict(act.leaky_relu, a, alpha) + strict(act.leaky_relu, b, alpha)) / 2
    assert np.all(mid >= chord - 1e-12)


def test_leaky_relu_special_slopes():
    x = GRID[np.isfinite(GRID)]
    np.testing.assert_array_equal(strict(act.leaky_relu, x, 0.0), strict(act.relu, x))
    np.testing.assert_array_equal(strict(act.leaky_relu, x, 1.0), x)
    np.testing.assert_array_equal(strict(act.leaky_relu, x, -1.0), np.abs(x))
    np.testing.assert_array_equal(np.maximum(0, x) - np.minimum(0, x), np.abs(x))
    # With alpha = -1 the function is even and not monotone: it forgets the sign.
    np.testing.assert_array_equal(strict(act.leaky_relu, -x, -1.0), strict(act.leaky_relu, x, -1.0))
    assert strict(act.leaky_relu, -1.0, -1.0) > strict(act.leaky_relu, 0.0, -1.0)


@pytest.mark.parametrize("alpha", [0.01, 0.1, 0.3])
def test_leaky_relu_derivative_is_one_or_alpha(alpha):
    def f(x):
        return act.leaky_relu(x, alpha)

    expected = np.where(NONZERO > 0, 1.0, alpha)
    np.testing.assert_allclose(fd(f, NONZERO), expected, atol=1e-9)
    np.testing.assert_array_equal(strict(act.leaky_relu_grad, NONZERO, alpha), expected)
    assert strict(act.leaky_relu_grad, 0.0, alpha) == alpha  # the slope from the left


@pytest.mark.parametrize("alpha", [0.01, 0.3])
def test_leaky_relu_subgradients_at_zero_are_alpha_to_one(alpha):
    x = MODERATE
    y = strict(act.leaky_relu, x, alpha)
    for g in np.linspace(alpha, 1.0, 7):
        assert np.all(y >= g * x)
    for g in [alpha - 0.005, 1.005]:
        assert np.any(y < g * x)


@pytest.mark.parametrize("alpha", [-0.5, 0.01, 0.25, 0.9, 1.7])
def test_prelu_gradient_with_respect_to_alpha_is_min_0_x(alpha):
    x = MODERATE

    def in_alpha(a):
        return act.leaky_relu(x, a)

    numeric = fd(in_alpha, alpha)
    np.testing.assert_allclose(numeric, strict(act.leaky_relu_alpha_grad, x), atol=1e-9)
    np.testing.assert_array_equal(strict(act.leaky_relu_alpha_grad, x), np.minimum(0.0, x))


def test_prelu_chain_rule_sums_over_the_inputs_of_the_unit():
    rng = np.random.default_rng(2015)
    x = rng.normal(size=50)
    t = rng.normal(size=50)
    alpha = 0.25

    def loss(a):
        return 0.5 * np.sum((act.leaky_relu(x, a) - t) ** 2)

    dl_dy = act.leaky_relu(x, alpha) - t
    analytic = np.sum(dl_dy * act.leaky_relu_alpha_grad(x))
    assert fd(loss, alpha) == pytest.approx(analytic, rel=1e-8, abs=1e-10)
    # Only the negative inputs contribute.
    assert analytic == pytest.approx(np.sum(dl_dy[x < 0] * x[x < 0]), rel=1e-12)


def test_leaky_relu_alpha_grad_handles_nan_and_extremes():
    out = strict(act.leaky_relu_alpha_grad, GRID)
    np.testing.assert_array_equal(out, np.minimum(GRID, 0.0))
    assert np.isnan(strict(act.leaky_relu_alpha_grad, math.nan))
    assert isinstance(strict(act.leaky_relu_alpha_grad, 1.0), np.float64)


# --- Softplus --------------------------------------------------------------------------


def test_softplus_derivative_is_the_sigmoid():
    x = np.linspace(-20.0, 20.0, 161)
    np.testing.assert_allclose(fd(act.softplus, x), act.sigmoid(x), rtol=0, atol=1e-9)
    ex = np.exp(MODERATE)
    np.testing.assert_allclose(ex / (1 + ex), act.sigmoid(MODERATE), rtol=1e-15)


def test_softplus_is_convex_and_its_slope_rises_from_0_to_1():
    x = np.linspace(-20.0, 20.0, 161)
    assert np.all(np.diff(strict(act.sigmoid, x)) > 0)  # slope increasing: convex
    assert strict(act.sigmoid, -1e4) == 0.0
    assert strict(act.sigmoid, 1e4) == 1.0


def test_softplus_minus_its_mirror_image_is_x():
    x = np.linspace(-30.0, 30.0, 241)
    diff = strict(act.softplus, x) - strict(act.softplus, -x)
    np.testing.assert_allclose(diff, x, rtol=1e-13, atol=4 * EPS)
    np.testing.assert_allclose(np.exp(x) * (1 + np.exp(-x)), 1 + np.exp(x), rtol=1e-14)


def test_softplus_gap_to_relu_is_softplus_of_minus_abs_x_at_most_log2():
    x = np.linspace(-30.0, 30.0, 601)  # contains 0
    gap = strict(act.softplus, x) - strict(act.relu, x)
    # For x > 0 the subtraction softplus(x) - x cancels: allow a few ulps of x.
    tol = 4 * EPS * np.maximum(np.abs(x), 1.0)
    assert np.all(np.abs(gap - strict(act.softplus, -np.abs(x))) <= tol)
    assert np.all(np.abs(gap - np.log1p(np.exp(-np.abs(x)))) <= tol)
    assert np.all(strict(act.softplus, x) > strict(act.relu, x))  # strictly above ReLU
    assert gap.max() == LOG2
    assert x[np.argmax(gap)] == 0.0
    # ... and it decays like exp(-|x|).
    far = np.array([10.0, 20.0, 30.0])
    np.testing.assert_allclose(strict(act.softplus, -far), np.exp(-far), rtol=1e-4)


def test_naive_softplus_overflows_just_above_709_78():
    with np.errstate(all="raise"):
        assert np.isfinite(np.log(1.0 + np.exp(709.78)))
    with pytest.warns(RuntimeWarning, match="overflow"):
        assert np.log(1.0 + np.exp(np.float64(709.79))) == math.inf
    assert strict(act.softplus, 709.79) == 709.79


def test_naive_softplus_loses_relative_accuracy_for_negative_x():
    assert np.spacing(1.0) == 2.0**-52  # doubles next to 1 are 2^-52 apart
    with np.errstate(all="raise"):
        naive_30 = np.log(1.0 + np.exp(-30.0))
        assert np.log(1.0 + np.exp(-36.75)) == 0.0
        assert np.log(1.0 + np.exp(-36.73)) > 0.0
    true_30 = strict(act.softplus, -30.0)
    assert 5e-4 < abs(naive_30 - true_30) / true_30 < 2e-3  # about one part in a thousand
    assert strict(act.softplus, -36.75) == pytest.approx(math.exp(-36.75), rel=1e-15)


def test_stable_softplus_form_equals_the_definition():
    x = np.linspace(-30.0, 30.0, 241)
    stable = np.maximum(0.0, x) + np.log1p(np.exp(-np.abs(x)))
    np.testing.assert_allclose(stable, np.log(1.0 + np.exp(x)), rtol=1e-12, atol=1e-14)
    np.testing.assert_array_equal(strict(act.softplus, x), stable)


@pytest.mark.parametrize("beta", [0.5, 1.0, 2.0, 5.0, 50.0])
def test_softplus_beta_is_scaled_softplus_with_gap_at_most_log2_over_beta(beta):
    x = np.linspace(-10.0, 10.0, 401)  # contains 0
    y = strict(act.softplus_beta, x, beta)
    np.testing.assert_allclose(y, strict(act.softplus, beta * x) / beta, rtol=1e-14, atol=0.0)
    gap = y - strict(act.relu, x)
    formula = np.log1p(np.exp(-beta * np.abs(x))) / beta
    np.testing.assert_allclose(gap, formula, rtol=1e-9, atol=4 * EPS * 10 / beta)
    assert np.all(gap >= 0.0)
    assert gap.max() == pytest.approx(LOG2 / beta, rel=2 * EPS)
    assert x[np.argmax(gap)] == 0.0


def test_softplus_beta_5_gap_is_0_139():
    assert strict(act.softplus_beta, 0.0, 5.0) == pytest.approx(math.log(2.0) / 5.0, rel=1e-15)
    assert round(math.log(2.0) / 5.0, 3) == 0.139


@pytest.mark.parametrize("beta", [0.5, 1.0, 5.0, 100.0])
def test_softplus_beta_derivative_is_sigmoid_of_beta_x_and_one_half_at_zero(beta):
    def f(x):
        return act.softplus_beta(x, beta)

    x = np.linspace(-3.0, 3.0, 61)
    h = 1e-3 / beta  # keep beta * h small so the quotient stays accurate
    np.testing.assert_allclose(fd(f, x, h), act.sigmoid(beta * x), rtol=0, atol=1e-6)
    assert fd(f, 0.0, h) == pytest.approx(0.5, abs=1e-12)


def test_softplus_beta_tends_to_the_relu_step_away_from_zero():
    x = NONZERO
    np.testing.assert_allclose(act.sigmoid(1e4 * x), (x > 0).astype(float), atol=1e-20)


# --- Logistic Sigmoid ------------------------------------------------------------------


def test_sigmoid_two_forms_value_at_zero_and_limits():
    x = MODERATE
    np.testing.assert_allclose(1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x)), rtol=1e-15)
    np.testing.assert_allclose(strict(act.sigmoid, x), 1 / (1 + np.exp(-x)), rtol=1e-15)
    assert strict(act.sigmoid, 0.0) == 0.5
    y = strict(act.sigmoid, np.linspace(-30.0, 30.0, 121))
    assert np.all((y > 0.0) & (y < 1.0))
    assert np.all(np.diff(y) > 0)


def test_sigmoid_symmetry_about_the_point_0_one_half():
    x = np.linspace(-30.0, 30.0, 121)
    np.testing.assert_allclose(strict(act.sigmoid, -x), 1 - strict(act.sigmoid, x), atol=EPS)


def test_sigmoid_derivative_formulas():
    x = np.linspace(-20.0, 20.0, 161)
    s = act.sigmoid(x)
    np.testing.assert_allclose(fd(act.sigmoid, x), act.sigmoid_grad(x), rtol=0, atol=1e-10)
    np.testing.assert_allclose(act.sigmoid_grad(x), s * (1 - s), rtol=1e-7)
    np.testing.assert_allclose(act.sigmoid_grad(x), np.exp(-x) / (1 + np.exp(-x)) ** 2, rtol=1e-12)
    np.testing.assert_allclose(act.sigmoid_grad(x), s * act.sigmoid(-x), rtol=1e-14)
    ez = np.exp(-np.abs(x))
    np.testing.assert_allclose(act.sigmoid_grad(x), ez / (1 + ez) ** 2, rtol=1e-15)


def test_sigmoid_derivative_peaks_at_one_quarter_at_zero():
    x = np.linspace(-10.0, 10.0, 20001)  # contains 0 exactly
    d = strict(act.sigmoid_grad, x)
    assert np.all(d > 0)
    assert d.max() == 0.25
    assert x[np.argmax(d)] == 0.0
    # AM-GM: a product of positives adding to 1 is at most 1/4.
    s = act.sigmoid(x)
    assert np.all(s * (1 - s) <= 0.25)


def test_literal_sigmoid_product_cancels_but_the_symmetric_form_does_not():
    x = 40.0
    s = act.sigmoid(x)
    assert s * (1 - s) == 0.0
    assert strict(act.sigmoid_grad, x) == pytest.approx(math.exp(-x), rel=1e-15)


def test_sigmoid_saturation_at_plus_minus_10():
    shortfall = 1.0 - strict(act.sigmoid, 10.0)
    assert shortfall == pytest.approx(strict(act.sigmoid, -10.0), rel=1e-10)
    for value in [shortfall, strict(act.sigmoid, -10.0), strict(act.sigmoid_grad, 10.0)]:
        assert 4.45e-5 <= value < 4.55e-5  # "about 4.5e-5"
    x = np.linspace(0.5, 30.0, 60)
    assert np.all(strict(act.sigmoid, -x) < np.exp(-x))


def test_naive_sigmoid_overflows_below_minus_709_78():
    # At -709.78 the naive quotient is a subnormal (an underflow, which is fine) but finite.
    with np.errstate(over="raise", under="ignore"):
        assert 1 / (1 + np.exp(709.78)) > 0.0
    with pytest.warns(RuntimeWarning, match="overflow"):
        assert 1 / (1 + np.exp(np.float64(709.79))) == 0.0
    # The stable form returns the tiny positive value, without any overflow.
    assert strict(act.sigmoid, -709.79) == pytest.approx(math.exp(-709.79), rel=1e-6)


def test_sigmoid_stable_branches():
    x = np.linspace(-50.0, 50.0, 201)
    z = np.exp(-np.abs(x))
    branches = np.where(x >= 0, 1 / (1 + z), z / (1 + z))
    np.testing.assert_array_equal(strict(act.sigmoid, x), branches)


@pytest.mark.parametrize("alpha", [-3.0, 0.0, 2.5, 4.0])
def test_offset_form_is_shifted_sigmoid_one_half_at_the_offset_never_zero(alpha):
    x = np.linspace(-20.0, 20.0, 401)
    with np.errstate(all="raise"):
        blog = 1.0 / (1.0 + np.exp(-x + alpha))
    np.testing.assert_allclose(strict(act.logistic, x, alpha), blog, rtol=1e-14)
    np.testing.assert_array_equal(strict(act.logistic, x, alpha), act.sigmoid(x - alpha))
    assert strict(act.logistic, alpha, alpha) == 0.5
    assert np.all(strict(act.logistic, x, alpha) > 0.0)
    # A bias b in sigmoid(x + b) is the offset alpha = -b.
    np.testing.assert_array_equal(strict(act.sigmoid, x + (-alpha)), act.logistic(x, alpha))


@pytest.mark.parametrize("alpha", [-3.0, 0.0, 4.0])
def test_an_offset_moves_the_rise_but_does_not_widen_it(alpha):
    x = np.linspace(-20.0, 20.0, 4001)

    def f(t):
        return act.logistic(t, alpha)

    slope = fd(f, x)
    assert slope.max() == pytest.approx(0.25, abs=1e-9)
    assert x[np.argmax(slope)] == pytest.approx(alpha, abs=0.01)


def test_log_sigmoid_is_minus_softplus_of_minus_x():
    x = np.linspace(-30.0, 30.0, 241)
    np.testing.assert_allclose(
        np.log(act.sigmoid(x)), -strict(act.softplus, -x), rtol=1e-12, atol=1e-15
    )


def test_tanh_is_a_stretched_sigmoid_and_its_derivative():
    x = np.linspace(-10.0, 10.0, 201)
    np.testing.assert_allclose(np.tanh(x), 2 * act.sigmoid(2 * x) - 1, rtol=0, atol=4 * EPS)
    np.testing.assert_allclose(fd(act.tanh, x), strict(act.tanh_grad, x), rtol=0, atol=1e-9)
    np.testing.assert_allclose(act.tanh_grad(x), 1 - np.tanh(x) ** 2, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(act.tanh_grad(x), 4 * act.sigmoid_grad(2 * x), rtol=1e-14)
    assert strict(act.tanh, 0.0) == 0.0
    assert strict(act.tanh_grad, 0.0) == 1.0


# --- snippets.lib: tanh_grad's numerical contract and the difference quotients -------


def test_tanh_grad_is_stable_everywhere():
    extremes = np.concatenate([GRID, [-math.inf, math.inf]])
    out = strict(act.tanh_grad, extremes)
    assert np.all((out >= 0.0) & (out <= 1.0))
    assert strict(act.tanh_grad, 1e4) == 0.0
    assert strict(act.tanh_grad, -1e4) == 0.0
    assert strict(act.tanh_grad, -0.0) == 1.0
    assert np.isnan(strict(act.tanh_grad, math.nan))
    np.testing.assert_array_equal(np.isnan(strict(act.tanh_grad, [1.0, math.nan])), [0, 1])
    # In the tails it keeps relative precision where 1 - tanh**2 is exactly 0.
    assert 1 - np.tanh(20.0) ** 2 == 0.0
    assert strict(act.tanh_grad, 20.0) == pytest.approx(4 * math.exp(-40.0), rel=1e-14)
    assert isinstance(strict(act.tanh_grad, 1.0), np.float64)
    assert isinstance(strict(act.tanh, 1.0), np.float64)


def test_difference_quotients_on_polynomials():
    # Central differences are exact for quadratics; forward/backward are off by h f''/2.
    def f(x):
        return 3 * x**2 - 2 * x

    for x in [-1.0, 0.0, 2.0]:
        for h in [0.5, 0.25]:  # powers of two: no rounding
            assert calc.central_difference(f, x, h) == 6 * x - 2
            assert calc.forward_difference(f, x, h) == 6 * x - 2 + 3 * h
            assert calc.backward_difference(f, x, h) == 6 * x - 2 - 3 * h


def test_fd_points_stay_farther_from_the_corner_than_any_step():
    points = calc.fd_points()
    assert np.min(np.abs(points)) == 0.5
    assert np.max(calc.FD_STEPS) < 0.5
    assert np.max(np.abs(points)) == 4.0


# --- FAQ: why is ReLU written max(0, x)? -----------------------------------------------

FAQ = DOCS / "FAQ - Why is ReLU written max(0, x).md"


def test_faq_numpy_code_runs_and_prints_what_its_comments_say():
    text = FAQ.read_text("utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", text, re.S | re.M)
    assert len(blocks) == 1
    code = blocks[0]
    namespace: dict = {}
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        exec(compile(code, str(FAQ), "exec"), namespace)
    x = namespace["x"]
    np.testing.assert_array_equal(namespace["relu"], act.relu(x))
    np.testing.assert_array_equal(namespace["relu_grad"], act.relu_grad(x))
    np.testing.assert_array_equal(namespace["leaky"], act.leaky_relu(x, 0.1))
    for name in ["relu", "relu_grad", "leaky"]:
        comment = re.search(rf"^{name} = .*?# (.*)$", code, re.M).group(1)
        assert comment == str(namespace[name]), name


@pytest.mark.parametrize("name", list(calc.ACTIVATIONS))
def test_faq_derivative_table_by_central_differences(name):
    f, df = calc.ACTIVATIONS[name]
    x = calc.fd_points()
    np.testing.assert_allclose(fd(f, x), strict(df, x), rtol=0, atol=1e-9)


def test_faq_table_entries_are_the_stated_formulas():
    x = calc.fd_points()
    funcs = {name: f(x) for name, (f, _) in calc.ACTIVATIONS.items()}
    grads = {name: df(x) for name, (_, df) in calc.ACTIVATIONS.items()}
    alpha = calc.FD_LEAKY_ALPHA
    leaky = next(n for n in calc.ACTIVATIONS if n.startswith("leaky"))
    np.testing.assert_array_equal(funcs["ReLU"], np.maximum(0, x))
    np.testing.assert_array_equal(grads["ReLU"], np.where(x > 0, 1.0, 0.0))
    np.testing.assert_array_equal(funcs[leaky], np.maximum(0, x) + alpha * np.minimum(0, x))
    np.testing.assert_array_equal(grads[leaky], np.where(x > 0, 1.0, alpha))
    np.testing.assert_allclose(funcs["softplus"], np.log(1 + np.exp(x)), rtol=1e-14)
    np.testing.assert_array_equal(grads["softplus"], act.sigmoid(x))
    s = act.sigmoid(x)
    np.testing.assert_allclose(grads["sigmoid"], s * (1 - s), rtol=1e-12)
    np.testing.assert_allclose(grads["tanh"], 1 - np.tanh(x) ** 2, rtol=1e-12)


def test_faq_chain_rule_for_one_relu_unit():
    rng = np.random.default_rng(1710)
    a = rng.normal(size=4)
    w = rng.normal(size=4)
    b = 0.3 - float(w @ a) + 1.0  # puts z = 1.3, well away from the corner
    t = 0.2

    def loss(w_, b_):
        return 0.5 * (act.relu(w_ @ a + b_) - t) ** 2

    z = w @ a + b
    dl_dy = act.relu(z) - t
    grad_w = dl_dy * act.relu_grad(z) * a
    grad_b = dl_dy * act.relu_grad(z)
    for i in range(4):
        e = np.zeros(4)
        e[i] = 1.0
        numeric = fd(lambda s, e=e: loss(w + s * e, b), 0.0)
        assert numeric == pytest.approx(grad_w[i], rel=1e-7, abs=1e-10)
    assert fd(lambda s: loss(w, b + s), 0.0) == pytest.approx(grad_b, rel=1e-7)


def test_faq_central_difference_error_is_h_squared_f_triple_prime_over_6():
    x, h = 1.0, 1e-3
    s = act.sigmoid(x)
    d1 = s * (1 - s)
    d2 = d1 * (1 - 2 * s)
    d3 = d2 * (1 - 2 * s) - 2 * d1**2
    error = calc.central_difference(act.sigmoid, x, h) - d1
    assert error == pytest.approx(h**2 / 6 * d3, rel=1e-3)


@pytest.mark.parametrize("name", ["softplus", "sigmoid", "tanh"])
def test_faq_smooth_errors_bottom_out_near_1e_11_for_steps_near_1e_5(name):
    f, df = calc.ACTIVATIONS[name]
    errors = np.array([calc.max_fd_error(f, df, h) for h in calc.FD_STEPS])
    best = int(np.argmin(errors))
    assert 1e-6 <= calc.FD_STEPS[best] <= 1e-4
    assert 1e-12 <= errors[best] <= 1e-10
    # Truncation regime: halving h quarters the error ("divides the error by about 4").
    ratio = calc.max_fd_error(f, df, 1e-3) / calc.max_fd_error(f, df, 5e-4)
    assert ratio == pytest.approx(4.0, rel=1e-3)


@pytest.mark.parametrize("name", ["ReLU", "leaky ReLU (α = 0.1)"])
def test_faq_piecewise_linear_errors_are_only_rounding_and_grow_as_h_shrinks(name):
    f, df = calc.ACTIVATIONS[name]
    assert calc.max_fd_error(f, df, 0.1) < 1e-13
    assert calc.max_fd_error(f, df, 1e-12) > 1e-6


def test_faq_central_difference_at_relu_corner_is_one_half_for_every_h():
    steps = np.concatenate([calc.FD_STEPS, [1.0, 1e-100, 1e-300, 5e-324]])
    for h in steps:
        assert strict(calc.central_difference, act.relu, 0.0, h) == 0.5
        assert strict(calc.forward_difference, act.relu, 0.0, h) == 1.0
        assert strict(calc.backward_difference, act.relu, 0.0, h) == 0.0
    assert strict(act.relu_grad, 0.0) != 0.5


@pytest.mark.parametrize("alpha", [0.01, 0.1, 0.3])
def test_faq_central_difference_at_leaky_corner_is_one_plus_alpha_over_two(alpha):
    def f(x):
        return act.leaky_relu(x, alpha)

    for h in calc.FD_STEPS:
        assert fd(f, 0.0, h) == pytest.approx((1 + alpha) / 2, rel=4 * EPS)


def test_faq_figure_steps_and_secant_slopes():
    assert calc.FD_STEPS[0] == pytest.approx(1e-12)
    assert calc.FD_STEPS[-1] == pytest.approx(0.1)
    h = KINK_STEP
    assert calc.forward_difference(act.relu, 0.0, h) == 1.0
    assert calc.backward_difference(act.relu, 0.0, h) == 0.0
    assert calc.central_difference(act.relu, 0.0, h) == 0.5
