"""Every number the notes, the notebook pages and the figure captions state, each in its place.

A *document* is a note (``docs/**/*.md``, keyed by its vault path), a notebook page
(``notebooks/NAME.py``: its Markdown cells) or the captions of one snippet module
(``snippets/NAME.py``: the title and sentence of each registered figure's docstring, which the
site shows as caption and alt text). Its numbers are covered here, each by exactly one entry:

- ``checked``: a :class:`Claim` names the number as the document writes it (sign included), a
  short phrase around it that the document holds exactly once, and a ``compute`` that gets it
  from the project's code. ``test_claims.py`` finds the phrase, finds the number in it, and
  compares: a text must be the same text; a number must round to the stated digits
  (``-0.7518`` is in [-0.75185, -0.75175); ``4.5 \\times 10^{-5}`` a mantissa of one decimal
  times that power; a bare ``10^{-11}`` the nearest power of ten).
- ``given``: a :class:`Given` names a phrase (found exactly once) and why the numbers in it
  need no computation: a year or a page of a cited work, a value inside a quotation, a setting
  of an example, a constant of a formula whose identity a named test checks.

Every other number in the document fails ``test_claims.py``, naming the file and line and
printing an entry to paste. Moving a number, swapping two, flipping a sign or dropping a digit
breaks a phrase or a comparison, so it fails too. What counts as a number, and which parts of
a note are text (code, comments and link targets are not; inline and display math are), is
described in ``tests/content/numbers.py``.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Claim:
    text: str  # the number exactly as the document writes it, sign included: "-0.7518"
    at: str  # a short phrase around it, found exactly once: r"$x \approx -0.7518$"
    compute: Callable[[], object]  # the value (a number, or its exact text) from the code
    what: str  # what the number is


@dataclass(frozen=True)
class Given:
    at: str  # a short phrase, found exactly once; every number in it is covered
    why: str  # why those numbers need no computation


@dataclass(frozen=True)
class NoteNumbers:
    checked: list[Claim] = field(default_factory=list)
    given: list[Given] = field(default_factory=list)


def given(why: str, *phrases: str) -> list[Given]:
    """Several places whose numbers are given for the same reason."""
    return [Given(at, why) for at in phrases]


# --- reasons ----------------------------------------------------------------------------------


def _formulas(test_file: str) -> str:
    return (
        "in a formula of the note, or a point, bound or limit of one; "
        f"tests/content/{test_file} checks the note's formulas"
    )


_F_BASICS = _formulas("test_formulas.py")
_F_RELATIVES = _formulas("test_relatives.py")
_F_DYING = _formulas("test_dying.py")
_F_RUNNING = _formulas("test_running_average.py")
_F_SPARSITY = _formulas("test_sparsity.py")
_F_SUMS = _formulas("test_sigmoid_sums.py")
_F_EXPRESSIVITY = _formulas("test_expressivity.py")
_F_MAXOUT = _formulas("test_maxout.py")
_F_MODERN = _formulas("test_modern.py")
_F_CAPTION = (
    "a property of the plotted formula that the figure shows; "
    "tests/content/test_formulas.py checks it"
)
_F_CAPTION_RELATIVES = (
    "a property of the plotted formulas that the figure shows; "
    "tests/content/test_relatives.py checks them"
)
_YEAR = "year of a cited work, in its citation"
_FAQ_ZERO = "the 0 of max(0, x) in the FAQ's title"
_EXAMPLE = "in an example of how a note writes math (Writing Notes shows its source above it)"
_STEP = "number of a step in the note's ordered list"
_BISHOP = "inside the verbatim Bishop and Bishop quotation"
_REFERENCE = "volume, pages, arXiv number or year of a cited work, in its full reference"
_TITLE = "part of the note's title"  # used by `nox -s new`
_FIGURE_TITLE = "part of the note's title, which its figure's title repeats"  # and this
_HOME_FORMULA = "the defining formula of a note, quoted on the home page"


_BIBLIOGRAPHIC = (
    "year, volume, pages, DOI or arXiv number of a work in docs/references.bib, in the heading "
    "or the reference generated from it; tests/content/test_references.py checks the page"
)


def _bibliography() -> list[Given]:
    """The page References is generated from docs/references.bib: its numbers are the entries'.

    Each work's heading and full reference, as the generator writes them (the test of the
    References page checks that the committed page is exactly that).
    """
    from pathlib import Path

    from rectified import bibliography

    docs = Path(__file__).resolve().parents[2] / "docs"
    out = []
    for entry in bibliography.load(docs):
        out += [
            Given(f"### {entry.heading}", _BIBLIOGRAPHIC),
            Given(entry.reference_markdown(), _BIBLIOGRAPHIC),
        ]
    return out


# --- computing ----------------------------------------------------------------------------------


def _lib(name: str):
    """The project's numerical module ``snippets.lib.<name>``, imported when a claim runs."""
    return importlib.import_module(f"snippets.lib.{name}")


def _result(module: str, name: str) -> Callable[[], str]:
    """A result from ``note_numbers()`` of the module: the exact text the note prints."""
    return lambda: _lib(module).note_numbers()[name]


def _setting(module: str, name: str, pick: Callable = lambda v: v) -> Callable[[], str]:
    """A setup value the document states, read from the constant the code uses."""
    return lambda: f"{pick(getattr(_lib(module), name)):g}"


def _scaled(text: Callable[[], str], exponent: int) -> Callable[[], float]:
    """A result printed as a mantissa (``"2.7"``), as the value the note writes ``2.7 \\times
    10^{-5}``."""
    return lambda: float(text()) * 10.0**exponent


def _below(value: Callable[[], float], bound: str) -> Callable[[], object]:
    """A bound the text states ("within 0.0003"): its text if the value is below it."""

    def compute() -> object:
        v = value()
        return bound if abs(v) < float(bound) else v

    return compute


def _exp_overflow_threshold() -> float:
    # The largest x with a finite exp(x) in float64 is log(max float).
    return float(np.log(np.finfo(np.float64).max))


def _leaky_default_slope() -> float:
    leaky_relu = _lib("activations").leaky_relu
    return inspect.signature(leaky_relu).parameters["alpha"].default


def _naive_softplus_zero_below() -> float:
    # Bisect for the x below which log(1 + exp(x)) evaluates to exactly 0 in float64.
    lo, hi = -40.0, -30.0  # naive softplus is 0 at lo and positive at hi
    with np.errstate(under="ignore"):
        for _ in range(200):
            mid = 0.5 * (lo + hi)
            if np.log(1.0 + np.exp(mid)) == 0.0:
                lo = mid
            else:
                hi = mid
    return hi


def _naive_softplus_relative_error(x: float) -> float:
    exact = float(_lib("activations").softplus(x))
    return abs(float(np.log(1.0 + np.exp(x))) - exact) / exact


def _naive_error_example() -> str:
    """-30, where the text says naive softplus is off by about one part in a thousand."""
    error = _naive_softplus_relative_error(-30.0)
    return "-30" if 5e-4 <= error < 5e-3 else f"a relative error of {error:.1e} at -30"


def _softplus_beta_gap(beta: float) -> float:
    act = _lib("activations")
    return float(act.softplus_beta(0.0, beta) - act.relu(0.0))


def _fd_halving_ratio() -> str:
    # Central-difference error at h = 1e-3 over the error at h/2, for each smooth activation.
    calc = _lib("calculus")

    def error(name: str, h: float) -> float:
        return calc.max_fd_error(*calc.ACTIVATIONS[name], h)

    ratios = {f"{error(n, 1e-3) / error(n, 5e-4):.0f}" for n in ("softplus", "sigmoid", "tanh")}
    assert len(ratios) == 1, ratios
    return ratios.pop()


def _fd_best(which: int) -> Callable[[], float]:
    """The smallest central-difference error of the smooth activations (0), and its step (1)."""

    def compute() -> float:
        calc = _lib("calculus")
        best = []
        for name in ("softplus", "sigmoid", "tanh"):
            errors = [calc.max_fd_error(*calc.ACTIVATIONS[name], h) for h in calc.FD_STEPS]
            k = int(np.argmin(errors))
            best.append((errors[k], float(calc.FD_STEPS[k])))
        orders = {round(np.log10(b[which])) for b in best}
        assert len(orders) == 1, best  # the same order of magnitude for each
        return best[0][which]

    return compute


def _central_difference_at_zero(alpha: float) -> float:
    act, calc = _lib("activations"), _lib("calculus")
    f = act.relu if alpha == 0.0 else (lambda x: act.leaky_relu(x, alpha))
    values = [float(calc.central_difference(f, 0.0, h)) for h in calc.FD_STEPS]
    assert max(values) - min(values) < 1e-12, values  # the same for every step h
    return values[0]


def _secant(kind: str) -> float:
    """ReLU's forward or backward difference quotient at 0, with the step the figure draws."""
    figure = importlib.import_module("snippets.calculus")
    quotient = getattr(_lib("calculus"), f"{kind}_difference")
    return float(quotient(_lib("activations").relu, 0.0, figure.KINK_STEP))


def _selu(which: str) -> Callable[[], float]:
    def compute() -> float:
        alpha, lam = _lib("relatives").selu_constants()
        return {"alpha": alpha, "lambda": lam, "product": alpha * lam}[which]

    return compute


def _minimum(name: str, which: int) -> Callable[[], float]:
    """The minimiser (0) or the minimum value (1) of GELU, SiLU or Mish."""
    return lambda: float(getattr(_lib("relatives"), f"{name}_minimum")()[which])


def _mean_slope(name: str, scale: float) -> Callable[[], float]:
    def compute() -> float:
        rel = _lib("relatives")
        return rel.mean_gradient(rel.CANDIDATES[name][1], scale)

    return compute


def _on_grid(module: str, grid: str, value: float) -> Callable[[], str]:
    """A setting the note names, checked to be a point of the experiment's grid."""

    def compute() -> str:
        assert value in getattr(_lib(module), grid)
        return f"{value:g}" if isinstance(value, float) else f"{value}"

    return compute


def _grid_rate(rate: float) -> Callable[[], str]:
    return _on_grid("dying", "LEARNING_RATES", rate)


def _pm(module: str, key: str, at: str, mean: str, se: str) -> list[Claim]:
    """A mean over seeds and its standard error, printed "mean ± se" in one phrase."""
    return [
        Claim(mean, at, _result(module, key), f"{key}: mean over seeds"),
        Claim(se, at, _result(module, f"{key}_se"), f"{key}: standard error of the mean"),
    ]


def _l1_checkpoint(step: int) -> Callable[[], str]:
    return _on_grid("sparsity", "L1_CHECKPOINTS", step)


def _born_dead_width(width: int) -> Callable[[], str]:
    return _on_grid("initialisation", "BORN_DEAD_WIDTHS", width)


def _born_dead() -> list[Claim]:
    """The born-dead shares of the note "Dying ReLU" (depth 10 and 40, widths 2, 3, 4, 8)."""
    out = [Claim("2", "of width 2 is born", _born_dead_width(2), "a width of the grid")]
    out += _pm("initialisation", "born_dead_w2_d10", "dead in 91 ± 1 %", "91", "1")
    for width, mean, se in ((3, "62", "1"), (4, "33", "1"), (8, "1", "0")):
        at = f"of width {width} in {mean} ± {se} %"
        out.append(Claim(f"{width}", at, _born_dead_width(width), "a width of the grid"))
        out += _pm("initialisation", f"born_dead_w{width}_d10", at, mean, se)
    out.append(Claim("40", "at depth 40 the shares", lambda: "40", "depth (a setting)"))
    out.append(Claim("100", "are 100 %,", _result("initialisation", "born_dead_w2_d40"), "width 2"))
    for width, mean, se, at in (
        (3, "99", "0", "shares are 100 %, 99 ± 0 %"),
        (4, "90", "1", "90 ± 1 % and"),
        (8, "12", "1", "and 12 ± 1 %"),
    ):
        out += _pm("initialisation", f"born_dead_w{width}_d40", at, mean, se)
    return out


def _step_level(index: int) -> str:
    clean, _ = _lib("running_average").noisy_step()
    return f"{clean[index]:g}"


def _sums(name: str) -> Callable[[], object]:
    """A value of the sigmoid-sums module: a function's result, or a constant."""

    def compute() -> object:
        value = getattr(_lib("sigmoid_sums"), name)
        return value() if callable(value) else value

    return compute


def _blog_scale() -> float:
    return 1.0 / float(_lib("sigmoid_sums").scale_factor())


def _tent_neurons(k: int) -> Callable[[], int]:
    return lambda: _lib("expressivity").tent_network(k).neurons


def _tent_shallow(k: int) -> Callable[[], int]:
    """One-hidden-layer neurons for the pieces the exact counter finds in k composed tents."""

    def compute() -> int:
        ex = _lib("expressivity")
        pieces = ex.line_pieces(ex.tent_network(k), np.zeros(1), np.ones(1), 0.0, 1.0).pieces
        return ex.shallow_pieces_needed(pieces)

    return compute


def _tent_pieces(k: int) -> Callable[[], int]:
    def compute() -> int:
        ex = _lib("expressivity")
        return ex.line_pieces(ex.tent_network(k), np.zeros(1), np.ones(1), 0.0, 1.0).pieces

    return compute


def _budget_width(depth: int) -> Callable[[], str]:
    def compute() -> str:
        ex = _lib("expressivity")
        assert depth in ex.BUDGET_DEPTHS
        return f"{ex.BUDGET // depth}"

    return compute


