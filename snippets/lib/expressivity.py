"""Expressivity of ReLU networks: the exact linear pieces of a network along a line.

A ReLU network is a continuous piecewise-linear function of its input, so restricted to a line
``x(t) = p + t u`` it is a piecewise-linear function of the one number ``t``.  This module finds
its pieces exactly, layer by layer, instead of sampling:

* before a layer, every interval of ``t`` carries the affine map ``h(t) = A t + c`` of the
  layer's input (one row of ``A`` and ``c`` per interval);
* the layer's pre-activations ``z = W h + b`` are affine on each interval, so each neuron's sign
  can change at most once there, at ``t = -z(0) / z'``;
* those roots split the intervals; on each new interval the sign pattern is read at its middle,
  and ``ReLU`` keeps the rows of the active neurons.

After the last layer the intervals are the *activation regions* along the segment (two adjacent
ones differ in the sign of at least one neuron), and the network's scalar output is affine on
each.  Its *pieces* are the maximal runs of intervals on which the output has the same slope:
where a neuron changes sign but no signal from it reaches the output (every unit it feeds is
off), the output has no corner, so pieces <= regions.

The experiment (:func:`piece_counts`): networks with ``N_INPUTS`` inputs, ``depth`` hidden
layers of ``width`` ReLUs and one linear output, He-normal weights (variance 2 / fan-in; the
output weights 1 / fan-in) and biases drawn from N(0, ``BIAS_STD``^2), counted along the segment
``t`` in [-``HALF_LENGTH``, ``HALF_LENGTH``] of a line through the origin in a random direction,
one network and one direction per seed (``SEEDS``).  :func:`tent_network` builds the exact
construction whose pieces double with every layer.

:func:`note_numbers` gives every result the note "Expressivity of ReLU Networks" states.

Known limits: arithmetic is float64.  A root that falls within ``ROOT_TOL`` (relative to the
segment) of an existing breakpoint is taken to be that breakpoint, and two output slopes count
as equal when they differ by less than ``SLOPE_RTOL`` of the largest slope on the segment; both
only matter for hand-made networks with coinciding kinks (the tent map), which have exact dyadic
arithmetic anyway.  Networks whose regions number in the millions (the tent map beyond about 20
layers) need memory in proportion.  Only lines are counted, not regions of the input space.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from snippets.lib.stats import mean_se, pm

__all__ = [
    "BIAS_STD",
    "BUDGET",
    "BUDGET_DEPTHS",
    "DEPTHS",
    "HALF_LENGTH",
    "NEURONS",
    "N_INPUTS",
    "PICTURE",
    "ROOT_TOL",
    "SEEDS",
    "SLOPE_RTOL",
    "TENT_DEPTHS",
    "Network",
    "Pieces",
    "budget_counts",
    "forward",
    "line_pieces",
    "note_numbers",
    "piece_counts",
    "preactivations",
    "random_network",
    "shallow_pieces_needed",
    "tent_network",
    "width_two_counts",
]

N_INPUTS = 2
BIAS_STD = 0.1
HALF_LENGTH = 2.0
SEEDS = range(50)
BUDGET = 48  # neurons shared out over the layers, at every depth of BUDGET_DEPTHS
BUDGET_DEPTHS = (1, 2, 3, 4, 6, 8, 12, 16, 24)  # each divides BUDGET
PICTURE = {"seed": 4, "shallow": (1, 18), "deep": (3, 6)}  # (depth, width) of the 2-D picture
DEPTHS = (1, 2, 4, 8)  # against the number of neurons
NEURONS = (8, 16, 24, 32, 48, 64)  # each divisible by every depth of DEPTHS
TENT_DEPTHS = tuple(range(1, 13))  # random width-2 networks against the tent construction
ROOT_TOL = 1e-12
SLOPE_RTOL = 1e-9


@dataclass(frozen=True)
class Network:
    """Hidden layers ``(W, b)``, ``W`` of shape (out, in), and a linear output ``w_out, b_out``."""

    layers: tuple[tuple[np.ndarray, np.ndarray], ...]
    w_out: np.ndarray
    b_out: float = 0.0

    @property
    def neurons(self) -> int:
        return sum(w.shape[0] for w, _ in self.layers)


@dataclass(frozen=True)
class Pieces:
    """A network along a segment: the breakpoints of its activation regions and its output.

    ``breakpoints`` holds the ends of the regions in increasing order, the segment's ends
    included (so ``regions == len(breakpoints) - 1``); ``slopes`` and ``intercepts`` the output
    ``y = slope * t + intercept`` on each region; ``kinks`` the breakpoints where the output's
    slope changes.
    """

    breakpoints: np.ndarray
    slopes: np.ndarray
    intercepts: np.ndarray
    kinks: np.ndarray

    @property
    def regions(self) -> int:
        return len(self.breakpoints) - 1

    @property
    def pieces(self) -> int:
        return len(self.kinks) + 1


def forward(net: Network, x: np.ndarray, patterns: bool = False):
    """The network's output at inputs ``x`` (shape (n, inputs)), and optionally the sign
    pattern of every neuron (shape (n, neurons), True where the pre-activation is positive)."""
    h = np.asarray(x, dtype=float)
    signs = []
    for w, b in net.layers:
        z = h @ w.T + b
        signs.append(z > 0.0)
        h = np.where(z > 0.0, z, 0.0)
    y = h @ net.w_out + net.b_out
    return (y, np.concatenate(signs, axis=1)) if patterns else y


def line_pieces(net: Network, point: np.ndarray, direction: np.ndarray, t0: float, t1: float):
    """The exact activation regions and output pieces of ``net`` on ``x(t) = point + t
    direction`` for ``t`` in [t0, t1] (see the module docstring for the method)."""
    span = t1 - t0
    breaks = np.array([t0, t1], dtype=float)
    slope = np.asarray(direction, dtype=float)[None, :]  # h(t) = slope * t + offset, per interval
    offset = np.asarray(point, dtype=float)[None, :]
    for w, b in net.layers:
        z_slope = slope @ w.T  # (intervals, width)
        z_offset = offset @ w.T + b
        lo, hi = breaks[:-1, None], breaks[1:, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            roots = np.where(z_slope != 0.0, -z_offset / z_slope, np.nan)
        inside = (roots > lo + ROOT_TOL * span) & (roots < hi - ROOT_TOL * span)
        new = np.unique(np.concatenate([breaks, roots[inside]]))
        # Which old interval each new one lies in, read at its middle.
        middle = 0.5 * (new[:-1] + new[1:])
        parent = np.clip(np.searchsorted(breaks, middle) - 1, 0, len(breaks) - 2)
        s, o = z_slope[parent], z_offset[parent]
        active = s * middle[:, None] + o > 0.0
        slope, offset, breaks = np.where(active, s, 0.0), np.where(active, o, 0.0), new
    out_slope = slope @ net.w_out
    out_offset = offset @ net.w_out + net.b_out
    scale = max(float(np.max(np.abs(out_slope))), np.finfo(float).tiny)
    corner = np.abs(np.diff(out_slope)) > SLOPE_RTOL * scale
    return Pieces(breaks, out_slope, out_offset, breaks[1:-1][corner])


def random_network(seed: int, depth: int, width: int) -> tuple[Network, np.ndarray]:
    """A network of ``depth`` hidden layers of ``width`` ReLUs at He initialisation with small
    random biases, and a random unit direction for the line, both from ``seed``."""
    rng = np.random.default_rng(seed)
    layers, fan_in = [], N_INPUTS
    for _ in range(depth):
        w = rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(width, fan_in))
        layers.append((w, rng.normal(0.0, BIAS_STD, size=width)))
        fan_in = width
    w_out = rng.normal(0.0, np.sqrt(1.0 / fan_in), size=fan_in)
    direction = rng.normal(size=N_INPUTS)
    return Network(tuple(layers), w_out), direction / np.linalg.norm(direction)


def preactivations(net: Network, x: np.ndarray) -> list[np.ndarray]:
    """Every layer's pre-activations at inputs ``x`` (shape (..., inputs)): one array of shape
    (..., width) per hidden layer.  A neuron's zero set is where the activation pattern changes,
    so these arrays' zero contours are the boundaries of the linear regions."""
    h, out = np.asarray(x, dtype=float), []
    for w, b in net.layers:
        z = h @ w.T + b
        out.append(z)
        h = np.where(z > 0.0, z, 0.0)
    return out


