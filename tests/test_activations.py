"""Tests of snippets.lib.activations: hand-computed values, identities, extremes, warnings.

Every evaluation of the library functions runs inside ``np.errstate(all="raise")`` (on top of
pytest's ``filterwarnings = error``), so any floating-point exception that escapes a function
fails the test loudly instead of being logged.
"""

import itertools
import math

import numpy as np
import pytest

from snippets.lib import activations as act

LOG2 = math.log(2.0)
EPS = np.finfo(np.float64).eps
SMALLEST_NORMAL = np.finfo(np.float64).tiny
INF = math.inf
NAN = math.nan

# (function, keyword arguments) for every one-argument-plus-parameters activation.
ALL_FUNCTIONS = [
    (act.relu, {}),
    (act.relu_grad, {}),
    (act.leaky_relu, {}),
    (act.leaky_relu, {"alpha": 0.3}),
    (act.leaky_relu, {"alpha": -1.0}),
    (act.leaky_relu, {"alpha": 0.0}),
    (act.leaky_relu_grad, {}),
    (act.leaky_relu_grad, {"alpha": 0.3}),
    (act.softplus, {}),
    (act.softplus_beta, {"beta": 1.0}),
    (act.softplus_beta, {"beta": 1e-300}),
    (act.softplus_beta, {"beta": 1e300}),
    (act.sigmoid, {}),
    (act.sigmoid_grad, {}),
    (act.logistic, {"offset": 0.0}),
    (act.logistic, {"offset": 3.0}),
    (act.logistic, {"offset": -1e308}),
]
FUNCTION_IDS = [f.__name__ + "".join(f"-{k}={v}" for k, v in kw.items()) for f, kw in ALL_FUNCTIONS]

# A grid from the tiniest subnormal to infinity, both signs and both zeros.
MAGNITUDES = [
    5e-324, 1e-310, 1e-300, 1e-20, 1e-8, 1e-3, 0.5, 1.0, 2.0, 10.0, 30.0, 36.0, 37.0, 40.0,
    100.0, 700.0, 708.0, 710.0, 720.0, 745.0, 746.0, 1e4, 1e300, 1e308, INF,
]  # fmt: skip
GRID = np.array(sorted([-m for m in MAGNITUDES] + [-0.0, 0.0] + MAGNITUDES))
FINITE_GRID = GRID[np.isfinite(GRID)]


def strict(f, *args, **kwargs):
    """Call f with every floating-point exception turned into an error."""
    with np.errstate(all="raise"):
        return f(*args, **kwargs)


# --- hand-computed values -------------------------------------------------------------

HAND_VALUES = [
    (act.relu, (-3.0,), 0.0),
    (act.relu, (0.0,), 0.0),
    (act.relu, (2.5,), 2.5),
    (act.relu_grad, (-3.0,), 0.0),
    (act.relu_grad, (0.0,), 0.0),
    (act.relu_grad, (2.5,), 1.0),
    (act.leaky_relu, (-2.0, 0.1), -0.2),
    (act.leaky_relu, (-2.0,), -0.02),
    (act.leaky_relu, (3.0, 0.1), 3.0),
    (act.leaky_relu, (-5.0, -1.0), 5.0),
    (act.leaky_relu_grad, (-2.0, 0.1), 0.1),
    (act.leaky_relu_grad, (0.0, 0.1), 0.1),
    (act.leaky_relu_grad, (2.0, 0.1), 1.0),
    (act.softplus, (0.0,), LOG2),
    (act.softplus, (1.0,), math.log(1.0 + math.e)),
    (act.softplus, (-1.0,), math.log(1.0 + 1.0 / math.e)),
    (act.softplus_beta, (0.0, 4.0), LOG2 / 4.0),
    (act.softplus_beta, (1.0, 2.0), math.log(1.0 + math.exp(2.0)) / 2.0),
    (act.sigmoid, (0.0,), 0.5),
    (act.sigmoid, (math.log(3.0),), 0.75),
    (act.sigmoid, (-math.log(3.0),), 0.25),
    (act.sigmoid_grad, (0.0,), 0.25),
    (act.sigmoid_grad, (math.log(3.0),), 0.75 * 0.25),
    (act.logistic, (5.0, 5.0), 0.5),
    (act.logistic, (5.0 + math.log(3.0), 5.0), 0.75),
]


@pytest.mark.parametrize(("f", "args", "expected"), HAND_VALUES)
def test_hand_computed_values(f, args, expected):
    assert strict(f, *args) == pytest.approx(expected, rel=4 * EPS, abs=0.0)


