"""The exponential running average mu_t = alpha mu_{t-1} + (1 - alpha) v_t, and its memory.

Unrolled, the average is a weighted sum of past inputs: the input k steps back has weight
(1 - alpha) alpha**k, and the derivative of mu_t with respect to mu_{t-k} is alpha**k.  These
small functions compute those quantities, and :func:`note_numbers` every result the note "Leaky
Units and Running Averages" states.

Known limits: :func:`running_average` runs the recursion in a Python loop, one step per input:
clear, but slow for long sequences (a fraction of a microsecond a step).  The closed forms need
0 <= alpha < 1: at alpha = 1 :func:`effective_memory` and :func:`mean_age` divide by zero, and
only :func:`half_life` checks its argument.  :func:`noise_variance_factor` holds for
independent inputs in the long run, not for the first steps from mu_0.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "ALPHAS",
    "effective_memory",
    "half_life",
    "mean_age",
    "noise_variance_factor",
    "noisy_step",
    "note_numbers",
    "running_average",
    "weight",
]

ALPHAS = (0.1, 0.9, 0.99)  # one near 0, one in between, one near 1
SIGNAL_SEED = 3
SIGNAL_STEPS = 200
STEP_AT = 20  # the clean signal jumps from 0 to 1 at this step
NOISE_SD = 0.3


def running_average(v: ArrayLike, alpha: float, mu0: float = 0.0) -> np.ndarray:
    """mu_t = alpha * mu_{t-1} + (1 - alpha) * v_t for t = 1..T, starting from mu_0 = mu0.

    Returns mu_1, ..., mu_T (one value per input), computed by the recursion itself.
    """
    values = np.asarray(v, dtype=np.float64)
    mu = np.empty_like(values)
    previous = float(mu0)
    for t, value in enumerate(values):
        previous = alpha * previous + (1.0 - alpha) * value
        mu[t] = previous
    return mu


def weight(alpha: float, k: ArrayLike) -> np.ndarray:
    """Weight of the input k steps back (k = 0 is the newest) in mu_t: (1 - alpha) alpha**k."""
    return (1.0 - alpha) * np.power(alpha, np.asarray(k, dtype=np.float64))


def effective_memory(alpha: float) -> float:
    """1 / (1 - alpha): the length of a flat window with the same total weight and peak."""
    return 1.0 / (1.0 - alpha)


def mean_age(alpha: float) -> float:
    """Weighted mean of k over the weights (1 - alpha) alpha**k: alpha / (1 - alpha)."""
    return alpha / (1.0 - alpha)


def half_life(alpha: float) -> float:
    """Steps after which an input's weight has halved: log(1/2) / log(alpha), 0 < alpha < 1."""
    if not 0.0 < alpha < 1.0:
        raise ValueError("the half-life needs 0 < alpha < 1")
    return float(np.log(0.5) / np.log(alpha))


def noise_variance_factor(alpha: float) -> float:
    """Var(mu) / Var(v) for independent inputs, in the long run: (1 - alpha) / (1 + alpha)."""
    return (1.0 - alpha) / (1.0 + alpha)


def noisy_step(steps: int = SIGNAL_STEPS, seed: int = SIGNAL_SEED) -> tuple[np.ndarray, np.ndarray]:
    """The demonstration signal: a clean step from 0 to 1 at ``STEP_AT``, and it plus noise."""
    clean = (np.arange(1, steps + 1) >= STEP_AT).astype(np.float64)
    noise = np.random.default_rng(seed).normal(0.0, NOISE_SD, steps)
    return clean, clean + noise


@cache
def note_numbers() -> dict[str, str]:
    """Every result the note "Leaky Units and Running Averages" states, as the note prints it."""
    low, mid, high = ALPHAS
    return {
        "alpha_low": f"{low:g}",
        "alpha_mid": f"{mid:g}",
        "alpha_high": f"{high:g}",
        "memory_mid": f"{effective_memory(mid):.0f}",
        "memory_high": f"{effective_memory(high):.0f}",
        "age_mid": f"{mean_age(mid):.0f}",
        "age_high": f"{mean_age(high):.0f}",
        "half_life_mid": f"{half_life(mid):.2f}",
        "half_life_high": f"{half_life(high):.2f}",
        "half_life_high_approx": f"{np.log(2.0) / (1.0 - high):.2f}",
        "sd_low": f"{np.sqrt(noise_variance_factor(low)):.2f}",
        "sd_mid": f"{np.sqrt(noise_variance_factor(mid)):.2f}",
        "sd_high": f"{np.sqrt(noise_variance_factor(high)):.3f}",
        "gradient_high_100": f"{high**100:.2f}",
        "gradient_mid_100": f"{mid**100 / 1e-5:.1f}",  # printed as "… × 10^-5"
    }
