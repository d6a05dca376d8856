"""Dying ReLU: a small network trained at several learning rates, with ReLU and leaky ReLU.

The experiment, deliberately tiny so that it runs in about a second:

* data: ``N_POINTS`` evenly spaced inputs x in [-1, 1] with targets y = sin(pi x);
* model: one hidden layer of ``N_HIDDEN`` units, yhat = sum_j w2_j phi(w1_j x + b1_j) + b2,
  with phi = ReLU or leaky ReLU (alpha = ``LEAKY_ALPHA``);
* initialisation: He-normal first layer (variance 2 / fan-in = 2), second layer with variance
  1 / ``N_HIDDEN``, zero biases; seed ``s`` gives the same initial network for every learning
  rate and both activations, so that only the activation and the step size differ;
* training: plain full-batch gradient descent on L = 1/2 mean_i (yhat_i - y_i)^2 for
  ``N_STEPS`` steps, every (learning rate, seed) pair trained at once as one batch of networks
  (optionally with heavy-ball momentum, to show that a dead unit can still move under it).

Every result is a statistic over the ``SEEDS`` (100 initial networks): a mean with its standard
error (:func:`snippets.lib.stats.mean_se`), a share of seeds, or a range over seeds.  The
dead-unit counts are heavy-tailed (most seeds lose few units at a rate where some lose most), so
the standard error describes the mean, not a typical seed; the note says both.

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
from snippets.lib.stats import mean_se, pm, share

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
    "dead_percent_per_seed",
    "experiment",
    "forward",
    "gradients",
    "initial_params",
    "loss",
    "momentum_run",
    "negative_on_every_input",
    "note_numbers",
    "percent",
    "pre_activations",
    "revivals",
    "slopes",
    "threshold_rates",
    "timeline",
    "toy_data",
    "train",
]

N_POINTS = 32
N_HIDDEN = 64
N_STEPS = 300
SEEDS = tuple(range(100))  # every statistic is a mean over these seeds with its standard error
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
    if np.any(l1):
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
    if np.any(l1):  # a scalar, or one strength per network of the batch (shape of its axes)
        upstream = upstream + (np.asarray(l1)[..., None, None] / n) * np.sign(a)
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
    momentum: float = 0.0,
) -> Run:
    """Full-batch gradient descent for every (learning rate, seed) pair at once.

    With ``momentum`` = beta > 0 it is heavy-ball momentum: v <- beta v + g, p <- p - eta v, so a
    parameter keeps moving for a while after its gradient has become zero.
    """
    x, y = toy_data()
    start = initial_params(seeds)
    shape = (len(learning_rates), len(seeds))
    p = Params(*(np.broadcast_to(v, shape + v.shape[1:]).copy() for v in vars(start).values()))
    eta = np.asarray(learning_rates, dtype=float)[:, None]
    negative = np.empty((n_steps + 1, *shape, p.w1.shape[-1]), dtype=bool)
    losses = np.empty((n_steps + 1, *shape))
    snapshot = p.copy()
    velocity = Params(*(np.zeros_like(v) for v in vars(p).values()))
    for step in range(n_steps + 1):
        if step == n_steps - FROZEN_WINDOW:
            snapshot = p.copy()
        z = pre_activations(p, x)
        negative[step] = negative_on_every_input(z)
        losses[step], g = _step(p, x, y, alpha, l1, z)
        if step < n_steps and momentum:
            for name in ("w1", "b1", "w2", "b2"):
                v = getattr(velocity, name)
                v *= momentum
                v += getattr(g, name)
            g = velocity
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


@cache
def timeline() -> dict[str, Run]:
    """The experiment at :data:`TIMELINE_RATE` only: the same networks and numbers as that rate's
    rows of :func:`experiment` (every (rate, seed) pair trains on its own; a test compares them
    element by element), for a tenth of the work. The figure of the training history draws from
    it, so that it does not wait for the whole grid: the figure runner draws every figure in a
    fresh import of its module, so two figures never share :func:`experiment`'s cache."""
    return {
        "relu": train(0.0, (TIMELINE_RATE,)),
        "leaky": train(LEAKY_ALPHA, (TIMELINE_RATE,)),
    }