@pytest.mark.parametrize(("f", "kwargs"), ALL_FUNCTIONS, ids=FUNCTION_IDS)
def test_return_types(f, kwargs):
    scalar = strict(f, 1.5, **kwargs)
    assert isinstance(scalar, np.float64)
    assert np.ndim(scalar) == 0
    from_int = strict(f, 2, **kwargs)
    assert isinstance(from_int, np.float64)
    array = strict(f, [[-1.0, 0.0], [1, 2]], **kwargs)
    assert isinstance(array, np.ndarray)
    assert array.dtype == np.float64
    assert array.shape == (2, 2)
    # Vectorised evaluation agrees elementwise with scalar evaluation.
    elementwise = np.array([strict(f, v, **kwargs) for v in GRID])
    np.testing.assert_array_equal(strict(f, GRID, **kwargs), elementwise)


# --- exact identities -----------------------------------------------------------------


def test_relu_is_the_piecewise_form():
    piecewise = np.array([v if v >= 0 else 0.0 for v in GRID])
    np.testing.assert_array_equal(strict(act.relu, GRID), piecewise)
    np.testing.assert_array_equal(strict(act.relu, GRID), np.maximum(0.0, GRID))


def test_relu_grad_is_the_indicator_of_positive_inputs():
    np.testing.assert_array_equal(strict(act.relu_grad, GRID), (GRID > 0).astype(float))


def test_leaky_relu_with_alpha_minus_one_is_abs_exactly():
    np.testing.assert_array_equal(strict(act.leaky_relu, GRID, -1.0), np.abs(GRID))


@pytest.mark.parametrize("alpha", [0.01, 0.1, 0.3, 0.5])
def test_leaky_relu_is_max_plus_alpha_min(alpha):
    expected = np.array([v if v >= 0 else alpha * v for v in GRID])
    np.testing.assert_array_equal(strict(act.leaky_relu, GRID, alpha), expected)


def test_leaky_relu_with_alpha_zero_is_relu_even_at_minus_infinity():
    np.testing.assert_array_equal(strict(act.leaky_relu, GRID, 0.0), strict(act.relu, GRID))


@pytest.mark.parametrize("alpha", [0.0, 0.01, 0.3])
def test_leaky_relu_grad_values(alpha):
    expected = np.where(GRID > 0, 1.0, alpha)
    np.testing.assert_array_equal(strict(act.leaky_relu_grad, GRID, alpha), expected)


def test_leaky_relu_grad_with_alpha_zero_is_relu_grad():
    np.testing.assert_array_equal(strict(act.leaky_relu_grad, GRID, 0.0), act.relu_grad(GRID))


SOFTPLUS_ODD_GRID = np.array(
    [1e-3, 0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 36.0, 40.0, 100.0, 700.0, 745.0, 1e4, 1e300]
)
SOFTPLUS_ODD_GRID = np.concatenate([-SOFTPLUS_ODD_GRID[::-1], [0.0], SOFTPLUS_ODD_GRID])


def test_softplus_minus_reflection_is_identity():
    # softplus(x) - softplus(-x) = x.  The absolute floor covers the cancellation of two
    # values near log 2 when |x| is small; at x = 0 the difference must be exactly 0.
    diff = strict(act.softplus, SOFTPLUS_ODD_GRID) - strict(act.softplus, -SOFTPLUS_ODD_GRID)
    np.testing.assert_allclose(diff, SOFTPLUS_ODD_GRID, rtol=1e-12, atol=4 * EPS)
    assert diff[SOFTPLUS_ODD_GRID == 0.0] == 0.0


def test_sigmoid_reflection():
    x = FINITE_GRID
    np.testing.assert_allclose(
        strict(act.sigmoid, -x), 1.0 - strict(act.sigmoid, x), rtol=0.0, atol=EPS
    )


def test_sigmoid_grad_is_sigma_times_one_minus_sigma():
    # Where 1 - s does not cancel badly, the literal product is a fine reference ...
    x = np.linspace(-12.0, 12.0, 241)
    s = act.sigmoid(x)
    np.testing.assert_allclose(strict(act.sigmoid_grad, x), s * (1.0 - s), rtol=1e-9, atol=0.0)
    # ... and everywhere it equals sigmoid(x) * sigmoid(-x), the cancellation-free form.
    x = FINITE_GRID
    expected = act.sigmoid(x) * act.sigmoid(-x)
    np.testing.assert_allclose(strict(act.sigmoid_grad, x), expected, rtol=1e-14, atol=0.0)


