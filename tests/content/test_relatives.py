"""Tests of snippets.lib.relatives: ELU, SELU, GELU, SiLU/Swish and Mish, and the numbers of the
notes "Smooth Relatives of ReLU" and "Choosing an Activation".

Every formula those notes state is checked here: definitions against their literal forms,
derivatives against central differences, identities exactly or to rounding.  Every
evaluation runs inside ``np.errstate(all="raise")``, so a floating-point flag that escapes a
function fails the test.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from snippets.lib import relatives as rel
from snippets.lib.activations import relu, relu_grad, sigmoid, softplus
from snippets.relatives import MEAN_GRAD_SCALES  # the input scales the figure draws

EPS = np.finfo(np.float64).eps
INF = math.inf
NAN = math.nan

MAGNITUDES = [
    5e-324, 1e-310, 1e-300, 1e-20, 1e-8, 1e-3, 0.5, 1.0, 2.0, 10.0, 30.0, 37.0, 40.0, 100.0,
    700.0, 710.0, 745.0, 746.0, 800.0, 1e3, 1e4, 1e100, 1e300, 1e308, INF,
]  # fmt: skip
GRID = np.array(sorted([-m for m in MAGNITUDES] + [-0.0, 0.0] + MAGNITUDES))


def strict(f, *args, **kwargs):
    """Call f with every floating-point exception turned into an error."""
    with np.errstate(all="raise"):
        return f(*args, **kwargs)


# (name, function, keyword arguments)
FUNCTIONS = [
    ("elu", rel.elu, {}),
    ("elu-0.5", rel.elu, {"alpha": 0.5}),
    ("elu-2", rel.elu, {"alpha": 2.0}),
    ("elu_grad", rel.elu_grad, {}),
    ("elu_grad-0.5", rel.elu_grad, {"alpha": 0.5}),
    ("selu", rel.selu, {}),
    ("selu_grad", rel.selu_grad, {}),
    ("normal_cdf", rel.normal_cdf, {}),
    ("normal_pdf", rel.normal_pdf, {}),
    ("gelu", rel.gelu, {}),
    ("gelu_grad", rel.gelu_grad, {}),
    ("gelu_tanh", rel.gelu_tanh, {}),
    ("gelu_sigmoid", rel.gelu_sigmoid, {}),
    ("silu", rel.silu, {}),
    ("silu-beta-10", rel.silu, {"beta": 10.0}),
    ("silu-beta-1e-3", rel.silu, {"beta": 1e-3}),
    ("silu_grad", rel.silu_grad, {}),
    ("silu_grad-beta-10", rel.silu_grad, {"beta": 10.0}),
    ("mish", rel.mish, {}),
    ("mish_grad", rel.mish_grad, {}),
]
IDS = [name for name, _, _ in FUNCTIONS]
FUNCS = [(f, kw) for _, f, kw in FUNCTIONS]


# --- the numerical contract ---------------------------------------------------------------


@pytest.mark.parametrize(("f", "kwargs"), FUNCS, ids=IDS)
def test_no_floating_point_flags_and_no_nan_for_any_number(f, kwargs):
    values = strict(f, GRID, **kwargs)
    assert values.dtype == np.float64
    assert not np.any(np.isnan(values)), GRID[np.isnan(values)]


@pytest.mark.parametrize(("f", "kwargs"), FUNCS, ids=IDS)
def test_nan_propagates(f, kwargs):
    assert np.isnan(strict(f, NAN, **kwargs))
    out = strict(f, [1.0, NAN, -1.0], **kwargs)
    assert np.isnan(out[1])
    assert not np.isnan(out[0])
    assert not np.isnan(out[2])


@pytest.mark.parametrize(("f", "kwargs"), FUNCS, ids=IDS)
def test_return_types_and_elementwise_agreement(f, kwargs):
    scalar = strict(f, 1.5, **kwargs)
    assert isinstance(scalar, np.float64)
    assert isinstance(strict(f, 2, **kwargs), np.float64)
    array = strict(f, [[-1.0, 0.0], [1, 2]], **kwargs)
    assert isinstance(array, np.ndarray)
    assert array.dtype == np.float64
    assert array.shape == (2, 2)
    elementwise = np.array([strict(f, v, **kwargs) for v in GRID])
    np.testing.assert_array_equal(strict(f, GRID, **kwargs), elementwise)


# --- hand-computed values and limits --------------------------------------------------------

PHI_1 = 0.5 * math.erfc(-1.0 / math.sqrt(2.0))
HAND_VALUES = [
    (rel.elu, (-1.0,), math.exp(-1.0) - 1.0),
    (rel.elu, (-1.0, 2.0), 2.0 * (math.exp(-1.0) - 1.0)),
    (rel.elu, (2.5,), 2.5),
    (rel.elu_grad, (-1.0,), math.exp(-1.0)),
    (rel.elu_grad, (0.0, 0.5), 0.5),  # the left derivative at the corner
    (rel.elu_grad, (3.0, 0.5), 1.0),
    (rel.normal_cdf, (0.0,), 0.5),
    (rel.normal_pdf, (0.0,), 1.0 / math.sqrt(2.0 * math.pi)),
    (rel.gelu, (1.0,), PHI_1),
    (rel.gelu, (-1.0,), -(1.0 - PHI_1)),
    (rel.gelu, (0.0,), 0.0),
    (rel.gelu_grad, (0.0,), 0.5),
    (rel.gelu_tanh, (0.0,), 0.0),
    (rel.silu, (1.0,), 1.0 / (1.0 + math.exp(-1.0))),
    (rel.silu_grad, (0.0,), 0.5),
    (rel.mish, (0.0,), 0.0),
    (rel.mish, (1.0,), math.tanh(math.log1p(math.e))),
    (rel.mish_grad, (0.0,), 0.6),  # tanh(log 2) = (2 - 1/2) / (2 + 1/2)
]


@pytest.mark.parametrize(("f", "args", "expected"), HAND_VALUES)
def test_hand_computed_values(f, args, expected):
    assert strict(f, *args) == pytest.approx(expected, rel=8 * EPS, abs=0.0)


def test_left_tail_of_phi_keeps_relative_precision():
    # Phi(-10) = 7.6198530241605260e-24 (tabulated); 1 + erf would give 0 here.
    assert strict(rel.normal_cdf, -10.0) == pytest.approx(7.619853024160526e-24, rel=1e-13)
    assert strict(rel.gelu, -10.0) == pytest.approx(-7.619853024160526e-23, rel=1e-13)


def test_limits_at_infinity():
    alpha, lam = rel.selu_constants()
    assert strict(rel.elu, -INF) == -1.0
    assert strict(rel.elu, -INF, 2.0) == -2.0
    assert strict(rel.selu, -INF) == -lam * alpha
    for f in (rel.gelu, rel.gelu_tanh, rel.silu, rel.mish):
        assert strict(f, INF) == INF
        assert strict(f, -INF) == 0.0
        assert strict(f, 1e4) == 1e4  # the gate is exactly 1 in float64 far out
        assert strict(f, -1e4) == 0.0
    for g in (rel.gelu_grad, rel.silu_grad, rel.mish_grad):
        assert strict(g, INF) == 1.0
        assert strict(g, -INF) == 0.0


# --- definitions against their literal forms -------------------------------------------------

MODERATE = np.linspace(-8.0, 8.0, 1601)


def test_elu_and_selu_are_their_definitions():
    expected = np.array([v if v > 0 else 1.5 * math.expm1(v) for v in GRID])
    np.testing.assert_array_equal(strict(rel.elu, GRID, 1.5), expected)
    alpha, lam = rel.selu_constants()
    expected = np.array([lam * (v if v > 0 else alpha * math.expm1(v)) for v in MODERATE])
    np.testing.assert_allclose(strict(rel.selu, MODERATE), expected, rtol=2 * EPS, atol=0)


def test_elu_derivative_is_elu_plus_alpha_for_negative_inputs():
    xs = MODERATE[MODERATE < 0]
    # elu + alpha cancels for very negative x, so the agreement is absolute, to rounding.
    np.testing.assert_allclose(rel.elu_grad(xs, 1.5), rel.elu(xs, 1.5) + 1.5, rtol=0, atol=8 * EPS)


def test_gelu_is_x_phi_via_erf():
    literal = np.array([0.5 * v * (1.0 + math.erf(v / math.sqrt(2.0))) for v in MODERATE])
    np.testing.assert_allclose(strict(rel.gelu, MODERATE), literal, rtol=0, atol=4 * EPS)


def test_gelu_tanh_is_its_literal_formula():
    c = math.sqrt(2.0 / math.pi)
    xs = MODERATE
    literal = 0.5 * xs * (1.0 + np.tanh(c * (xs + 0.044715 * xs**3)))
    np.testing.assert_allclose(strict(rel.gelu_tanh, xs), literal, rtol=0, atol=16 * EPS)


def test_half_of_one_plus_tanh_is_sigmoid_of_twice():
    u = np.linspace(-20.0, 20.0, 4001)
    np.testing.assert_allclose((1.0 + np.tanh(u)) / 2.0, sigmoid(2.0 * u), rtol=0, atol=2 * EPS)


@pytest.mark.parametrize("beta", [0.5, 1.0, 1.702, 4.0])
def test_swish_is_x_sigmoid_beta_x(beta):
    literal = MODERATE / (1.0 + np.exp(-beta * MODERATE))
    np.testing.assert_allclose(strict(rel.silu, MODERATE, beta), literal, rtol=8 * EPS, atol=0)


def test_mish_is_x_tanh_softplus_and_its_gate_is_rational():
    xs = MODERATE
    literal = xs * np.tanh(np.log1p(np.exp(xs)))
    np.testing.assert_allclose(strict(rel.mish, xs), literal, rtol=8 * EPS, atol=1e-300)
    gate = (np.exp(2 * xs) + 2 * np.exp(xs)) / (np.exp(2 * xs) + 2 * np.exp(xs) + 2)
    np.testing.assert_allclose(np.tanh(softplus(xs)), gate, rtol=8 * EPS)


def test_tanh_of_a_log():
    w = np.linspace(1.0, 50.0, 4901)  # w = 1 + e^x > 1
    np.testing.assert_allclose(np.tanh(np.log(w)), (w**2 - 1) / (w**2 + 1), rtol=0, atol=4 * EPS)


def test_swish_tends_to_relu_and_to_half_x():
    # |Swish_beta - ReLU| = |x| sigmoid(-beta |x|), largest value (-min SiLU) / beta.
    xs = np.linspace(-5.0, 5.0, 100_001)
    depth = -rel.silu_minimum()[1]
    for beta in (1.0, 10.0, 100.0):
        gap_formula = np.abs(xs) * sigmoid(-beta * np.abs(xs))
        np.testing.assert_allclose(np.abs(rel.silu(xs, beta) - relu(xs)), gap_formula, atol=1e-15)
        gap = np.max(np.abs(rel.silu(xs, beta) - relu(xs)))
        assert gap == pytest.approx(depth / beta, rel=1e-6)
    np.testing.assert_allclose(rel.silu(xs, 1e-9), xs / 2.0, rtol=1e-8)


# --- f(x) - f(-x) = x and f'(x) + f'(-x) = 1 -------------------------------------------------


@pytest.mark.parametrize(
    "f",
    [relu, softplus, rel.gelu, rel.silu, lambda x: rel.silu(x, 3.0)],
    ids=["relu", "softplus", "gelu", "silu", "swish-3"],
)
def test_odd_part_is_half_x(f):
    xs = MODERATE
    np.testing.assert_allclose(f(xs) - f(-xs), xs, rtol=0, atol=16 * EPS)


@pytest.mark.parametrize(
    "g", [sigmoid, rel.gelu_grad, rel.silu_grad], ids=["sigmoid", "gelu_grad", "silu_grad"]
)
def test_slopes_at_mirror_points_add_to_one(g):
    xs = MODERATE
    np.testing.assert_allclose(g(xs) + g(-xs), 1.0, rtol=0, atol=8 * EPS)
    nonzero = xs[xs != 0]
    np.testing.assert_array_equal(relu_grad(nonzero) + relu_grad(-nonzero), 1.0)


def test_mish_and_elu_lack_that_symmetry():
    assert abs(rel.mish(1.0) - rel.mish(-1.0) - 1.0) > 0.1
    assert abs(rel.elu(1.0) - rel.elu(-1.0) - 1.0) > 0.1


# --- derivatives against central differences ------------------------------------------------

STEP = 1e-5
# Error of the central difference: h**2 |f'''| / 6 (|f'''| < 3 for these functions on the
# points used) plus rounding of about 2 eps max|f| / h (max|f| < 10): below 1e-9 in total.
FD_TOLERANCE = 1e-8
FD_POINTS = np.concatenate([np.linspace(-8.0, -0.05, 160), np.linspace(0.05, 8.0, 160)])
DERIVATIVES = [
    ("elu", rel.elu, rel.elu_grad),
    ("elu-1.5", lambda x: rel.elu(x, 1.5), lambda x: rel.elu_grad(x, 1.5)),
    ("selu", rel.selu, rel.selu_grad),
    ("gelu", rel.gelu, rel.gelu_grad),
    ("silu", rel.silu, rel.silu_grad),
    ("swish-1.702", lambda x: rel.silu(x, 1.702), lambda x: rel.silu_grad(x, 1.702)),
    ("mish", rel.mish, rel.mish_grad),
    ("normal_cdf", rel.normal_cdf, rel.normal_pdf),
]


@pytest.mark.parametrize(("name", "f", "g"), DERIVATIVES, ids=[d[0] for d in DERIVATIVES])
def test_derivative_matches_central_difference(name, f, g):
    xs = FD_POINTS
    central = (f(xs + STEP) - f(xs - STEP)) / (2.0 * STEP)
    np.testing.assert_allclose(g(xs), central, rtol=0, atol=FD_TOLERANCE, err_msg=name)


def test_elu_is_smooth_at_zero_only_for_alpha_one():
    h = 1e-7
    for alpha, left in ((1.0, 1.0), (1.5, 1.5)):
        left_quotient = (rel.elu(0.0, alpha) - rel.elu(-h, alpha)) / h
        right_quotient = (rel.elu(h, alpha) - rel.elu(0.0, alpha)) / h
        assert left_quotient == pytest.approx(left, abs=1e-6)
        assert right_quotient == pytest.approx(1.0, abs=1e-6)
    alpha, lam = rel.selu_constants()
    assert rel.selu_grad(-1e-12) == pytest.approx(lam * alpha)
    assert rel.selu_grad(1e-12) == lam


# --- SELU's constants ------------------------------------------------------------------------


def test_selu_constants_match_the_published_values():
    alpha, lam = rel.selu_constants()
    # The values in Klambauer et al.'s code, to more digits than a double holds.
    assert alpha == pytest.approx(1.6732632423543772848170429916717, rel=1e-14)
    assert lam == pytest.approx(1.0507009873554804934193349852946, rel=1e-14)


def test_the_three_gaussian_integrals_behind_the_constants():
    # E[Z; Z > 0] = 1/sqrt(2 pi), P(Z <= 0) = 1/2, E[e^(tZ); Z <= 0] = e^(t^2/2) Phi(-t):
    # Simpson's rule on [-40, 0] and [0, 40], error far below the tolerance.
    n = 400_000
    z = np.linspace(0.0, 40.0, n + 1)
    w = np.ones(n + 1)
    w[1:-1:2], w[2:-1:2] = 4.0, 2.0
    w *= (z[1] - z[0]) / 3.0
    phi = rel.normal_pdf(z)
    assert np.sum(w * z * phi) == pytest.approx(1.0 / math.sqrt(2.0 * math.pi), abs=1e-13)
    assert np.sum(w * phi) == pytest.approx(0.5, abs=1e-13)
    for t in (1.0, 2.0):
        integral = np.sum(w * np.exp(-t * z) * phi)  # over z <= 0, by symmetry of phi
        expected = math.exp(t * t / 2.0) * rel.normal_cdf(-t)
        assert integral == pytest.approx(expected, rel=1e-12)


def test_selu_constants_solve_their_defining_equations():
    # By quadrature, independently of the closed form: mean 0 and variance 1 for Z ~ N(0, 1).
    mean, variance = rel.selu_moments()
    assert abs(mean) < 1e-12
    assert variance == pytest.approx(1.0, abs=1e-12)


def test_selu_moments_detect_wrong_constants():
    # The quadrature is sensitive enough: ELU with alpha = 1 is far from mean 0.
    z = np.linspace(-40.0, 40.0, 800_001)
    mean = np.trapezoid(rel.elu(z) * rel.normal_pdf(z), z)
    assert abs(mean) > 0.1


# --- minima ---------------------------------------------------------------------------------

MINIMA = [
    ("gelu", rel.gelu, rel.gelu_grad, rel.gelu_minimum),
    ("silu", rel.silu, rel.silu_grad, rel.silu_minimum),
    ("mish", rel.mish, rel.mish_grad, rel.mish_minimum),
]


@pytest.mark.parametrize(("name", "f", "g", "find"), MINIMA, ids=[m[0] for m in MINIMA])
def test_minimum_is_where_the_derivative_vanishes_and_is_global(name, f, g, find):
    x_min, value = find()
    assert abs(g(x_min)) < 1e-15
    assert value == f(x_min)
    xs = np.linspace(-20.0, 20.0, 400_001)
    assert np.min(f(xs)) >= value - 1e-15


def test_silu_minimum_value_is_minimiser_plus_one():
    x_min, value = rel.silu_minimum()
    assert value == pytest.approx(x_min + 1.0, abs=4 * EPS)


def test_gelu_minimum_value_is_minus_x_squared_phi():
    x_min, value = rel.gelu_minimum()
    assert value == pytest.approx(-(x_min**2) * rel.normal_pdf(x_min), abs=4 * EPS)


def test_minimum_of_rejects_a_bad_bracket():
    with pytest.raises(ValueError, match="negative at lo"):
        rel.minimum_of(rel.gelu, rel.gelu_grad, 0.0, 1.0)


# --- approximations of GELU -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("approx", "find"),
    [(rel.gelu_tanh, rel.gelu_tanh_max_error), (rel.gelu_sigmoid, rel.gelu_sigmoid_max_error)],
    ids=["tanh", "sigmoid"],
)
def test_largest_approximation_error_is_found(approx, find):
    error, where = find()
    xs = np.linspace(-12.0, 12.0, 480_001)
    grid_max = np.max(np.abs(rel.gelu(xs) - approx(xs)))
    assert grid_max <= error * (1 + 1e-12)
    assert grid_max == pytest.approx(error, rel=1e-6)
    # The difference is even, so the maximum is reached at -where as well.
    assert abs(rel.gelu(-where) - approx(-where)) == pytest.approx(error, rel=1e-12)


# --- average slopes under Gaussian inputs ----------------------------------------------------


@pytest.mark.parametrize("scale", [0.1, 1.0, 3.0, 10.0])
def test_average_slope_is_one_half_for_relu_silu_gelu(scale):
    for name in ("ReLU", "SiLU (swish)", "GELU"):
        grad = rel.CANDIDATES[name][1]
        assert rel.mean_gradient(grad, scale) == pytest.approx(0.5, abs=1e-9), name
    leaky = rel.CANDIDATES[f"leaky ReLU, α = {rel.LEAKY_ALPHA:g}"][1]
    assert rel.mean_gradient(leaky, scale) == pytest.approx((1 + rel.LEAKY_ALPHA) / 2, abs=1e-9)


def test_average_slope_against_gauss_hermite():
    # For smooth slopes, Gauss-Hermite quadrature is an independent check of the midpoint rule.
    nodes, weights = np.polynomial.hermite_e.hermegauss(200)
    weights = weights / math.sqrt(2.0 * math.pi)
    for name in ("tanh", "sigmoid"):
        grad = rel.CANDIDATES[name][1]
        for scale in (0.1, 1.0):
            reference = float(np.sum(weights * grad(scale * nodes)))
            assert rel.mean_gradient(grad, scale) == pytest.approx(reference, abs=1e-8)


def test_average_slope_limits_for_small_inputs():
    assert rel.mean_gradient(rel.CANDIDATES["tanh"][1], 1e-3) == pytest.approx(1.0, abs=1e-5)
    assert rel.mean_gradient(rel.CANDIDATES["sigmoid"][1], 1e-3) == pytest.approx(0.25, abs=1e-6)


def test_average_slope_of_saturating_units_falls_with_scale():
    for name in ("tanh", "sigmoid"):
        grad = rel.CANDIDATES[name][1]
        means = [rel.mean_gradient(grad, s) for s in MEAN_GRAD_SCALES]
        assert all(b < a for a, b in itertools.pairwise(means)), name
