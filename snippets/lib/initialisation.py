"""Initialisation of ReLU networks: how the scale of the weights carries the signal through depth.

Three experiments, each vectorised over seeds (one random network per seed):

* :func:`second_moments`: a fully connected ReLU network of ``DEPTH`` layers of ``WIDTH``
  units, zero biases, weights N(0, v / fan_in) with v = 2 (He et al., 2015) or v = 1 (Glorot and
  Bengio's 2 / (fan_in + fan_out) for square layers), fed ``N_INPUTS`` standard Gaussian
  inputs; per layer and seed, the mean square of the pre-activations.  ReLU passes half of a
  symmetric input's second moment, E[ReLU(z)^2] = E[z^2] / 2, so a layer multiplies the second
  moment by v / 2: He keeps it, Glorot halves it at every layer.
* :func:`fan_modes`: a ReLU network whose width grows geometrically from ``FAN_WIDTHS[0]`` to
  ``FAN_WIDTHS[-1]``, initialised with variance 2 / fan_in (He's forward choice), 2 / fan_out
  (his backward choice) or 2 / the average of the two (Glorot and Bengio's compromise with He's
  factor 2, i.e. 4 / (fan_in + fan_out)); per layer and seed, the
  mean square of the pre-activations on the way forward and of the gradients with respect to
  them on the way back.  A fan-in network keeps the forward scale and changes the backward one by
  the ratio of the end widths, a fan-out network the other way round.
* :func:`born_dead`: narrow deep ReLU networks on the interval [-1, 1] with zero biases, where a
  network is *born dead* when some layer outputs 0 for every input, so that the network is a
  constant function (Lu et al., 2019).  With zero biases and a scalar input every hidden state is
  |x| times the state at x = 1 or at x = -1 (positive homogeneity), so propagating those two
  inputs decides it exactly.

Known limits: Gaussian inputs, dense layers and zero biases only; the gradient arriving at the
top layer is a standard Gaussian stand-in for a loss's, independent of the inputs; the matrix
products go through numpy's BLAS, whose last bits may differ between machines (the notes print
two or three digits).  The
results are cached per process; the arrays returned must not be modified.
"""

from __future__ import annotations

from functools import cache
from itertools import pairwise

import numpy as np

from snippets.lib.stats import mean_se