def test_sigmoid_grad_is_symmetric_and_accurate_in_the_tails():
    # The literal s * (1 - s) is 0 for x >= 37; the returned value keeps e^-|x| there.
    x = np.array([40.0, 100.0, 700.0])
    np.testing.assert_allclose(strict(act.sigmoid_grad, x), np.exp(-x), rtol=1e-15)
    np.testing.assert_array_equal(strict(act.sigmoid_grad, -GRID), strict(act.sigmoid_grad, GRID))


def test_softplus_beta_one_is_softplus():
    np.testing.assert_array_equal(strict(act.softplus_beta, GRID, 1.0), strict(act.softplus, GRID))


def test_logistic_is_shifted_sigmoid_with_one_half_at_the_offset():
    x = np.linspace(-10.0, 10.0, 41)
    for offset in [-3.0, 0.0, 2.5]:
        np.testing.assert_array_equal(
            strict(act.logistic, x, offset), strict(act.sigmoid, x - offset)
        )
        assert strict(act.logistic, offset, offset) == 0.5


def test_logistic_matches_the_blog_formula_where_that_is_safe():
    x = np.linspace(-10.0, 10.0, 41)
    naive = 1.0 / (1.0 + np.exp(-x + 1.5))
    np.testing.assert_allclose(strict(act.logistic, x, 1.5), naive, rtol=1e-14)


# --- derivatives by central finite differences ---------------------------------------

FD_POINTS = np.linspace(-12.0, 12.0, 97)
FD_STEP = 1e-5


def central_difference(f, x, h=FD_STEP):
    return (f(x + h) - f(x - h)) / (2.0 * h)


def test_softplus_derivative_is_sigmoid():
    numeric = strict(central_difference, act.softplus, FD_POINTS)
    np.testing.assert_allclose(numeric, act.sigmoid(FD_POINTS), rtol=0.0, atol=1e-9)


def test_sigmoid_derivative_is_sigmoid_grad():
    numeric = strict(central_difference, act.sigmoid, FD_POINTS)
    np.testing.assert_allclose(numeric, act.sigmoid_grad(FD_POINTS), rtol=0.0, atol=1e-9)


@pytest.mark.parametrize(
    ("f", "grad"),
    [
        (act.relu, act.relu_grad),
        (lambda x: act.leaky_relu(x, 0.1), lambda x: act.leaky_relu_grad(x, 0.1)),
    ],
    ids=["relu", "leaky_relu"],
)
def test_piecewise_linear_derivatives_away_from_the_kink(f, grad):
    x = FD_POINTS[np.abs(FD_POINTS) > 10 * FD_STEP]
    np.testing.assert_allclose(strict(central_difference, f, x), grad(x), rtol=1e-6, atol=1e-9)


# --- softplus_beta tends to ReLU -------------------------------------------------------


@pytest.mark.parametrize("beta", [0.5, 1.0, 2.0, 10.0, 100.0, 1e6])
def test_softplus_beta_gap_to_relu_is_at_most_log2_over_beta_attained_at_zero(beta):
    x = np.linspace(-50.0 / beta, 50.0 / beta, 2001)  # contains x = 0 exactly
    assert 0.0 in x
    gap = strict(act.softplus_beta, x, beta) - act.relu(x)
    bound = LOG2 / beta
    assert np.all(gap >= 0.0)  # exactly 0 only where the correction is below half an ulp of x
    assert np.all(gap <= bound * (1 + 4 * EPS))
    assert x[np.argmax(gap)] == 0.0
    assert gap.max() == pytest.approx(bound, rel=2 * EPS, abs=0.0)
    assert strict(act.softplus_beta, 0.0, beta) == pytest.approx(bound, rel=2 * EPS, abs=0.0)


def test_softplus_beta_converges_to_relu_as_beta_grows():
    x = np.linspace(-5.0, 5.0, 101)
    gaps = [np.max(np.abs(act.softplus_beta(x, b) - act.relu(x))) for b in [1, 10, 100, 1000]]
    assert all(later < earlier for earlier, later in itertools.pairwise(gaps))
    assert gaps[-1] <= LOG2 / 1000 * (1 + 4 * EPS)


@pytest.mark.parametrize("beta", [0.0, -1.0, math.inf, math.nan, [1.0, 0.0]])
def test_softplus_beta_rejects_nonpositive_or_nonfinite_beta(beta):
    with pytest.raises(ValueError, match="beta"):
        act.softplus_beta(1.0, beta)