def _picture_neurons() -> int:
    """The neurons of both pictured networks (the same number)."""
    ex = _lib("expressivity")
    sizes = {d * w for d, w in (ex.PICTURE["shallow"], ex.PICTURE["deep"])}
    assert len(sizes) == 1, sizes
    return sizes.pop()


def _deepest_budget() -> int:
    return max(_lib("expressivity").BUDGET_DEPTHS)


def _tent_depth_max() -> int:
    return max(_lib("expressivity").TENT_DEPTHS)


# --- He Initialisation, ReLU6 and Low Precision ---------------------------------------------

_F_INIT = _formulas("test_initialisation.py")
_F_QUANT = _formulas("test_quantisation.py")
_CAP = (
    "ReLU6's cap or its range [0, 6], the definition the note states; "
    "tests/content/test_quantisation.py checks the function"
)
_LAYER_INDEX = "the index of a layer named as the reference (a definition, not a result)"


def _init(key: str) -> Callable[[], str]:
    return _result("initialisation", key)


def _quant(key: str) -> Callable[[], str]:
    return _result("quantisation", key)


def _depth_minus_one() -> str:
    return f"{_lib('initialisation').DEPTH - 1}"


def _leaky_factor() -> float:
    return 1.0 + _lib("initialisation").LEAKY_SLOPE ** 2


def _clip_top(which: Callable) -> Callable[[], float]:
    return lambda: which(_lib("quantisation").CLIP_TOPS)


def _outlier_factor(k: float) -> Callable[[], str]:
    def compute() -> str:
        assert k in _lib("quantisation").OUTLIER_FACTORS
        return f"{k:g}"

    return compute


def _ordinary_examples() -> str:
    return f"{_lib('quantisation').BATCH - 1}"


