"""ReLU6 and 8-bit activations: a bounded range against a range set by the largest value seen.

:func:`relu6` is min(max(0, x), 6) (Krizhevsky, 2010), with its derivative.  :func:`quantise`
rounds to the nearest of the ``2**bits`` evenly spaced levels of [0, top], values outside
clipped to the ends: uniform quantisation with zero exactly representable, the unsigned case of
the scheme of Jacob et al. (2018), whose step is top / (2**bits - 1) and whose rounding error is
at most half a step.

The experiment (:func:`experiment`), vectorised over ``SEEDS`` seeds: a random ReLU layer of
``UNITS`` units, He-normal weights (variance 2 / ``INPUTS``), reads a batch of ``BATCH`` standard
Gaussian inputs, of which the first is multiplied by an outlier factor k (1 means none).  Its
outputs are quantised to 8 bits on [0, a] with a the largest output observed in the batch (a
range calibrated on the batch itself) or a fixed a = 6 (ReLU6's range); the error is measured
on the ordinary examples (all but the first).  :func:`clip_sweep` measures the error of the
clean batch for a range of tops a, which trades rounding error (grows with a) against clipping
error (values above a).

Known limits: one dense layer of Gaussian inputs, not a trained network, whose activations
adapt to ReLU6's cap during training; the outlier is a whole example scaled up; the error is the
root mean square over the batch, not an effect on accuracy.  Nothing is computed at import time;
results are cached per process and the arrays returned must not be modified.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from numpy.typing import ArrayLike

from snippets.lib.floats import as_float
from snippets.lib.stats import mean_se

__all__ = [
    "BATCH",
    "BITS",
    "CAP",
    "CLIP_TOPS",
    "INPUTS",
    "OUTLIER_FACTORS",
    "SEEDS",
    "UNITS",
    "clip_sweep",
    "experiment",
    "note_numbers",
    "quantise",
    "relu6",
    "relu6_grad",
    "step",
]

CAP = 6.0  # ReLU6's upper bound
BITS = 8
INPUTS = 256
UNITS = 256
BATCH = 512
SEEDS = 30
OUTLIER_FACTORS = (1.0, 1.5, 2.0, 3.0, 5.0, 7.0, 10.0, 15.0, 20.0, 30.0, 50.0)
CLIP_TOPS = tuple(float(a) for a in np.round(np.geomspace(1.0, 100.0, 81), 4))


def relu6(x: ArrayLike) -> np.float64 | np.ndarray:
    """min(max(0, x), 6): ReLU capped at six. NaN stays NaN."""
    x = as_float(x)
    return np.minimum(np.maximum(x, 0.0), CAP)


def relu6_grad(x: ArrayLike) -> np.float64 | np.ndarray:
    """1 on the open interval (0, 6), 0 elsewhere: at both corners the value 0, as ReLU's
    derivative at 0 here and the derivative of ReLU6 in common frameworks."""
    x = as_float(x)
    grad = ((x > 0.0) & (x < CAP)).astype(np.float64)
    return np.where(np.isnan(x), np.nan, grad)[()]


def step(top: float, bits: int = BITS) -> float:
    """The spacing of the levels of [0, top] with ``bits`` bits: top / (2**bits - 1)."""
    return top / (2**bits - 1)


def quantise(x: ArrayLike, top: ArrayLike, bits: int = BITS) -> np.ndarray:
    """x rounded to the nearest level k * step(top), k = 0 .. 2**bits - 1 (ties to even);
    values below 0 or above ``top`` become 0 or ``top``. ``top`` broadcasts against x."""
    x, top = np.asarray(x, dtype=float), np.asarray(top, dtype=float)
    s = top / (2**bits - 1)
    return np.rint(np.clip(x, 0.0, top) / s) * s


def _rms(error: np.ndarray) -> np.ndarray:
    return np.sqrt((error**2).mean(axis=(-2, -1)))


@cache
def _layer(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The ReLU outputs of one seed's layer: the ordinary examples, and the first example's
    outputs for outlier factor 1 (scaling the input by k scales them by k, exactly)."""
    rng = np.random.default_rng([17, seed])
    w = rng.standard_normal((INPUTS, UNITS)) * np.sqrt(2.0 / INPUTS)
    x = rng.standard_normal((BATCH, INPUTS))
    h = np.maximum(x @ w, 0.0)
    return h[1:], h[0]


