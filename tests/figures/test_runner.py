"""The figure runner: cache by content, determinism, failures and timeouts, manifest."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from rectified.figures.runner import output_names, run, svg_size
from rectified.figures.spec import local_dependencies, parse_docstring

ROOT = Path(__file__).resolve().parents[2]

GOOD = '''
from matplotlib.figure import Figure
from {pkg}.helpers import xs


def line_plot():
    """A straight line

    The identity function drawn over a small grid.
    """
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot(xs(), xs(), label="y = x")
    ax.set_title("Identity")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend()
    return fig
'''

OTHER = '''
from matplotlib.figure import Figure


def square_plot():
    """A parabola

    The square function drawn over a small grid.
    """
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot([0, 1, 2], [0, 1, 4])
    ax.set_title("Square")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    return fig
'''

HELPERS = """
def xs():
    return [0, 1, 2, 3]
"""

BROKEN = '''
from matplotlib.figure import Figure


def broken_plot():
    """A broken figure

    A figure whose code raises before drawing anything.
    """
    raise RuntimeError("this snippet is broken on purpose")
'''

HANGING = '''
def hanging_plot():
    """A hanging figure

    A figure whose code never returns.
    """
    while True:
        pass
'''


def make_package(base: Path, name: str, modules: dict[str, str], figures: dict[str, str]) -> str:
    pkg = base / name
    pkg.mkdir(parents=True, exist_ok=True)
    (pkg / "__init__.py").write_text("")
    for mod, src in modules.items():
        (pkg / f"{mod}.py").write_text(textwrap.dedent(src.format(pkg=name)))
    imports = "\n".join(f"from {name} import {m}" for m in modules)
    entries = ", ".join(f'"{k}": {v}' for k, v in figures.items())
    (pkg / "registry.py").write_text(f"{imports}\n\nFIGURES = {{{entries}}}\n")
    return f"{name}.registry"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest):
    name = f"snips_{request.node.name.replace('[', '_').replace(']', '_').replace('-', '_')}"
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path, name
    for mod in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
        del sys.modules[mod]


def fresh(name: str) -> None:
    for mod in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
        del sys.modules[mod]
    importlib.invalidate_caches()


def statuses(report) -> dict[str, str]:
    return {r.name: r.status for r in report.results}


def test_renders_both_palettes_and_a_manifest(workspace):
    base, name = workspace
    reg = make_package(base, name, {"helpers": HELPERS, "lines": GOOD}, {"line": "lines.line_plot"})
    out, cache = base / "out", base / "cache"
    report = run(out, cache, registry=reg, jobs=1)
    assert statuses(report) == {"line": "rendered"}
    for filename in output_names("line").values():
        data = (out / filename).read_bytes()
        assert data.startswith(b"<?xml")
        assert b"<svg" in data
        assert b"Identity" in data  # real text, not paths
    assert (out / "line.svg").read_bytes() != (out / "line.dark.svg").read_bytes()
    manifest = json.loads((out / "manifest.json").read_text())
    entry = manifest["line"]
    assert entry["title"] == "A straight line"
    assert entry["summary"] == "The identity function drawn over a small grid."
    assert "def line_plot" in entry["source"]
    assert (out / entry["code"]).read_text() == (base / name / "lines.py").read_text()
    assert entry["width"] > 0
    assert entry["height"] > 0


def test_second_run_renders_nothing_and_edit_rerenders_exactly_its_figure(workspace):
    base, name = workspace
    reg = make_package(
        base,
        name,
        {"helpers": HELPERS, "lines": GOOD, "squares": OTHER},
        {"line": "lines.line_plot", "square": "squares.square_plot"},
    )
    out, cache = base / "out", base / "cache"
    first = run(out, cache, registry=reg)
    assert statuses(first) == {"line": "rendered", "square": "rendered"}
    again = run(out, cache, registry=reg)
    assert statuses(again) == {"line": "cached", "square": "cached"}

    # Editing a local module that `lines` imports re-renders `line` only.
    (base / name / "helpers.py").write_text(HELPERS.replace("3]", "3, 4]"))
    fresh(name)
    edited = run(out, cache, registry=reg)
    assert statuses(edited) == {"line": "rendered", "square": "cached"}


def test_force_and_only(workspace):
    base, name = workspace
    reg = make_package(
        base,
        name,
        {"helpers": HELPERS, "lines": GOOD, "squares": OTHER},
        {"line": "lines.line_plot", "square": "squares.square_plot"},
    )
    out, cache = base / "out", base / "cache"
    run(out, cache, registry=reg)
    forced = run(out, cache, registry=reg, force=True, only=["square"])
    assert statuses(forced) == {"square": "rendered"}
    assert (out / "line.svg").is_file()  # --only leaves the others published


def test_output_is_byte_identical_across_processes(workspace):
    base, name = workspace
    reg = make_package(base, name, {"helpers": HELPERS, "lines": GOOD}, {"line": "lines.line_plot"})
    outputs = []
    for i in range(2):
        out = base / f"out{i}"
        code = (
            "import sys; sys.path.insert(0, sys.argv[1]);"
            "from pathlib import Path; from rectified.figures.runner import run;"
            "r = run(Path(sys.argv[2]), Path(sys.argv[3]), registry=sys.argv[4]);"
            "sys.exit(0 if r.ok else 1)"
        )
        subprocess.run(
            [sys.executable, "-c", code, str(base), str(out), str(base / f"cache{i}"), reg],
            check=True,
            cwd=ROOT,
            env={"PYTHONHASHSEED": str(i + 1), "PATH": ""},
        )
        outputs.append({p.name: p.read_bytes() for p in out.glob("*.svg")})
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == 2


def test_a_failing_snippet_is_named_and_the_others_still_render(workspace, capsys):
    base, name = workspace
    reg = make_package(
        base,
        name,
        {"helpers": HELPERS, "lines": GOOD, "bad": BROKEN},
        {"line": "lines.line_plot", "broken": "bad.broken_plot"},
    )
    out = base / "out"
    report = run(out, base / "cache", registry=reg)
    assert statuses(report) == {"line": "rendered", "broken": "failed"}
    assert not report.ok
    err = capsys.readouterr().err
    assert f"{name}/bad.py:5: figure 'broken' (broken_plot) raised" in err
    assert "this snippet is broken on purpose" in err
    assert (out / "line.svg").is_file()
    assert not (out / "broken.svg").exists()
    assert "broken" not in json.loads((out / "manifest.json").read_text())


def test_a_hanging_snippet_is_stopped_at_its_timeout(workspace, capsys):
    base, name = workspace
    reg = make_package(
        base,
        name,
        {"helpers": HELPERS, "lines": GOOD, "hang": HANGING},
        {"line": "lines.line_plot", "hanging": "hang.hanging_plot"},
    )
    out = base / "out"
    report = run(
        out, base / "cache", registry=reg, timeout=6
    )  # room for the good figure on a loaded machine
    assert statuses(report) == {"line": "rendered", "hanging": "timeout"}
    err = capsys.readouterr().err
    assert f"{name}/hang.py:2: figure 'hanging' (hanging_plot) did not finish within 6 s" in err
    assert (out / "line.svg").is_file()
    assert not list(out.glob(".*.tmp"))


def test_stale_outputs_are_removed_when_a_figure_leaves_the_registry(workspace):
    base, name = workspace
    reg = make_package(
        base,
        name,
        {"helpers": HELPERS, "lines": GOOD, "squares": OTHER},
        {"line": "lines.line_plot", "square": "squares.square_plot"},
    )
    out, cache = base / "out", base / "cache"
    run(out, cache, registry=reg)
    assert (out / "square.svg").is_file()
    make_package(base, name, {"helpers": HELPERS, "lines": GOOD}, {"line": "lines.line_plot"})
    fresh(name)
    run(out, cache, registry=reg)
    assert not (out / "square.svg").exists()
    assert not (out / "square.dark.svg").exists()
    assert set(json.loads((out / "manifest.json").read_text())) == {"line"}


def test_local_dependencies_follow_imports_transitively(workspace):
    base, name = workspace
    make_package(base, name, {"helpers": HELPERS, "lines": GOOD}, {"line": "lines.line_plot"})
    deps = {p.name for p in local_dependencies(f"{name}.lines", name)}
    assert deps == {"lines.py", "helpers.py", "__init__.py"}


DOCSTRINGS = [
    ("ok", "Title here\n\nOne sentence.", ("Title here", "One sentence.")),
    (
        "wrapped",
        "ReLU\n\n    A long sentence\n    over two lines.",
        ("ReLU", "A long sentence over two lines."),
    ),
]
BAD_DOCSTRINGS = [
    ("missing", None),
    ("no-blank", "Title\nSentence."),
    ("long-title", "One two three four five six seven\n\nSentence."),
    ("title-period", "A title.\n\nSentence."),
    ("no-period", "Title\n\nSentence without end"),
    ("no-sentence", "Title"),
]


@pytest.mark.parametrize(
    ("doc", "expected"), [c[1:] for c in DOCSTRINGS], ids=[c[0] for c in DOCSTRINGS]
)
def test_parse_docstring(doc, expected):
    assert parse_docstring(doc) == expected


@pytest.mark.parametrize("doc", [c[1] for c in BAD_DOCSTRINGS], ids=[c[0] for c in BAD_DOCSTRINGS])
def test_parse_docstring_rejects(doc):
    with pytest.raises(ValueError, match="docstring"):
        parse_docstring(doc)


def test_svg_size_reads_points_as_css_pixels():
    assert svg_size(b'<svg width="460.8pt" height="288pt" viewBox="0 0 1 1">') == (614, 384)