NOTES: dict[str, NoteNumbers] = {
    "index.md": NoteNumbers(
        given=[
            *given(_HOME_FORMULA, r"unit**, $\max(0, x)$", r"rectifier $\log(1 + e^x)$"),
            Given("written max(0, x)?]]: short", _FAQ_ZERO),
        ],
    ),
    "Rectified Linear Unit.md": NoteNumbers(
        given=[
            *given(
                _F_BASICS,
                r"\operatorname{ReLU}(x) = \max(0, x) =",
                r"\begin{cases} x & \text{if } x > 0, \\ 0 & \text{if } x \le 0. \end{cases}",
                "larger of $0$",
                "$x > 0$, and",
                "and $0$ otherwise.",
                "$x = 0$ both",
                "branches give $0$",
                "with $x > 0$",
                r"or $x \ge 0$",
                "for $a = 1$, $b = -1$",
                r"\operatorname{ReLU}(1) + \operatorname{ReLU}(-1) = 1 \neq 0 = "
                r"\operatorname{ReLU}\bigl(1 + (-1)\bigr).",
                r"W_2 (W_1 x + b_1) + b_2 = (W_2 W_1)\, x + (W_2 b_1 + b_2),",
                r"\operatorname{ReLU}(c\,x) = c\,\operatorname{ReLU}(x) \qquad "
                r"\text{for every } c \ge 0,",
                r"by $c \ge 0$",
                "For $c < 0$",
                r"whenever $x \neq 0$",
                "network: for $c > 0$",
                r"W_2 \operatorname{ReLU}(W_1 x + b_1) = \tfrac{1}{c} W_2 "
                r"\operatorname{ReLU}(c W_1 x + c\, b_1).",
                "slope $1$ for $x > 0$",
                "and $0$ for $x < 0$:",
                "At $x = 0$ the slope",
                "left is $0$",
                "right is $1$",
                "subgradient at $0$",
                "For $x > 0$ this says",
                r"$g \le 1$ and for $x < 0$",
                r"says $g \ge 0$",
                "subgradients at $0$ are exactly the slopes in $[0, 1]$",
                r"$\partial \operatorname{ReLU}(0) = [0, 1]$",
                "project, is $0$; any value in $[0, 1]$",
                "neither $0$ nor $1$",
                "For $x < 0$ the derivative is exactly $0$",
                "small slope for $x < 0$",
                r"$\log(1 + e^{x})$",
            ),
            *given(_YEAR, "and Hinton, 2010", "and Bengio, 2011", "Bishop, 2024"),
            *given(
                _YEAR,
                "Fukushima, 1969",
                "Fukushima, 1975",
                "Hahnloser et al., 2000",
                "Jarrett et al., 2009",
                "Leshno et al., 1993",
                "Montúfar et al., 2014",
                "Hanin and Rolnick, 2019",
                "Krizhevsky, 2010",
                "Goodfellow et al., 2013",
            ),
            *given(_BISHOP, "and Hinton, 2012", "as 8-bit fixed versus 64-bit floating"),
            Given("Concepts*, p. 185", "page of the Bishop and Bishop quotation"),
            Given("written max(0, x)?]]", _FAQ_ZERO),
        ],
    ),
    "Leaky ReLU and PReLU.md": NoteNumbers(
        checked=[
            Claim(
                "0.01",
                "with a slope of $0.01$",
                _leaky_default_slope,
                "default slope of leaky_relu (Maas et al.'s)",
            ),
        ],
        given=[
            *given(
                _F_BASICS,
                r"\operatorname{LeakyReLU}_\alpha(x) = \max(0, x) + \alpha \min(0, x) =",
                r"\begin{cases} x & \text{if } x > 0, \\ \alpha x & \text{if } x \le 0, "
                r"\end{cases}",
                r"\qquad \alpha \in (0, 1).",
                r"For $\alpha \in [0, 1]$",
                "derivative is $0$ for every negative input",
                r"\begin{cases} 1 & \text{if } x > 0, \\ \alpha & \text{if } x < 0. \end{cases}",
                "At $x = 0$ there",
                r"$\alpha \le 1$ every slope in $[\alpha, 1]$",
                r"$\alpha = 0$ reproduces",
                r"$\alpha = 0$ gives ReLU",
                r"$\alpha = 1$ gives the identity",
                r"$\alpha = -1$ gives the absolute value",
                r"$\max(0, x) - \min(0, x) = \lvert x \rvert$",
                r"for $x \ge 0$ the expression is $x - 0$",
                "$x < 0$ it is $0 - x$",
                r"condition $\alpha \in (0, 1)$",
                r"$\alpha > 1$ the left",
                r"\frac{\partial}{\partial \alpha_j} \operatorname{PReLU}_{\alpha_j}(x) = "
                r"\min(0, x),",
                r"\frac{\partial L}{\partial \alpha_j} = \sum_i \frac{\partial L}{\partial y_i} "
                r"\min(0, x_i),",
                "inside $(0, 1)$",
                "pull them toward $0$",
                r"the case $\alpha = 0$",
                "tends to $0$",
            ),
            *given(_YEAR, "and Ng, 2013", "et al., 2015"),
            Given(
                "every slope at $0.25$",
                "initial PReLU slope chosen by He et al. (2015), a setting they report",
            ),
            Given("written max(0, x)?]]", _FAQ_ZERO),
        ],
    ),
    "Softplus.md": NoteNumbers(
        checked=[
            Claim(
                "0.693",
                r"$\log 2 \approx 0.693$",
                lambda: _softplus_beta_gap(1.0),
                "softplus(0) = log 2, the largest gap",
            ),
            Claim(
                "709.78",
                "once $x > 709.78$",
                _exp_overflow_threshold,
                "largest x whose e^x is finite in float64",
            ),
            Claim(
                "-30",
                "At $x = -30$ the naive result is already off by about one part in a thousand",
                _naive_error_example,
                "an x where naive softplus is off by about one part in a thousand",
            ),
            Claim(
                "-36.74",
                "$x < -36.74$ it is exactly $0$",
                _naive_softplus_zero_below,
                "naive softplus is 0 below -36.74",
            ),
            Claim(
                "0.139",
                "the gap is at most $0.139$",
                lambda: _softplus_beta_gap(5.0),
                "largest softplus_5 - ReLU gap",
            ),
        ],
        given=[
            *given(
                _F_BASICS,
                r"\operatorname{softplus}(x) = \log\left(1 + e^{x}\right),",
                r"\operatorname{softplus}'(x) = \frac{e^{x}}{1 + e^{x}} = \frac{1}{1 + e^{-x}} "
                r"= \sigma(x).",
                "from $0$ to $1$",
                "$(1 + e^{x}) / (1 + e^{-x}) = e^{x}$",
                r"\operatorname{softplus}(x) - \operatorname{ReLU}(x) = "
                r"\log\left(1 + e^{-\lvert x \rvert}\right),",
                r"most $\log 2 \approx",
                "(reached at $x = 0$)",
                "accuracy: $1 + e^{x}$",
                "next to $1$",
                "where doubles are $2^{-52}$ apart",
                "within about $2^{-53}$",
                "it is exactly $0$, while",
                "of $1 + t$",
                r"\operatorname{softplus}(x) = \max(0, x) + "
                r"\log\left(1 + e^{-\lvert x \rvert}\right).",
                "exceeds $1$",
                "for $x < 0$ the result",
                r"$\log(1 + e^{x})$ computed",
                r"$\beta > 0$",
                r"\operatorname{softplus}_\beta(x) = \frac{1}{\beta} "
                r"\log\left(1 + e^{\beta x}\right)",
                r"$\beta = 1$ the plain",
                r"= \frac{1}{\beta} \log\left(1 + e^{-\beta \lvert x \rvert}\right)",
                r"\in \left(0, \frac{\log 2}{\beta}\right],",
                "largest gap at $x = 0$",
                r"\rvert = \log 2 / \beta$",
                "away from $0$",
                r"at $x = 0$ it equals $\tfrac12$",
            ),
            Given(
                r"For $\beta = 5$",
                "the sharpness of the example whose gap the next number states (computed there)",
            ),
            *given(_YEAR, "et al., 2001", "and Bengio, 2011", "Hinton, 2013"),
            Given("written max(0, x)?]]", _FAQ_ZERO),
        ],
    ),
    "Logistic Sigmoid.md": NoteNumbers(
        checked=[
            Claim(
                r"4.5 \times 10^{-5}",
                r"falls short of $1$ by about $4.5 \times 10^{-5}$",
                lambda: float(_lib("activations").sigmoid(-10.0)),
                "1 - sigmoid(10), computed as sigmoid(-10) without cancellation",
            ),
            Claim(
                r"4.5 \times 10^{-5}",
                r"is also about $4.5 \times 10^{-5}$",
                lambda: float(_lib("activations").sigmoid_grad(10.0)),
                "sigmoid'(10)",
            ),
            Claim(
                "-709.78",
                "for $x < -709.78$ the term",
                lambda: -_exp_overflow_threshold(),
                "e^-x overflows for x below -709.78",
            ),
        ],
        given=[
            *given(
                _F_BASICS,
                r"\sigma(x) = \frac{1}{1 + e^{-x}} = \frac{e^{x}}{1 + e^{x}}.",
                "increases from $0$",
                r"-\infty$) to $1$",
                r"$\sigma(0) = \tfrac12$",
                r"point $(0, \tfrac12)$",
                r"\sigma(-x) = 1 - \sigma(x).",
                "$(1 + e^{-x})^{-1}$",
                r"\sigma'(x) = \frac{e^{-x}}{\left(1 + e^{-x}\right)^2} = "
                r"\sigma(x)\,\bigl(1 - \sigma(x)\bigr).",
                "add up to $1$",
                r"at most $\tfrac14$",
                r"both are $\tfrac12$, at $x = 0$",
                r"0 < \sigma'(x) \le \sigma'(0) = \tfrac14.",
                r"$(\tfrac14)^n$ from the",
                r"$\sigma(1 - \sigma)$",
                r"$1 - \sigma(x)$ cancels",
                "then to $0$",
                r"$e^{-\lvert x \rvert} / (1 + e^{-\lvert x \rvert})^2$",
                r"$1 - \sigma(x) = \sigma(-x) < e^{-x}$ for $x > 0$",
                r"exponentially: $\sigma(10)$ falls short of $1$",
                r"$\sigma(-10)$ exceeds $0$",
                r"the slope $\sigma'(10)$",
                r"$1 / \infty = 0$",
                "more than $1$",
                r"returning $1 / (1 + z)$ for $x \ge 0$ and $z / (1 + z)$ for $x < 0$",
                r"f(x; \alpha) = \frac{1}{1 + \exp(-x + \alpha)} = \sigma(x - \alpha),",
                r"$f(\alpha; \alpha) = 1 / (1 + e^{0}) = \tfrac12$",
                r"maximal slope $\tfrac14$",
                "with $s > 1$",
                "range $(-1, 1)$",
                r"\tanh(x) = 2\,\sigma(2x) - 1, \qquad \tanh'(x) = 1 - \tanh^2(x) = "
                r"4\,\sigma'(2x),",
                r"slope is $1$ rather than $\tfrac14$",
                r"unit outputs $\tfrac12$, never exactly $0$",
            ),
            Given("and Bengio, 2011", _YEAR),
            Given("written max(0, x)?]]: checking", _FAQ_ZERO),
        ],
    ),
    "FAQ - Why is ReLU written max(0, x).md": NoteNumbers(
        checked=[
            Claim(
                "4",
                "divides the error by about 4",
                _fd_halving_ratio,
                "error ratio when the central-difference step halves",
            ),
            Claim(
                "10^{-11}",
                "with errors near $10^{-11}$",
                _fd_best(0),
                "order of the smallest central-difference error of softplus, sigmoid, tanh",
            ),
            Claim(
                "10^{-5}",
                "for steps near $10^{-5}$",
                _fd_best(1),
                "order of the step where that error is smallest",
            ),
            Claim(
                "0.5",
                "returns exactly $0.5$ however small",
                lambda: _central_difference_at_zero(0.0),
                "ReLU's central difference at 0, for every step",
            ),
            Claim(
                "0.5",
                "is none; $0.5$ is one of",
                lambda: _central_difference_at_zero(0.0),
                "ReLU's central difference at 0, again",
            ),
            Claim(
                "0.55",
                "for example $0.55$ when $\\alpha$ is a tenth",
                lambda: _central_difference_at_zero(0.1),
                "the same for leaky ReLU with alpha 0.1",
            ),
        ],
        given=[
            *given(
                _F_BASICS,
                r"$\max(0, x)$ says",
                "larger of $0$ and $x$",
                "$0$ when $x$ is negative",
                r"\operatorname{ReLU}(x) = \begin{cases} x & \text{if } x \ge 0, \\ 0 & "
                r"\text{otherwise,} \end{cases}",
                "at $x = 0$ both cases give $0$",
                "array with $0$",
                "with the $0$ broadcast",
                r"$\alpha \in [0, 1]$",
                r"$\operatorname{ReLU}(1) + \operatorname{ReLU}(-1) = 1$",
                r"$\operatorname{ReLU}(0) = 0$",
                "abruptly at $0$",
                "$1$ on the positive side and $0$",
                r"ReLU]], $\max(0, x) + \alpha \min(0, x)$",
                r"$\alpha > 0$",
                "instead of $0$",
                r"| ReLU | $\max(0, x)$ | $1$ for $x > 0$, $0$ for $x < 0$ |",
                r"| $\max(0, x) + \alpha \min(0, x)$ | $1$ for $x > 0$, $\alpha$ for $x < 0$ |",
                r"| $\log(1 + e^{x})$",
                r"$\sigma(x) = 1 / (1 + e^{-x})$",
                r"$\sigma(x)\,(1 - \sigma(x))$",
                r"$1 - \tanh^2 x$",
                r"\frac{f(x + h) - f(x - h)}{2h} = f'(x) + \frac{h^2}{6} f'''(x) + O(h^4)",
                "proportional to $h^2$",
                "proportional to $1/h$",
                r"at least $\tfrac12$",
                "of $x = 0$",
                "At $x = 0$, ReLU's",
                "one-sided slopes, $1$",
                "$0$ from the left, for every $h > 0$",
                r"\frac{\operatorname{ReLU}(h) - \operatorname{ReLU}(-h)}{2h} = "
                r"\frac{h - 0}{2h} = \frac12,",
                "subgradients in $[0, 1]$",
                "not the value $0$",
                "quotient at $0$",
                r"$(1 + \alpha)/2$",
                r"has slope $\tfrac12$ at $0$",
            ),
            Given("# FAQ: why is ReLU written max(0, x)?", _FAQ_ZERO),
        ],
    ),
    "Choosing an Activation.md": NoteNumbers(
        checked=[
            Claim(
                "0.606",
                "$0.606$ on average",
                _mean_slope("tanh", 1.0),
                "E tanh'(Z), Z standard normal",
            ),
            Claim(
                "0.207",
                "the sigmoid $0.207$",
                _mean_slope("sigmoid", 1.0),
                "E sigmoid'(Z)",
            ),
            Claim(
                "0.0795",
                "only $0.0795$ and",
                _mean_slope("tanh", 10.0),
                "E tanh'(10 Z)",
            ),
            Claim(
                "0.0393",
                "and $0.0393$. Inputs",
                _mean_slope("sigmoid", 10.0),
                "E sigmoid'(10 Z)",
            ),
        ],
        given=[
            *given(_STEP, "1. start with", "2. if that", "3. only then"),
            *given(
                _F_RELATIVES,
                "derivative is $1$ for every positive",
                "exactly\n$0$, so a unit",
                r"$\max(0, x) + \alpha \min(0, x)$",
                r"at most $\tfrac14$",
                r"centred near $\tfrac12$",
                "centred at $0$",
                "slope near $1$",
                "derivative is $0$ or $1$, leaky ReLU's $\\alpha$ or $1$",
                r"$\beta = 1$",
                "overshoot $1$",
                "only near $0$",
                "$0$ and standard",
                r"it is $\tfrac12$ at every scale",
                r"$(1 + \alpha)/2$",
                r"also exactly $\tfrac12$",
                "$f'(x) + f'(-x) = 1$",
                r"about $0$ gives $\tfrac12$",
                "slope is $0$ for half of the inputs and $1$",
            ),
            *given(
                "the scale at which the two averages that follow it are computed (1 and 10 in "
                "the claims above)",
                "At $s = 1$",
                "at $s = 10$",
            ),
            *given(
                _YEAR,
                "et al., 2012",
                "et al., 2011",
                "et al., 2016",
                "and Bishop, 2024",
                "et al., 2013",
                "et al., 2015",
                "Vaswani et al., 2017",
                "Devlin et al., 2019",
                "Shazeer, 2020",
            ),
            *given(
                "the cap of ReLU6, min(max(0, x), 6), by its definition (the note ReLU6 and Low "
                "Precision states and tests it)",
                "cap ReLU at $6$",
                r"ReLU6, $\min(\max(0, x), 6)$",
            ),
            Given(
                "a training error of 25 % reached six",
                "the training error at which Krizhevsky et al. compare ReLU and tanh units",
            ),
            Given("on CIFAR-10, not on", "name of a dataset"),
        ],
    ),
    "Smooth Relatives of ReLU.md": NoteNumbers(
        checked=[
            Claim(
                "1.6733",
                r"Numerically $\alpha \approx 1.6733$",
                _selu("alpha"),
                "SELU's alpha, from its defining equations",
            ),
            Claim(
                "1.0507",
                r"and $\lambda \approx 1.0507$",
                _selu("lambda"),
                "SELU's lambda, from its defining equations",
            ),
            Claim(
                "-1.7581",
                r"saturates at $-\lambda\alpha \approx -1.7581$,",
                lambda: -_selu("product")(),
                "-lambda * alpha: SELU's limit at -inf",
            ),
            Claim(
                "-1.7581",
                r"| SELU | corner at $0$ | $-\lambda\alpha \approx -1.7581$ |",
                lambda: -_selu("product")(),
                "the same limit, in the table",
            ),
            Claim(
                "-0.7518",
                r"minimum at $x \approx -0.7518$, with value",
                _minimum("gelu", 0),
                "GELU's minimiser",
            ),
            Claim(
                "-0.1700",
                r"with value $\approx -0.1700$",
                _minimum("gelu", 1),
                "GELU's minimum value",
            ),
            Claim(
                "-0.1700",
                r"| $\approx -0.1700$ at $x \approx -0.7518$ |",
                _minimum("gelu", 1),
                "GELU's minimum value, in the table",
            ),
            Claim(
                "-0.7518",
                r"| $\approx -0.1700$ at $x \approx -0.7518$ |",
                _minimum("gelu", 0),
                "GELU's minimiser, in the table",
            ),
            Claim(
                "0.044715",
                r"\left(x + 0.044715\, x^{3}\right)",
                lambda: _lib("relatives").GELU_TANH_COEFF,
                "the cubic coefficient of the tanh approximation, as the code uses it",
            ),
            Claim(
                "2.70",
                r"at $\lvert x \rvert \approx 2.70$",
                lambda: _lib("relatives").gelu_tanh_max_error()[1],
                "|x| where the tanh approximation errs most",
            ),
            Claim(
                "0.00047",
                "is $0.00047$. A cruder",
                lambda: _lib("relatives").gelu_tanh_max_error()[0],
                "largest error of GELU's tanh approximation",
            ),
            Claim(
                "1.702",
                r"$x\, \sigma(1.702\, x)$, is off",
                lambda: _lib("relatives").GELU_SIGMOID_SCALE,
                "the slope of the sigmoid approximation, as the code uses it",
            ),
            Claim(
                "0.020",
                "is off by up to $0.020$",
                lambda: _lib("relatives").gelu_sigmoid_max_error()[0],
                "largest error of x sigmoid(1.702 x)",
            ),
            Claim(
                "-1.2785",
                r"Numerically $x^{*} \approx -1.2785$",
                _minimum("silu", 0),
                "SiLU's minimiser",
            ),
            Claim(
                "-0.2785",
                r"$\approx -0.2785$: the same digits",
                _minimum("silu", 1),
                "SiLU's minimum value",
            ),
            Claim(
                "-0.2785",
                r"| SiLU | smooth | $0$ | $\approx -0.2785$ at",
                _minimum("silu", 1),
                "SiLU's minimum value, in the table",
            ),
            Claim(
                "-1.2785",
                r"$\approx -0.2785$ at $x \approx -1.2785$ |",
                _minimum("silu", 0),
                "SiLU's minimiser, in the table",
            ),
            Claim(
                "-0.3088",
                r"Its minimum is $\approx -0.3088$",
                _minimum("mish", 1),
                "Mish's minimum value",
            ),
            Claim(
                "-1.1924",
                r"at $x \approx -1.1924$: the deepest",
                _minimum("mish", 0),
                "Mish's minimiser",
            ),
            Claim(
                "-0.3088",
                r"| Mish | smooth | $0$ | $\approx -0.3088$ at",
                _minimum("mish", 1),
                "Mish's minimum value, in the table",
            ),
            Claim(
                "-1.1924",
                r"$\approx -0.3088$ at $x \approx -1.1924$ |",
                _minimum("mish", 0),
                "Mish's minimiser, in the table",
            ),
        ],
        given=[
            *given(
                _F_RELATIVES,
                "corner at $0$ and is exactly $0$",
                "from $0$ to $1$. They",
                "back to $0$",
                r"$\sigma(x) = 1/(1 + e^{-x})$",
                r"parameter $\alpha > 0$",
                r"\begin{cases} x & \text{if } x > 0, \\ \alpha\left(e^{x} - 1\right) & "
                r"\text{if } x \le 0. \end{cases}",
                r"usually with $\alpha = 1$",
                r"\begin{cases} 1 & \text{if } x > 0, \\ \alpha e^{x} = "
                r"\operatorname{ELU}_\alpha(x) + \alpha & \text{if } x < 0. \end{cases}",
                "left derivative at $0$",
                "right one is $1$",
                r"only $\alpha = 1$ gives",
                "jumps from $1$ to $0$",
                "mean $0$ and variance $1$",
                r"\mathbb{E}\left[\operatorname{SELU}(Z)\right] = 0,",
                r"\mathbb{E}\left[\operatorname{SELU}(Z)^2\right] = 1,",
                r"\qquad Z \sim \mathcal{N}(0, 1).",
                "mean near $0$ and variance near $1$",
                r"$\mathbb{E}[Z;\, Z > 0] = 1/\sqrt{2\pi}$",
                r"$\Pr(Z \le 0) = 1/2$",
                "for $t > 0$",
                r"$\mathbb{E}[e^{tZ};\, Z \le 0] = e^{t^2/2}\, \Phi(-t)$",
                r"\frac{1}{\sqrt{2\pi}} + \alpha\left(\sqrt{e}\, \Phi(-1) - \frac12\right) = 0",
                r"\alpha = \frac{\sqrt{2/\pi}}{1 - \sqrt{e}\, "
                r"\operatorname{erfc}\left(1/\sqrt{2}\right)},",
                r"\lambda = \left(\frac12 + \alpha^2 \left(e^{2}\, \Phi(-2) - 2\sqrt{e}\, "
                r"\Phi(-1) + \frac12\right)\right)^{-1/2}.",
                "slope jumps at $0$",
                r"ELU with $\alpha = 1$ it",
                r"\operatorname{GELU}(x) = x\, \Phi(x) = \frac{x}{2}\left(1 + "
                r"\operatorname{erf}\left(\frac{x}{\sqrt{2}}\right)\right).",
                "and output $0$",
                "exactly when $x > 0$",
                "back towards $0$",
                r"\operatorname{GELU}(x) \approx \frac{x}{2}\left(1 + "
                r"\tanh\left(\sqrt{2/\pi}\,",
                r"x^{3}\right)\right)\right).",
                r"$\beta > 0$ are",
                r"With $\beta = 1$ the two",
                r"As $\beta \to 0$ Swish tends to $x/2$",
                r"\operatorname{Swish}_\beta'(x) = \sigma(\beta x) + \beta x\, "
                r"\sigma(\beta x)\bigl(1 - \sigma(\beta x)\bigr).",
                r"$1 + x^{*}(1 - \sigma(x^{*})) = 0$",
                r"$\sigma(x^{*}) = 1 + 1/x^{*}$",
                r"$x^{*} \sigma(x^{*}) = x^{*} + 1$",
                r"\tanh\bigl(\operatorname{softplus}(x)\bigr) = \frac{e^{2x} + 2e^{x}}"
                r"{e^{2x} + 2e^{x} + 2}.",
                r"$\tanh(\log w) = (w^2 - 1)/(w^2 + 1)$",
                "$w = 1 + e^{x}$",
                r"$\tanh' = 1 - \tanh^2$",
                r"+ x\, \sigma(x) \left(1 - \tanh^2\bigl(\operatorname{softplus}(x)\bigr)\right).",
                r"$\Phi(x) + \Phi(-x) = 1$",
                r"$\sigma(x) + \sigma(-x) = 1$",
                "$f'(x) + f'(-x) = 1$",
                r"slope below $\tfrac12$",
                r"one above $\tfrac12$",
                "slopes overshoot $1$",
                "| ReLU | corner at $0$ | $0$ | $0$, for all $x \\le 0$ |",
                "| softplus | smooth | $0$ |",
                r"| ELU, $\alpha = 1$ | continuous derivative | $-1$ |",
                "| SELU | corner at $0$ |",
                "| GELU | smooth | $0$ |",
                "| SiLU | smooth | $0$ |",
                "| Mish | smooth | $0$ |",
                r"on $\min(x, 0)$",
                r"accurate near $0$. $\Phi$",
                r"as $\tfrac12 \operatorname{erfc}(-x/\sqrt{2})$",
                r"$1 + \operatorname{erf}$",
                r"as $x\, \sigma(2u)$",
                r"$\tfrac12 (1 + \tanh u) = \sigma(2u)$",
                "$g$ is $0$",
                r"$\infty \cdot 0$",
            ),
            *given(
                _YEAR,
                "et al., 2001",
                "et al., 2016",
                "Klambauer et al., 2017",
                "and Gimpel, 2016",
                "Gimpel (2016)]], the paper of the GELU",
                "et al., 2018",
                "Ramachandran et al., 2017",
                "Misra, 2019",
                "Vaswani et al., 2017",
                "Devlin et al., 2019",
                "Shazeer, 2020",
                "Chowdhery et al., 2022",
                "Touvron et al., 2023",
            ),
        ],
    ),
    "Dying ReLU.md": NoteNumbers(
        checked=[
            Claim("64", "hidden layer of 64 units", _setting("dying", "N_HIDDEN"), "hidden units"),
            Claim("32", "from 32 evenly spaced points", _setting("dying", "N_POINTS"), "points"),
            Claim("300", "for 300 steps", _setting("dying", "N_STEPS"), "gradient-descent steps"),
            Claim(
                "0.05",
                "learning rates from 0.05 to 0.5",
                _setting("dying", "LEARNING_RATES", min),
                "smallest learning rate",
            ),
            Claim(
                "0.5",
                "learning rates from 0.05 to 0.5",
                _setting("dying", "LEARNING_RATES", max),
                "largest learning rate",
            ),
            Claim("100", "each of 100 seeds", _setting("dying", "SEEDS", len), "number of seeds"),
            Claim("100", "mean over the 100 seeds", _setting("dying", "SEEDS", len), "seeds"),
            Claim("100", r"$\sqrt{100}$", _setting("dying", "SEEDS", len), "seeds"),
            Claim("100", "networks (same 100 seeds)", _setting("dying", "SEEDS", len), "seeds"),
            Claim(
                "0.01",
                r"slope $\alpha = 0.01$",
                _setting("dying", "LEAKY_ALPHA"),
                "slope of the leaky units",
            ),
            Claim(
                "0.2",
                "Below a learning rate of 0.2",
                _setting("dying", "SAFE_RATE"),
                "rate below which few units die",
            ),
            Claim(
                "1",
                "under 1 % of the ReLU units die",
                _result("dying", "relu_dead_low_bound"),
                "bound (mean + 2 s.e.) on the % dead below 0.2",
            ),
            *_pm("dying", "relu_dead_0.15", "0.7 ± 0.1 % at 0.15", "0.7", "0.1"),
            Claim("0.15", "0.7 ± 0.1 % at 0.15", _grid_rate(0.15), "a learning rate of the grid"),
            Claim("0.2", "From 0.2 the", _grid_rate(0.2), "a learning rate of the grid"),
            *_pm("dying", "relu_dead_0.2", "6 ± 1.3 % at 0.2", "6", "1.3"),
            Claim("0.2", "6 ± 1.3 % at 0.2", _grid_rate(0.2), "a learning rate of the grid"),
            *_pm("dying", "relu_dead_0.25", "25 ± 2.9 % at 0.25", "25", "2.9"),
            Claim("0.25", "25 ± 2.9 % at 0.25", _grid_rate(0.25), "a learning rate"),
            *_pm("dying", "relu_dead_0.3", "55 ± 3.0 % at 0.3", "55", "3.0"),
            Claim("0.3", "55 ± 3.0 % at 0.3", _grid_rate(0.3), "a learning rate of the grid"),
            *_pm("dying", "relu_dead_0.5", "91 ± 1.6 % at 0.5", "91", "1.6"),
            Claim("0.5", "91 ± 1.6 % at 0.5", _grid_rate(0.5), "a learning rate of the grid"),
            Claim("0.2", "At 0.2 the median seed", _grid_rate(0.2), "a learning rate of the grid"),
            Claim("1.6", "median seed loses\n1.6 %", _result("dying", "median_0.2"), "median %"),
            Claim(
                "9",
                "yet 9 % of the seeds",
                _result("dying", "seeds_over_20_0.2"),
                "% of seeds losing over a fifth at 0.2",
            ),
            Claim("0.25", "at 0.25 that share is", _grid_rate(0.25), "a learning rate"),
            Claim(
                "41",
                "that share is\n41 %",
                _result("dying", "seeds_over_20_0.25"),
                "% of seeds losing over a fifth at 0.25",
            ),
            Claim("0.3", "at 0.3 it is 84 %", _grid_rate(0.3), "a learning rate"),
            Claim(
                "84",
                "at 0.3 it is 84 %",
                _result("dying", "seeds_over_20_0.3"),
                "% of seeds losing over a fifth at 0.3",
            ),
            Claim(
                "0.2",
                "ranges from 0.2 to 0.35",
                _result("dying", "threshold_low"),
                "5th percentile of the per-seed threshold rate",
            ),
            Claim(
                "0.35",
                "ranges from 0.2 to 0.35",
                _result("dying", "threshold_high"),
                "95th percentile of the per-seed threshold rate",
            ),
            Claim(
                "0.3",
                "with a median of 0.3",
                _result("dying", "threshold_median"),
                "median per-seed threshold rate",
            ),
            Claim(
                "0.25",
                "between the rates\n0.25 and 0.3",
                _result("dying", "cross_40_below"),
                "last rate whose mean is below 40 %",
            ),
            Claim(
                "0.3",
                "between the rates\n0.25 and 0.3",
                _result("dying", "cross_40_above"),
                "first rate whose mean is above 40 %",
            ),
            Claim(
                "34",
                "34 % of the seeds",
                _result("dying", "seeds_over_40_0.25"),
                "% of seeds losing over 40 % at 0.25",
            ),
            Claim("0.25", "of their units at 0.25", _grid_rate(0.25), "a learning rate"),
            Claim(
                "76",
                "and 76 % at 0.3",
                _result("dying", "seeds_over_40_0.3"),
                "% of seeds losing over 40 % at 0.3",
            ),
            Claim("0.3", "and 76 % at 0.3", _grid_rate(0.3), "a learning rate"),
            Claim("0.5", "at 0.5 the mean is above", _grid_rate(0.5), "a learning rate"),
            Claim(
                "90",
                "the mean is above 90 %",
                _result("dying", "relu_dead_0.5_floor"),
                "the mean at 0.5, rounded down to tens",
            ),
            Claim(
                "0.3",
                "At 0.3 the mean loss",
                _setting("dying", "TIMELINE_RATE"),
                "rate of the training history",
            ),
            *_pm("dying", "initial_loss", "rises from 0.40 ± 0.03", "0.40", "0.03"),
            *_pm("dying", "peak_loss", "peak of\n44 ± 4", "44", "4"),
            Claim(
                "2",
                "between steps 2 and 8",
                _result("dying", "first_peak_step"),
                "earliest step of the peak",
            ),
            Claim(
                "8",
                "between steps 2 and 8",
                _result("dying", "last_peak_step"),
                "latest step of the peak",
            ),
            Claim(
                "3",
                "(median step 3)",
                _result("dying", "median_peak_step"),
                "median step of the peak",
            ),
            Claim(
                "98",
                "In the 98 seeds",
                _result("dying", "seeds_with_dead"),
                "seeds with a dead unit at 0.3",
            ),
            *_pm("dying", "dead_by_checkpoint", "average 84 ± 2 % of the units", "84", "2"),
            Claim("300", "after step 300", _setting("dying", "N_STEPS"), "the last step"),
            Claim("10", "by step 10", _setting("dying", "CHECKPOINT"), "the early checkpoint"),
            *_pm("dying", "leaky_negative_0.3", "55 ± 3.0 % at a learning", "55", "3.0"),
            Claim("0.3", "at a learning rate of 0.3 and", _grid_rate(0.3), "a learning rate"),
            *_pm("dying", "leaky_negative_0.45", "88 ± 1.7 % at 0.45", "88", "1.7"),
            Claim("0.45", "88 ± 1.7 % at 0.45", _grid_rate(0.45), "a learning rate"),
            Claim(
                "64000",
                "Of the 64000 leaky units",
                _result("dying", "leaky_units_total"),
                "leaky units over all rates and seeds",
            ),
            Claim(
                "57",
                "57 kept",
                _result("dying", "leaky_frozen"),
                "leaky units unchanged over the last steps",
            ),
            Claim(
                "100",
                "over the last 100 steps",
                _setting("dying", "FROZEN_WINDOW"),
                "steps a frozen unit is unchanged",
            ),
            Claim(
                "1",
                "all in 1 seed",
                _result("dying", "leaky_frozen_seeds"),
                "seeds with a frozen leaky unit",
            ),
            Claim(
                "0.5",
                "at the rate 0.5",
                _result("dying", "leaky_frozen_rate"),
                "the rate of the frozen leaky units",
            ),
            Claim(
                r"1.7 \times 10^{-17}",
                r"at most $1.7 \times 10^{-17}$",
                lambda: float(_result("dying", "leaky_frozen_relative_step")()),
                "largest step of a frozen leaky unit relative to its bias",
            ),
            Claim(
                r"2.2 \times 10^{-16}",
                r"($2.2 \times 10^{-16}$ relative)",
                lambda: float(np.finfo(np.float64).eps),
                "spacing of float64 numbers at 1 (machine epsilon)",
            ),
            Claim(
                "25356",
                "Of the 25356 leaky units",
                _result("dying", "leaky_negative_early"),
                "leaky units negative on every input at the checkpoint",
            ),
            Claim(
                "10",
                "on every input after 10 steps",
                _setting("dying", "CHECKPOINT"),
                "the early checkpoint",
            ),
            Claim(
                "87",
                "steps, 87 (0.3 %)",
                _result("dying", "leaky_came_back"),
                "leaky units that came back",
            ),
            Claim(
                "0.3",
                "steps, 87 (0.3 %)",
                _result("dying", "leaky_came_back_percent"),
                "% of the negative leaky units that came back",
            ),
            Claim(
                "0",
                "ReLU the count is 0, as it must be",
                _result("dying", "relu_came_back"),
                "dead ReLU units that came back",
            ),
            Claim(
                "0.9",
                r"momentum $\beta = 0.9$",
                _setting("dying", "MOMENTUM"),
                "momentum of the revival runs",
            ),
            Claim(
                "0.1",
                "learning rates 0.1, 0.2 and 0.3",
                _setting("dying", "MOMENTUM_RATES", min),
                "smallest rate with momentum",
            ),
            Claim(
                "0.2",
                "learning rates 0.1, 0.2 and 0.3",
                lambda: f"{_lib('dying').MOMENTUM_RATES[1]:g}",
                "middle rate with momentum",
            ),
            Claim(
                "0.3",
                "learning rates 0.1, 0.2 and 0.3",
                _setting("dying", "MOMENTUM_RATES", max),
                "largest rate with momentum",
            ),
            Claim(
                "3546",
                "3546 units were negative",
                _result("dying", "momentum_ever_negative"),
                "units negative on every input at some step, with momentum",
            ),
            Claim(
                "5",
                "and 5 of them, in 3 seeds",
                _result("dying", "momentum_revived"),
                "units revived under momentum",
            ),
            Claim(
                "3",
                "and 5 of them, in 3 seeds",
                _result("dying", "momentum_revived_seeds"),
                "seeds with a revived unit under momentum",
            ),
            Claim(
                "0",
                "the same count is 0 at every rate",
                _result("dying", "relu_came_back"),
                "units revived under plain gradient descent",
            ),
            Claim(
                "2000",
                "(2000 seeds per width)",
                _result("initialisation", "born_dead_seeds"),
                "seeds per width of the born-dead experiment",
            ),
            Claim("10", "at depth 10 a network", lambda: "10", "depth (a setting)"),
            *_born_dead(),
            Claim("8", "a deep network of width 8", _born_dead_width(8), "a width of the grid"),
            Claim("2", "one\n  of width 2", _born_dead_width(2), "a width of the grid"),
        ],
        given=[
            *given(
                _F_DYING,
                r"$x_1, \dots, x_N$",
                r"z_j(x_i) \le 0 \quad \text{for every } i = 1, \dots, N.",
                "unit outputs $0$",
                r"$\operatorname{ReLU}'(z_j)$ is $0$",
                "(at $z_j = 0$",
                "every $z < 0$",
                "spread over $[-1, 1]$",
                "in $[-1, 1]$ by full-batch",
                r"$L = \tfrac12 \operatorname{mean}_i (\hat y_i - y_i)^2$",
                r"$\max(0, z) + \alpha \min(0, z)$",
                "the interval $[-1, 1]$",
            ),
            Given("Kingma and Ba, 2015", _YEAR),
            Given("Lu et al., 2019", _YEAR),
            Given("as much as 40 % of a network", "the course notes' figure, quoted"),
            Given("40 % is crossed", "the course notes' figure, quoted just before"),
            Given("lose more than 40 % of their units", "the course notes' figure, quoted"),
            Given("over 90 % of the\nseeds", "the share between the 5th and 95th percentiles"),
        ],
    ),
    "Leaky Units and Running Averages.md": NoteNumbers(
        checked=[
            Claim("0", "a jump from 0 to 1", lambda: _step_level(0), "level before the jump"),
            Claim("1", "a jump from 0 to 1", lambda: _step_level(-1), "level after the jump"),
            Claim(
                "0.1",
                r"With $\alpha = 0.1$ the average",
                _result("running_average", "alpha_low"),
                "alpha near 0 in the figures",
            ),
            Claim(
                "0.9",
                r"itself; with $\alpha = 0.9$",
                _result("running_average", "alpha_mid"),
                "middle alpha",
            ),
            Claim(
                "0.99",
                r"with $\alpha = 0.99$ it is smoother",
                _result("running_average", "alpha_high"),
                "alpha near 1",
            ),
            Claim(
                "10",
                r"10 steps for $\alpha = 0.9$",
                _result("running_average", "memory_mid"),
                "1 / (1 - 0.9)",
            ),
            Claim(
                "0.9",
                r"10 steps for $\alpha = 0.9$",
                _result("running_average", "alpha_mid"),
                "middle alpha",
            ),
            Claim(
                "100",
                r"100 for $\alpha = 0.99$",
                _result("running_average", "memory_high"),
                "1 / (1 - 0.99)",
            ),
            Claim(
                "0.99",
                r"100 for $\alpha = 0.99$",
                _result("running_average", "alpha_high"),
                "alpha near 1",
            ),
            Claim("9", "one less: 9 and 99", _result("running_average", "age_mid"), "age, 0.9"),
            Claim("99", "one less: 9 and 99", _result("running_average", "age_high"), "age, 0.99"),
            Claim(
                "0.9",
                r"For $\alpha = 0.9$, $h = 6.58$",
                _result("running_average", "alpha_mid"),
                "middle alpha",
            ),
            Claim(
                "6.58",
                r"For $\alpha = 0.9$, $h = 6.58$",
                _result("running_average", "half_life_mid"),
                "half-life for alpha 0.9",
            ),
            Claim(
                "0.99",
                r"for $\alpha = 0.99$, $h = 68.97$",
                _result("running_average", "alpha_high"),
                "alpha near 1",
            ),
            Claim(
                "68.97",
                r"for $\alpha = 0.99$, $h = 68.97$",
                _result("running_average", "half_life_high"),
                "half-life for alpha 0.99",
            ),
            Claim(
                "69.31",
                r"gives 69.31 for $\alpha = 0.99$",
                _result("running_average", "half_life_high_approx"),
                "log 2 / (1 - 0.99)",
            ),
            Claim(
                "0.99",
                r"gives 69.31 for $\alpha = 0.99$",
                _result("running_average", "alpha_high"),
                "alpha near 1",
            ),
            Claim(
                "0.90",
                r"by a factor 0.90 for $\alpha = 0.1$",
                _result("running_average", "sd_low"),
                "noise sd factor for alpha 0.1",
            ),
            Claim(
                "0.1",
                r"by a factor 0.90 for $\alpha = 0.1$",
                _result("running_average", "alpha_low"),
                "alpha near 0",
            ),
            Claim(
                "0.23",
                r"0.23 for $\alpha = 0.9$",
                _result("running_average", "sd_mid"),
                "noise sd factor for alpha 0.9",
            ),
            Claim(
                "0.9",
                r"0.23 for $\alpha = 0.9$",
                _result("running_average", "alpha_mid"),
                "middle alpha",
            ),
            Claim(
                "0.071",
                r"0.071 for $\alpha = 0.99$",
                _result("running_average", "sd_high"),
                "noise sd factor for alpha 0.99",
            ),
            Claim(
                "0.99",
                r"0.071 for $\alpha = 0.99$",
                _result("running_average", "alpha_high"),
                "alpha near 1",
            ),
            Claim(
                "0.99",
                r"With $\alpha = 0.99$ the derivative",
                _result("running_average", "alpha_high"),
                "alpha near 1",
            ),
            Claim(
                "0.37",
                r"$0.99^{100} \approx 0.37$",
                _result("running_average", "gradient_high_100"),
                "0.99 ** 100",
            ),
            Claim(
                "0.9",
                r"with $\alpha = 0.9$ it is only about",
                _result("running_average", "alpha_mid"),
                "middle alpha",
            ),
            Claim(
                r"2.7 \times 10^{-5}",
                r"only about $2.7 \times 10^{-5}$",
                _scaled(_result("running_average", "gradient_mid_100"), -5),
                "0.9 ** 100",
            ),
            Claim(
                "0.01",
                r"such as $\alpha = 0.01$",
                _leaky_default_slope,
                "default slope of leaky_relu",
            ),
        ],
        given=[
            *given(
                _F_RUNNING,
                r"$\mu^{(t)} \leftarrow \alpha \mu^{(t-1)} + (1 - \alpha) v^{(t)}$",
                r"self-connection from $\mu^{(t-1)}$",
                r"$v^{(1)}, v^{(2)}, \dots$",
                r"$0 \le \alpha < 1$",
                r"starting value $\mu^{(0)}$",
                r"\mu^{(t)} = \alpha\, \mu^{(t-1)} + (1 - \alpha)\, v^{(t)}, \qquad "
                r"t = 1, 2, \dots",
                r"\mu^{(t)} = \alpha^{t} \mu^{(0)} + \sum_{k=0}^{t-1} (1 - \alpha)\, "
                r"\alpha^{k}\, v^{(t-k)} .",
                r"$(1 - \alpha)\alpha^k$",
                r"$1 - \alpha^t$",
                r"weight $1 - \alpha$",
                r"spans $1/(1 - \alpha)$",
                r"$\sum_k k\,(1 - \alpha)\alpha^k = \alpha/(1 - \alpha)$",
                r"$\alpha^h = 1/2$",
                r"h = \frac{\log(1/2)}{\log \alpha} .",
                r"$\log \alpha \approx -(1 - \alpha)$",
                r"$h \approx \log 2 / (1 - \alpha)$",
                r"$1 - \alpha^n$",
                r"with variance $\sigma^2$",
                r"$\sigma^2 \sum_k (1 - \alpha)^2 \alpha^{2k} = "
                r"\sigma^2 (1 - \alpha)/(1 + \alpha)$",
                r"$\partial \mu^{(t)} / \partial \mu^{(t-1)} = \alpha$",
                r"\frac{\partial \mu^{(t)}}{\partial v^{(t-k)}} = (1 - \alpha)\,\alpha^{k} .",
                r"roughly $1/(1 - \alpha)$",
                r"$s^{(t)} = \alpha\, s^{(t-1)} + (1 - \alpha)\, \phi(a^{(t)})$",
                r"$a^{(t)} = w\, x^{(t)} + u\, s^{(t-1)} + b$",
                r"\frac{\partial s^{(t)}}{\partial s^{(t-1)}} = \alpha + (1 - \alpha)\, u\, "
                r"\phi'(a^{(t)}) ,",
                r"$s^{(t)} = \alpha s^{(t-1)} + (1 - \alpha)\,\phi(\cdot)$",
                r"$\max(0, z) + \alpha \min(0, z)$",
                r"fraction $1 - \alpha$",
                r"$\alpha$ instead of $0$",
            ),
            Given(
                "derivative across 100 steps is $0.99^{100}",
                "the number of steps of the example, and its power",
            ),
            Given(
                "§10.9.2, p. 396 of the",
                "section and page of the Goodfellow, Bengio and Courville quotation (the page as "
                "the source note gives it)",
            ),
            Given("et al., 2016", _YEAR),
        ],
    ),
    "Sparse Rectifier Networks.md": NoteNumbers(
        checked=[
            Claim("10", "network of 10 layers", _result("sparsity", "layers"), "layers"),
            Claim("512", "of 512 units each", _result("sparsity", "width"), "units per layer"),
            Claim(
                "1000",
                "it 1000 standard Gaussian input vectors",
                _result("sparsity", "inputs"),
                "Gaussian inputs",
            ),
            Claim(
                "48.6",
                "between 48.6 % and 52.1 %",
                _result("sparsity", "zeros_min"),
                "lowest % of exact zeros in a layer",
            ),
            Claim(
                "52.1",
                "between 48.6 % and 52.1 %",
                _result("sparsity", "zeros_max"),
                "highest % of exact zeros in a layer",
            ),
            Claim(
                "50.1",
                "50.1 % on average",
                _result("sparsity", "zeros_mean"),
                "mean % of exact zeros",
            ),
            Claim(
                "0.32",
                "rises from 0.32 after the first layer",
                _result("sparsity", "similarity_first"),
                "mean cosine similarity after layer 1",
            ),
            Claim(
                "0.85",
                "to 0.85 after the tenth",
                _result("sparsity", "similarity_last"),
                "mean cosine similarity after the last layer",
            ),
            Claim(
                "10",
                "tenth layer 10 % of the units",
                _result("sparsity", "always_zero_last"),
                "% of units zero on all inputs in the last layer",
            ),
            Claim(
                "1000",
                "for all 1000 inputs",
                _result("sparsity", "inputs"),
                "Gaussian inputs",
            ),
            Claim(
                "-745.13",
                "for $z < -745.13$",
                lambda: -float(_result("sparsity", "softplus_zero_below")()),
                "softplus is exactly 0 below this z",
            ),
            Claim(
                "0",
                "zeros is 0 % in every layer",
                _result("sparsity", "softplus_zeros"),
                "% exact zeros with softplus",
            ),
            Claim(
                r"5.0 \times 10^{-5}",
                r"$5.0 \times 10^{-5}$. A smooth",
                _scaled(_result("sparsity", "softplus_smallest"), -5),
                "smallest softplus output",
            ),
            Claim(
                "0.1",
                "at learning rate 0.1",
                _result("sparsity", "l1_rate"),
                "learning rate with the penalty",
            ),
            Claim("30", "over\n30 seeds", _result("sparsity", "l1_seeds"), "seeds of the L1 runs"),
            Claim("4000", "settle within 4000 steps", _result("sparsity", "l1_steps"), "steps"),
            Claim("2000", "After 2000 steps", _l1_checkpoint(2000), "a checkpoint of the L1 runs"),
            Claim(
                "0.01",
                r"with $\lambda = 0.01$, 85.3",
                _result("sparsity", "l1_middle"),
                "second-strongest penalty",
            ),
            *_pm("sparsity", "l1_zeros_0.01_2000", "85.3 ± 0.3 % of the hidden", "85.3", "0.3"),
            *_pm("sparsity", "l1_dead_0.01_2000", "and 31 ± 0.9 % of", "31", "0.9"),
            Claim("4000", "after 4000 steps, 93.1", _l1_checkpoint(4000), "last checkpoint"),
            *_pm("sparsity", "l1_zeros_0.01_4000", "steps, 93.1 ± 0.1 %", "93.1", "0.1"),
            *_pm("sparsity", "l1_dead_0.01_4000", "and 62 ± 0.8 %", "62", "0.8"),
            Claim(
                "0.03",
                r"With $\lambda = 0.03$ the",
                _result("sparsity", "l1_strongest"),
                "strongest penalty",
            ),
            *_pm("sparsity", "l1_zeros_0.03_2000", "go from 95.6 ± 0.1 %", "95.6", "0.1"),
            *_pm("sparsity", "l1_dead_0.03_2000", "and 77 ± 0.5 % to", "77", "0.5"),
            *_pm("sparsity", "l1_zeros_0.03_4000", "to 97.2 ± 0.1 %", "97.2", "0.1"),
            *_pm("sparsity", "l1_dead_0.03_4000", "and\n89 ± 0.3 %", "89", "0.3"),
            *_pm("sparsity", "l1_zeros_0_4000", "start, 50.3 ± 0.4 % zeros", "50.3", "0.4"),
            *_pm("sparsity", "l1_dead_0_4000", "the mean (0 ± 0.1 %)", "0", "0.1"),
            Claim("4000", "0.1 %) after 4000", _l1_checkpoint(4000), "last checkpoint"),
            Claim("4000", "squared error after 4000", _l1_checkpoint(4000), "last checkpoint"),
        ],
        given=[
            *given(
                _F_SPARSITY,
                r"$h = (h_1, \dots, h_n)$",
                r"s(h) = \frac{1}{n}\, \bigl\lvert \{\, j : h_j = 0 \,\} \bigr\rvert .",
                "off outputs $0.0$",
                "$z_j = 0$ has probability",
                "so $z_j < 0$",
                r"for $c \ge 0$",
                r"Softplus, $\log(1 + e^{z})$",
                r"output $h_j \ge 0$",
                r"f(x) = W_L D_{L-1} W_{L-1} \cdots D_1 W_1 x",
                "name $2^n$ patterns",
                "it outputs $1/2$",
            ),
            Given("et al., 2011", _YEAR),
            Given(
                "at about 1 to 4 %",
                "share of neurons active at once, as Glorot et al. (2011) cite it",
            ),
        ],
    ),
    "Rectifiers in Modern Architectures.md": NoteNumbers(
        checked=[
            Claim(
                "4",
                r"$d_\text{ff} = 4\,",
                lambda: _lib("modern").TRANSFORMER_BASE[1] // _lib("modern").TRANSFORMER_BASE[0],
                "d_ff / d_model of the base Transformer",
            ),
            Claim(
                "512",
                r"$d_\text{model} = 512$",
                _setting("modern", "TRANSFORMER_BASE", lambda v: v[0]),
                "d_model of the base Transformer",
            ),
            Claim(
                "2048",
                r"and $d_\text{ff} = 2048$. The",
                _setting("modern", "TRANSFORMER_BASE", lambda v: v[1]),
                "d_ff of the base Transformer",
            ),
            Claim(
                "2.1",
                "about 2.1 million",
                _result("modern", "base_ffn_millions"),
                "weights and biases of one feed-forward layer of the base Transformer, millions",
            ),
            Claim(
                "0.044715",
                r"\left(x + 0.044715\,",
                lambda: _lib("relatives").GELU_TANH_COEFF,
                "the cubic coefficient of GELU's tanh approximation, as the code uses it",
            ),
            Claim(
                "1.702",
                r"\sigma(1.702\, x)",
                lambda: _lib("relatives").GELU_SIGMOID_SCALE,
                "the slope of GELU's sigmoid approximation, as the code uses it",
            ),
            Claim(
                "8",
                r"d\, h$ | $8$",
                _result("modern", "ungated_multiple"),
                "weights of an ungated layer of width 4d, in units of d^2",
            ),
            Claim(
                "12",
                r"d\, h$ | $12$",
                _result("modern", "gated_same_multiple"),
                "weights of a gated layer of width 4d, in units of d^2",
            ),
            Claim(
                "8",
                "h$ | $12$ | $8$ |",
                _result("modern", "gated_equal_multiple"),
                "weights of a gated layer of width 2/3 4d, in units of d^2",
            ),
            Claim(
                "50",
                "is 50 % larger",
                _result("modern", "gated_same_increase"),
                "a gated layer's weights over an ungated one's at the same width, % more",
            ),
            Claim(
                "3072",
                r"$d_\text{ff} = 3072$",
                _setting("modern", "T5_BASE", lambda v: v[1]),
                "d_ff of T5 base, Shazeer's ungated layer",
            ),
            Claim(
                "2048",
                "to $2048$ for the gated",
                _result("modern", "t5_equal_width"),
                "two thirds of 3072: the equal-parameter width",
            ),
            Claim(
                "768",
                r"$d_\text{model} = 768$",
                _setting("modern", "T5_BASE", lambda v: v[0]),
                "d_model of T5 base",
            ),
            Claim(
                "2048",
                r"Transformer's $d_\text{ff} = 2048$",
                _setting("modern", "TRANSFORMER_BASE", lambda v: v[1]),
                "d_ff of the base Transformer",
            ),
            Claim(
                "1365.33",
                "be $1365.33$",
                _result("modern", "transformer_equal_width"),
                "two thirds of 2048",
            ),
        ],
        given=[
            Given(
                "Since 2017 most",
                "the year of the Transformer (Vaswani et al., 2017, cited below)",
            ),
            *given(
                _F_MODERN,
                r"\operatorname{FFN}(x) = \max(0,\, x W_1 + b_1)\, W_2 + b_2,",
                r"\qquad W_1 \in \mathbb{R}",
                r"W_2 \in \mathbb{R}^{d_\text{ff}",
                r"The layer has $2\, d_\text{model}",
                r"\operatorname{GELU}(x) = x\, \Phi(x) = \frac{x}{2}\left(1 + "
                r"\operatorname{erf}\frac{x}{\sqrt 2}\right),",
                r"\approx \frac{x}{2}\left(1 + \tanh\left(\sqrt{2/\pi}",
                r"x^{3}\right)\right)\right)",
                "near $1$ for an open gate",
                "each at most $1$",
                r"\bigl(f(x W) \odot x V\bigr)\, W_2 .",
                r"$\max(0, a)\, b$ |",
                "held at $b = 1$",
                "become $a^2$",
                "wherever $f(a) > 0$",
                r"once $a \le 0$",
                "zero when $a < 0$",
                "only at $0$ and",
                "by $t > 0$ scales",
                "output by $t^2$",
                r"$\max(0, t a)\, t b = t^2 \max(0, a)\, b$",
                "and $W_2$, where",
                r"| layer | weights | in units of $d^2$, at $h = 4d$ |",
                r"| at $h = \tfrac23 \cdot 4d$ |",
                r"| ungated, $\max(0, xW_1) W_2$ | $2\, d\,",
                r"| gated, $(f(xW) \odot xV) W_2$ | $3\, d\,",
                r"$3 d h = 2 d \cdot 4d$ gives $h = \tfrac23 \cdot 4d$",
                r"3 \cdot d \cdot \left(\tfrac23 \cdot 4d\right) = 8 d^2 = 2 \cdot d \cdot 4d .",
                "nor on the $4$",
                r"$\tfrac23 d_\text{ff}$",
            ),
            Given(
                r"$2 \cdot 512 \cdot 2048 + 2048 + 512$",
                "the count of the formula before it at the base model's widths (claimed above); "
                "tests/content/test_modern.py checks it",
            ),
            Given(
                r"Swish at $\beta = 1$",
                "the Swish parameter PaLM and LLaMA use (SwiGLU with SiLU), as their papers say",
            ),
            Given(
                r'"$\tfrac23 4d$ instead of $4d$ as in PaLM"',
                "inside a quotation of Touvron et al. (2023) stating LLaMA's hidden width",
            ),
            *given(
                _YEAR,
                "Vaswani et al., 2017",
                "Devlin et al., 2019",
                "Dauphin et al., 2017",
                "Shazeer, 2020]] put",
                "Shazeer, 2020]])",
                "Chowdhery et al., 2022",
                "Touvron et al., 2023",
            ),
        ],
    ),
    "Expressivity of ReLU Networks.md": NoteNumbers(
        checked=[
            Claim("20", "that is 20 neurons in depth", _tent_neurons(10), "neurons of 10 tents"),
            Claim("18", "figure have 18 neurons", _picture_neurons, "neurons pictured"),
            Claim("1023", "against 1023 in one layer", _tent_shallow(10), "one-layer neurons"),
            Claim("2", "Each network has 2 inputs", _setting("expressivity", "N_INPUTS"), "inputs"),
            Claim("0.1", "standard deviation 0.1", _setting("expressivity", "BIAS_STD"), "bias sd"),
            Claim("4", "segment of length 4", _result("expressivity", "length"), "segment length"),
            Claim("-2", r"$-2 \le t \le 2$", lambda: -_lib("expressivity").HALF_LENGTH, "t from"),
            Claim("2", r"$-2 \le t \le 2$", lambda: _lib("expressivity").HALF_LENGTH, "t to"),
            Claim("50", "error over\n50 seeds", _setting("expressivity", "SEEDS", len), "seeds"),
            Claim("0.99", "gives 0.99 pieces", _result("expressivity", "per_neuron_d1"), "depth 1"),
            Claim("0.98", "layer, 0.98 with two", _result("expressivity", "per_neuron_d2"), "d 2"),
            Claim("0.94", "0.94 with four", _result("expressivity", "per_neuron_d4"), "depth 4"),
            Claim("0.69", "0.69 with eight", _result("expressivity", "per_neuron_d8"), "depth 8"),
            Claim("48", "budget of 48 neurons", _result("expressivity", "budget"), "neurons"),
            Claim("48", "One hidden layer of 48", _result("expressivity", "budget"), "neurons"),
            *_pm("expressivity", "budget_d1", "47.5 ± 0.1 pieces", "47.5", "0.1"),
            Claim("12", "four layers of 12", _budget_width(4), "width at depth 4"),
            *_pm("expressivity", "budget_d4", "12 give 46.0 ± 1.1", "46.0", "1.1"),
            Claim("6", "eight layers of 6", _budget_width(8), "width at depth 8"),
            *_pm("expressivity", "budget_d8", "give 33.8 ± 1.8", "33.8", "1.8"),
            Claim("3", "sixteen layers of 3", _budget_width(16), "width at depth 16"),
            *_pm("expressivity", "budget_d16", "only 5.3 ± 1.4", "5.3", "1.4"),
            Claim("24", "At 24 layers of two", _deepest_budget, "deepest at the budget"),
            Claim(
                "49",
                "segment in 49 of the 50 seeds",
                _result("expressivity", "budget_constant_deepest"),
                "seeds whose deepest network is constant on the segment",
            ),
            Claim("50", "49 of the 50 seeds", _setting("expressivity", "SEEDS", len), "seeds"),
            Claim("24", "architecture, 24 layers", _deepest_budget, "deepest at the budget"),
            Claim("2", "24 layers of 2, can", _budget_width(24), "width at depth 24"),
            Claim("24", "composed 24 times", _deepest_budget, "compositions of the tent map"),
            Claim("24", "$2^{24}$ pieces", _deepest_budget, "exponent: compositions"),
            Claim("2", "$2^{24}$ pieces", _tent_pieces(1), "base: pieces of one tent"),
            Claim("17", "about 17 million", lambda: 2.0 ** _deepest_budget() / 1e6, "2^24 / 1e6"),
            *_pm("expressivity", "w2_d3", "peak at 4.2 ± 0.3 pieces", "4.2", "0.3"),
            Claim("3", "at depth 3 and", _result("expressivity", "w2_peak_depth"), "peak depth"),
            *_pm("expressivity", "w2_d12", "fall to 1.4 ± 0.2", "1.4", "0.2"),
            Claim("12", "at depth 12 (the", _tent_depth_max, "largest width-2 depth"),
            Claim("4", "twelve layers of 4", _budget_width(12), "width at depth 12"),
            *_pm(
                "expressivity", "budget_regions_d12", "there are 24.0 ± 1.4 regions", "24.0", "1.4"
            ),
            *_pm("expressivity", "budget_d12", "14.4 ± 1.7 pieces.", "14.4", "1.7"),
        ],
        given=[
            *given(
                _F_EXPRESSIVITY,
                r"$x \in \mathbb{R}^{n_0}$, hidden layers",
                r"h_{\ell - 1} + b_\ell)$ for $\ell = 1",
                r"(with $h_0 = x$)",
                "its input by $1$ or by $0$",
                "a diagonal $0/1$ matrix",
                r"compact set of $\mathbb{R}^{n_0}$",
                r"$(x_0, y_0), \dots, (x_m, y_m)$, with slope $s_i$ between $x_i$ and $x_{i+1}$",
                r"f(x) = y_0 + s_0 (x - x_0) + \sum_{i=1}^{m-1} (s_i - s_{i-1})",
                r"\text{for } x \ge x_0",
                "at most $n + 1$ pieces on any line",
                "map* on $[0, 1]$ takes",
                r"T(x) = 2 \min(x, 1 - x) = 2 \operatorname{ReLU}(x) - 4 "
                r"\operatorname{ReLU}\bigl(x - \tfrac12\bigr)",
                r"(0 \le x \le 1)",
                "each half of $[0, 1]$ onto",
                "a sawtooth with $2^k$ linear pieces",
                "each: $2k$ neurons. A single hidden layer needs $2^k - 1$ neurons",
                "allows, $N + 1$;",
                "width-2 networks are nowhere near",
                "(variance $2/\\text{fan-in}$",
                "$t = -z_j(0)/z_j'$",
                "finds exactly $2^k$ pieces with their corners at $j / 2^k$",
            ),
            Given("for $k = 10$ that is", "the size of an example, a setting"),
            *given(
                "Montúfar et al.'s lower bound on the number of regions, quoted from the work",
                "showed that a network with $n_0$",
                r"width $n \ge n_0$",
                r"$(n / n_0)^{n_0 (L - 1)} n^{n_0}$",
            ),
            *given(
                _YEAR, "Leshno et al., 1993", "Montúfar et al., 2014", "Hanin and Rolnick, 2019"
            ),
            *given(_STEP, "1. on every interval", "2. those roots split"),
        ],
    ),
    "Maxout.md": NoteNumbers(
        checked=[
            Claim("0.5", "$0.5$ for one piece", _result("maxout", "square_k1"), "x² error, k = 1"),
            Claim("0.03125", "$0.03125$ for four", _result("maxout", "square_k4"), "x², k = 4"),
            Claim("0.00195", "$0.00195$ for sixteen", _result("maxout", "square_k16"), "x², 16"),
            Claim("-4", "softplus on $[-4, 4]$", lambda: _lib("maxout").SOFTPLUS_INTERVAL[0], "a"),
            Claim("4", "softplus on $[-4, 4]$", lambda: _lib("maxout").SOFTPLUS_INTERVAL[1], "b"),
            Claim("0.16", "error is $0.16$ for", _result("maxout", "softplus_k2"), "softplus, 2"),
            Claim("0.055", "$0.055$ for four", _result("maxout", "softplus_k4"), "softplus, k = 4"),
            Claim("0.0039", "$0.0039$ for sixteen", _result("maxout", "softplus_k16"), "k = 16"),
            Claim("0.99", "0.99 of the bound", _result("maxout", "softplus_ratio_16"), "ratio"),
        ],
        given=[
            *given(
                _F_MAXOUT,
                r"\max_{j = 1, \dots, k}",
                r"\max(0 \cdot x + 0,\; x)",
                r"\ (\alpha \le 1)",
                "$k > 2$ it can have more corners",
                "as at $x = 0$ in all three",
                "bends at most $k - 1$",
                r"$\tfrac12 \max f'' \cdot (h/2)^2$",
                r"\frac{(b - a)^2 \max f''}{16\, k^2}",
                "The error falls like $1/k^2$. For $f(x) = x^2$ on $[-1, 1]$",
                "error is exactly $1/(2k^2)$",
                "(the tangent at $0$, raised",
                r"is off from $x^2$ by $\ell^2/8$",
                "a $k$-th of $[-1, 1]$",
                r"is $\sigma'(0) = 1/4$, the bound is $1/k^2$",
                "most at $0$, where two cells meet",
                "closed form for $x^2$",
                "The terms with $c_i > 0$",
                "those with $c_i < 0$",
                r"$k\, m\, (d + 1)$ weights",
                "it is $1$, where",
            ),
            Given("Goodfellow et al., 2013", _YEAR),
            Given("(MNIST, CIFAR-10, CIFAR-100 and SVHN)", "names of data sets"),
        ],
    ),
    "He Initialisation.md": NoteNumbers(
        checked=[
            Claim("30", "Each of 30 seeds", _setting("initialisation", "N_SEEDS"), "seeds"),
            Claim("20", "network of 20", _setting("initialisation", "DEPTH"), "layers"),
            Claim("128", "of 128 ReLU units", _setting("initialisation", "WIDTH"), "width"),
            Claim("64", "fed 64 inputs", _setting("initialisation", "N_INPUTS"), "inputs"),
            *_pm("initialisation", "he_last", "ends at −0.08 ± 0.19", "−0.08", "0.19"),
            *_pm("initialisation", "he_step", "change of −0.004 ± 0.010", "−0.004", "0.010"),
            *_pm("initialisation", "glorot_last", "ends at −19.08 ± 0.19", "−19.08", "0.19"),
            *_pm("initialisation", "glorot_step", "(−1.004 ± 0.010 per", "−1.004", "0.010"),
            Claim("-19", "predicts $-19$", _init("glorot_theory"), "Glorot: -(depth - 1)"),
            Claim("20", "at layer 20 the He", _setting("initialisation", "DEPTH"), "last layer"),
            Claim("−1.9", "range from −1.9 to 1.6", _init("he_last_p5"), "5th percentile"),
            Claim("1.6", "range from −1.9 to 1.6", _init("he_last_p95"), "95th percentile"),
            Claim("30", "of the 30 seeds), that", _setting("initialisation", "N_SEEDS"), "seeds"),
            *_pm("initialisation", "he_first_layer", "(1.99 ± 0.01 in the", "1.99", "0.01"),
            Claim("16", "grows from 16 inputs", _init("fan_inputs"), "input width"),
            Claim("18", "through 18 units", _init("fan_first"), "width of layer 1"),
            Claim("256", "to 256 in layer 20", _init("fan_last"), "width of the top layer"),
            Claim("20", "to 256 in layer 20", _setting("initialisation", "DEPTH"), "top layer"),
            Claim("30", "(same 30 seeds", _setting("initialisation", "N_SEEDS"), "seeds"),
            Claim("3.83", "= 3.83$. With", _init("fan_theory"), "log2 of the end widths' ratio"),
            *_pm("initialisation", "fan_in_forward", "signal ends at −0.6 ± 0.3", "−0.6", "0.3"),
            *_pm("initialisation", "fan_in_backward", "at 3.7 ± 0.2 relative", "3.7", "0.2"),
            *_pm("initialisation", "fan_out_backward", "(−0.1 ± 0.2) and", "−0.1", "0.2"),
            *_pm("initialisation", "fan_out_forward", "ends at −4.5 ± 0.3", "−4.5", "0.3"),
            *_pm("initialisation", "fan_avg_forward", "at −2.6 ± 0.3 forward", "−2.6", "0.3"),
            *_pm("initialisation", "fan_avg_backward", "and 1.8 ± 0.2 backward", "1.8", "0.2"),
            Claim("0.25", "initial slope 0.25", _init("leaky_slope"), "PReLU's initial slope"),
            Claim("1.0625", "numerator is $2/1.0625", _leaky_factor, "1 + 0.25^2"),
            Claim("1.882", "= 1.882$; left", _init("leaky_gain"), "2 / (1 + 0.25^2)"),
            Claim("1.0625", r"\log_2 1.0625", _leaky_factor, "1 + 0.25^2"),
            Claim("1.66", "= 1.66$ over the", _init("leaky_theory"), "19 log2(1.0625)"),
            Claim("19", "over the 19 steps", _depth_minus_one, "steps after layer 1"),
            *_pm("initialisation", "leaky_relu_gain", "measures 1.56 ± 0.14", "1.56", "0.14"),
            *_pm("initialisation", "leaky", "ends at −0.10 ± 0.14", "−0.10", "0.14"),
            Claim("0.01", "leaky slope of $0.01$", _leaky_default_slope, "default leaky slope"),
        ],
        given=[
            *given(
                _F_INIT,
                r"\operatorname{Var}(w) = \frac{2}{n_\text{in}},",
                r"$w \sim \mathcal{N}(0,\, 2/n_\text{in})$",
                r"$\operatorname{ReLU}(z)^2 = z^2$ where $z > 0$ and $0$ elsewhere",
                r"\mathbb{E}\bigl[z^2 \mathbf{1}_{z > 0}\bigr] = \mathbb{E}\bigl[z^2 "
                r"\mathbf{1}_{z < 0}\bigr],",
                r"\mathbb{E}\bigl[z^2 \mathbf{1}_{z > 0}\bigr] + \mathbb{E}\bigl[z^2 "
                r"\mathbf{1}_{z < 0}\bigr]"
                "\n= \\mathbb{E}[z^2],",
                "since $z = 0$ adds",
                r"\mathbb{E}\bigl[\operatorname{ReLU}(z)^2\bigr] = \tfrac{1}{2}\,\mathbb{E}[z^2]"
                "\n"
                r"= \tfrac{1}{2} \operatorname{Var}(z).",
                r"with variance $s^2$ the mean is $s/\sqrt{2\pi}$",
                r"variance $s^2 \bigl(\tfrac12 - \tfrac{1}{2\pi}\bigr)$",
                r"$z_{l,i} = \sum_{j=1}^{n_\text{in}} w_{ij}\, h_j$",
                r"$h_j = \operatorname{ReLU}(z_{l-1,j})$",
                r"variance $\sigma_l^2$, so",
                r"\operatorname{Var}(z_{l,i}) = \sum_{j=1}^{n_\text{in}} \mathbb{E}[w_{ij}^2]\, "
                r"\mathbb{E}[h_j^2]"
                "\n"
                r"= n_\text{in}\, \sigma_l^2\, \mathbb{E}[h^2]"
                "\n"
                r"= \frac{n_\text{in}\, \sigma_l^2}{2}\, \operatorname{Var}(z_{l-1}).",
                r"\prod_{l=2}^{L} \frac{n_\text{in}\, \sigma_l^2}{2}.",
                r"Each factor is $1$ exactly when $\sigma_l^2 = 2/n_\text{in}$",
                r"$n_\text{in} \sigma^2 = 1$ and the backward gradient when "
                r"$n_\text{out} \sigma^2 = 1$",
                r"\operatorname{Var}(w) = \frac{2}{n_\text{in} + n_\text{out}},",
                "this is $1/n$",
                r"$n \cdot \tfrac{1}{n} \cdot \tfrac12 = \tfrac12$",
                "$2^{-(L-1)}$",
                "$c > 0$ scales everything",
                "each close to $1$",
                r"$2/n_\text{in}$ it multiplies the mean square of the input by $2$",
                r"would need $1/n_\text{in}$",
                r"$2/n_\text{in}$ for simplicity",
                r"\delta_{l-1} = \bigl(W_l^\top \delta_l\bigr) \odot "
                r"\operatorname{ReLU}'(z_{l-1}),",
                r"$\operatorname{ReLU}'(z_{l-1})$ is $1$ for about half of the units and $0$",
                r"\mathbb{E}\bigl[\delta_{l-1}^2\bigr] = \frac{n_\text{out}\, \sigma_l^2}{2}\, "
                r"\mathbb{E}\bigl[\delta_l^2\bigr],",
                r"when $\sigma_l^2 = 2/n_\text{out}$",
                r"$\log_2(256/18)",
                r"With $2/\text{fan-in}$",
                r"with $2/\text{fan-out}$",
                r"$\mathbb{E}[z^2]/2$ from the positive half and $\alpha^2\, \mathbb{E}[z^2]/2$",
                r"\mathbb{E}\bigl[\operatorname{LeakyReLU}_\alpha(z)^2\bigr] = "
                r"\frac{1 + \alpha^2}{2}\, \mathbb{E}[z^2],",
                r"\operatorname{Var}(w) = \frac{2}{(1 + \alpha^2)\, n_\text{in}},",
                r"It reduces to $2/n_\text{in}$ for ReLU ($\alpha = 0$)",
                r"and to $1/n_\text{in}$ for a linear unit ($\alpha = 1$)",
                "numerator is $2",
                "left at ReLU's $2$",
                r"$1 + \alpha^2$ per layer",
                r"$19 \log_2",
                r"the gain $2/(1 + \alpha^2)$",
                r"the factor $\tfrac12$",
            ),
            *given(
                _YEAR,
                "He et al. (2015)|He et al., 2015",
                "Glorot and Bengio (2010)|Glorot and Bengio, 2010",
                "Lu et al. (2019)|Lu et al., 2019",
            ),
            *given(
                _LAYER_INDEX,
                "relative to layer 1, as",
                "scale of layer 1.",
                "units in\nlayer 1",
                "gradient at layer 1",
            ),
            Given("the base-2 logarithm", "the base of the logarithm plotted (a definition)"),
            Given(
                "with 22 layers both rules converged, theirs sooner; with 30 layers",
                "depths of the plain networks of He et al. (2015), as they report them",
            ),
        ],
    ),
    "ReLU6 and Low Precision.md": NoteNumbers(
        checked=[
            Claim("0.0235", "a step of 0.0235", _quant("step_6"), "6 / 255"),
            Claim("0.0118", "at most 0.0118", _quant("half_step_6"), "6 / 510"),
            Claim("0.0068", "root mean square of 0.0068", _quant("rms_uniform_6"), "step/√12"),
            Claim("256", "layer of 256 units", _setting("quantisation", "UNITS"), "units"),
            Claim("256", "(variance $2/256$, see", _setting("quantisation", "INPUTS"), "fan-in"),
            Claim("512", "batch of 512", _setting("quantisation", "BATCH"), "batch size"),
            Claim("256", "inputs of 256 independent", _setting("quantisation", "INPUTS"), "inputs"),
            Claim("8", "rounded to 8 bits", _setting("quantisation", "BITS"), "bits"),
            Claim("511", "on the 511 ordinary", _ordinary_examples, "examples but the first"),
            Claim("30", "30 seeds with its", _setting("quantisation", "SEEDS"), "seeds"),
            *_pm("quantisation", "top_1", "largest output is 6.4 ± 0.1", "6.4", "0.1"),
            *_pm("quantisation", "rms_max_1", "is 0.0051 ± 0.0001 with", "0.0051", "0.0001"),
            *_pm("quantisation", "rms_cap_1", "against 0.0050 ± 0.0001 with", "0.0050", "0.0001"),
            *_pm("quantisation", "clipped_ppm", "the 14 ± 2 outputs", "14", "2"),
            Claim("0.0068", "the 0.0068 of an even", _quant("rms_uniform_6"), "step/√12"),
            Claim("1", "from 1 to 100", _clip_top(min), "smallest top of the sweep"),
            Claim("100", "from 1 to 100", _clip_top(max), "largest top of the sweep"),
            *_pm("quantisation", "best_top", "smallest at $a = 6.0$ ± 0.1", "6.0", "0.1"),
            Claim("10", "With $k = 10$", _outlier_factor(10.0), "outlier factor"),
            *_pm("quantisation", "top_10", "to 40.3 ± 0.9", "40.3", "0.9"),
            Claim("511", "on the 511 other", _ordinary_examples, "examples but the first"),
            *_pm("quantisation", "rms_max_10", "rises to 0.0323 ± 0.0007", "0.0323", "0.0007"),
            *_pm("quantisation", "ratio_10", "6.4 ± 0.2 times", "6.4", "0.2"),
            *_pm("quantisation", "rms_cap_10", "the 0.0050 ± 0.0001 that", "0.0050", "0.0001"),
            *_pm("quantisation", "max_error_10", "error is 0.079 ± 0.002", "0.079", "0.002"),
        ],
        given=[
            *given(
                _F_QUANT,
                r"\operatorname{ReLU6}(x) = \min\bigl(\max(0, x),\, 6\bigr) =",
                r"\begin{cases} 0 & \text{if } x \le 0, \\ x & \text{if } 0 < x < 6, \\ 6 & "
                r"\text{if } x \ge 6. \end{cases}",
                "Its derivative is $1$ on $(0, 6)$ and $0$ outside",
                "returns $0$ at both",
                "follows at $0$ (see",
                r"r = S\,(q - Z), \qquad q \in \{0, 1, \dots, 255\},",
                "so that $0$ is one of the levels",
                "which lie in $[0, a]$, this is $Z = 0$ and $S = a/255$: 256 levels a",
                "step $a/255$ apart",
                r"\lvert r - S q \rvert \le \frac{a}{2 \cdot 255} = \frac{a}{510},",
                r"$S / \sqrt{12}$",
                "(variance $2",
                "on $[0, a]$, with",
                "variance of about $2$",
            ),
            *given(
                _CAP,
                "fixed at $[0, 6]$",
                "or the fixed\n6 of",
                "$[0, 6]$, which clips",
                "that exceed 6.",
                "falls near 6 is",
                "so 6 is a little",
                "not of the number 6.",
                "that $[0, 6]$ still",
                "clipped to 6.",
                "its work below\n6,",
                "natural range $[0, 6]$",
            ),
            *given(
                _YEAR,
                "Krizhevsky (2010)|Krizhevsky, 2010]] capped",
                "Nair and Hinton (2010)|Nair and Hinton, 2010",
                "Howard et al. (2017)|Howard et al., 2017",
                "Sandler et al. (2018)|Sandler et al., 2018",
                "Jacob et al. (2018)|Jacob et al., 2018",
            ),
            Given("CIFAR-10", "part of the name of the data set"),
            Given("by an 8-bit", "the bit width of the scheme of Jacob et al. (2018)"),
            Given("stay below 1 uses", "an example of a scale well below ReLU6's cap"),
            Given(
                "top-1 accuracy of 75.4 % at 8 bits with\nReLU6 (78.4 % in floating point) and "
                "74.2 % with ReLU (78.3 %)",
                "accuracies reported by Jacob et al. (2018), Table 4.3 (Inception v3, ImageNet)",
            ),
        ],
    ),
    "References.md": NoteNumbers(given=_bibliography()),
    "Writing Notes.md": NoteNumbers(
        given=given(
            _EXAMPLE,
            "Bengio (2011)|Glorot et al., 2011]]).",
            r"\sigma(x) = \frac{1}{1 + e^{-x}}.",
            "differentiable at $0$",
            r"Inline, $\operatorname{ReLU}(x) = \max(0, x)$",
            r"\operatorname{softplus}(x) = \log\left(1 + e^{x}\right).",
            r"$\sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)$",
            r"| ReLU | $\max(0, x)$ |",
        ),
    ),
    "notebooks/ReLU as a Sum of Sigmoids.py": NoteNumbers(
        checked=[
            Claim(
                "100",
                "There are 100 sigmoids",
                _setting("sigmoid_sums", "BLOG_N_TERMS"),
                "the blog's number of sigmoids",
            ),
            Claim(
                "10",
                "sigmoids, not 10, yet",
                _setting("sigmoid_sums", "BLOG_N_SUM"),
                "the blog's N_sum",
            ),
            Claim(
                "10",
                "Dividing by 10 instead",
                _setting("sigmoid_sums", "BLOG_N_SUM"),
                "the blog's N_sum",
            ),
            Claim(
                "0.99",
                r"about $0.99\,[\operatorname{softplus}(x)",
                _blog_scale,
                "1 / (10 * spacing): the blog's scale relative to the integral",
            ),
            Claim(
                "0.99",
                r"$0.99\,[\operatorname{softplus}(x) - \operatorname{softplus}(x-10)]$. What",
                _blog_scale,
                "the same scale, once more",
            ),
            Claim(
                "100",
                "flattens out at 100 / 10",
                _setting("sigmoid_sums", "BLOG_N_TERMS"),
                "the sum of 100 sigmoids that are all 1",
            ),
            Claim(
                "10",
                "at 100 / 10",
                _setting("sigmoid_sums", "BLOG_N_SUM"),
                "divided by N_sum",
            ),
        ],
        given=[
            *given(
                _F_SUMS,
                r"$\log(1 + e^x)$, the",
                r"$\max(0, x)$, so why",
                "from $-10$ to $10$",
                "over $[0, 10]$",
                r"$\Delta = 10/99$",
                r"\Delta \sum_{i=0}^{99} \sigma(x - b_i) \approx \int_0^{10} \sigma(x - b)\,db",
                r"= \int_{x-10}^{x} \sigma(u)\,du = \operatorname{softplus}(x) - "
                r"\operatorname{softplus}(x - 10),",
                r"$1/(10\Delta) = 99/100$",
                r"\operatorname{softplus}(x-10)]$: softplus",
                r"\operatorname{softplus}(x-10)]$. What",
                "well below 10 the subtracted",
                "well above 10 every sigmoid is 1",
                "stops at $x = 10$",
                "offsets $0$ and $10$ full",
                r"$(\sigma(x) + \sigma(x-10))/20$",
                r"$\sum_{i=1}^{n} \sigma(x - i + 0.5)$",
                r"about $\sigma'(x)/24$",
                "step stays 1. On $[-10, 10]$",
                r"within $\log 2$",
                r"$\max(0, x)$ everywhere",
            ),
            *given(
                _YEAR,
                "a lecture of May 2013",
                "from January 2014",
                "[Nair and Hinton (2010)]",
            ),
        ],
    ),
    # --- figure captions: the title and sentence of each figure's docstring ------------------
    "snippets/basics.py": NoteNumbers(
        given=given(
            _F_CAPTION,
            "ReLU is 0 for negative x",
            "its derivative jumps from 0 to 1 at 0.",
            "Leaky ReLU max(0, x) + α min(0, x) keeps a slope α > 0",
            "Softplus log(1 + exp(βx))/β lies above ReLU by at most log(2)/β, reached at x = 0.",
            "slope g in [0, 1] stays below ReLU",
            "subgradient at x = 0.",
            "The formula max(0, x) + α min(0, x) gives |x| for α = -1, ReLU for α = 0 and the "
            "identity for α = 1.",
            "The gap log(1 + exp(βx))/β - max(0, x) is positive, largest at x = 0 where it "
            "equals log(2)/β",
            "The sigmoid rises from 0 to 1 through 1/2 at x = 0, where its derivative σ(1 - σ) "
            "peaks at 1/4",
            "The offset α in 1/(1 + exp(-x + α))",
            "crosses 1/2 at x = α and never reaches 0.",
        ),
    ),
    "snippets/calculus.py": NoteNumbers(
        checked=[
            Claim(
                "1",
                "three secants: 1, 0 and",
                lambda: _secant("forward"),
                "ReLU's forward difference quotient at 0, with the figure's step",
            ),
            Claim(
                "0",
                "three secants: 1, 0 and",
                lambda: _secant("backward"),
                "ReLU's backward difference quotient at 0, with the figure's step",
            ),
        ],
        given=given(
            _F_CAPTION,
            "growing as 1/h",
            "At x = 0 the forward",
            "their average 1/2.",
        ),
    ),
    "snippets/dying.py": NoteNumbers(
        checked=[
            Claim(
                "0.2",
                "Beyond a learning rate of 0.2",
                _setting("dying", "SAFE_RATE"),
                "rate up to which few units die",
            ),
            Claim(
                "0.3",
                "At a learning rate of 0.3",
                _setting("dying", "TIMELINE_RATE"),
                "rate of the training history drawn",
            ),
        ],
    ),
    "snippets/modern.py": NoteNumbers(
        given=given(
            "a property of the plotted formulas that the figure shows; "
            "tests/content/test_modern.py checks them",
            "held at b = 1 each",
        ),
    ),
    "snippets/expressivity.py": NoteNumbers(
        checked=[Claim("18", "networks with 18 neurons", _picture_neurons, "neurons pictured")],
        given=[Given("a sawtooth of 2^k pieces", _F_EXPRESSIVITY)],
    ),
    "snippets/maxout.py": NoteNumbers(
        checked=[
            Claim("−4", "softplus on [−4, 4]", lambda: _lib("maxout").SOFTPLUS_INTERVAL[0], "a"),
            Claim("4", "softplus on [−4, 4]", lambda: _lib("maxout").SOFTPLUS_INTERVAL[1], "b"),
        ],
        given=given(
            _F_MAXOUT,
            "falls like\n1/k²",
            "fits x² on [−1, 1] to exactly 1/(2k²)",
        ),
    ),
    "snippets/initialisation.py": NoteNumbers(
        given=given(
            "a constant of the initialisation formulas the figures compare; "
            "tests/content/test_initialisation.py checks them",
            "the gain 2 / (1 + α²)",
            "variance 2 / fan-in",
            "and 2 / fan-out",
        ),
    ),
    "snippets/quantisation.py": NoteNumbers(
        given=[
            Given(
                "ReLU6 is 0 for negative x, x up to 6 and 6 beyond, and its derivative is 1 "
                "between 0 and 6\nand 0 outside.",
                "a property of the plotted function; tests/content/test_quantisation.py checks it",
            ),
            *given("the bit width of the experiment (BITS)", "and 8-bit error", "to 8 bits"),
            Given("the fixed range [0, 6]", _CAP),
        ],
    ),
    "snippets/references.py": NoteNumbers(
        checked=[
            Claim(
                "1969",
                "elements in 1969 to",
                lambda: min(w.year for w in _lib("references").WORKS),
                "year of the earliest cited work",
            ),
            Claim(
                "2024",
                "to the textbook of 2024",
                lambda: max(w.year for w in _lib("references").WORKS),
                "year of the latest cited work",
            ),
        ],
    ),
    "snippets/relatives.py": NoteNumbers(
        checked=[
            Claim(
                "0.0005",
                "by less than 0.0005 everywhere",
                _below(lambda: _lib("relatives").gelu_tanh_max_error()[0], "0.0005"),
                "bound on the error of GELU's tanh approximation",
            ),
            Claim(
                "2.7",
                "most near |x| = 2.7",
                lambda: _lib("relatives").gelu_tanh_max_error()[1],
                "|x| where that error is largest",
            ),
        ],
        given=given(
            _F_CAPTION_RELATIVES,
            "dip below 0",
            "SELU's jump at 0",
            "passes a slope of 1 or 0, leaky ReLU 1 or α",
            "average slope is exactly 1/2 for ReLU, SiLU and GELU and (1 + α)/2 for leaky ReLU",
        ),
    ),
    "snippets/running_average.py": NoteNumbers(
        given=[
            Given(
                "With α near 0 the average follows every fluctuation of the input, while with α "
                "near 1",
                "words for the figure's smallest and largest alpha, whose values the note's "
                "claims check",
            ),
            *given(
                "a property of the weights and derivatives the figure shows; "
                "tests/content/test_running_average.py checks them",
                "The weight (1 − α)αᵏ",
                "only when α is near 1.",
            ),
        ],
    ),
    "snippets/sigmoid_sums.py": NoteNumbers(
        checked=[
            Claim(
                "10",
                "Beyond x = 10, where the blog's plot stops",
                lambda: float(_sums("blog_inputs")().max()),
                "the largest input of the blog's grid",
            ),
            Claim(
                "100",
                "the sum of 100 sigmoids",
                _setting("sigmoid_sums", "BLOG_N_TERMS"),
                "the blog's number of sigmoids",
            ),
            Claim(
                "10",
                "divided by 10 levels",
                _setting("sigmoid_sums", "BLOG_N_SUM"),
                "the blog's N_sum",
            ),
            Claim(
                "10",
                "off at 10 like",
                _sums("blog_saturation"),
                "the value at which the blog's sum levels off",
            ),
            Claim(
                "10",
                "like softplus(x) − softplus(x − 10), while",
                _setting("sigmoid_sums", "BLOG_WIDTH"),
                "the width of the blog's offsets",
            ),
            Claim(
                "0.71",
                "is up to 0.71 away from softplus",
                _sums("blog_softplus_error"),
                "largest gap between the blog's sum and softplus on its grid",
            ),
            Claim(
                "0.075",
                "but within 0.075 of",
                _sums("blog_riemann_error"),
                "largest gap to the scaled softplus window",
            ),
            Claim(
                "0.99",
                "0.99 (softplus(x) − softplus(x − 10))",
                _blog_scale,
                "the blog's scale relative to the integral",
            ),
            Claim(
                "10",
                "0.99 (softplus(x) − softplus(x − 10))",
                _setting("sigmoid_sums", "BLOG_WIDTH"),
                "the width of the blog's offsets",
            ),
            Claim(
                "0.0003",
                "within 0.0003 once the end points are corrected",
                _below(_sums("blog_endpoint_error"), "0.0003"),
                "bound on the gap once the end points are corrected",
            ),
            Claim(
                "−10",
                "softplus on [−10, 10]",
                lambda: float(_sums("nh_inputs")().min()),
                "left end of the Nair-Hinton error grid",
            ),
            Claim(
                "10",
                "softplus on [−10, 10]",
                lambda: float(_sums("nh_inputs")().max()),
                "right end of the Nair-Hinton error grid",
            ),
            Claim(
                "0.0106",
                "levels off near 0.0106",
                _sums("nair_hinton_limit_error"),
                "the error of the Nair-Hinton sum with many terms",
            ),
        ],
        given=given(
            "a constant or point of the sums the figure compares; "
            "tests/content/test_sigmoid_sums.py checks them",
            "offset by 0.5, 1.5, … and",
            "falls like softplus(10 − n)",
            "error at 0.",
        ),
    ),
}
