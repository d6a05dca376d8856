"""Initialisation of ReLU networks: how the scale of the weights carries the signal through depth.

Two experiments, each vectorised over seeds (one random network per seed):

* :func:`second_moments`: a fully connected ReLU network of ``DEPTH`` layers of ``WIDTH``
  units, zero biases, weights N(0, v / fan_in) with v = 2 (He et al., 2015) or v = 1 (Glorot and
  Bengio's 2 / (fan_in + fan_out) for square layers), fed ``N_INPUTS`` standard Gaussian
  inputs; per layer and seed, the mean square of the pre-activations.  ReLU passes half of a
  symmetric input's second moment, E[ReLU(z)^2] = E[z^2] / 2, so a layer multiplies the second
  moment by v / 2: He keeps it, Glorot halves it at every layer.
* :func:`born_dead`: narrow deep ReLU networks on the interval [-1, 1] with zero biases, where a
  network is *born dead* when some layer outputs 0 for every input, so that the network is a
  constant function (Lu et al., 2019).  With zero biases and a scalar input every hidden state is
  |x| times the state at x = 1 or at x = -1 (positive homogeneity), so propagating those two
  inputs decides it exactly.

Known limits: Gaussian inputs and square layers only; the matrix products go through numpy's
BLAS, whose last bits may differ between machines (the notes print two or three digits).  The
results are cached per process; the arrays returned must not be modified.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from snippets.lib.stats import mean_se

__all__ = [
    "BORN_DEAD_DEPTHS",
    "BORN_DEAD_SEEDS",
    "BORN_DEAD_WIDTHS",
    "DEPTH",
    "INIT_GAIN",
    "N_INPUTS",
    "N_SEEDS",
    "WIDTH",
    "born_dead",
    "log2_gain",
    "note_numbers",
    "relu_second_moment_ratio",
    "second_moments",
]

DEPTH = 20
WIDTH = 128
N_INPUTS = 64
N_SEEDS = 30
INIT_GAIN = {"He": 2.0, "Glorot": 1.0}  # weight variance times fan-in
BORN_DEAD_WIDTHS = (2, 3, 4, 8)
BORN_DEAD_DEPTHS = tuple(range(1, 41))
BORN_DEAD_SEEDS = 2000


@cache
def second_moments(init: str) -> np.ndarray:
    """Mean square of the pre-activations of every layer, shape (DEPTH, N_SEEDS).

    Layer 0 is the input itself (mean square about 1); layer l is z_l = W_l ReLU(z_{l-1}) (the
    first layer reads the input unrectified, as a network reads its data).
    """
    gain = INIT_GAIN[init]
    out = np.empty((DEPTH + 1, N_SEEDS))
    rng = np.random.default_rng([7, N_SEEDS])
    z = rng.standard_normal((N_SEEDS, N_INPUTS, WIDTH))
    out[0] = (z**2).mean(axis=(1, 2))
    h = z
    for layer in range(1, DEPTH + 1):
        w = rng.standard_normal((N_SEEDS, WIDTH, WIDTH)) * np.sqrt(gain / WIDTH)
        z = h @ w
        out[layer] = (z**2).mean(axis=(1, 2))
        h = np.maximum(z, 0.0)
    return out


def relu_second_moment_ratio(n: int = 200_000, seed: int = 3) -> tuple[float, float]:
    """E[ReLU(z)^2] / E[z^2] for z ~ N(0, 1), with its standard error (Monte Carlo; exactly 1/2)."""
    z = np.random.default_rng(seed).standard_normal(n)
    ratio = np.maximum(z, 0.0) ** 2 / (z**2).mean()
    return float(ratio.mean()), float(ratio.std(ddof=1) / np.sqrt(n))


def log2_gain(init: str) -> np.ndarray:
    """log2 of each layer's mean square over that of the first layer, shape (DEPTH, N_SEEDS).

    The first layer is the reference because it reads the (unrectified) input; the product of
    per-layer factors is skewed, so the notes average its logarithm over seeds.
    """
    q = second_moments(init)
    return np.log2(q[1:] / q[1])


@cache
def born_dead() -> np.ndarray:
    """Share of networks born dead by each depth, shape (widths, depths, seeds) as booleans.

    Entry [i, d, s]: the network of seed s with width BORN_DEAD_WIDTHS[i] has a layer among the
    first BORN_DEAD_DEPTHS[d] that outputs zero for every x in [-1, 1].  He-normal weights,
    zero biases, scalar input.
    """
    rng = np.random.default_rng(11)
    result = np.empty((len(BORN_DEAD_WIDTHS), len(BORN_DEAD_DEPTHS), BORN_DEAD_SEEDS), dtype=bool)
    for i, width in enumerate(BORN_DEAD_WIDTHS):
        # the states at x = +1 and x = -1, per seed: shape (seeds, 2, width)
        w1 = rng.standard_normal((BORN_DEAD_SEEDS, 1, width)) * np.sqrt(2.0)
        h = np.maximum(np.array([1.0, -1.0])[None, :, None] * w1, 0.0)
        dead = np.zeros(BORN_DEAD_SEEDS, dtype=bool)
        for d, depth in enumerate(BORN_DEAD_DEPTHS):
            if depth > 1:
                w = rng.standard_normal((BORN_DEAD_SEEDS, width, width)) * np.sqrt(2.0 / width)
                h = np.maximum(h @ w, 0.0)
            dead |= ~(h > 0.0).any(axis=(1, 2))
            result[i, d] = dead
    return result


@cache
def note_numbers() -> dict[str, str]:
    """Every result the notes "He Initialisation" and "Dying ReLU" state from these experiments."""
    he, glorot = log2_gain("He"), log2_gain("Glorot")
    he_mean, he_se = mean_se(he[-1])
    gl_mean, gl_se = mean_se(glorot[-1])
    he_step, he_step_se = mean_se(np.diff(he, axis=0).mean(axis=0))
    gl_step, gl_step_se = mean_se(np.diff(glorot, axis=0).mean(axis=0))
    ratio, ratio_se = relu_second_moment_ratio()
    first, _ = mean_se(second_moments("He")[1] / second_moments("He")[0])
    dead = born_dead()
    numbers = {
        "depth": f"{DEPTH}",
        "width": f"{WIDTH}",
        "inputs": f"{N_INPUTS}",
        "seeds": f"{N_SEEDS}",
        "he_last": f"{he_mean:.2f}",
        "he_last_se": f"{he_se:.2f}",
        "glorot_last": f"{gl_mean:.2f}",
        "glorot_last_se": f"{gl_se:.2f}",
        "glorot_theory": f"{-(DEPTH - 1)}",
        "he_step": f"{he_step:.3f}",
        "he_step_se": f"{he_step_se:.3f}",
        "glorot_step": f"{gl_step:.3f}",
        "glorot_step_se": f"{gl_step_se:.3f}",
        "he_first_layer": f"{first:.2f}",
        "relu_ratio": f"{ratio:.4f}",
        "relu_ratio_se": f"{ratio_se:.4f}",
        "born_dead_seeds": f"{BORN_DEAD_SEEDS}",
    }
    for i, width in enumerate(BORN_DEAD_WIDTHS):
        for depth in (10, 40):
            mean, se = mean_se(dead[i, BORN_DEAD_DEPTHS.index(depth)])
            numbers[f"born_dead_w{width}_d{depth}"] = f"{100.0 * mean:.0f}"
            numbers[f"born_dead_w{width}_d{depth}_se"] = f"{100.0 * se:.0f}"
    return numbers
