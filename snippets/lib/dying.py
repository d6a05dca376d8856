"""Dying ReLU: a small network trained at several learning rates, with ReLU and leaky ReLU.

The experiment, deliberately tiny so that it runs in about a second:

* data: ``N_POINTS`` evenly spaced inputs x in [-1, 1] with targets y = sin(pi x);
* model: one hidden layer of ``N_HIDDEN`` units, yhat = sum_j w2_j phi(w1_j x + b1_j) + b2,
  with phi = ReLU or leaky ReLU (alpha = ``LEAKY_ALPHA``);
* initialisation: He-normal first layer (variance 2 / fan-in = 2), second layer with variance
  1 / ``N_HIDDEN``, zero biases; seed ``s`` gives the same initial network for every learning
  rate and both activations, so that only the activation and the step size differ;
* training: plain full-batch gradient descent on L = 1/2 mean_i (yhat_i - y_i)^2 for
  ``N_STEPS`` steps, every (learning rate, seed) pair trained at once as one batch of networks.

A unit is *negative on every input* when its pre-activation z_j(x_i) = w1_j x_i + b1_j is <= 0
for every training input x_i. For ReLU such a unit is *dead*: its output and every gradient
reaching its parameters are exactly zero, so gradient descent can never change it again.  A
leaky unit in the same state still gets a gradient (alpha times the ReLU-side one) and moves.

Training uses element-wise numpy arithmetic and sums only (no BLAS, exp or log), so its results
do not depend on the machine's linear-algebra library or on its vector instructions.

:func:`note_numbers` gives every result the note "Dying ReLU" states, as the note prints it.

Known limits: the network is tiny by design (one input, 64 hidden units, 300 steps), so it
shows the mechanism, not the share of units that die in real networks.  :func:`slopes` and the
training loop assume finite pre-activations: a run that diverges (at learning rates far above
the note's) overflows to inf and NaN, which numpy only warns about.  :func:`experiment`
computes once per process and caches its result; the arrays it returns must not be modified.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np

from snippets.lib.activations import leaky_relu

__all__ = [
    "CHECKPOINT",
    "FROZEN_WINDOW",
    "LEAKY_ALPHA",
    "LEARNING_RATES",
    "N_HIDDEN",
    "N_POINTS",
    "N_STEPS",
    "SAFE_RATE",
    "SEEDS",
    "TIMELINE_RATE",
    "Params",
    "Run",
    "experiment",
    "forward",
    "gradients",
    "initial_params",
    "loss",
    "negative_on_every_input",
    "note_counts",
    "note_numbers",
    "percent",
    "pre_activations",
    "slopes",
    "toy_data",
    "train",
]

N_POINTS = 32
N_HIDDEN = 64
N_STEPS = 300
SEEDS = tuple(range(10))
LEARNING_RATES = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
LEAKY_ALPHA = 0.01
FROZEN_WINDOW = 100  # a unit is "frozen" if its parameters did not change in the last steps
TIMELINE_RATE = 0.3  # the learning rate whose training history is drawn
SAFE_RATE = 0.2  # the note: "up to this learning rate, fewer than … % of ReLU units die"


def toy_data(n_points: int = N_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """Inputs evenly spaced in [-1, 1] (both ends included) and targets sin(pi x).

    The targets come from :func:`math.sin` (the C library's), not from ``np.sin``, whose
    vectorised versions may differ in the last bit from one processor to another.
    """
    x = np.linspace(-1.0, 1.0, n_points)
    return x, np.array([math.sin(math.pi * value) for value in x])


@dataclass
class Params:
    """Parameters of a batch of one-hidden-layer networks; leading axes index the batch.

    ``w1``, ``b1`` and ``w2`` have shape (..., H); ``b2`` has shape (...).
    """

    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray

    def copy(self) -> Params:
        return Params(self.w1.copy(), self.b1.copy(), self.w2.copy(), self.b2.copy())


def initial_params(seeds=SEEDS, n_hidden: int = N_HIDDEN, bias: float = 0.0) -> Params:
    """One network per seed, stacked along the first axis (shape (len(seeds), H))."""
    w1, w2 = [], []
    for seed in seeds:
        rng = np.random.default_rng(seed)
        w1.append(rng.standard_normal(n_hidden) * np.sqrt(2.0))  # He: variance 2 / fan-in
        w2.append(rng.standard_normal(n_hidden) * np.sqrt(1.0 / n_hidden))
    w1, w2 = np.array(w1), np.array(w2)
    return Params(w1, np.full_like(w1, bias), w2, np.zeros(len(w1)))


def pre_activations(p: Params, x: np.ndarray) -> np.ndarray:
    """z[..., i, j] = w1_j x_i + b1_j, shape (..., N, H)."""
    return p.w1[..., None, :] * x[:, None] + p.b1[..., None, :]


def forward(p: Params, x: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pre-activations z (..., N, H), hidden outputs a (..., N, H) and predictions (..., N).

    alpha = 0 is ReLU; alpha > 0 is leaky ReLU with that slope.
    """
    z = pre_activations(p, x)
    a = leaky_relu(z, alpha)
    yhat = (a * p.w2[..., None, :]).sum(axis=-1) + p.b2[..., None]
    return z, a, yhat


def loss(p: Params, x: np.ndarray, y: np.ndarray, alpha: float, l1: float = 0.0) -> np.ndarray:
    """1/2 mean_i (yhat_i - y_i)^2, plus l1 * mean_i sum_j |a_ij| if an activation penalty is on."""
    _, a, yhat = forward(p, x, alpha)
    return _loss(a, yhat, y, l1)


def _loss(a: np.ndarray, yhat: np.ndarray, y: np.ndarray, l1: float) -> np.ndarray:
    value = 0.5 * ((yhat - y) ** 2).mean(axis=-1)
    if l1:
        value = value + l1 * np.abs(a).sum(axis=-1).mean(axis=-1)
    return value


def gradients(p: Params, x: np.ndarray, y: np.ndarray, alpha: float, l1: float = 0.0) -> Params:
    """Exact gradient of :func:`loss` with respect to every parameter, by backpropagation.

    With r_i = (yhat_i - y_i) / N and phi' the activation's derivative (ReLU: 0 at z = 0):
    dL/db2 = sum_i r_i, dL/dw2_j = sum_i r_i a_ij, and with
    delta_ij = (r_i w2_j + l1 sign(a_ij) / N) phi'(z_ij):
    dL/dw1_j = sum_i delta_ij x_i and dL/db1_j = sum_i delta_ij.
    """
    return _step(p, x, y, alpha, l1, pre_activations(p, x))[1]


def _step(
    p: Params, x: np.ndarray, y: np.ndarray, alpha: float, l1: float, z: np.ndarray
) -> tuple[np.ndarray, Params]:
    """Loss and gradient from the pre-activations z, with one pass of forward and backward."""
    slope = slopes(z, alpha)
    # Piecewise-linear units are positively homogeneous, so phi(z) = z * phi'(z) exactly: this
    # reuses the slopes instead of evaluating the activation a second time.
    a = z * slope
    yhat = (a * p.w2[..., None, :]).sum(axis=-1) + p.b2[..., None]
    n = x.shape[0]
    r = (yhat - y) / n
    upstream = r[..., None] * p.w2[..., None, :]
    if l1:
        upstream = upstream + (l1 / n) * np.sign(a)
    delta = upstream * slope
    grads = Params(
        w1=(delta * x[:, None]).sum(axis=-2),
        b1=delta.sum(axis=-2),
        w2=(a * r[..., None]).sum(axis=-2),
        b2=r.sum(axis=-1),
    )
    return _loss(a, yhat, y, l1), grads


def slopes(z: np.ndarray, alpha: float) -> np.ndarray:
    """phi'(z) for finite z: 1 where z > 0, alpha elsewhere (ReLU's convention at z = 0).

    The same values as :func:`snippets.lib.activations.leaky_relu_grad` for finite input (a test
    checks this), computed as max(1[z > 0], alpha), several times faster than its ``np.where``
    with scalar branches; the training loop evaluates it once per step on every unit.
    """
    return np.maximum(z > 0.0, alpha)


def negative_on_every_input(z: np.ndarray) -> np.ndarray:
    """Per unit: is its pre-activation <= 0 for every input?  z has shape (..., N, H)."""
    return np.all(z <= 0.0, axis=-2)


@dataclass(frozen=True)
class Run:
    """What one call of :func:`train` records.

    ``negative`` (steps + 1, rates, seeds, units): is the unit negative on every input before
    each step (the last entry is after the final step); ``loss`` (steps + 1, rates, seeds): the
    loss likewise; ``frozen`` (rates, seeds, units): did the unit's w1, b1 and w2 stay exactly
    the same over the last ``FROZEN_WINDOW`` steps; ``params``: the trained networks.
    """

    alpha: float
    learning_rates: tuple[float, ...]
    negative: np.ndarray
    loss: np.ndarray
    frozen: np.ndarray
    params: Params

    def rate(self, learning_rate: float) -> int:
        """Index of a learning rate along the rates axis."""
        return self.learning_rates.index(learning_rate)


def train(
    alpha: float,
    learning_rates=LEARNING_RATES,
    seeds=SEEDS,
    n_steps: int = N_STEPS,
    l1: float = 0.0,
) -> Run:
    """Full-batch gradient descent for every (learning rate, seed) pair at once."""
    x, y = toy_data()
    start = initial_params(seeds)
    shape = (len(learning_rates), len(seeds))
    p = Params(*(np.broadcast_to(v, shape + v.shape[1:]).copy() for v in vars(start).values()))
    eta = np.asarray(learning_rates, dtype=float)[:, None]
    negative = np.empty((n_steps + 1, *shape, p.w1.shape[-1]), dtype=bool)
    losses = np.empty((n_steps + 1, *shape))
    snapshot = p.copy()
    for step in range(n_steps + 1):
        if step == n_steps - FROZEN_WINDOW:
            snapshot = p.copy()
        z = pre_activations(p, x)
        negative[step] = negative_on_every_input(z)
        losses[step], g = _step(p, x, y, alpha, l1, z)
        if step < n_steps:
            p.w1 -= eta[..., None] * g.w1
            p.b1 -= eta[..., None] * g.b1
            p.w2 -= eta[..., None] * g.w2
            p.b2 -= eta * g.b2
    frozen = (p.w1 == snapshot.w1) & (p.b1 == snapshot.b1) & (p.w2 == snapshot.w2)
    return Run(alpha, tuple(learning_rates), negative, losses, frozen, p)


@cache
def experiment() -> dict[str, Run]:
    """The note's experiment: ReLU and leaky ReLU at every learning rate (computed once)."""
    return {"relu": train(0.0), "leaky": train(LEAKY_ALPHA)}


def percent(fraction: float) -> str:
    """A fraction printed as a whole percentage, as the note states it."""
    return f"{100.0 * fraction:.0f}"


CHECKPOINT = 10  # "already negative after this many steps"


def note_counts() -> dict[str, tuple[int, int]]:
    """The note's percentages as (count, total) pairs of units, so that tests can check that one
    unit more or less would not change the printed value."""
    runs = experiment()
    relu, leaky = runs["relu"], runs["leaky"]

    def count(mask: np.ndarray) -> tuple[int, int]:
        return int(mask.sum()), int(mask.size)

    def at(run: Run, rate: float) -> np.ndarray:
        return run.negative[-1, run.rate(rate)]

    k = relu.rate(TIMELINE_RATE)
    end, early = relu.negative[-1, k], relu.negative[CHECKPOINT, k]
    leaky_early, leaky_end = leaky.negative[CHECKPOINT], leaky.negative[-1]
    low = [r for r in LEARNING_RATES if r <= SAFE_RATE]
    worst_low = max(low, key=lambda r: at(relu, r).sum())
    return {
        "relu_dead_low_rates": count(at(relu, worst_low)),
        "relu_dead_0.25": count(at(relu, 0.25)),
        "relu_dead_0.3": count(at(relu, 0.3)),
        "relu_dead_0.5": count(at(relu, 0.5)),
        "leaky_negative_0.3": count(at(leaky, 0.3)),
        "leaky_negative_0.5": count(at(leaky, 0.5)),
        "leaky_frozen": count(leaky.frozen),
        "share_dead_by_checkpoint": (int((early & end).sum()), int(end.sum())),
        "leaky_came_back": (int((leaky_early & ~leaky_end).sum()), int(leaky_early.sum())),
        "relu_came_back": (
            int((relu.negative[CHECKPOINT] & ~relu.negative[-1]).sum()),
            int(relu.negative[CHECKPOINT].sum()),
        ),
    }


@cache
def note_numbers() -> dict[str, str]:
    """Every result the note "Dying ReLU" states, formatted exactly as the note prints it."""
    relu = experiment()["relu"]
    k = relu.rate(TIMELINE_RATE)
    peaks = relu.loss[:, k].max(axis=0)  # per seed
    peak_steps = relu.loss[:, k].argmax(axis=0)
    numbers = {name: percent(c / n) for name, (c, n) in note_counts().items()}
    c, n = note_counts()["relu_dead_low_rates"]
    numbers["relu_dead_low_rates_bound"] = f"{np.ceil(100.0 * c / n):.0f}"  # "fewer than …"
    numbers["leaky_came_back"] = f"{100.0 * np.divide(*note_counts()['leaky_came_back']):.1f}"
    numbers |= {
        "initial_loss": f"{relu.loss[0, k].mean():.2f}",
        "mean_peak_loss": f"{peaks.mean():.0f}",
        "first_peak_step": f"{peak_steps.min()}",
        "last_peak_step": f"{peak_steps.max()}",
    }
    return numbers
