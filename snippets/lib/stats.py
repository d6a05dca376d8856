"""Statistics over seeds: means with standard errors, shares of seeds and ranges.

A random experiment in this project is repeated over many seeds (at least 30) and reported as a
mean with its standard error, the standard deviation over seeds divided by the square root of
their number, or as a range over seeds; never as one seed's value.  The functions here take an
array whose *last* axis runs over the seeds, so that an experiment vectorised over seeds can
reduce it in one call.

Known limits: the standard error describes the uncertainty of the mean under independent seeds;
for heavy-tailed quantities (most seeds lose no unit, a few lose most of them) it says nothing
about a typical seed, which is why the notes pair it with shares of seeds or quantiles.
"""

from __future__ import annotations

import numpy as np

__all__ = ["MIN_SEEDS", "mean_se", "pm", "share"]

MIN_SEEDS = 30  # fewer seeds than this give no statistic in a note


def mean_se(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and standard error of the mean over the last axis (the seeds).

    Raises ``ValueError`` for fewer than :data:`MIN_SEEDS` seeds, so that no note states a
    statistic of a handful of runs.
    """
    values = np.asarray(values, dtype=float)
    n = values.shape[-1]
    if n < MIN_SEEDS:
        raise ValueError(f"{n} seeds: a statistic needs at least {MIN_SEEDS}")
    return values.mean(axis=-1), values.std(axis=-1, ddof=1) / np.sqrt(n)


def pm(
    values: np.ndarray, digits: int = 1, scale: float = 1.0, se_digits: int | None = None
) -> tuple[str, str]:
    """The mean and standard error of ``scale * values`` as the texts a note prints (the error
    with ``se_digits`` decimals, by default as many as the mean)."""
    mean, se = mean_se(scale * np.asarray(values, dtype=float))
    se_digits = digits if se_digits is None else se_digits
    return f"{float(mean):.{digits}f}", f"{float(se):.{se_digits}f}"


def share(condition: np.ndarray) -> float:
    """The fraction of seeds (last axis) for which a condition holds."""
    return float(np.mean(np.asarray(condition, dtype=bool), axis=-1))
