"""Tests of the figure contract that every function in snippets.registry.FIGURES must keep.

The contract is spelled out in the docstring of snippets/registry.py.  These tests check it
twice where they can: statically, by reading the snippet source, and at run time, by building
each figure under unusual rcParams and checking that the figure obeys them.
"""

import ast
import importlib
import inspect
import io
import pkgutil
import re
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pytest
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.colors import is_color_like, to_hex
from matplotlib.figure import Figure
from matplotlib.text import Text

import snippets
from snippets.registry import FIGURES
from tests.probe import probe

REPO_ROOT = Path(__file__).resolve().parent.parent
NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ITEMS = sorted(FIGURES.items())
IDS = [name for name, _ in ITEMS]

# Distinctive values that no snippet would choose by accident.
SENTINEL_COLOURS = ["#010203", "#040506", "#070809", "#0a0b0c", "#0d0e0f", "#101112"]
SENTINEL_LINE_COLOUR = "#131415"  # rcParams["lines.color"], used by axhline and friends
SENTINEL_FONT_SIZE = 7.25
SENTINEL_FIGSIZE = (3.21, 2.34)
SENTINEL_RC = {
    "axes.prop_cycle": cycler(color=SENTINEL_COLOURS),
    "lines.color": SENTINEL_LINE_COLOUR,
    "figure.figsize": SENTINEL_FIGSIZE,
    "font.size": SENTINEL_FONT_SIZE,
    "axes.titlesize": SENTINEL_FONT_SIZE,
    "axes.labelsize": SENTINEL_FONT_SIZE,
    "xtick.labelsize": SENTINEL_FONT_SIZE,
    "ytick.labelsize": SENTINEL_FONT_SIZE,
    "legend.fontsize": SENTINEL_FONT_SIZE,
    "legend.title_fontsize": SENTINEL_FONT_SIZE,
    "figure.titlesize": SENTINEL_FONT_SIZE,
}
ALLOWED_COLOURS = {*SENTINEL_COLOURS, SENTINEL_LINE_COLOUR}


def build(func):
    """Call a figure function under the sentinel style, as the runner would with its own."""
    with mpl.rc_context(SENTINEL_RC):
        return func()


def labelled_lines(ax):
    return [line for line in ax.get_lines() if not line.get_label().startswith("_")]


# --- the registry itself ---------------------------------------------------------------


def test_registry_is_not_empty_and_names_are_valid():
    assert FIGURES
    for name in FIGURES:
        assert NAME_RE.fullmatch(name), f"{name!r}: use lowercase letters, digits and hyphens"


def test_registry_names_are_distinct_functions():
    assert len(set(FIGURES.values())) == len(FIGURES)


@pytest.mark.parametrize(("name", "func"), ITEMS, ids=IDS)
def test_figure_function_takes_no_arguments(name, func):
    assert callable(func)
    assert not inspect.signature(func).parameters, f"{name}: a figure function takes no args"


# --- what a figure function returns ----------------------------------------------------


@pytest.mark.parametrize(("name", "func"), ITEMS, ids=IDS)
def test_returns_a_plain_figure_with_titled_labelled_axes(name, func):
    fig = build(func)
    assert isinstance(fig, Figure)
    assert fig.canvas.manager is None, f"{name}: made through pyplot, not Figure()"
    axes = fig.get_axes()
    assert axes, f"{name}: no Axes"
    for ax in axes:
        assert isinstance(ax, Axes)
        assert ax.get_title().strip(), f"{name}: an Axes has no title"
        assert ax.get_xlabel().strip(), f"{name}: an Axes has no x label"
        assert ax.get_ylabel().strip(), f"{name}: an Axes has no y label"
        assert ax.has_data(), f"{name}: an Axes is empty"
        if len(labelled_lines(ax)) >= 2:
            assert ax.get_legend() is not None, f"{name}: several lines but no legend"


