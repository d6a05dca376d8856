"""The note "Leaky Units and Running Averages": every formula it states, and its quotation."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

from snippets.lib import running_average as ra
from snippets.lib.activations import relu, relu_grad, sigmoid, sigmoid_grad

NOTE = Path(__file__).resolve().parents[2] / "docs" / "Leaky Units and Running Averages.md"
ALPHAS = [0.0, 0.1, 0.5, 0.9, 0.99, 0.999]


def inputs(n: int = 60, seed: int = 7) -> np.ndarray:
    return np.random.default_rng(seed).normal(0.0, 1.0, n)


# --- the running average -----------------------------------------------------------------


@pytest.mark.parametrize("alpha", ALPHAS)
@pytest.mark.parametrize("mu0", [0.0, 2.5])
def test_unrolled_form_equals_the_recursion(alpha, mu0):
    # mu_t = alpha^t mu_0 + sum_{k<t} (1 - alpha) alpha^k v_{t-k}
    v = inputs()
    mu = ra.running_average(v, alpha, mu0)
    for t in range(1, v.size + 1):
        k = np.arange(t)
        unrolled = alpha**t * mu0 + np.sum(ra.weight(alpha, k) * v[t - 1 - k])
        assert mu[t - 1] == pytest.approx(unrolled, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("alpha", ALPHAS)
@pytest.mark.parametrize("t", [1, 5, 40])
def test_weights_sum_to_one_minus_alpha_to_the_t(alpha, t):
    total = ra.weight(alpha, np.arange(t)).sum()
    assert total == pytest.approx(1.0 - alpha**t, rel=1e-12)
    assert total + alpha**t == pytest.approx(1.0, rel=1e-12)


def test_the_weight_of_an_input_shrinks_by_alpha_per_step():
    for alpha in ALPHAS[1:]:
        w = ra.weight(alpha, np.arange(50))
        np.testing.assert_allclose(w[1:] / w[:-1], alpha, rtol=1e-12)
        assert w[0] == pytest.approx(1.0 - alpha)


# --- memory --------------------------------------------------------------------------------


@pytest.mark.parametrize("alpha", [0.1, 0.5, 0.9, 0.99])
def test_effective_memory_and_mean_age(alpha):
    # A flat window of height 1 - alpha and total weight 1 has width 1 / (1 - alpha).
    assert ra.effective_memory(alpha) * (1.0 - alpha) == pytest.approx(1.0)
    # Mean age sum_k k (1 - alpha) alpha^k = alpha / (1 - alpha), one less than the memory.
    k = np.arange(200_000)
    assert np.sum(k * ra.weight(alpha, k)) == pytest.approx(ra.mean_age(alpha), rel=1e-10)
    assert ra.mean_age(alpha) == pytest.approx(ra.effective_memory(alpha) - 1.0)


@pytest.mark.parametrize("alpha", [0.1, 0.5, 0.9, 0.99, 0.999])
def test_half_life(alpha):
    h = ra.half_life(alpha)
    assert alpha**h == pytest.approx(0.5, rel=1e-12)
    assert h == pytest.approx(math.log(0.5) / math.log(alpha))
    # The weight of an input halves every h steps (for real h, on the formula).
    assert (1.0 - alpha) * alpha ** (3.0 + h) == pytest.approx(0.5 * ra.weight(alpha, 3.0))


def test_the_newest_h_inputs_carry_half_the_weight():
    alpha = 0.5 ** (1.0 / 10.0)  # half-life exactly 10 steps
    assert ra.half_life(alpha) == pytest.approx(10.0)
    assert ra.weight(alpha, np.arange(10)).sum() == pytest.approx(0.5, rel=1e-12)
    for n in (1, 7, 30):
        assert ra.weight(0.9, np.arange(n)).sum() == pytest.approx(1.0 - 0.9**n, rel=1e-12)


def test_half_life_approximation_for_alpha_near_one():
    # log(alpha) ~ -(1 - alpha), so h ~ log 2 / (1 - alpha), better as alpha -> 1.
    for alpha in (0.9, 0.99, 0.999, 0.9999):
        approx = math.log(2.0) / (1.0 - alpha)
        assert abs(approx / ra.half_life(alpha) - 1.0) < 1.0 - alpha


@pytest.mark.parametrize("bad", [0.0, 1.0, -0.5, 1.5])
def test_half_life_rejects_alpha_outside_the_open_interval(bad):
    with pytest.raises(ValueError, match="0 < alpha < 1"):
        ra.half_life(bad)


@pytest.mark.parametrize("alpha", [0.1, 0.9, 0.99])
def test_noise_variance_factor(alpha):
    # sum_k (1 - alpha)^2 alpha^(2k) = (1 - alpha) / (1 + alpha) ...
    k = np.arange(100_000)
    series = np.sum(ra.weight(alpha, k) ** 2)
    assert series == pytest.approx(ra.noise_variance_factor(alpha), rel=1e-10)
    # ... and a long simulation with independent unit-variance inputs agrees.
    v = np.random.default_rng(11).normal(0.0, 1.0, 400_000)
    mu = ra.running_average(v, alpha)[5_000:]
    assert mu.var() == pytest.approx(ra.noise_variance_factor(alpha), rel=0.05)


# --- gradients through time --------------------------------------------------------------


@pytest.mark.parametrize("alpha", [0.3, 0.9, 0.99])
@pytest.mark.parametrize("k", [1, 5, 40])
def test_derivatives_through_k_steps(alpha, k):
    # d mu_t / d mu_{t-k} = alpha^k and d mu_t / d v_{t-k} = (1 - alpha) alpha^k.
    v = inputs(k + 3)
    h = 1e-5

    def final_from_state(state: float) -> float:  # start the recursion from mu_{t-k} = state
        return ra.running_average(v[-k:], alpha, state)[-1]

    state = 0.4
    numeric = (final_from_state(state + h) - final_from_state(state - h)) / (2 * h)
    assert numeric == pytest.approx(alpha**k, rel=1e-7)

    def final_from_input(value: float) -> float:  # perturb v_{t-k}
        w = v.copy()
        w[-1 - k] = value
        return ra.running_average(w, alpha)[-1]

    x0 = v[-1 - k]
    numeric = (final_from_input(x0 + h) - final_from_input(x0 - h)) / (2 * h)
    assert numeric == pytest.approx((1.0 - alpha) * alpha**k, rel=1e-6)


@pytest.mark.parametrize(("phi", "dphi"), [(sigmoid, sigmoid_grad), (relu, relu_grad)])
@pytest.mark.parametrize("alpha", [0.5, 0.95])
def test_leaky_hidden_unit_one_step_derivative(phi, dphi, alpha):
    # s_t = alpha s_{t-1} + (1 - alpha) phi(w x + u s_{t-1} + b):
    # d s_t / d s_{t-1} = alpha + (1 - alpha) u phi'(a).
    w, u, b, x = 0.8, -1.3, 0.2, 0.6

    def step(prev: float) -> float:
        return alpha * prev + (1.0 - alpha) * float(phi(w * x + u * prev + b))

    for prev in (-2.0, -0.4, 0.3, 1.7):
        a = w * x + u * prev + b
        assert abs(a) > 1e-3  # away from ReLU's kink
        h = 1e-6
        numeric = (step(prev + h) - step(prev - h)) / (2 * h)
        assert numeric == pytest.approx(alpha + (1.0 - alpha) * u * float(dphi(a)), rel=1e-7)


def test_the_figure_shows_what_the_note_says():
    clean, noisy = ra.noisy_step()
    assert (clean[0], clean[-1]) == (0.0, 1.0)
    slow = ra.running_average(noisy, 0.99)
    medium = ra.running_average(noisy, 0.9)
    assert slow[-1] < 0.95  # "has not caught up with the jump by the end"
    assert abs(medium[-20:].mean() - 1.0) < 0.1
    quick = ra.running_average(noisy, 0.1)
    assert np.abs(quick - noisy).max() < np.abs(slow - noisy).max() / 2  # "almost the input"


def test_gradient_across_one_hundred_steps():
    numbers = ra.note_numbers()
    assert numbers["gradient_high_100"] == f"{0.99**100:.2f}"
    assert 1e-5 <= 0.9**100 < 1e-4  # printed as "... x 10^-5"


# --- the quotation -----------------------------------------------------------------------

QUOTE = (
    "Another way to obtain paths on which the product of derivatives is close to one is to "
    "have units with linear self-connections and a weight near one on these connections. When "
    r"we accumulate a running average $\mu^{(t)}$ of some value $v^{(t)}$ by applying the update "
    r"$\mu^{(t)} \leftarrow \alpha \mu^{(t-1)} + (1 - \alpha) v^{(t)}$, the $\alpha$ parameter "
    r"is an example of a linear self-connection from $\mu^{(t-1)}$ to $\mu^{(t)}$. When $\alpha$ "
    "is near one, the running average remembers information about the past for a long time, "
    r"and when $\alpha$ is near zero, information about the past is rapidly discarded. Hidden "
    "units with linear self-connections can behave similarly to such running averages. Such "
    "hidden units are called leaky units."
)


def quote_callouts(text: str) -> list[str]:
    """The bodies of the note's quote callouts, with '> ' removed and lines joined."""
    blocks = re.findall(r"^> \[!quote\]\n((?:>.*\n?)+)", text, re.M)
    return [" ".join(line[1:].strip() for line in b.splitlines()) for b in blocks]


def test_the_quotation_is_verbatim_with_its_attribution():
    text = NOTE.read_text("utf-8")
    (body,) = quote_callouts(text)
    assert QUOTE in " ".join(body.split())
    attribution = (
        "— Ian Goodfellow, Yoshua Bengio and Aaron Courville, *Deep Learning*, §10.9.2, p. 396 "
        "of the source note's copy"
    )
    assert attribution in " ".join(body.split())
    assert "[[References#Goodfellow, Bengio and Courville (2016)" in body


def test_math_uses_the_ascii_minus():
    text = NOTE.read_text("utf-8")
    for formula in re.findall(r"\$\$.*?\$\$|\$[^$\n]+\$", text, re.S):
        assert "\u2212" not in formula, formula
