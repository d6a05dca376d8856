"""Every number a note states, and where it comes from.

Each note lists its numbers in one of two ways:

- ``checked``: a :class:`Claim` whose ``compute`` produces, from the project's code, the exact
  text the note prints. Changing the number in the note, or the code that computes it, without
  the other fails ``test_claims.py``.
- ``given``: numbers that are not results (years, pages, counts that define a setup, values
  inside a quotation), each with the reason it needs no computation.

``test_claims.py`` also fails on any number in a note's prose that is in neither list, so a
new number cannot slip in unchecked. Math (``$…$``, ``$$…$$``) is not scanned here: formulas
are checked by the identity tests in ``tests/content/test_formulas.py`` and ``tests/test_*.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Claim:
    text: str  # exactly as the note writes it, e.g. "709.78"
    compute: Callable[[], str]  # returns that text from the project's code
    what: str  # what the number is


@dataclass(frozen=True)
class NoteNumbers:
    checked: list[Claim] = field(default_factory=list)
    given: dict[str, str] = field(default_factory=dict)  # number -> why it needs no computation


def _exp_overflow_threshold() -> str:
    # The largest x with a finite exp(x) in float64 is log(max float).
    return f"{np.log(np.finfo(np.float64).max):.2f}"


# --- rectifier, leaky ReLU, softplus, sigmoid and FAQ notes ---------------------------


def _mantissa(value: float, exponent: int) -> str:
    """The note writes m × 10^exponent: return m to one decimal, after checking the exponent."""
    m = float(value) / 10.0**exponent
    assert 1.0 <= abs(m) < 10.0, f"{value} is not of the order 1e{exponent}"
    return f"{m:.1f}"


def _leaky_default_slope() -> str:
    import inspect

    from snippets.activations import leaky_relu

    return f"{inspect.signature(leaky_relu).parameters['alpha'].default:g}"


def _naive_softplus_zero_below() -> str:
    # Bisect for the x below which log(1 + exp(x)) evaluates to exactly 0 in float64.
    lo, hi = -40.0, -30.0  # naive softplus is 0 at lo and positive at hi
    with np.errstate(under="ignore"):
        for _ in range(200):
            mid = 0.5 * (lo + hi)
            if np.log(1.0 + np.exp(mid)) == 0.0:
                lo = mid
            else:
                hi = mid
    return f"{-hi:.2f}"


def _softplus_beta_gap(beta: float) -> str:
    from snippets.activations import relu, softplus_beta

    return f"{softplus_beta(0.0, beta) - relu(0.0):.3f}"


def _sigmoid_shortfall_at_10() -> str:
    from snippets.activations import sigmoid

    return _mantissa(sigmoid(-10.0), -5)  # 1 - sigmoid(10) = sigmoid(-10), without cancellation


def _sigmoid_slope_at_10() -> str:
    from snippets.activations import sigmoid_grad

    return _mantissa(sigmoid_grad(10.0), -5)


def _fd_halving_ratio() -> str:
    # Central-difference error at h = 1e-3 over the error at h/2, for each smooth activation.
    from snippets.calculus import ACTIVATIONS, max_fd_error

    smooth = ["softplus", "sigmoid", "tanh"]
    ratios = {
        f"{max_fd_error(*ACTIVATIONS[n], 1e-3) / max_fd_error(*ACTIVATIONS[n], 5e-4):.0f}"
        for n in smooth
    }
    assert len(ratios) == 1, ratios
    return ratios.pop()


def _relu_central_difference_at_zero() -> str:
    from snippets.activations import relu
    from snippets.calculus import FD_STEPS, central_difference

    values = {float(central_difference(relu, 0.0, h)) for h in FD_STEPS}
    assert len(values) == 1, values  # the same for every step h
    return f"{values.pop():g}"


def _leaky_central_difference_at_zero() -> str:
    from snippets.activations import leaky_relu
    from snippets.calculus import central_difference

    return f"{central_difference(lambda x: leaky_relu(x, 0.1), 0.0, 1e-3):.2f}"


# --- smooth relatives, choosing an activation, references (snippets/relatives.py) -------


def _selu(which: str) -> str:
    from snippets.relatives import selu_constants

    alpha, lam = selu_constants()
    return f"{ {'alpha': alpha, 'lambda': lam, 'product': alpha * lam}[which]:.4f}"


def _minimum(name: str, which: int) -> str:
    # which = 0: the minimiser, 1: the minimum value; the note writes both with a minus sign.
    from snippets import relatives

    point = getattr(relatives, f"{name}_minimum")()
    assert point[which] < 0.0
    return f"{-point[which]:.4f}"


def _gelu_tanh_error() -> str:
    from snippets.relatives import gelu_tanh_max_error

    return f"{gelu_tanh_max_error()[0]:.2g}"


def _gelu_tanh_error_at() -> str:
    from snippets.relatives import gelu_tanh_max_error

    return f"{gelu_tanh_max_error()[1]:.2f}"


def _gelu_sigmoid_error() -> str:
    from snippets.relatives import gelu_sigmoid_max_error

    return f"{gelu_sigmoid_max_error()[0]:.3f}"


def _mean_slope(name: str, scale: float, digits: int) -> str:
    from snippets.relatives import CANDIDATES, mean_gradient

    return f"{mean_gradient(CANDIDATES[name][1], scale):.{digits}f}"


_STEP = "number of a step in the note's ordered list"
_PAGE = "page of a cited work, in its full reference"
_VOLUME = "volume of a proceedings series or journal, in a full reference"
_ARXIV = "arXiv identifier of a cited preprint"


_YEAR = "year of a cited work, in its reference link"
_FAQ_ZERO = "the 0 of max(0, x) in the FAQ's title, not a result"


# --- dying ReLU, leaky units and running averages, sparse rectifiers -------------------


def _snippet(module: str):
    import importlib

    return importlib.import_module(f"snippets.{module}")


def _result(module: str, name: str) -> Callable[[], str]:
    """A result from ``note_numbers()`` of ``snippets.<module>``."""
    return lambda: _snippet(module).note_numbers()[name]


def _setting(module: str, name: str, pick: Callable = lambda v: v) -> Callable[[], str]:
    """A setup value the note states, read from the constant the code uses."""
    return lambda: f"{pick(getattr(_snippet(module), name)):g}"


def _grid_rate(rate: float) -> Callable[[], str]:
    def compute() -> str:
        assert rate in _snippet("dying").LEARNING_RATES
        return f"{rate:g}"

    return compute


def _step_level(index: int) -> str:
    clean, _ = _snippet("running_average").noisy_step()
    return f"{clean[index]:g}"


def _sigmoid_sums():
    from snippets import sigmoid_sums

    return sigmoid_sums


NOTES: dict[str, NoteNumbers] = {
    "index.md": NoteNumbers(given={"0": "the 0 of max(0, x) in the FAQ's title"}),
    "Rectified Linear Unit.md": NoteNumbers(
        given={
            "2010": _YEAR,
            "2011": _YEAR,
            "2024": _YEAR,
            "185": "page of the Bishop and Bishop quotation",
            "2012": "inside the verbatim Bishop and Bishop quotation",
            "8": "inside the verbatim Bishop and Bishop quotation",
            "64": "inside the verbatim Bishop and Bishop quotation",
            "0": _FAQ_ZERO,
        },
    ),
    "Leaky ReLU and PReLU.md": NoteNumbers(
        checked=[
            Claim("0.01", _leaky_default_slope, "default slope of leaky_relu (Maas et al.'s)"),
        ],
        given={
            "2013": _YEAR,
            "2015": _YEAR,
            "0.25": "initial PReLU slope chosen by He et al. (2015), a setting they report",
            "0": _FAQ_ZERO,
        },
    ),
    "Softplus.md": NoteNumbers(
        checked=[
            Claim("0.693", lambda: _softplus_beta_gap(1.0), "softplus(0) = log 2, the largest gap"),
            Claim("709.78", _exp_overflow_threshold, "largest x whose e^x is finite in float64"),
            Claim("36.74", _naive_softplus_zero_below, "naive softplus is 0 below -36.74"),
            Claim("0.139", lambda: _softplus_beta_gap(5.0), "largest softplus_5 - ReLU gap"),
        ],
        given={"2001": _YEAR, "2011": _YEAR, "2013": _YEAR, "0": _FAQ_ZERO},
    ),
    "Logistic Sigmoid.md": NoteNumbers(
        checked=[
            Claim("4.5", _sigmoid_shortfall_at_10, "1 - sigmoid(10) in units of 1e-5"),
            Claim("4.5", _sigmoid_slope_at_10, "sigmoid'(10) in units of 1e-5"),
            Claim("709.78", _exp_overflow_threshold, "e^-x overflows for x below -709.78"),
        ],
        given={"2011": _YEAR, "0": _FAQ_ZERO},
    ),
    "FAQ - Why is ReLU written max(0, x).md": NoteNumbers(
        checked=[
            Claim("4", _fd_halving_ratio, "error ratio when the central-difference step halves"),
            Claim("0.5", _relu_central_difference_at_zero, "ReLU's central difference at 0"),
            Claim("0.55", _leaky_central_difference_at_zero, "same for leaky ReLU, alpha 0.1"),
        ],
        given={"0": _FAQ_ZERO},
    ),
    "Smooth Relatives of ReLU.md": NoteNumbers(
        checked=[
            Claim("1.6733", lambda: _selu("alpha"), "SELU's alpha, from its defining equations"),
            Claim("1.0507", lambda: _selu("lambda"), "SELU's lambda, from its defining equations"),
            Claim("1.7581", lambda: _selu("product"), "lambda * alpha: SELU's limit at -inf"),
            Claim("0.7518", lambda: _minimum("gelu", 0), "GELU's minimiser, -0.7518"),
            Claim("0.1700", lambda: _minimum("gelu", 1), "GELU's minimum value, -0.1700"),
            Claim("2.70", _gelu_tanh_error_at, "|x| where the tanh approximation errs most"),
            Claim("0.00047", _gelu_tanh_error, "largest error of GELU's tanh approximation"),
            Claim("0.020", _gelu_sigmoid_error, "largest error of x sigmoid(1.702 x)"),
            Claim("1.2785", lambda: _minimum("silu", 0), "SiLU's minimiser, -1.2785"),
            Claim("0.2785", lambda: _minimum("silu", 1), "SiLU's minimum value, -0.2785"),
            Claim("1.1924", lambda: _minimum("mish", 0), "Mish's minimiser, -1.1924"),
            Claim("0.3088", lambda: _minimum("mish", 1), "Mish's minimum value, -0.3088"),
        ],
        given={
            "1.702": "constant of the approximation x sigmoid(1.702 x) (Hendrycks and Gimpel)",
            "2001": _YEAR,
            "2016": _YEAR,
            "2017": _YEAR,
            "2018": _YEAR,
            "2019": _YEAR,
        },
    ),
    "Choosing an Activation.md": NoteNumbers(
        checked=[
            Claim("0.606", lambda: _mean_slope("tanh", 1.0, 3), "E tanh'(Z), Z standard normal"),
            Claim("0.207", lambda: _mean_slope("sigmoid", 1.0, 3), "E sigmoid'(Z)"),
            Claim("0.0795", lambda: _mean_slope("tanh", 10.0, 4), "E tanh'(10 Z)"),
            Claim("0.0393", lambda: _mean_slope("sigmoid", 10.0, 4), "E sigmoid'(10 Z)"),
        ],
        given={
            "1": _STEP,
            "2": _STEP,
            "3": _STEP,
            "2011": _YEAR,
            "2012": _YEAR,
            "2013": _YEAR,
            "2015": _YEAR,
            "2016": _YEAR,
            "2024": _YEAR,
        },
    ),
    "References.md": NoteNumbers(
        given={
            **dict.fromkeys(
                map(str, (2001, 2010, 2011, 2012, 2013, 2015, 2016, 2017, 2018, 2019, 2024)),
                "year of publication (or of the lecture), in a heading and its reference",
            ),
            "2014": "year of the blog post that retells Hinton's lecture",
            **dict.fromkeys(
                map(str, (3, 11, 315, 323, 472, 478, 807, 814, 971, 980, 1026, 1034, 1097, 1105)),
                _PAGE,
            ),
            **dict.fromkeys(map(str, (13, 15, 25, 30, 107)), _VOLUME),
            **dict.fromkeys(
                ["1511.07289", "1606.08415", "1702.03118", "1710.05941", "1908.08681"], _ARXIV
            ),
            "27": "minutes into the lecture where the part on ReLU begins",
            "10": "seconds past that minute (27 minutes 10 seconds)",
        },
    ),
    "Dying ReLU.md": NoteNumbers(
        checked=[
            Claim("64", _setting("dying", "N_HIDDEN"), "hidden units of the toy network"),
            Claim("32", _setting("dying", "N_POINTS"), "training points"),
            Claim("300", _setting("dying", "N_STEPS"), "gradient-descent steps"),
            Claim("0.05", _setting("dying", "LEARNING_RATES", min), "smallest learning rate"),
            Claim("0.5", _setting("dying", "LEARNING_RATES", max), "largest learning rate"),
            Claim("10", _setting("dying", "SEEDS", len), "number of seeds"),
            Claim("0.01", _setting("dying", "LEAKY_ALPHA"), "slope of the leaky units"),
            Claim("0.2", _setting("dying", "SAFE_RATE"), "rate up to which few units die"),
            Claim("3", _result("dying", "relu_dead_low_rates_bound"), "bound on % dead, <= 0.2"),
            Claim("0.25", _grid_rate(0.25), "a learning rate of the grid"),
            Claim("28", _result("dying", "relu_dead_0.25"), "% of ReLU units dead at 0.25"),
            Claim("0.3", _setting("dying", "TIMELINE_RATE"), "rate of the training history"),
            Claim("64", _result("dying", "relu_dead_0.3"), "% of ReLU units dead at 0.3"),
            Claim("90", _result("dying", "relu_dead_0.5"), "% of ReLU units dead at 0.5"),
            Claim("0.37", _result("dying", "initial_loss"), "mean initial loss"),
            Claim("40", _result("dying", "mean_peak_loss"), "mean peak loss at rate 0.3"),
            Claim("2", _result("dying", "first_peak_step"), "earliest step of the peak"),
            Claim("5", _result("dying", "last_peak_step"), "latest step of the peak"),
            Claim("10", _setting("dying", "CHECKPOINT"), "the early checkpoint step"),
            Claim("91", _result("dying", "share_dead_by_checkpoint"), "% dead by step 10"),
            Claim("62", _result("dying", "leaky_negative_0.3"), "% leaky negative at 0.3"),
            Claim("92", _result("dying", "leaky_negative_0.5"), "% leaky negative at 0.5"),
            Claim("100", _setting("dying", "FROZEN_WINDOW"), "steps a frozen unit is unchanged"),
            Claim("0", _result("dying", "leaky_frozen"), "% of leaky units frozen"),
            Claim("0.3", _result("dying", "leaky_came_back"), "% of negative leaky units back"),
            Claim("0", _result("dying", "relu_came_back"), "% of dead ReLU units back"),
        ],
    ),
    "Leaky Units and Running Averages.md": NoteNumbers(
        checked=[
            Claim("0", lambda: _step_level(0), "level of the demonstration step before the jump"),
            Claim("1", lambda: _step_level(-1), "level after the jump"),
            Claim("0.1", _result("running_average", "alpha_low"), "alpha near 0 in the figures"),
            Claim("0.9", _result("running_average", "alpha_mid"), "middle alpha"),
            Claim("0.99", _result("running_average", "alpha_high"), "alpha near 1"),
            Claim("10", _result("running_average", "memory_mid"), "1 / (1 - 0.9)"),
            Claim("100", _result("running_average", "memory_high"), "1 / (1 - 0.99)"),
            Claim("9", _result("running_average", "age_mid"), "mean age for alpha 0.9"),
            Claim("99", _result("running_average", "age_high"), "mean age for alpha 0.99"),
            Claim("6.58", _result("running_average", "half_life_mid"), "half-life, alpha 0.9"),
            Claim("68.97", _result("running_average", "half_life_high"), "half-life, 0.99"),
            Claim("69.31", _result("running_average", "half_life_high_approx"), "log 2 / 0.01"),
            Claim("0.90", _result("running_average", "sd_low"), "noise sd factor, alpha 0.1"),
            Claim("0.23", _result("running_average", "sd_mid"), "noise sd factor, alpha 0.9"),
            Claim("0.071", _result("running_average", "sd_high"), "noise sd factor, 0.99"),
            Claim("0.37", _result("running_average", "gradient_high_100"), "0.99 ** 100"),
            Claim("2.7", _result("running_average", "gradient_mid_100"), "0.9 ** 100 / 1e-5"),
            Claim("0.01", _leaky_default_slope, "default slope of leaky_relu"),
        ],
        given={
            "396": "page of the Goodfellow, Bengio and Courville quotation",
            "2016": _YEAR,
        },
    ),
    "Sparse Rectifier Networks.md": NoteNumbers(
        checked=[
            Claim("10", _result("sparsity", "layers"), "layers of the random network"),
            Claim("512", _result("sparsity", "width"), "units per layer"),
            Claim("1000", _result("sparsity", "inputs"), "Gaussian inputs"),
            Claim("48.6", _result("sparsity", "zeros_min"), "lowest % of exact zeros in a layer"),
            Claim("52.1", _result("sparsity", "zeros_max"), "highest % of exact zeros"),
            Claim("50.1", _result("sparsity", "zeros_mean"), "mean % of exact zeros"),
            Claim("0.32", _result("sparsity", "similarity_first"), "cosine similarity, layer 1"),
            Claim("0.85", _result("sparsity", "similarity_last"), "cosine similarity, layer 10"),
            Claim("10", _result("sparsity", "always_zero_last"), "% of units 0 on all inputs"),
            Claim("745.13", _result("sparsity", "softplus_zero_below"), "softplus = 0 below"),
            Claim("0", _result("sparsity", "softplus_zeros"), "% exact zeros with softplus"),
            Claim("5.0", _result("sparsity", "softplus_smallest"), "smallest softplus / 1e-5"),
            Claim("1000", _result("sparsity", "l1_steps"), "training steps with the penalty"),
            Claim("0.1", _result("sparsity", "l1_rate"), "learning rate with the penalty"),
            Claim("50", _result("sparsity", "l1_zeros_none"), "% zeros without penalty"),
            Claim("0.01", _result("sparsity", "l1_middle"), "second-strongest penalty"),
            Claim("76", _result("sparsity", "l1_zeros_middle"), "% zeros at lambda 0.01"),
            Claim("0.03", _result("sparsity", "l1_strongest"), "strongest penalty"),
            Claim("91", _result("sparsity", "l1_zeros_strongest"), "% zeros at lambda 0.03"),
            Claim("11", _result("sparsity", "l1_dead_middle"), "% dead units at lambda 0.01"),
            Claim("46", _result("sparsity", "l1_dead_strongest"), "% dead units at 0.03"),
            Claim("0.0058", _result("sparsity", "l1_mse_strongest"), "squared error at 0.03"),
            Claim("0.0022", _result("sparsity", "l1_mse_none"), "squared error, no penalty"),
        ],
        given={
            "2011": _YEAR,
            "0.0": "the floating-point zero a rectifier outputs, not a result",
            "1": "share of neurons active at once (1 to 4 %), as Glorot et al. (2011) cite it",
            "4": "share of neurons active at once (1 to 4 %), as Glorot et al. (2011) cite it",
        },
    ),
    "Writing Notes.md": NoteNumbers(),  # states no number: examples are in code
    "notebooks/ReLU as a Sum of Sigmoids.py": NoteNumbers(
        checked=[
            Claim(
                "0.99",
                lambda: f"{1 / float(_sigmoid_sums().scale_factor()):.2f}",
                "1 / (10 * spacing): the blog's scale relative to the integral",
            ),
        ],
        given={
            "2013": "year of Hinton's lecture",
            "2014": "year of the blog post",
            "2010": "year of Nair and Hinton's paper",
            "100": "the blog's number of sigmoids (a setup value)",
            "10": "the blog's N_sum and the end of its offsets (setup values)",
            "1": "the value every sigmoid reaches; the unit step of Nair and Hinton's sum",
            "0.5": "the half-integer offset in the definition of Nair and Hinton's sum",
        },
    ),
}