@pytest.mark.parametrize(("name", "func"), ITEMS, ids=IDS)
def test_lines_take_their_colours_from_the_style(name, func):
    fig = build(func)
    for ax in fig.get_axes():
        for line in ax.get_lines():
            used = {
                to_hex(line.get_color()),
                to_hex(line.get_markerfacecolor()),
                to_hex(line.get_markeredgecolor()),
            }
            assert used <= ALLOWED_COLOURS, f"{name}: line {line.get_label()!r} sets a colour"


@pytest.mark.parametrize(("name", "func"), ITEMS, ids=IDS)
def test_no_figure_size_or_font_size_is_set(name, func):
    fig = build(func)
    np.testing.assert_allclose(fig.get_size_inches(), SENTINEL_FIGSIZE)
    for text in fig.findobj(Text):
        if text.get_text():
            assert text.get_fontsize() == pytest.approx(SENTINEL_FONT_SIZE), (
                f"{name}: text {text.get_text()!r} has an explicit font size"
            )


@pytest.mark.parametrize(("name", "func"), ITEMS, ids=IDS)
def test_is_deterministic(name, func):
    first, second = build(func), build(func)
    lines1 = [line for ax in first.get_axes() for line in ax.get_lines()]
    lines2 = [line for ax in second.get_axes() for line in ax.get_lines()]
    assert len(lines1) == len(lines2)
    for a, b in zip(lines1, lines2, strict=True):
        np.testing.assert_array_equal(a.get_xydata(), b.get_xydata())
        assert a.get_label() == b.get_label()


@pytest.mark.parametrize(("name", "func"), ITEMS, ids=IDS)
def test_renders_to_svg_and_leaves_global_state_alone(name, func):
    def settings():  # "backend" is excluded: matplotlib resolves it lazily by itself
        return {k: v for k, v in mpl.rcParams.copy().items() if k != "backend"}

    before = settings()
    fig = func()
    assert settings() == before, f"{name}: changed the global rcParams"
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg")
    assert buffer.getvalue().lstrip().startswith(b"<?xml")


# --- docstrings: title, blank line, one sentence --------------------------------------


@pytest.mark.parametrize(("name", "func"), ITEMS, ids=IDS)
def test_docstring_is_a_title_and_one_sentence(name, func):
    doc = inspect.getdoc(func)
    assert doc, f"{name}: no docstring"
    paragraphs = re.split(r"\n\s*\n", doc.strip())
    assert len(paragraphs) == 2, f"{name}: want a title, a blank line and one sentence"
    title, body = paragraphs
    assert "\n" not in title, f"{name}: the title must be one line"
    assert 1 <= len(title.split()) <= 6, f"{name}: the title must have 1 to 6 words"
    assert not title.endswith("."), f"{name}: no full stop after the title"
    sentence = " ".join(body.split())
    assert sentence[0].isupper(), f"{name}: the sentence should start with a capital"
    assert sentence.endswith("."), f"{name}: the sentence must end with a full stop"
    assert not re.search(r"[.!?]\s+[A-Z]", sentence[:-1]), f"{name}: more than one sentence"


# --- the source itself: no colour, font size or figure size choices, no pyplot ---------

BANNED_KEYWORDS = {"c", "cmap", "fontsize", "size", "figsize", "dpi"}
BANNED_NAMES = {
    "plt", "pyplot", "savefig", "show", "rcParams", "rc", "rc_context", "style",
    "set_size_inches", "set_figwidth", "set_figheight", "set_fontsize", "set_size",
}  # fmt: skip
HEX_COLOUR_RE = re.compile(r"""["']#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})["']""")
# A plot format string that names a colour, such as "r--", "ko" or "C1".
FMT_COLOUR_RE = re.compile(
    r"^(?:[-.:,ov^<>1-4sphHdDxX+|_*]*[bgrcmykw][-.:,ov^<>1-4sphHdDxX+|_*]*)$"
)


def figure_modules():
    return sorted({inspect.getmodule(func) for func in FIGURES.values()}, key=str)


