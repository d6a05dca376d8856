"""Derivatives checked numerically: difference quotients against the hand-derived derivatives.

:data:`ACTIVATIONS` pairs each activation of :mod:`snippets.lib.activations` with its
derivative derived by hand; the difference quotients check them:

* central ``(f(x + h) - f(x - h)) / (2h)``: error ``h**2 * f'''(x) / 6`` for smooth ``f``,
  so halving ``h`` quarters it, until rounding (about ``eps * |f(x)| / h``) takes over;
* forward ``(f(x + h) - f(x)) / h`` and backward ``(f(x) - f(x - h)) / h``: error of order ``h``.

At a corner such as ReLU's at 0 the one-sided quotients give the one-sided slopes (1 and 0)
and the central quotient their average, 1/2, for every ``h > 0``.

Known limits: a difference quotient says nothing about a derivative at a corner, only about
the secant there, and for small ``h`` it measures rounding rather than the derivative (the
error stops falling near ``h = 1e-5`` for the central quotient).  :func:`max_fd_error` is
therefore meant for the points of :func:`fd_points`, which keep every quotient off the kinks;
``x + h`` and ``x - h`` are not checked for overflow.  Nothing is computed at import time.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from snippets.lib.activations import (
    leaky,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    softplus,
    tanh,
    tanh_grad,
)
from snippets.lib.floats import Function

__all__ = [
    "ACTIVATIONS",
    "FD_LEAKY_ALPHA",
    "FD_STEPS",
    "backward_difference",
    "central_difference",
    "fd_points",
    "forward_difference",
    "max_fd_error",
]

FD_LEAKY_ALPHA = 0.1  # the leaky slope used in the finite-difference comparison
FD_STEPS = np.logspace(-12.0, -1.0, 45)  # steps h from 1e-12 to 0.1, four per decade

ACTIVATIONS: dict[str, tuple[Function, Function]] = {
    "ReLU": (relu, relu_grad),
    f"leaky ReLU (α = {FD_LEAKY_ALPHA:g})": leaky(FD_LEAKY_ALPHA),
    "softplus": (softplus, sigmoid),
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
}
"""Display name -> (activation, its derivative derived by hand)."""


def central_difference(f: Function, x: ArrayLike, h: float) -> np.float64 | np.ndarray:
    """The central difference quotient (f(x + h) - f(x - h)) / (2h)."""
    X = np.asarray(x, dtype=np.float64)
    return np.asarray((f(X + h) - f(X - h)) / (2.0 * h), dtype=np.float64)[()]


def forward_difference(f: Function, x: ArrayLike, h: float) -> np.float64 | np.ndarray:
    """The forward difference quotient (f(x + h) - f(x)) / h."""
    X = np.asarray(x, dtype=np.float64)
    return np.asarray((f(X + h) - f(X)) / h, dtype=np.float64)[()]


def backward_difference(f: Function, x: ArrayLike, h: float) -> np.float64 | np.ndarray:
    """The backward difference quotient (f(x) - f(x - h)) / h."""
    X = np.asarray(x, dtype=np.float64)
    return np.asarray((f(X) - f(X - h)) / h, dtype=np.float64)[()]


def fd_points() -> np.ndarray:
    """Where the derivatives are compared: 36 points on each of [-4, -0.5] and [0.5, 4].

    They stay at least 0.5 away from the kink of ReLU and leaky ReLU, farther than the
    largest step in :data:`FD_STEPS`, so no difference quotient straddles the corner.
    """
    right = np.linspace(0.5, 4.0, 36)
    return np.concatenate([-right[::-1], right])


def max_fd_error(f: Function, df: Function, h: float, points: ArrayLike | None = None) -> float:
    """Largest |central difference - derivative| over the points (default :func:`fd_points`)."""
    X = fd_points() if points is None else np.asarray(points, dtype=np.float64)
    return float(np.max(np.abs(central_difference(f, X, h) - df(X))))
