"""Tests of snippets.lib.modern and the formulas of the note "Rectifiers in Modern Architectures".

The library is checked against independent recomputations: each gated unit against its
definition evaluated one number at a time with :mod:`math` (the library works on numpy arrays
and takes GELU and SiLU from :mod:`snippets.lib.relatives`); the feed-forward layers against
explicit loops over rows and hidden units; the normal distribution function in GELU against a
quadrature of its density; the parameter counts against the sizes of actual weight arrays, and
the two-thirds rule in exact rational arithmetic.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest

from snippets.lib import modern
from snippets.lib.relatives import gelu, gelu_sigmoid, gelu_tanh, silu

VALUES = [-30.0, -5.0, -2.5, -1.2785, -1.0, -0.3, -0.0, 0.0, 1e-8, 0.4, 1.0, 2.0, 7.5, 30.0]
PAIRS = list(itertools.product(VALUES, [-3.0, -1.0, -0.25, 0.0, 0.5, 1.0, 4.0]))


def _sigmoid(t: float) -> float:
    return 1.0 / (1.0 + math.exp(-t)) if t >= 0 else math.exp(t) / (1.0 + math.exp(t))


def _phi(t: float) -> float:
    # erfc keeps the left tail's relative precision, where 1 + erf(t / sqrt 2) cancels.
    return 0.5 * math.erfc(-t / math.sqrt(2.0))


# Each variant's hidden unit as the note's table writes it, one number at a time.
DEFINITIONS = {
    "GLU": lambda a, b: _sigmoid(a) * b,
    "Bilinear": lambda a, b: a * b,
    "ReGLU": lambda a, b: max(0.0, a) * b,
    "GEGLU": lambda a, b: a * _phi(a) * b,
    "SwiGLU": lambda a, b: a * _sigmoid(a) * b,
}


def test_the_variants_are_the_notes_five():
    assert list(modern.VARIANTS) == list(DEFINITIONS)


@pytest.mark.parametrize("variant", list(DEFINITIONS))
def test_each_gated_unit_is_its_definition(variant):
    a = np.array([p[0] for p in PAIRS])
    b = np.array([p[1] for p in PAIRS])
    got = modern.gated_unit(a, b, variant)
    want = np.array([DEFINITIONS[variant](x, y) for x, y in PAIRS])
    # erfc(t) at t = 30/sqrt(2) has condition number about 2 t**2 = 900: one rounding of its
    # argument moves it by about 1e-13 relative.
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-300)


def test_glu_is_the_order_of_dauphin_et_al_with_the_projections_swapped():
    # Dauphin et al.: (x W + b) * sigmoid(x V + c); the library: f(x W + b) * (x V + c).
    rng = np.random.default_rng(0)
    x, w, v = rng.normal(size=(4, 6)), rng.normal(size=(6, 5)), rng.normal(size=(6, 5))
    b, c = rng.normal(size=5), rng.normal(size=5)
    dauphin = (x @ w + b) * (1.0 / (1.0 + np.exp(-(x @ v + c))))
    np.testing.assert_allclose(modern.gated_unit(x @ v + c, x @ w + b, "GLU"), dauphin)


@pytest.mark.parametrize("variant", list(DEFINITIONS))
def test_along_b_equal_one_each_variant_is_its_activation(variant):
    a = np.linspace(-6.0, 6.0, 1201)
    np.testing.assert_array_equal(modern.gated_unit(a, 1.0, variant), modern.VARIANTS[variant](a))


def test_silu_is_x_times_sigmoid_and_glu_on_the_diagonal_is_silu():
    xs = np.array(VALUES)
    np.testing.assert_allclose(silu(xs), [x * _sigmoid(x) for x in VALUES], rtol=1e-14)
    # Tied projections (V = W, c = b): GLU's unit sigma(a) * a is SiLU.
    np.testing.assert_allclose(modern.gated_unit(xs, xs, "GLU"), silu(xs), rtol=1e-15)


def test_reglu_and_bilinear_are_a_squared_on_the_positive_diagonal():
    a = np.linspace(0.0, 5.0, 501)
    for variant in ("ReGLU", "Bilinear"):
        np.testing.assert_allclose(modern.gated_unit(a, a, variant), a * a, rtol=1e-15)


def _simpson_phi(t: float, n: int = 4000) -> float:
    """Phi(t) as 1/2 plus the integral of the normal density from 0 to t (Simpson's rule)."""
    h = t / n
    total = sum(
        (1 if k in (0, n) else 4 if k % 2 else 2) * math.exp(-((k * h) ** 2) / 2)
        for k in range(n + 1)
    )
    return 0.5 + total * h / 3 / math.sqrt(2 * math.pi)


@pytest.mark.parametrize("x", [-4.0, -2.0, -0.7518, -0.1, 0.3, 1.0, 2.7, 5.0])
def test_gelu_is_x_times_phi_and_the_erf_form(x):
    assert gelu(x) == pytest.approx(x * _simpson_phi(x), rel=1e-10, abs=1e-14)
    assert gelu(x) == pytest.approx(x / 2 * (1 + math.erf(x / math.sqrt(2))), rel=1e-12)


def test_the_gelu_approximations_the_note_writes():
    xs = np.linspace(-8.0, 8.0, 16001)
    exact = gelu(xs)
    tanh_form = np.array(
        [x / 2 * (1 + math.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3))) for x in xs]
    )
    np.testing.assert_allclose(gelu_tanh(xs), tanh_form, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(gelu_sigmoid(xs), [x * _sigmoid(1.702 * x) for x in xs], rtol=1e-13)
    # Both are approximations, the tanh one much the closer ("Smooth Relatives of ReLU" gives
    # the exact maxima, 0.00047 and 0.020).
    assert np.max(np.abs(tanh_form - exact)) < 5e-4
    assert np.max(np.abs(gelu_sigmoid(xs) - exact)) < 2.5e-2


def test_dauphin_gradient_the_linear_path_is_scaled_by_the_gate_only():
    # h = a * sigma(g): dh/da = sigma(g), dh/dg = a sigma'(g); tanh(a) sigma(g) has tanh'(a).
    eps = 1e-6
    for a, g in [(-2.0, 3.0), (0.5, 0.0), (4.0, -1.0)]:
        d_a = (modern.gated_unit(g, a + eps, "GLU") - modern.gated_unit(g, a - eps, "GLU")) / (
            2 * eps
        )
        assert d_a == pytest.approx(_sigmoid(g), rel=1e-8)
        d_g = (modern.gated_unit(g + eps, a, "GLU") - modern.gated_unit(g - eps, a, "GLU")) / (
            2 * eps
        )
        assert d_g == pytest.approx(a * _sigmoid(g) * (1 - _sigmoid(g)), rel=1e-7)
    # sigma' is at most 1/4 and tanh' at most 1: both terms of the LSTM-style gate shrink.
    grid = np.linspace(-10, 10, 2001)
    s = 1 / (1 + np.exp(-grid))
    assert np.max(s * (1 - s)) == pytest.approx(0.25)
    assert np.max(1 - np.tanh(grid) ** 2) == pytest.approx(1.0)


def _ffn_loops(x, w1, b1, w2, b2):
    out = np.zeros((x.shape[0], w2.shape[1]))
    for r in range(x.shape[0]):
        for j in range(w1.shape[1]):
            h = max(0.0, sum(x[r, i] * w1[i, j] for i in range(w1.shape[0])) + b1[j])
            for k in range(w2.shape[1]):
                out[r, k] += h * w2[j, k]
        out[r] += b2
    return out


def _gated_loops(x, w, v, w2, variant):
    out = np.zeros((x.shape[0], w2.shape[1]))
    for r in range(x.shape[0]):
        for j in range(w.shape[1]):
            a = sum(x[r, i] * w[i, j] for i in range(w.shape[0]))
            b = sum(x[r, i] * v[i, j] for i in range(v.shape[0]))
            h = DEFINITIONS[variant](a, b)
            for k in range(w2.shape[1]):
                out[r, k] += h * w2[j, k]
    return out


def test_ffn_is_max_of_zero_and_x_w1_plus_b1_times_w2_plus_b2():
    rng = np.random.default_rng(1)
    d, d_ff = 5, 20
    x = rng.normal(size=(7, d))
    w1, b1 = rng.normal(size=(d, d_ff)), rng.normal(size=d_ff)
    w2, b2 = rng.normal(size=(d_ff, d)), rng.normal(size=d)
    np.testing.assert_allclose(modern.ffn(x, w1, b1, w2, b2), _ffn_loops(x, w1, b1, w2, b2))
    # Position-wise: each row alone gives the same result.
    for r in range(x.shape[0]):
        np.testing.assert_allclose(
            modern.ffn(x[r], w1, b1, w2, b2), _ffn_loops(x, w1, b1, w2, b2)[r]
        )


@pytest.mark.parametrize("variant", list(DEFINITIONS))
def test_gated_ffn_is_the_product_then_w2(variant):
    rng = np.random.default_rng(2)
    d, h = 6, 8
    x = rng.normal(size=(5, d))
    w, v, w2 = rng.normal(size=(d, h)), rng.normal(size=(d, h)), rng.normal(size=(h, d))
    np.testing.assert_allclose(
        modern.gated_ffn(x, w, v, w2, variant), _gated_loops(x, w, v, w2, variant), rtol=1e-12
    )


def test_a_gated_unit_is_not_a_function_of_one_pre_activation():
    # Same activated pre-activation a, different linear ones b: different outputs, of both signs.
    out = modern.gated_unit(1.0, np.array([-2.0, 0.5, 3.0]), "ReGLU")
    assert len(set(out.tolist())) == 3
    assert out.min() < 0 < out.max()


def test_reglu_is_exactly_zero_and_flat_once_the_gate_is_closed():
    a = np.array([-3.0, -1.0, -1e-9, 0.0])
    for b in (-2.0, 0.7, 5.0):
        eps = 1e-6
        assert np.all(modern.gated_unit(a, b, "ReGLU") == 0.0)
        assert np.all(modern.gated_unit(a - eps, b, "ReGLU") == modern.gated_unit(a, b, "ReGLU"))
        assert np.all(modern.gated_unit(a, b + eps, "ReGLU") == 0.0)


def test_silu_is_zero_only_at_zero_and_flat_only_at_its_minimum():
    # SwiGLU's dh/db = silu(a) and dh/da = silu'(a) b: each vanishes at one point only.
    a = np.linspace(-40.0, 40.0, 800_001)
    values = silu(a)
    assert np.count_nonzero(values == 0.0) == 1
    assert values[a == 0.0] == 0.0
    slope = np.diff(values)
    sign_changes = np.nonzero(np.diff(np.sign(slope)) != 0)[0]
    assert len(sign_changes) == 1
    assert a[sign_changes[0]] == pytest.approx(-1.2785, abs=1e-3)


@pytest.mark.parametrize("t", [0.1, 0.5, 2.0, 10.0])
def test_reglu_and_bilinear_are_homogeneous_of_degree_two(t):
    a, b = np.meshgrid(np.linspace(-3, 3, 13), np.linspace(-3, 3, 13))
    for variant in ("ReGLU", "Bilinear"):
        np.testing.assert_allclose(
            modern.gated_unit(t * a, t * b, variant),
            t**2 * modern.gated_unit(a, b, variant),
            rtol=1e-14,
            atol=1e-15,
        )
    # SwiGLU is not, but approaches ReGLU, and so degree two, for large positive a.
    assert modern.gated_unit(40.0, 1.0, "SwiGLU") == pytest.approx(40.0, rel=1e-15)


@pytest.mark.parametrize(("d", "d_ff"), [(1, 4), (8, 32), (512, 2048), (768, 3072), (64, 100)])
def test_parameter_counts_are_the_sizes_of_the_weights(d, d_ff):
    w1, b1, w2, b2 = np.zeros((d, d_ff)), np.zeros(d_ff), np.zeros((d_ff, d)), np.zeros(d)
    assert modern.ffn_parameters(d, d_ff) == w1.size + b1.size + w2.size + b2.size
    assert modern.ffn_parameters(d, d_ff, bias=False) == w1.size + w2.size
    w, v = np.zeros((d, d_ff)), np.zeros((d, d_ff))
    assert modern.gated_ffn_parameters(d, d_ff) == w.size + v.size + w2.size
    assert modern.gated_ffn_parameters(d, d_ff, bias=True) == (
        w.size + v.size + w2.size + 2 * d_ff + d
    )


def test_the_two_thirds_rule():
    for d in range(1, 200):
        # 3 d (2/3 * 4d) = 8 d^2 = 2 d (4d), exactly.
        assert 3 * d * (Fraction(2, 3) * 4 * d) == 8 * d * d == 2 * d * (4 * d)
        assert modern.equal_parameter_width(4 * d) == Fraction(8 * d, 3)
    for d_ff in (3, 96, 2048, 3072, 11):
        h = modern.equal_parameter_width(d_ff)
        assert 3 * h == 2 * d_ff  # whatever d_model is
    # At the same width a gated layer is half as big again.
    assert Fraction(modern.gated_ffn_parameters(7, 28), modern.ffn_parameters(7, 28, False)) == (
        Fraction(3, 2)
    )


def test_the_note_numbers():
    numbers = modern.note_numbers()
    d, d_ff = modern.TRANSFORMER_BASE
    assert d_ff == 4 * d
    assert numbers["base_ffn_millions"] == f"{(2 * 512 * 2048 + 2048 + 512) / 1e6:.1f}" == "2.1"
    assert numbers["t5_equal_width"] == "2048"
    assert (numbers["ungated_multiple"], numbers["gated_same_multiple"]) == ("8", "12")
    assert numbers["gated_equal_multiple"] == "8"
    assert numbers["gated_same_increase"] == "50"
    assert numbers["transformer_equal_width"] == f"{2048 * 2 / 3:.2f}"