def _string_is_a_colour(value: str) -> bool:
    if len(value) <= 4 and FMT_COLOUR_RE.fullmatch(value):
        return True
    return is_color_like(value)  # named, "C3", "tab:blue", "0.5" (grey), "none", ...


def source_problems(source: str) -> list[str]:
    """Colour, size and pyplot choices visible in the source text of a snippet module."""
    problems = [f"hex colour literal {m.group()}" for m in HEX_COLOUR_RE.finditer(source)]
    problems += [f"`{m.group()}`" for m in re.finditer(r"\b(?:c|colou?rs?)\s*=(?!=)", source)]
    tree = ast.parse(source)
    # Pieces of f-strings, such as the "g" of f"{alpha:g}", are format specs, not colours.
    in_fstrings = {
        id(sub)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for sub in ast.walk(node)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg is not None:
            if node.arg in BANNED_KEYWORDS or re.search("colou?r", node.arg, re.IGNORECASE):
                problems.append(f"keyword argument {node.arg}=")
        elif isinstance(node, ast.Name | ast.Attribute | ast.alias):
            ident = getattr(node, "id", None) or getattr(node, "attr", None) or node.name
            for part in ident.split("."):
                if part in BANNED_NAMES or re.search("colou?r", part, re.IGNORECASE):
                    problems.append(f"name {part}")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in in_fstrings
            and _string_is_a_colour(node.value)
        ):
            problems.append(f"colour string {node.value!r}")
    return problems


@pytest.mark.parametrize("module", figure_modules(), ids=lambda m: m.__name__)
def test_snippet_source_makes_no_style_choices(module):
    source = Path(inspect.getsourcefile(module)).read_text(encoding="utf-8")
    assert source_problems(source) == []


@pytest.mark.parametrize(
    "bad",
    [
        'ax.plot(x, y, color="red")',
        "ax.plot(x, y, c='k')",
        'ax.plot(x, y, "r--")',
        "ax.plot(x, y, 'C2')",
        'line.set_color("#ff8800")',
        'ax.set_title("t", fontsize=12)',
        "fig = Figure(figsize=(4, 3))",
        "import matplotlib.pyplot as plt",
        'ax.scatter(x, y, facecolors="none")',
    ],
)
def test_the_source_check_catches_style_choices(bad):
    assert source_problems(bad), f"the source check missed: {bad}"


def test_the_source_check_accepts_plain_plotting():
    good = 'ax.plot(x, y, linestyle="--", marker="o", label="ReLU")\nax.set_xlabel("input x")'
    assert source_problems(good) == []


# --- importing does no work -------------------------------------------------------------

IMPORT_PROBE = """
import gc, importlib, json, pkgutil, sys
import snippets
import snippets.registry
from matplotlib.figure import Figure
for info in pkgutil.walk_packages(snippets.__path__, "snippets."):
    importlib.import_module(info.name)
report = {
    "pyplot_after_import": "matplotlib.pyplot" in sys.modules,
    "figures_after_import": sum(isinstance(o, Figure) for o in gc.get_objects()),
}
for func in snippets.registry.FIGURES.values():
    func()
report["pyplot_after_drawing"] = "matplotlib.pyplot" in sys.modules
print(json.dumps(report))
"""


def test_importing_snippets_creates_no_figures_and_never_loads_pyplot():
    # It draws every registered figure in one process (the dying-unit experiments alone take
    # tens of seconds on a busy 2-core machine): the timeout only guards against a hang.
    report = probe(IMPORT_PROBE, timeout=900)
    assert report == {
        "pyplot_after_import": False,
        "figures_after_import": 0,
        "pyplot_after_drawing": False,
    }


def test_every_snippet_module_imports_cleanly():
    names = [info.name for info in pkgutil.walk_packages(snippets.__path__, "snippets.")]
    assert "snippets.lib.activations" in names  # the library below the drawing modules too
    for name in names:
        importlib.import_module(name)