@cache
def experiment() -> dict[str, np.ndarray]:
    """Per outlier factor and seed, shape (len(OUTLIER_FACTORS), SEEDS):

    ``top``: the largest output in the batch; ``rms_max`` and ``rms_cap``: the root mean square
    quantisation error on the ordinary examples with the range [0, top] or [0, 6];
    ``max_error_max``: the largest such error with [0, top]; ``clipped``: the share of ordinary
    outputs above 6.
    """
    keys = ("top", "rms_max", "rms_cap", "max_error_max", "clipped")
    out = {key: np.empty((len(OUTLIER_FACTORS), SEEDS)) for key in keys}
    for seed in range(SEEDS):
        ordinary, first = _layer(seed)
        for i, k in enumerate(OUTLIER_FACTORS):
            top = max(float(ordinary.max()), k * float(first.max()))
            err_max = quantise(ordinary, top) - ordinary
            out["top"][i, seed] = top
            out["rms_max"][i, seed] = _rms(err_max)
            out["rms_cap"][i, seed] = _rms(quantise(ordinary, CAP) - ordinary)
            out["max_error_max"][i, seed] = np.abs(err_max).max()
            out["clipped"][i, seed] = (ordinary > CAP).mean()
    return out


@cache
def clip_sweep() -> np.ndarray:
    """The root mean square error of quantising the clean batch (all examples, factor 1) on
    [0, a] for every a in CLIP_TOPS (clipping included), shape (len(CLIP_TOPS), SEEDS)."""
    out = np.empty((len(CLIP_TOPS), SEEDS))
    for seed in range(SEEDS):
        ordinary, first = _layer(seed)
        h = np.vstack([first[None, :], ordinary])
        for j, a in enumerate(CLIP_TOPS):
            out[j, seed] = _rms(quantise(h, a) - h)
    return out


@cache
def note_numbers() -> dict[str, str]:
    """Every result the note "ReLU6 and Low Precision" states from these experiments."""
    runs = experiment()
    numbers = {
        "seeds": f"{SEEDS}",
        "inputs": f"{INPUTS}",
        "units": f"{UNITS}",
        "batch": f"{BATCH}",
        "levels": f"{2**BITS}",
        "step_6": f"{step(CAP):.4f}",
        "half_step_6": f"{step(CAP) / 2:.4f}",
        "rms_uniform_6": f"{step(CAP) / np.sqrt(12.0):.4f}",
    }

    def pm(key: str, values: np.ndarray, digits: int, scale: float = 1.0) -> None:
        mean, se = mean_se(scale * values)
        numbers[key], numbers[f"{key}_se"] = f"{mean:.{digits}f}", f"{se:.{digits}f}"

    for k in (1.0, 10.0):
        i = OUTLIER_FACTORS.index(k)
        tag = f"{k:g}"
        pm(f"top_{tag}", runs["top"][i], 1)
        pm(f"rms_max_{tag}", runs["rms_max"][i], 4)
        pm(f"rms_cap_{tag}", runs["rms_cap"][i], 4)
        pm(f"ratio_{tag}", runs["rms_max"][i] / runs["rms_cap"][i], 1)
        pm(f"max_error_{tag}", runs["max_error_max"][i], 3)
    pm("clipped_ppm", runs["clipped"][0], 0, scale=1e6)
    sweep = clip_sweep()
    best = np.asarray(CLIP_TOPS)[np.argmin(sweep, axis=0)]
    pm("best_top", best, 1)
    return numbers
