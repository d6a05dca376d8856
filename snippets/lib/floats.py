"""The float64 conventions that every function of the library shares.

An activation takes a Python scalar, a numpy scalar or an array-like and converts it with
:func:`as_float`; it hands its answer back through :func:`result`, which gives a numpy float64
scalar for 0-d input and a float64 ndarray otherwise.  :func:`exp_neg_abs` is the one place where
an exponential is formed for the activations: its argument is never positive, so it cannot
overflow, and its underflow toward 0 is the correctly rounded result, silenced here alone.

Known limits: everything is float64.  Wider floats (``np.longdouble``) lose their extra
precision and integers beyond 2**53 are rounded.  A complex scalar raises ``TypeError``, while
a complex array only warns (numpy's ``ComplexWarning``, an error under the test settings) and
would otherwise lose its imaginary part; strings such as ``"1.5"`` are parsed.  ``as_float``
returns a float64 array unchanged rather than a copy: no function here writes into it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["Function", "as_float", "exp_neg_abs", "result"]

Function = Callable[[ArrayLike], np.float64 | np.ndarray]
"""A function of one float64 argument (a scalar or an array), such as an activation."""


def as_float(x: ArrayLike) -> np.ndarray:
    """Convert the input to a float64 ndarray (0-d for scalars)."""
    return np.asarray(x, dtype=np.float64)


def result(r: ArrayLike) -> np.float64 | np.ndarray:
    """Return a float64 ndarray, unwrapped to a numpy float64 scalar when it is 0-d."""
    return np.asarray(r, dtype=np.float64)[()]


def exp_neg_abs(X: np.ndarray) -> np.ndarray:
    """exp(-|x|), in [0, 1]; underflow toward 0 (subnormals, then 0) is allowed silently."""
    with np.errstate(under="ignore"):
        return np.exp(-np.abs(X))
