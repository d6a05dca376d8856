"""Derivatives of the activations, by hand and by finite differences.

The hand-derived derivatives come from :mod:`snippets.activations`, plus :func:`tanh_grad` and
:func:`leaky_relu_alpha_grad` here; :data:`ACTIVATIONS` pairs each function with its
derivative.  The difference quotients check them numerically:

* central ``(f(x + h) - f(x - h)) / (2h)``: error ``h**2 * f'''(x) / 6`` for smooth ``f``,
  so halving ``h`` quarters it, until rounding (about ``eps * |f(x)| / h``) takes over;
* forward ``(f(x + h) - f(x)) / h`` and backward ``(f(x) - f(x - h)) / h``: error of order ``h``.

At a corner such as ReLU's at 0 the one-sided quotients give the one-sided slopes (1 and 0)
and the central quotient their average, 1/2, for every ``h > 0``.

The figure functions follow the contract in :mod:`snippets.registry`.  Nothing is computed at
import time.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from snippets.activations import (
    leaky_relu,
    leaky_relu_grad,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    softplus,
)

__all__ = [
    "ACTIVATIONS",
    "FD_LEAKY_ALPHA",
    "FD_STEPS",
    "backward_difference",
    "central_difference",
    "fd_points",
    "finite_difference_error_plot",
    "forward_difference",
    "leaky_relu_alpha_grad",
    "max_fd_error",
    "relu_kink_secants_plot",
    "tanh",
    "tanh_grad",
]

Function = Callable[[ArrayLike], np.float64 | np.ndarray]

FD_LEAKY_ALPHA = 0.1  # the leaky slope used in the finite-difference comparison
FD_STEPS = np.logspace(-12.0, -1.0, 45)  # steps h from 1e-12 to 0.1, four per decade
KINK_STEP = 0.5  # the step h drawn in the secant figure


def tanh(x: ArrayLike) -> np.float64 | np.ndarray:
    """Hyperbolic tangent, as float64 (numpy's tanh is already stable for every input)."""
    return np.asarray(np.tanh(np.asarray(x, dtype=np.float64)), dtype=np.float64)[()]


def tanh_grad(x: ArrayLike) -> np.float64 | np.ndarray:
    """Derivative of tanh: 1 - tanh(x)**2, evaluated as 4z / (1 + z)**2 with z = exp(-2|x|).

    This equals 4 * sigmoid_grad(2x) and, unlike the literal 1 - tanh**2 (which is exactly 0
    for |x| > 19.1), keeps full relative precision in the tails.  NaN propagates; ±0 give 1.
    """
    X = np.asarray(x, dtype=np.float64)
    # 2|x| overflows to inf for |x| > 8.9e307, and exp(-2|x|) underflows toward 0 for large
    # |x|: both give the correctly rounded limit z = 0, so only those flags are silenced.
    with np.errstate(over="ignore", under="ignore"):
        Z = np.exp(-2.0 * np.abs(X))
        grad = 4.0 * Z / ((1.0 + Z) * (1.0 + Z))
    return np.asarray(grad, dtype=np.float64)[()]


def leaky_relu_alpha_grad(x: ArrayLike) -> np.float64 | np.ndarray:
    """Derivative of max(0, x) + alpha * min(0, x) with respect to alpha: min(0, x).

    This is the gradient a PReLU unit's own slope receives; it does not depend on alpha.
    """
    X = np.asarray(x, dtype=np.float64)
    return np.asarray(np.minimum(X, 0.0), dtype=np.float64)[()]


def _leaky(x: ArrayLike) -> np.float64 | np.ndarray:
    return leaky_relu(x, FD_LEAKY_ALPHA)


def _leaky_grad(x: ArrayLike) -> np.float64 | np.ndarray:
    return leaky_relu_grad(x, FD_LEAKY_ALPHA)


ACTIVATIONS: dict[str, tuple[Function, Function]] = {
    "ReLU": (relu, relu_grad),
    f"leaky ReLU (α = {FD_LEAKY_ALPHA:g})": (_leaky, _leaky_grad),
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


def finite_difference_error_plot() -> Figure:
    """Finite-difference error against step

    The central difference matches each activation's derivative with an error that falls as h
    squared for smooth functions until rounding error, growing as 1/h, takes over.
    """
    fig = Figure()
    ax = fig.add_subplot()
    styles = ["-", "--", "-", "-.", ":"]
    for (name, (f, df)), linestyle in zip(ACTIVATIONS.items(), styles, strict=True):
        errors = [max_fd_error(f, df, h) for h in FD_STEPS]
        ax.loglog(FD_STEPS, errors, linestyle=linestyle, label=name)
    ax.set_title("Central-difference error against step h")
    ax.set_xlabel("step h")
    ax.set_ylabel("largest error on 0.5 ≤ |x| ≤ 4")
    ax.legend(loc="lower left")
    return fig


def relu_kink_secants_plot() -> Figure:
    """Difference quotients at ReLU's corner

    At x = 0 the forward, backward and central difference quotients of ReLU are the slopes of
    three secants: 1, 0 and their average 1/2.
    """
    h = KINK_STEP
    X = np.linspace(-1.0, 1.0, 201)
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot(X, relu(X), label="ReLU")
    secants = [
        ("forward", forward_difference(relu, 0.0, h), 0.0, "--"),
        ("backward", backward_difference(relu, 0.0, h), -h, ":"),
        ("central", central_difference(relu, 0.0, h), -h, "-."),
    ]
    for name, slope, x0, linestyle in secants:
        # Each secant is drawn as the line through its left end point (x0, relu(x0)), on top
        # of ReLU (zorder), which it partly overlaps.
        secant = relu(x0) + slope * (X - x0)
        ax.plot(X, secant, linestyle=linestyle, zorder=3, label=f"{name}: slope {slope:g}")
    ax.plot([-h, 0.0, h], relu(np.array([-h, 0.0, h])), linestyle="", marker="o", zorder=4)
    ax.set_title(f"Secants of ReLU at x = 0, step h = {h:g}")
    ax.set_xlabel("input x")
    ax.set_ylabel("output")
    ax.set_ylim(-0.6, 1.1)
    ax.legend()
    return fig
