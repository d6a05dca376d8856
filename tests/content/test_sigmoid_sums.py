"""Tests of snippets.lib.sigmoid_sums: what the blog's sum of sigmoids computes, and how well.

The tolerances are derived, not tuned: the Riemann identity is checked with a quadrature whose
error bound is computed from max|sigmoid''|, and the Euler-Maclaurin expansion of the blog's
sum with the error bound of the corrected trapezoid rule, from max|sigmoid''''|.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from snippets.lib import sigmoid_sums as ss
from snippets.lib.activations import sigmoid, sigmoid_grad, softplus

D = ss.spacing()
S = np.linspace(0.0, 1.0, 1_000_001)  # values of sigmoid, to bound its derivatives
# sigmoid'' = s(1-s)(1-2s) and sigmoid'''' = s(1-s)(1-2s)(1-12s+12s^2), with s = sigmoid(x):
# polynomials in s on [0, 1], so their maxima are found on a fine grid of s (1% margin).
M2 = 1.01 * float(np.max(np.abs(S * (1 - S) * (1 - 2 * S))))
M4 = 1.01 * float(np.max(np.abs(S * (1 - S) * (1 - 2 * S) * (1 - 12 * S + 12 * S * S))))
ROUNDING = 1e-13  # summing 100 terms of size <= 1 and dividing: far below this


def test_the_derivative_bounds():
    max_s2 = 1.01 / (6 * math.sqrt(3))  # |sigmoid''| is largest at s = (3 -+ √3)/6
    assert pytest.approx(max_s2, rel=1e-9) == M2
    assert 0.12 < M4 < 0.13


# --- the blog's setup ------------------------------------------------------------------------


def test_grid_and_offsets_are_the_blogs():
    x = np.linspace(-10, 10, 200)
    np.testing.assert_array_equal(ss.blog_inputs(), x)
    np.testing.assert_array_equal(ss.blog_offsets(), np.linspace(0, np.max(x), 100))
    assert 0.0 not in ss.blog_inputs()


def test_blog_sum_is_the_blogs_loop():
    x = ss.blog_inputs()
    y_sum = np.zeros(np.shape(x))
    for offset in np.linspace(0, np.max(x), 100):
        y_sum += 1 / (1 + np.exp(-x + offset))  # the blog's own formula
    y_sum = y_sum / 10
    np.testing.assert_allclose(ss.blog_sum(x), y_sum, rtol=0, atol=ROUNDING)


def test_scale_factor_is_100_over_99():
    assert ss.scale_factor() == Fraction(100, 99)
    assert 1 / ss.scale_factor() == Fraction(99, 100)  # so the sum approximates 0.99 * window
    assert pytest.approx(100 / 99, rel=1e-15) == ss.BLOG_N_SUM * D


# --- the integral behind the sum ----------------------------------------------------------


@pytest.mark.parametrize("x", [-10.0, -3.0, 0.0, 2.5, 7.0, 10.0, 15.0, 40.0])
def test_integral_of_shifted_sigmoids_is_a_softplus_difference(x):
    # Midpoint rule with n cells on [0, 10]: error at most 10 h**2 max|sigmoid''| / 24.
    n = 100_000
    h = ss.BLOG_WIDTH / n
    b = (np.arange(n) + 0.5) * h
    quadrature = float(np.sum(sigmoid(x - b)) * h)
    bound = ss.BLOG_WIDTH * h * h * M2 / 24 + 1e-11  # plus rounding of the 1e5-term sum
    assert abs(quadrature - ss.softplus_window(x)) <= bound


def test_softplus_window_is_stable_far_out():
    assert ss.softplus_window(1e17) == ss.BLOG_WIDTH  # the literal difference would give 0
    assert ss.softplus_window(1e308) == ss.BLOG_WIDTH
    assert ss.softplus_window(-1e3) == 0.0
    # The two formulas agree where the code switches between them.
    x = ss.BLOG_WIDTH / 2
    left = softplus(x) - softplus(x - ss.BLOG_WIDTH)
    right = ss.BLOG_WIDTH + softplus(-x) - softplus(ss.BLOG_WIDTH - x)
    assert left == pytest.approx(right, abs=1e-14)


# --- the blog's sum against the integral ----------------------------------------------------

WIDE = np.linspace(-10.0, 20.0, 3001)


@pytest.mark.parametrize("grid", [ss.blog_inputs(), WIDE], ids=["blog grid", "[-10, 20]"])
def test_euler_maclaurin_expansion_of_the_blog_sum(grid):
    # Corrected trapezoid rule: the remainder, divided by N_SUM = 10, is at most D**3 M4 / 720.
    bound = D**3 * M4 / 720 + ROUNDING
    assert np.max(np.abs(ss.blog_sum(grid) - ss.euler_maclaurin(grid))) <= bound
    # Plain trapezoid rule: without the D/120 term the error is at most D M2 / 12.
    assert np.max(np.abs(ss.blog_sum(grid) - ss.endpoint_corrected(grid))) <= D * M2 / 12


def test_end_point_term_is_most_of_the_gap_to_the_riemann_limit():
    xs = ss.blog_inputs()
    gap = ss.blog_sum(xs) - ss.riemann_limit(xs)
    ends = (sigmoid(xs) + sigmoid(xs - 10.0)) / 20
    assert np.max(np.abs(gap - ends)) <= D * M2 / 12
    assert np.max(ends) <= 0.1


def test_the_sum_saturates_at_ten():
    assert ss.blog_saturation() == 10.0  # 100 sigmoids equal to 1, divided by 10
    assert ss.riemann_limit(1e3) == pytest.approx(9.9, rel=1e-15)
    assert ss.endpoint_corrected(1e3) == pytest.approx(10.0, rel=1e-15)


def test_sum_stays_below_softplus_beyond_the_plot():
    xs = np.linspace(10.0, 20.0, 101)
    assert np.all(ss.blog_sum(xs) < softplus(xs) - 0.7)


# --- the numbers for the note ------------------------------------------------------------------


def test_errors_on_the_blog_grid_are_ordered_and_located():
    xs = ss.blog_inputs()
    big = ss.blog_softplus_error()
    medium = ss.blog_riemann_error()
    small = ss.blog_endpoint_error()
    tiny = ss.blog_euler_maclaurin_error()
    assert big > 0.7 > 0.08 > medium > 0.07 > 0.001 > small > 1e-4 > 1e-7 > tiny
    assert xs[np.argmax(np.abs(ss.blog_sum(xs) - softplus(xs)))] == 10.0
    assert xs[np.argmax(np.abs(ss.blog_sum(xs) - ss.riemann_limit(xs)))] == 10.0


def test_softplus_error_at_ten_decomposes():
    # blog - softplus = -(0.99 softplus(0) + 0.01 softplus(10)) + ends + small terms, at x = 10.
    expected = 0.99 * math.log(2) + 0.01 * float(softplus(10.0)) - (sigmoid(10.0) + 0.5) / 20
    assert ss.blog_softplus_error() == pytest.approx(expected, abs=D * M2 / 12)
    assert ss.blog_value_at(10.0) == pytest.approx(float(softplus(10.0)) - expected, abs=1e-3)


# --- Nair and Hinton's sum -------------------------------------------------------------------


def test_nair_hinton_sum_is_its_definition():
    xs = np.array([-3.0, 0.0, 2.0, 9.0])
    literal = sum(1 / (1 + np.exp(-(xs - i + 0.5))) for i in range(1, 8))
    np.testing.assert_allclose(ss.nair_hinton_sum(xs, 7), literal, rtol=1e-14)


def test_nair_hinton_error_decreases_strictly_to_its_limit():
    errors = ss.nair_hinton_errors()
    assert np.all(np.diff(errors) < 0)
    limit = ss.nair_hinton_limit_error()
    assert errors[-1] - limit < 1e-10
    assert errors[-1] > limit


def test_nair_hinton_errors_keep_the_callers_order():
    np.testing.assert_array_equal(
        ss.nair_hinton_errors((5, 2)), ss.nair_hinton_errors((2, 5))[::-1]
    )


def test_every_nair_hinton_sum_lies_below_softplus():
    xs = ss.nh_inputs()
    for n in (1, 5, 15, ss.NH_LIMIT_TERMS):
        assert np.all(ss.nair_hinton_sum(xs, n) < softplus(xs))


def test_nair_hinton_limit_is_the_midpoint_rule_error_at_zero():
    xs = ss.nh_inputs()
    gap = softplus(xs) - ss.nair_hinton_sum(xs, ss.NH_LIMIT_TERMS)
    assert xs[np.argmax(gap)] == 0.0
    # Euler-Maclaurin for the midpoint rule, step 1: sigmoid'(0)/24 - 7 sigmoid'''(0)/5760,
    # with sigmoid'(0) = 1/4 and sigmoid'''(0) = -1/8; the next term is of order 1e-5.
    two_terms = 0.25 / 24 + 7 * 0.125 / 5760
    assert ss.nair_hinton_limit_error() == pytest.approx(two_terms, abs=2e-5)
    # Away from 0 the same leading term describes the whole curve.
    np.testing.assert_allclose(gap, sigmoid_grad(xs) / 24, rtol=0, atol=2e-4)


def test_nair_hinton_error_first_follows_the_missing_tail():
    errors = ss.nair_hinton_errors(tuple(range(1, 11)))
    tails = softplus(10.0 - np.arange(1, 11))
    np.testing.assert_allclose(errors, tails, rtol=0.02)