# --- extremes, signed zeros and NaN --------------------------------------------------


@pytest.mark.parametrize(("f", "kwargs"), ALL_FUNCTIONS, ids=FUNCTION_IDS)
def test_no_floating_point_exceptions_on_the_whole_grid(f, kwargs):
    result = strict(f, GRID, **kwargs)
    # Only infinite inputs may give infinite outputs (and only the unbounded functions).
    assert np.all(np.isfinite(result[np.isfinite(GRID)]))
    assert not np.any(np.isnan(result))


EXTREMES = [
    # (x, relu, softplus, sigmoid, sigmoid_grad)
    (1e4, 1e4, 1e4, 1.0, 0.0),
    (-1e4, 0.0, 0.0, 0.0, 0.0),
    (1e300, 1e300, 1e300, 1.0, 0.0),
    (-1e300, 0.0, 0.0, 0.0, 0.0),
    (1e308, 1e308, 1e308, 1.0, 0.0),
    (-1e308, 0.0, 0.0, 0.0, 0.0),
    (INF, INF, INF, 1.0, 0.0),
    (-INF, 0.0, 0.0, 0.0, 0.0),
]


@pytest.mark.parametrize(("x", "r", "sp", "sig", "dsig"), EXTREMES)
def test_values_at_extreme_inputs(x, r, sp, sig, dsig):
    assert strict(act.relu, x) == r
    assert strict(act.relu_grad, x) == (1.0 if x > 0 else 0.0)
    assert strict(act.leaky_relu, x, 0.1) == (x if x > 0 else 0.1 * x)
    assert strict(act.leaky_relu, x, -1.0) == abs(x)
    assert strict(act.softplus, x) == sp
    assert strict(act.softplus_beta, x, 3.0) == sp
    assert strict(act.sigmoid, x) == sig
    assert strict(act.sigmoid_grad, x) == dsig
    assert strict(act.logistic, x, 1.0) == sig


def test_tails_keep_relative_precision_instead_of_flushing_to_zero():
    for x in [-40.0, -100.0, -700.0]:
        assert strict(act.softplus, x) == pytest.approx(math.exp(x), rel=1e-14)
        assert strict(act.sigmoid, x) == pytest.approx(math.exp(x), rel=1e-14)
    # Below the smallest normal number the result degrades gradually (subnormals).
    tiny = strict(act.softplus, -720.0)
    assert 0.0 < tiny < SMALLEST_NORMAL
    assert tiny == pytest.approx(math.exp(-720.0), rel=1e-9)


def test_signed_zeros():
    for zero in [0.0, -0.0]:
        assert strict(act.relu, zero) == 0.0
        assert not np.signbit(strict(act.relu, zero))  # relu(-0.0) is +0.0
        assert strict(act.relu_grad, zero) == 0.0
        assert strict(act.leaky_relu, zero) == 0.0
        assert strict(act.leaky_relu, zero, -1.0) == 0.0
        assert strict(act.leaky_relu_grad, zero, 0.2) == 0.2
        assert strict(act.softplus, zero) == LOG2
        assert strict(act.sigmoid, zero) == 0.5
        assert strict(act.sigmoid_grad, zero) == 0.25
        assert strict(act.logistic, zero, 0.0) == 0.5


@pytest.mark.parametrize(("f", "kwargs"), ALL_FUNCTIONS, ids=FUNCTION_IDS)
def test_nan_propagates(f, kwargs):
    assert np.isnan(strict(f, NAN, **kwargs))
    out = strict(f, np.array([-1.0, NAN, 1.0]), **kwargs)
    np.testing.assert_array_equal(np.isnan(out), [False, True, False])


def test_naive_softplus_overflows_which_is_why_the_stable_form_exists():
    x = np.float64(1e4)
    with pytest.warns(RuntimeWarning, match="overflow"):
        naive = np.log(1.0 + np.exp(x))
    assert naive == INF  # wrong: the true value is 1e4
    assert strict(act.softplus, x) == 1e4


def test_naive_sigmoid_overflows_for_large_negative_inputs():
    x = np.float64(-1e4)
    with pytest.warns(RuntimeWarning, match="overflow"):
        naive = 1.0 / (1.0 + np.exp(-x))
    assert naive == 0.0  # happens to be right, but only via an overflow to inf
    assert strict(act.sigmoid, x) == 0.0