__all__ = [
    "BORN_DEAD_DEPTHS",
    "BORN_DEAD_SEEDS",
    "BORN_DEAD_WIDTHS",
    "DEPTH",
    "FAN_MODES",
    "FAN_WIDTHS",
    "INIT_GAIN",
    "LEAKY_SLOPE",
    "N_INPUTS",
    "N_SEEDS",
    "WIDTH",
    "born_dead",
    "fan_modes",
    "fan_variances",
    "leaky_gain",
    "leaky_second_moment_ratio",
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
LEAKY_SLOPE = 0.25  # the slope He et al. (2015) start every PReLU at
# Widths growing by a factor 16 over DEPTH layers (rounded), for the fan-in / fan-out comparison.
FAN_WIDTHS = tuple(round(16 * 16 ** (k / DEPTH)) for k in range(DEPTH + 1))
FAN_MODES = ("fan_in", "fan_out", "fan_avg")
BORN_DEAD_WIDTHS = (2, 3, 4, 8)
BORN_DEAD_DEPTHS = tuple(range(1, 41))
BORN_DEAD_SEEDS = 2000


def leaky_gain(alpha: float) -> float:
    """The weight variance times fan-in that keeps the scale of a leaky ReLU of slope alpha:
    2 / (1 + alpha^2) (He et al., 2015, for PReLU); 2 for ReLU (alpha = 0), 1 for a linear unit."""
    return 2.0 / (1.0 + alpha**2)


@cache
def second_moments(init: str, alpha: float = 0.0) -> np.ndarray:
    """Mean square of the pre-activations of every layer, shape (DEPTH + 1, N_SEEDS).

    Layer 0 is the input itself (mean square about 1); layer l is z_l = W_l phi(z_{l-1}) with
    phi the leaky ReLU of slope ``alpha`` (ReLU for 0); the first layer reads the input
    unrectified, as a network reads its data.  ``init`` is a key of INIT_GAIN or "leaky" (the
    gain :func:`leaky_gain` of ``alpha``).  Every configuration draws the same random numbers, so
    configurations differ only by their weight scale.
    """
    gain = leaky_gain(alpha) if init == "leaky" else INIT_GAIN[init]
    out = np.empty((DEPTH + 1, N_SEEDS))
    rng = np.random.default_rng([7, N_SEEDS])
    z = rng.standard_normal((N_SEEDS, N_INPUTS, WIDTH))
    out[0] = (z**2).mean(axis=(1, 2))
    h = z
    for layer in range(1, DEPTH + 1):
        w = rng.standard_normal((N_SEEDS, WIDTH, WIDTH)) * np.sqrt(gain / WIDTH)
        z = h @ w
        out[layer] = (z**2).mean(axis=(1, 2))
        h = np.maximum(z, 0.0) + alpha * np.minimum(z, 0.0)
    return out


@cache
def _unit_fan_network() -> tuple[np.ndarray, np.ndarray]:
    """The widening network with standard Gaussian weights: forward and backward mean squares."""
    rng = np.random.default_rng([13, N_SEEDS])
    widths = FAN_WIDTHS
    h = rng.standard_normal((N_SEEDS, N_INPUTS, widths[0]))
    weights, pre = [], []
    for n_in, n_out in pairwise(widths):
        w = rng.standard_normal((N_SEEDS, n_in, n_out))
        z = h @ w
        weights.append(w)
        pre.append(z)
        h = np.maximum(z, 0.0)
    forward = np.array([(z**2).mean(axis=(1, 2)) for z in pre])
    delta = rng.standard_normal(pre[-1].shape)
    backward = np.empty_like(forward)
    backward[-1] = (delta**2).mean(axis=(1, 2))
    for layer in range(DEPTH - 1, 0, -1):
        delta = (delta @ np.swapaxes(weights[layer], 1, 2)) * (pre[layer - 1] > 0.0)
        backward[layer - 1] = (delta**2).mean(axis=(1, 2))
    return forward, backward


def fan_variances(mode: str) -> np.ndarray:
    """The weight variance of each layer of the widening network under ``mode`` (FAN_MODES)."""
    n_in, n_out = np.array(FAN_WIDTHS[:-1], float), np.array(FAN_WIDTHS[1:], float)
    fan = {"fan_in": n_in, "fan_out": n_out, "fan_avg": (n_in + n_out) / 2.0}[mode]
    return 2.0 / fan


def fan_modes(mode: str) -> tuple[np.ndarray, np.ndarray]:
    """Forward and backward mean squares in the widening network, each of shape (DEPTH, N_SEEDS).

    ``forward[l]``: mean square of the pre-activations z of layer l + 1 (layer 1 reads Gaussian
    inputs of width FAN_WIDTHS[0]); ``backward[l]``: mean square of dL/dz at that layer, where
    dL/dz at the top layer is standard Gaussian and each step down multiplies by the transposed
    weights and the ReLU derivative (0 at 0).  ``mode`` is one of FAN_MODES.

    With zero biases a ReLU network is positively homogeneous in each layer's weights, and
    scaling them changes no sign, so the three modes run one network with standard Gaussian
    weights and scale it exactly: z_l by the product of the standard deviations of layers 1..l,
    dL/dz_l by that of layers l+1..DEPTH (the test checks this against a direct run).
    """
    forward, backward = _unit_fan_network()
    variances = fan_variances(mode)
    up = np.cumprod(variances)
    down = np.append(np.cumprod(variances[::-1])[::-1][1:], 1.0)
    return forward * up[:, None], backward * down[:, None]


def leaky_second_moment_ratio(alpha: float, n: int = 200_000, seed: int = 3) -> tuple[float, float]:
    """E[phi(z)^2] / E[z^2] for z ~ N(0, 1) and phi the leaky ReLU of slope alpha, with its
    standard error (Monte Carlo; exactly (1 + alpha^2) / 2)."""
    z = np.random.default_rng(seed).standard_normal(n)
    phi = np.maximum(z, 0.0) + alpha * np.minimum(z, 0.0)
    ratio = phi**2 / (z**2).mean()
    return float(ratio.mean()), float(ratio.std(ddof=1) / np.sqrt(n))


def relu_second_moment_ratio(n: int = 200_000, seed: int = 3) -> tuple[float, float]:
    """E[ReLU(z)^2] / E[z^2] for z ~ N(0, 1), with its standard error (Monte Carlo; exactly 1/2)."""
    z = np.random.default_rng(seed).standard_normal(n)
    ratio = np.maximum(z, 0.0) ** 2 / (z**2).mean()
    return float(ratio.mean()), float(ratio.std(ddof=1) / np.sqrt(n))


def log2_gain(init: str, alpha: float = 0.0) -> np.ndarray:
    """log2 of each layer's mean square over that of the first layer, shape (DEPTH, N_SEEDS).

    The first layer is the reference because it reads the (unrectified) input; the product of
    per-layer factors is skewed, so the notes average its logarithm over seeds.
    """
    q = second_moments(init, alpha)
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
    first, first_se = mean_se(second_moments("He")[1] / second_moments("He")[0])
    low, high = np.percentile(he[-1], [5, 95])
    numbers = {
        "depth": f"{DEPTH}",
        "width": f"{WIDTH}",
        "inputs": f"{N_INPUTS}",
        "seeds": f"{N_SEEDS}",
        "he_last": f"{he_mean:.2f}",
        "he_last_se": f"{he_se:.2f}",
        "he_last_p5": f"{low:.1f}",
        "he_last_p95": f"{high:.1f}",
        "glorot_last": f"{gl_mean:.2f}",
        "glorot_last_se": f"{gl_se:.2f}",
        "glorot_theory": f"{-(DEPTH - 1)}",
        "he_step": f"{he_step:.3f}",
        "he_step_se": f"{he_step_se:.3f}",
        "glorot_step": f"{gl_step:.3f}",
        "glorot_step_se": f"{gl_step_se:.3f}",
        "he_first_layer": f"{first:.2f}",
        "he_first_layer_se": f"{first_se:.2f}",
        "relu_ratio": f"{ratio:.4f}",
        "relu_ratio_se": f"{ratio_se:.4f}",
        "leaky_slope": f"{LEAKY_SLOPE:g}",
        "leaky_gain": f"{leaky_gain(LEAKY_SLOPE):.3f}",
        "leaky_theory": f"{(DEPTH - 1) * np.log2(1.0 + LEAKY_SLOPE**2):.2f}",
        "born_dead_seeds": f"{BORN_DEAD_SEEDS}",
        "fan_inputs": f"{FAN_WIDTHS[0]}",
        "fan_first": f"{FAN_WIDTHS[1]}",
        "fan_last": f"{FAN_WIDTHS[-1]}",
        "fan_theory": f"{np.log2(FAN_WIDTHS[-1] / FAN_WIDTHS[1]):.2f}",
    }
    for key, init, alpha in (
        ("leaky_relu_gain", "He", LEAKY_SLOPE),
        ("leaky", "leaky", LEAKY_SLOPE),
    ):
        numbers[key], numbers[f"{key}_se"] = (
            f"{v:.2f}" for v in mean_se(log2_gain(init, alpha)[-1])
        )
    for mode in FAN_MODES:
        forward, backward = fan_modes(mode)
        fwd = np.log2(forward[-1] / forward[0])
        bwd = np.log2(backward[0] / backward[-1])
        for key, values in ((f"{mode}_forward", fwd), (f"{mode}_backward", bwd)):
            numbers[key], numbers[f"{key}_se"] = (f"{v:.1f}" for v in mean_se(values))
    dead = born_dead()
    for i, width in enumerate(BORN_DEAD_WIDTHS):
        for depth in (10, 40):
            mean, se = mean_se(dead[i, BORN_DEAD_DEPTHS.index(depth)])
            numbers[f"born_dead_w{width}_d{depth}"] = f"{100.0 * mean:.0f}"
            numbers[f"born_dead_w{width}_d{depth}_se"] = f"{100.0 * se:.0f}"
    return numbers