def percent(fraction: float) -> str:
    """A fraction printed as a whole percentage, as the note states it."""
    return f"{100.0 * fraction:.0f}"


CHECKPOINT = 10  # "already negative after this many steps"


MOMENTUM = 0.9  # heavy-ball momentum of the revival demonstration
MOMENTUM_RATES = (0.1, 0.2, 0.3)


def dead_percent_per_seed(run: Run, step: int = -1) -> np.ndarray:
    """% of hidden units negative on every input at a step, shape (rates, seeds)."""
    return 100.0 * run.negative[step].mean(axis=-1)


def threshold_rates(run: Run, share: float = 20.0) -> np.ndarray:
    """Per seed, the smallest learning rate of the grid at which more than ``share`` % of its
    units end up negative on every input (NaN if none does)."""
    over = dead_percent_per_seed(run) > share  # (rates, seeds)
    rates = np.asarray(run.learning_rates)
    return np.where(over.any(axis=0), rates[over.argmax(axis=0)], np.nan)


def revivals(run: Run) -> np.ndarray:
    """Per (rate, seed, unit): was the unit negative on every input at some step and positive
    on some input at the next?  For ReLU under plain gradient descent this never happens."""
    return (run.negative[:-1] & ~run.negative[1:]).any(axis=0)


@cache
def momentum_run() -> Run:
    """ReLU at :data:`MOMENTUM_RATES` with heavy-ball momentum :data:`MOMENTUM` (the same
    initial networks as :func:`experiment`, whose ReLU run is the plain-descent comparison)."""
    return train(0.0, learning_rates=MOMENTUM_RATES, momentum=MOMENTUM)


def leaky_rounding_frozen() -> tuple[np.ndarray, np.ndarray]:
    """The leaky units that stopped changing, and their bias gradients at the end.

    A leaky unit always has a gradient, but when it is far smaller than the rounding step of its
    parameters (about 1e-16 of their size in float64), p - eta g rounds back to p.
    """
    leaky = experiment()["leaky"]
    x, y = toy_data()
    g = gradients(leaky.params, x, y, leaky.alpha)
    return leaky.frozen, g.b1


