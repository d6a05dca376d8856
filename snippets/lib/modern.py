"""Gated feed-forward layers of Transformers: the GLU variants and what they cost.

The position-wise feed-forward layer of the Transformer is ``FFN(x) = max(0, x W1 + b1) W2 +
b2`` (:func:`ffn`), two matrices with a ReLU between them. Its gated replacements multiply an
activated projection by a linear one, element by element (:func:`gated_ffn`): a hidden unit then
computes ``f(a) * b`` from *two* pre-activations ``a`` and ``b`` (:func:`gated_unit`), with ``f``
one of :data:`VARIANTS`: the logistic sigmoid (GLU), the identity (Bilinear), ReLU (ReGLU), GELU
(GEGLU) or SiLU, Swish with beta = 1 (SwiGLU). The activations themselves come from
:mod:`snippets.lib.activations` and :mod:`snippets.lib.relatives`.

A gated layer has three matrices instead of two, so at the same hidden width it has half as
many weights again; :func:`ffn_parameters` and :func:`gated_ffn_parameters` count them, and
:func:`equal_parameter_width` gives the width, two thirds of the ungated one, at which the
counts agree. :func:`note_numbers` gives the texts the note "Rectifiers in Modern
Architectures" prints.

Known limits: the layers act on one token (a row vector) or a batch of rows; attention,
normalisation and dropout, the rest of a Transformer block, are not modelled. The counts are of
weights and biases only and assume no weight sharing; the multiply-adds per token equal the
weight count, ignoring the activation and the element-wise product (a few operations per hidden
unit). :func:`equal_parameter_width` is exact only for bias-free layers and is a fraction that
real models round to a convenient integer. Nothing is computed at import time.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from numpy.typing import ArrayLike

from snippets.lib.activations import relu, sigmoid
from snippets.lib.floats import Function, as_float, result
from snippets.lib.relatives import gelu, silu

__all__ = [
    "T5_BASE",
    "TRANSFORMER_BASE",
    "VARIANTS",
    "equal_parameter_width",
    "ffn",
    "ffn_parameters",
    "gated_ffn",
    "gated_ffn_parameters",
    "gated_unit",
    "identity",
    "note_numbers",
]

# (d_model, d_ff) of two models the note names: the base Transformer of Vaswani et al. (2017),
# whose d_ff is 4 d_model, and the T5 base model in which Shazeer (2020) compared the variants.
TRANSFORMER_BASE = (512, 2048)
T5_BASE = (768, 3072)


def identity(x: ArrayLike) -> np.float64 | np.ndarray:
    """The identity, as an activation: the "Bilinear" variant has no non-linearity in its gate."""
    return result(as_float(x).copy())


# The activation f of each gated variant f(a) * b, in the order of the note's table.
VARIANTS: dict[str, Function] = {
    "GLU": sigmoid,
    "Bilinear": identity,
    "ReGLU": relu,
    "GEGLU": gelu,
    "SwiGLU": silu,
}


def gated_unit(a: ArrayLike, b: ArrayLike, variant: str = "SwiGLU") -> np.float64 | np.ndarray:
    """One gated hidden unit: ``f(a) * b``, with ``f`` the activation of the variant.

    ``a`` is the pre-activation of the activated projection (``x W + b``) and ``b`` that of the
    linear one (``x V + c``); they broadcast against each other. Dauphin et al. (2017) write GLU
    with the factors the other way round, ``(x W + b) * sigmoid(x V + c)``: the same unit with
    the two projections swapped.
    """
    A, B = as_float(a), as_float(b)
    return result(VARIANTS[variant](A) * B)


def ffn(
    x: ArrayLike,
    W1: ArrayLike,
    b1: ArrayLike,
    W2: ArrayLike,
    b2: ArrayLike,
    activation: Function = relu,
) -> np.ndarray:
    """The Transformer's feed-forward layer ``activation(x W1 + b1) W2 + b2`` (ReLU by default).

    ``x`` has shape (..., d_model), ``W1`` (d_model, d_ff), ``W2`` (d_ff, d_model); it acts on
    each row (each position of a sequence) separately.
    """
    X = as_float(x)
    return np.asarray(activation(X @ as_float(W1) + as_float(b1))) @ as_float(W2) + as_float(b2)


def gated_ffn(
    x: ArrayLike,
    W: ArrayLike,
    V: ArrayLike,
    W2: ArrayLike,
    variant: str = "SwiGLU",
    b: ArrayLike = 0.0,
    c: ArrayLike = 0.0,
    b2: ArrayLike = 0.0,
) -> np.ndarray:
    """A gated feed-forward layer ``(f(x W + b) * (x V + c)) W2 + b2``.

    ``W`` and ``V`` have shape (d_model, d_ff), ``W2`` (d_ff, d_model). Shazeer (2020) and the
    models after it drop the biases, which is the default here.
    """
    X = as_float(x)
    hidden = gated_unit(X @ as_float(W) + as_float(b), X @ as_float(V) + as_float(c), variant)
    return np.asarray(hidden) @ as_float(W2) + as_float(b2)


def ffn_parameters(d_model: int, d_ff: int, bias: bool = True) -> int:
    """Weights (and biases) of an ungated feed-forward layer: two matrices of d_model x d_ff."""
    return 2 * d_model * d_ff + ((d_ff + d_model) if bias else 0)


def gated_ffn_parameters(d_model: int, d_ff: int, bias: bool = False) -> int:
    """Weights (and biases) of a gated feed-forward layer: three matrices of d_model x d_ff."""
    return 3 * d_model * d_ff + ((2 * d_ff + d_model) if bias else 0)


def equal_parameter_width(d_ff: int | Fraction) -> Fraction:
    """The hidden width at which a bias-free gated layer has as many weights as an ungated one
    of width ``d_ff``: from ``3 d h = 2 d d_ff``, ``h = 2/3 d_ff`` (whatever ``d_model`` is)."""
    return Fraction(2, 3) * Fraction(d_ff)


def note_numbers() -> dict[str, str]:
    """The numbers of the note "Rectifiers in Modern Architectures", as the note prints them.

    - ``base_ffn_millions``: weights and biases of one feed-forward layer of the base
      Transformer, in millions;
    - ``gated_same_width_ratio``: a gated layer's weights over an ungated one's at the same
      width, as a percentage increase;
    - ``d_ff_multiple_gated_same``, ``..._gated_equal``: the weights of the three bias-free
      layers as multiples of ``d_model**2`` when ``d_ff = 4 d_model`` (ungated 8, gated at the
      same width 12, gated at 2/3 of it 8);
    - ``t5_equal_width``: the equal-parameter width of T5 base's layer (3072 -> 2048);
    - ``transformer_equal_width``: the same for the base Transformer, which is not an integer.
    """
    d, d_ff = TRANSFORMER_BASE
    one = Fraction(1)
    ungated = Fraction(ffn_parameters(1, 4, bias=False))  # in units of d_model**2
    gated_same = Fraction(gated_ffn_parameters(1, 4))
    gated_equal = 3 * one * equal_parameter_width(4)
    increase = 100 * (gated_same / ungated - 1)
    t5_width = equal_parameter_width(T5_BASE[1])
    return {
        "base_ffn_millions": f"{ffn_parameters(d, d_ff) / 1e6:.1f}",
        "ungated_multiple": f"{ungated}",
        "gated_same_multiple": f"{gated_same}",
        "gated_equal_multiple": f"{gated_equal}",
        "gated_same_increase": f"{increase}",
        "t5_equal_width": f"{t5_width}",
        "transformer_equal_width": f"{float(equal_parameter_width(d_ff)):.2f}",
    }
