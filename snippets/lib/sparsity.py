"""Hard zeros: how sparse rectifier networks are at random initialisation, and with an L1 penalty.

Two experiments:

* a random deep network, ``N_LAYERS`` fully connected layers of ``WIDTH`` units with zero biases,
  fed ``N_INPUTS`` standard Gaussian input vectors; for each layer we count the outputs that are
  exactly 0.0, with ReLU and with softplus, and with He or Glorot initial weights;
* the one-hidden-layer regression network of :mod:`snippets.lib.dying`, trained with an L1
  penalty lambda * mean_i sum_j |a_ij| on its hidden outputs, for several lambda.

:func:`note_numbers` gives every result the note "Sparse Rectifier Networks" states, as the note
prints it.

Known limits: the random network multiplies matrices through numpy's BLAS, whose last bits can
differ from one machine to another; the counts of exact zeros depend only on signs, and the note
prints every number rounded to a few digits.  :func:`random_network_zeros` and
:func:`l1_sparsity` compute once per process and cache their results (seconds, not minutes);
the arrays they return must not be modified.  Softplus is exactly 0 only below about -745
(:func:`softplus_zero_below`), far below any pre-activation these networks produce.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np

from snippets.lib import dying
from snippets.lib.activations import relu, softplus
from snippets.lib.stats import pm

__all__ = [
    "L1_CHECKPOINTS",
    "L1_EARLY",
    "L1_SEEDS",
    "L1_STRENGTHS",
    "N_INPUTS",
    "N_LAYERS",
    "WIDTH",
    "l1_sparsity",
    "layer_outputs",
    "mean_cosine_similarity",
    "note_numbers",
    "random_network_zeros",
    "softplus_zero_below",
]

N_LAYERS = 10
WIDTH = 512
N_INPUTS = 1000
SEED = 0
INIT_VARIANCE = {"He": 2.0, "Glorot": 1.0}  # weight variance times fan-in (square layers)
L1_STRENGTHS = (0.0, 0.003, 0.01, 0.03)
L1_RATE = 0.1
L1_STEPS = 4000
L1_CHECKPOINTS = (0, 250, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000)
L1_SEEDS = tuple(range(30))
L1_EARLY = 2000  # the checkpoint the note compares with the last


def layer_outputs(
    activation: Callable[[np.ndarray], np.ndarray], init: str = "He", seed: int = SEED
) -> list[np.ndarray]:
    """Outputs (N_INPUTS, WIDTH) of every layer of a random zero-bias network.

    Weights are N(0, v / WIDTH) with v = 2 (He) or 1 (Glorot, whose 2 / (fan-in + fan-out) is
    1 / WIDTH for square layers).  The same seed draws the same inputs and the same weights up
    to that scale, so the two initialisations differ only by a constant factor per layer.
    """
    rng = np.random.default_rng(seed)
    h = rng.standard_normal((N_INPUTS, WIDTH))
    scale = np.sqrt(INIT_VARIANCE[init] / WIDTH)
    outputs = []
    for _ in range(N_LAYERS):
        h = activation(h @ (rng.standard_normal((WIDTH, WIDTH)) * scale))
        outputs.append(h)
    return outputs


def mean_cosine_similarity(h: np.ndarray) -> float:
    """Average cosine similarity between the rows of h (one row per input), over distinct pairs."""
    unit = h / np.linalg.norm(h, axis=1, keepdims=True)
    total = unit.sum(axis=0)
    n = h.shape[0]
    # sum over all ordered pairs (i, j) of <u_i, u_j> is |sum_i u_i|^2; drop the n diagonal ones.
    return float((total @ total - n) / (n * (n - 1)))


def softplus_zero_below() -> float:
    """The float64 x below which softplus(x) is exactly 0.0 (e^x underflows), by bisection."""
    lo, hi = -1000.0, -700.0  # softplus(lo) == 0 < softplus(hi)
    while np.nextafter(lo, hi) < hi:
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        if softplus(mid) == 0.0:
            lo = mid
        else:
            hi = mid
    return hi


@cache
def random_network_zeros(activation: str, init: str = "He") -> tuple[np.ndarray, np.ndarray]:
    """Per layer: the fraction of outputs that are exactly 0, and of units 0 on every input."""
    function = {"relu": relu, "softplus": softplus}[activation]
    outputs = layer_outputs(function, init)
    exact = np.array([np.mean(h == 0.0) for h in outputs])
    always = np.array([np.mean(np.all(h == 0.0, axis=0)) for h in outputs])
    return exact, always


@cache
def l1_sparsity() -> dict[str, np.ndarray]:
    """Train the dying-ReLU network with every L1 strength at once, recording its course.

    All strengths and ``L1_SEEDS`` seeds are one batch of networks (plain gradient descent at
    ``L1_RATE``).  At every step of ``L1_CHECKPOINTS`` it records, per (strength, seed):
    ``zeros``, the fraction of hidden outputs a_ij that are exactly 0; ``dead``, the fraction of
    units 0 on every input; ``mse``, the data term 1/2 mean (yhat - y)^2 alone.  Arrays have
    shape (checkpoints, strengths, seeds).  The run does not converge within ``L1_STEPS``: the
    penalty keeps switching units off, which is why the note reports the course, not one value.
    """
    x, y = dying.toy_data()
    start = dying.initial_params(L1_SEEDS)
    shape = (len(L1_STRENGTHS), len(L1_SEEDS))
    p = dying.Params(
        *(np.broadcast_to(v, shape + v.shape[1:]).copy() for v in vars(start).values())
    )
    strengths = np.asarray(L1_STRENGTHS)[:, None]
    zeros, dead, mse = [], [], []
    for step in range(L1_STEPS + 1):
        z = dying.pre_activations(p, x)
        if step in L1_CHECKPOINTS:
            _, a, yhat = dying.forward(p, x, 0.0)
            zeros.append(np.mean(a == 0.0, axis=(-2, -1)))
            dead.append(dying.negative_on_every_input(z).mean(axis=-1))
            mse.append(0.5 * ((yhat - y) ** 2).mean(axis=-1))
        if step == L1_STEPS:
            break
        _, g = dying._step(p, x, y, 0.0, strengths, z)
        p.w1 -= L1_RATE * g.w1
        p.b1 -= L1_RATE * g.b1
        p.w2 -= L1_RATE * g.w2
        p.b2 -= L1_RATE * g.b2
    return {"zeros": np.array(zeros), "dead": np.array(dead), "mse": np.array(mse)}


@cache
def note_numbers() -> dict[str, str]:
    """Every result the note "Sparse Rectifier Networks" states, as the note prints it."""
    exact, always = random_network_zeros("relu", "He")
    smallest_softplus = min(h.min() for h in layer_outputs(softplus, "He"))
    softplus_exact, _ = random_network_zeros("softplus", "He")
    similarity = [mean_cosine_similarity(h) for h in layer_outputs(relu, "He")]
    l1 = l1_sparsity()
    strongest = len(L1_STRENGTHS) - 1
    return {
        "layers": f"{N_LAYERS}",
        "width": f"{WIDTH}",
        "inputs": f"{N_INPUTS}",
        "zeros_min": f"{100.0 * exact.min():.1f}",
        "zeros_max": f"{100.0 * exact.max():.1f}",
        "zeros_mean": f"{100.0 * exact.mean():.1f}",
        "always_zero_last": f"{100.0 * always[-1]:.0f}",
        "similarity_first": f"{similarity[0]:.2f}",
        "similarity_last": f"{similarity[-1]:.2f}",
        "softplus_zero_below": f"{-softplus_zero_below():.2f}",
        "softplus_zeros": f"{100.0 * softplus_exact.max():.0f}",
        "softplus_smallest": f"{smallest_softplus / 1e-5:.1f}",  # printed as "… × 10^-5"
        "l1_strongest": f"{L1_STRENGTHS[strongest]:g}",
        "l1_middle": f"{L1_STRENGTHS[strongest - 1]:g}",
        "l1_rate": f"{L1_RATE:g}",
        "l1_steps": f"{L1_STEPS}",
        "l1_seeds": f"{len(L1_SEEDS)}",
    } | _l1_numbers(l1)


def _l1_numbers(l1: dict[str, np.ndarray]) -> dict[str, str]:
    """Means ± standard errors over seeds of the L1 runs at ``L1_EARLY`` and at the last step."""
    out = {}
    # A dead unit is 1/1920 of the pooled share (0.05 %), so dead shares are printed whole.
    for steps in (L1_EARLY, L1_STEPS):
        c = L1_CHECKPOINTS.index(steps)
        for s, strength in enumerate(L1_STRENGTHS):
            for name, digits in (("zeros", 1), ("dead", 0)):
                key = f"l1_{name}_{strength:g}_{steps}"
                out[key], out[f"{key}_se"] = pm(l1[name][c, s], digits, 100.0, se_digits=1)
    return out