@cache
def note_numbers() -> dict[str, str]:
    """Every result the note "Dying ReLU" states, formatted exactly as the note prints it.

    Percentages of units are means over the seeds with their standard errors (``*_se``); the
    others are shares of seeds, ranges or quantiles over seeds, or counts over every seed.
    """
    runs = experiment()
    relu, leaky = runs["relu"], runs["leaky"]
    dead, negative = dead_percent_per_seed(relu), dead_percent_per_seed(leaky)
    numbers: dict[str, str] = {"seeds": f"{len(SEEDS)}"}
    # One unit of one seed is 1/6400 of a mean (0.016 %): means above a few percent are printed
    # whole, their standard errors (1 to 3 %) with one decimal.
    for rate in (0.15, 0.2, 0.25, 0.3, 0.5):
        digits = 1 if rate < SAFE_RATE else 0
        numbers[f"relu_dead_{rate:g}"], numbers[f"relu_dead_{rate:g}_se"] = pm(
            dead[relu.rate(rate)], digits, se_digits=1
        )
    for rate in (0.3, 0.45):
        numbers[f"leaky_negative_{rate:g}"], numbers[f"leaky_negative_{rate:g}_se"] = pm(
            negative[leaky.rate(rate)], 0, se_digits=1
        )
    low = [relu.rate(r) for r in LEARNING_RATES if r < SAFE_RATE]
    low_mean, low_se = mean_se(dead[low])
    numbers["relu_dead_low_bound"] = f"{np.ceil(max(low_mean + 2.0 * low_se)):.0f}"  # "under …"
    means, _ = mean_se(dead)
    crossing = int(np.argmax(means > 40.0))  # the first rate whose mean is above 40 %
    numbers["cross_40_below"] = f"{LEARNING_RATES[crossing - 1]:g}"
    numbers["cross_40_above"] = f"{LEARNING_RATES[crossing]:g}"
    numbers["relu_dead_0.5_floor"] = f"{10 * np.floor(means[relu.rate(0.5)] / 10):.0f}"
    for rate in (0.2, 0.25, 0.3):
        numbers[f"seeds_over_20_{rate:g}"] = percent(share(dead[relu.rate(rate)] > 20.0))
    for rate in (0.25, 0.3):
        numbers[f"seeds_over_40_{rate:g}"] = percent(share(dead[relu.rate(rate)] > 40.0))
    numbers["median_0.2"] = f"{np.median(dead[relu.rate(0.2)]):.1f}"
    thresholds = threshold_rates(relu)
    low_q, high_q = np.nanquantile(thresholds, [0.05, 0.95])
    numbers["threshold_low"], numbers["threshold_high"] = f"{low_q:g}", f"{high_q:g}"
    numbers["threshold_median"] = f"{np.nanmedian(thresholds):g}"
    k = relu.rate(TIMELINE_RATE)
    peaks = relu.loss[:, k].max(axis=0)  # per seed
    peak_steps = relu.loss[:, k].argmax(axis=0)
    numbers["initial_loss"], numbers["initial_loss_se"] = pm(relu.loss[0, k], 2)
    numbers["peak_loss"], numbers["peak_loss_se"] = pm(peaks, 0)
    numbers["first_peak_step"] = f"{peak_steps.min()}"
    numbers["last_peak_step"] = f"{peak_steps.max()}"
    numbers["median_peak_step"] = f"{np.median(peak_steps):.0f}"
    end, early = relu.negative[-1, k], relu.negative[CHECKPOINT, k]
    has_dead = end.any(axis=-1)
    by_checkpoint = (early & end).sum(axis=-1)[has_dead] / end.sum(axis=-1)[has_dead]
    numbers["seeds_with_dead"] = f"{has_dead.sum()}"
    numbers["dead_by_checkpoint"], numbers["dead_by_checkpoint_se"] = pm(by_checkpoint, 0, 100.0)
    frozen, _ = leaky_rounding_frozen()
    numbers["leaky_frozen"] = f"{frozen.sum()}"
    numbers["leaky_frozen_seeds"] = f"{frozen.any(axis=(0, 2)).sum()}"
    numbers["leaky_units_total"] = f"{frozen.size}"
    params = experiment()["leaky"].params
    _, g_b1 = leaky_rounding_frozen()
    relative = np.abs(LEARNING_RATES[-1] * g_b1[frozen] / params.b1[frozen]).max()
    numbers["leaky_frozen_relative_step"] = f"{relative:.1e}"
    numbers["leaky_frozen_rate"] = (
        f"{LEARNING_RATES[int(np.flatnonzero(frozen.any(axis=(1, 2)))[-1])]:g}"
    )
    leaky_early, leaky_end = leaky.negative[CHECKPOINT], leaky.negative[-1]
    numbers["leaky_came_back"] = f"{(leaky_early & ~leaky_end).sum()}"
    numbers["leaky_negative_early"] = f"{leaky_early.sum()}"
    numbers["leaky_came_back_percent"] = (
        f"{100.0 * (leaky_early & ~leaky_end).sum() / leaky_early.sum():.1f}"
    )
    numbers["relu_came_back"] = f"{revivals(relu).sum()}"
    moved = momentum_run()
    numbers["momentum_revived"] = f"{revivals(moved).sum()}"
    numbers["momentum_revived_seeds"] = f"{revivals(moved).any(axis=(0, 2)).sum()}"
    numbers["momentum_ever_negative"] = f"{moved.negative.any(axis=0).sum()}"
    return numbers
