"""The note "Maxout": the unit, its special cases, its fit of convex curves, differences of two.

The errors are checked against the closed form for x² (1/(2k²) on [-1, 1]), against a dense
grid for softplus, and the special cases against the activations of the library.
"""

from __future__ import annotations

import numpy as np
import pytest

from snippets.lib import activations as act
from snippets.lib import maxout as mx

X = np.linspace(-5.0, 5.0, 10_001)  # 0 included


@pytest.mark.parametrize(
    ("pieces", "f", "grad"),
    [
        (mx.RELU, act.relu, act.relu_grad),
        (mx.leaky(0.01), act.leaky_relu, act.leaky_relu_grad),
        (mx.leaky(0.2), lambda x: act.leaky_relu(x, 0.2), lambda x: act.leaky_relu_grad(x, 0.2)),
        (mx.ABS, np.abs, None),
    ],
)
def test_relu_leaky_relu_and_abs_are_maxout_units_with_two_pieces(pieces, f, grad):
    w, b = pieces
    assert len(w) == 2
    np.testing.assert_array_equal(mx.maxout(X, w, b), f(X))
    if grad is not None:  # the same slope at the corner as the library's convention
        np.testing.assert_array_equal(mx.maxout_grad(X, w, b), grad(X))


def test_vector_inputs_take_the_largest_affine_map():
    rng = np.random.default_rng(0)
    w, b, x = rng.normal(size=(5, 3)), rng.normal(size=5), rng.normal(size=(100, 3))
    expected = [max(w[j] @ xi + b[j] for j in range(5)) for xi in x]
    np.testing.assert_allclose(mx.maxout(x, w, b), expected, rtol=1e-14)


def test_a_maxout_unit_is_convex():
    rng = np.random.default_rng(1)
    w, b = rng.normal(size=7), rng.normal(size=7)
    y = mx.maxout(X, w, b)
    assert np.all(np.diff(y, 2) >= -1e-12)  # midpoint convexity on an even grid
    lam = rng.uniform(size=1000)
    x1, x2 = rng.normal(size=1000) * 3, rng.normal(size=1000) * 3
    mix = mx.maxout(lam * x1 + (1 - lam) * x2, w, b)
    assert np.all(mix <= lam * mx.maxout(x1, w, b) + (1 - lam) * mx.maxout(x2, w, b) + 1e-12)


def test_some_piece_is_always_active_so_the_gradient_reaches_one_piece():
    rng = np.random.default_rng(2)
    w, b = rng.normal(size=4), rng.normal(size=4)
    active = np.argmax(X[:, None] * w + b, axis=1)
    # The derivative of the output with respect to the active piece's weight is x, its bias 1.
    assert np.all(mx.maxout_grad(X, w, b) == w[active])
    eps = 1e-6
    for j in range(4):
        bumped = b.copy()
        bumped[j] += eps
        grad_b = (mx.maxout(X, w, bumped) - mx.maxout(X, w, b)) / eps
        away = (
            np.abs(
                np.sort(X[:, None] * w + b, axis=1)[:, -1]
                - np.sort(X[:, None] * w + b, axis=1)[:, -2]
            )
            > 1e-3
        )
        np.testing.assert_allclose(grad_b[away], (active == j)[away], atol=1e-6)


@pytest.mark.parametrize("k", mx.PIECES)
def test_the_error_for_x_squared_is_one_over_two_k_squared(k):
    assert mx.square_error(k) == pytest.approx(1.0 / (2.0 * k**2), rel=1e-12)
    w, b, error = mx.tangent_pieces(np.square, lambda x: 2 * x, -1.0, 1.0, k)
    x = np.linspace(-1.0, 1.0, 200_001)
    gap = x**2 - mx.maxout(x, w, b)
    assert np.max(np.abs(gap)) == pytest.approx(error, rel=1e-6)
    assert np.max(gap) == pytest.approx(error, rel=1e-6)  # equioscillation: both signs
    assert np.min(gap) == pytest.approx(-error, rel=1e-6)


@pytest.mark.parametrize("k", mx.PIECES)
def test_the_softplus_error_is_what_a_dense_grid_sees_and_within_the_bound(k):
    w, b, error = mx.softplus_pieces(k)
    a, hi = mx.SOFTPLUS_INTERVAL
    x = np.linspace(a, hi, 400_001)
    grid_error = np.max(np.abs(act.softplus(x) - mx.maxout(x, w, b)))
    assert grid_error == pytest.approx(error, rel=1e-6)
    # max f'' of softplus is sigmoid'(0) = 1/4
    assert np.max(act.sigmoid_grad(x)) == pytest.approx(0.25)
    assert error <= mx.error_bound(0.25, a, hi, k)


def test_the_bound_for_x_squared_is_the_closed_form():
    for k in mx.PIECES:
        assert mx.error_bound(2.0, -1.0, 1.0, k) == pytest.approx(1.0 / (2.0 * k**2))


@pytest.mark.parametrize("seed", range(5))
def test_a_piecewise_linear_function_is_a_difference_of_two_maxout_units(seed):
    rng = np.random.default_rng(seed)
    knots = np.sort(rng.uniform(-3.0, 3.0, size=12))
    values = rng.normal(size=12)
    (wg, bg), (wh, bh) = mx.as_difference(knots, values)
    x = np.linspace(-4.0, 4.0, 8001)
    slopes = np.diff(values) / np.diff(knots)
    # The interpolant continued with its end slopes beyond the ends.
    expected = np.interp(x, knots, values)
    expected = np.where(x < knots[0], values[0] + slopes[0] * (x - knots[0]), expected)
    expected = np.where(x > knots[-1], values[-1] + slopes[-1] * (x - knots[-1]), expected)
    np.testing.assert_allclose(mx.maxout(x, wg, bg) - mx.maxout(x, wh, bh), expected, atol=1e-11)
    for w in (wg, wh):  # each unit's slopes increase: it is convex
        assert np.all(np.diff(w) >= 0)


def test_a_maxout_layer_has_k_times_the_parameters():
    for k in (1, 2, 5):
        assert mx.parameters(784, 240, k) == k * mx.parameters(784, 240, 1)
    assert mx.parameters(3, 2, 1) == 2 * (3 + 1)


@pytest.mark.parametrize(("start", "length"), [(-1.0, 2.0), (0.0, 0.5), (-0.3, 0.1), (2.0, 1.0)])
def test_the_best_line_for_x_squared_on_an_interval_is_off_by_a_length_squared_over_8(
    start, length
):
    # Why no k-piece function beats 1/(2k²): its longest piece covers at least 2/k of [-1, 1].
    x = np.linspace(start, start + length, 20_001)
    secant = (2 * start + length) * (x - start) + start**2  # through both ends
    gap = np.max(secant - x**2)
    best = secant - gap / 2
    assert np.max(np.abs(x**2 - best)) == pytest.approx(length**2 / 8, rel=1e-6)
    rng = np.random.default_rng(3)
    for _ in range(200):  # no other line does better
        slope, offset = rng.normal(2 * start + length, 0.2), rng.normal(0.0, 0.2)
        line = best + (slope - (2 * start + length)) * (x - start - length / 2) + offset * 0.1
        assert np.max(np.abs(x**2 - line)) >= length**2 / 8 * (1 - 1e-9)