def _count(seed: int, depth: int, width: int) -> tuple[int, int]:
    net, u = random_network(seed, depth, width)
    p = line_pieces(net, np.zeros(N_INPUTS), u, -HALF_LENGTH, HALF_LENGTH)
    return p.regions, p.pieces


def piece_counts(depth: int, width: int) -> dict[str, np.ndarray]:
    """Regions and output pieces along the segment, one of each per seed."""
    counts = np.array([_count(s, depth, width) for s in SEEDS], dtype=float)
    return {"regions": counts[:, 0], "pieces": counts[:, 1]}


@cache
def budget_counts() -> dict[str, np.ndarray]:
    """Pieces per seed at every depth of ``BUDGET_DEPTHS`` with ``BUDGET`` neurons in all
    (shape (depths, seeds)), and the same against ``NEURONS`` for each depth of ``DEPTHS``
    (shape (depths, neurons, seeds)).  Cached: the arrays must not be modified."""
    fixed = [piece_counts(d, BUDGET // d) for d in BUDGET_DEPTHS]
    grid = [[piece_counts(d, n // d) for n in NEURONS] for d in DEPTHS]
    return {
        "budget_pieces": np.array([c["pieces"] for c in fixed]),
        "budget_regions": np.array([c["regions"] for c in fixed]),
        "pieces": np.array([[c["pieces"] for c in row] for row in grid]),
        "regions": np.array([[c["regions"] for c in row] for row in grid]),
    }


@cache
def width_two_counts() -> dict[str, np.ndarray]:
    """Pieces and regions per seed of random networks of width 2 at every depth of
    ``TENT_DEPTHS`` (shape (depths, seeds)), the width of the tent construction.  Cached."""
    counts = [piece_counts(d, 2) for d in TENT_DEPTHS]
    return {key: np.array([c[key] for c in counts]) for key in ("pieces", "regions")}


def tent_network(depth: int) -> Network:
    """The tent map ``T(x) = 2 min(x, 1 - x)`` on [0, 1], composed ``depth`` times, as a
    network with two ReLUs per hidden layer: ``T(x) = 2 ReLU(x) - 4 ReLU(x - 1/2)`` there.

    Its output on [0, 1] is a sawtooth with ``2**depth`` linear pieces, from ``2 depth``
    neurons; the input has one dimension.
    """
    first = (np.array([[1.0], [1.0]]), np.array([0.0, -0.5]))
    # The next layer reads T = 2 h1 - 4 h2 and applies the same two ReLUs to it.
    later = (np.array([[2.0, -4.0], [2.0, -4.0]]), np.array([0.0, -0.5]))
    return Network((first,) + (later,) * (depth - 1), np.array([2.0, -4.0]))


def shallow_pieces_needed(pieces: int) -> int:
    """Neurons a network of one hidden layer needs for ``pieces`` pieces on a line: each
    neuron adds at most one corner, so ``pieces - 1``."""
    return pieces - 1


def note_numbers() -> dict[str, str]:
    """Every result the note "Expressivity of ReLU Networks" states, as the note prints it."""
    c = budget_counts()
    out = {
        "seeds": f"{len(SEEDS)}",
        "budget": f"{BUDGET}",
        "bias_std": f"{BIAS_STD:g}",
        "half_length": f"{HALF_LENGTH:g}",
        "length": f"{2 * HALF_LENGTH:g}",
        "inputs": f"{N_INPUTS}",
    }
    for i, d in enumerate(BUDGET_DEPTHS):
        out[f"budget_d{d}"], out[f"budget_d{d}_se"] = pm(c["budget_pieces"][i], 1)
        out[f"budget_regions_d{d}"], out[f"budget_regions_d{d}_se"] = pm(c["budget_regions"][i], 1)
    deepest = c["budget_pieces"][-1]
    out["budget_constant_deepest"] = f"{int(np.sum(deepest == 1))}"
    w2 = width_two_counts()["pieces"]
    for i, d in enumerate(TENT_DEPTHS):
        out[f"w2_d{d}"], out[f"w2_d{d}_se"] = pm(w2[i], 1)
    out["w2_peak_depth"] = f"{TENT_DEPTHS[int(np.argmax(w2.mean(axis=-1)))]}"
    for i, d in enumerate(DEPTHS):
        for j, n in enumerate(NEURONS):
            out[f"d{d}_n{n}"], out[f"d{d}_n{n}_se"] = pm(c["pieces"][i, j], 1)
        # Pieces per neuron, fitted through the origin over all sizes (least squares).
        mean, _ = mean_se(c["pieces"][i])
        n = np.asarray(NEURONS, dtype=float)
        out[f"per_neuron_d{d}"] = f"{float(n @ mean / (n @ n)):.2f}"
    return out
