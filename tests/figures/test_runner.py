"""The figure runner: cache by content, determinism, failures and timeouts, manifest.

Also what its workers guarantee (rectified.figures.workers): a figure drawn after another on the
same worker is byte-identical to the figure drawn alone, whatever the first one did to rcParams,
module globals or the global random generators; a hung or crashing figure costs only itself.
And what it writes: only changed files (a second run leaves every byte and mtime), and it
deletes only files its own manifest lists (a contributor's file is kept, with a warning).
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from rectified.figures import workers
from rectified.figures.__main__ import main
from rectified.figures.runner import UnknownFigureError, output_names, run, svg_size
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


CRASHING = '''
import os


def crashing_plot():
    """A crashing figure

    A figure whose code ends its process at once.
    """
    os._exit(3)
'''


def draw_in_order(cache: Path, names: list[str]) -> None:
    """Make the runner hand figures out in this order (it draws the longest-timed first)."""
    cache.mkdir(parents=True, exist_ok=True)
    timings = {name: float(len(names) - i) for i, name in enumerate(names)}
    (cache / "timings.json").write_text(json.dumps(timings))


def logged(caplog: pytest.LogCaptureFixture, level: int) -> str:
    return "\n".join(r.getMessage() for r in caplog.records if r.levelno >= level)


def two_figures(base: Path, name: str) -> str:
    """The package most tests use: "line" and "square" in two modules sharing a helper."""
    return make_package(
        base,
        name,
        {"helpers": HELPERS, "lines": GOOD, "squares": OTHER},
        {"line": "lines.line_plot", "square": "squares.square_plot"},
    )


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
    reg = two_figures(base, name)
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
    reg = two_figures(base, name)
    out, cache = base / "out", base / "cache"
    run(out, cache, registry=reg)
    forced = run(out, cache, registry=reg, force=True, only=["square"])
    assert statuses(forced) == {"square": "rendered"}
    assert (out / "line.svg").is_file()  # --only leaves the others published


def test_only_keeps_a_figure_whose_code_changed_until_a_full_run(workspace, caplog):
    base, name = workspace
    reg = two_figures(base, name)
    out, cache = base / "out", base / "cache"
    run(out, cache, registry=reg)
    old = (out / "line.svg").read_bytes()
    (base / name / "helpers.py").write_text(HELPERS.replace("3]", "3, 4]"))
    fresh(name)
    with caplog.at_level(logging.WARNING):
        partial = run(out, cache, registry=reg, only=["square"])
    assert statuses(partial) == {"square": "cached"}
    # The edited figure is not asked for: its old drawing stays published, not deleted.
    assert (out / "line.svg").read_bytes() == old
    assert "line" in json.loads((out / "manifest.json").read_text())
    assert any("line" in r.getMessage() and "--only" in r.getMessage() for r in caplog.records)
    full = run(out, cache, registry=reg)
    assert statuses(full) == {"line": "rendered", "square": "cached"}
    assert (out / "line.svg").read_bytes() != old


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


def test_a_failing_snippet_is_named_and_the_others_still_render(workspace, caplog):
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
    err = logged(caplog, logging.ERROR)
    assert f"{name}/bad.py:5: figure 'broken' (broken_plot) raised" in err
    assert "this snippet is broken on purpose" in err
    assert (out / "line.svg").is_file()
    assert not (out / "broken.svg").exists()
    assert "broken" not in json.loads((out / "manifest.json").read_text())


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_hanging_snippet_is_stopped_at_its_timeout(workspace, caplog, jobs):
    """The hanging figure comes first: with one worker, its replacement draws the good one."""
    base, name = workspace
    reg = make_package(
        base,
        name,
        {"helpers": HELPERS, "hang": HANGING, "lines": GOOD},
        {"hanging": "hang.hanging_plot", "line": "lines.line_plot"},
    )
    out = base / "out"
    draw_in_order(base / "cache", ["hanging", "line"])
    # 6 s: room for the good figure on a loaded machine.
    report = run(out, base / "cache", registry=reg, timeout=6, jobs=jobs)
    assert statuses(report) == {"line": "rendered", "hanging": "timeout"}
    err = logged(caplog, logging.ERROR)
    assert f"{name}/hang.py:2: figure 'hanging' (hanging_plot) did not finish within 6 s" in err
    assert (out / "line.svg").is_file()
    assert not list(out.glob(".*.tmp"))


def test_workers_start_clean_when_the_caller_runs_threads(workspace, monkeypatch):
    """Forking a threaded process can deadlock: the workers are then spawned, same bytes."""
    import multiprocessing as mp
    import threading

    can_fork = "fork" in mp.get_all_start_methods()
    with monkeypatch.context() as patch:
        patch.setattr(threading, "active_count", lambda: 1)
        assert workers._context().get_start_method() == ("fork" if can_fork else "spawn")
        patch.setattr(threading, "active_count", lambda: 2)
        assert workers._context().get_start_method() == "spawn"

    base, name = workspace
    reg = make_package(base, name, {"helpers": HELPERS, "lines": GOOD}, {"line": "lines.line_plot"})
    methods = ["spawn", "fork"] if can_fork else ["spawn"]
    for method in methods:
        monkeypatch.setattr(workers, "_context", lambda m=method: mp.get_context(m))
        report = run(base / f"out-{method}", base / f"cache-{method}", registry=reg, jobs=1)
        assert statuses(report) == {"line": "rendered"}, method
    for filename in output_names("line").values():
        drawn = {(base / f"out-{m}" / filename).read_bytes() for m in methods}
        assert len(drawn) == 1, filename


def test_a_crashing_worker_costs_only_its_figure(workspace, caplog):
    base, name = workspace
    reg = make_package(
        base,
        name,
        {"helpers": HELPERS, "crash": CRASHING, "lines": GOOD},
        {"crashing": "crash.crashing_plot", "line": "lines.line_plot"},
    )
    draw_in_order(base / "cache", ["crashing", "line"])
    report = run(base / "out", base / "cache", registry=reg, jobs=1)
    assert statuses(report) == {"crashing": "failed", "line": "rendered"}
    err = logged(caplog, logging.ERROR)
    assert f"{name}/crash.py:5: figure 'crashing' (crashing_plot) crashed: its worker" in err
    assert "its worker process exited (code 3)" in err


def test_stale_outputs_are_removed_when_a_figure_leaves_the_registry(workspace):
    base, name = workspace
    reg = two_figures(base, name)
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


# ----------------------------------------------------------------------------- isolation

STATE = """
from pathlib import Path

SCALE = 1
POINTS = [0, 1, 2]
ORDER = Path(__file__).with_name("order.txt")  # the figures write their names as they draw
"""

VICTIM = '''
import random

import numpy as np
from matplotlib.figure import Figure

from {pkg} import state


def victim_plot():
    """A sensitive figure

    A figure whose picture shows every kind of state an earlier figure could leave behind.
    """
    with open(state.ORDER, "a") as fh:
        fh.write("victim\\n")
    fig = Figure()
    ax = fig.add_subplot()
    xs = [p * state.SCALE for p in state.POINTS]
    ax.plot(xs, xs, marker="o", label="points")  # marker size and margins: rcParams
    ax.plot(np.random.random(4), [random.random() for _ in range(4)], label="random")
    ax.set_title(f"Sensitive {{len(state.POINTS)}}")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend()
    return fig
'''

MUTATOR = '''
import random

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from {pkg} import state

{at_import}


def mutator_plot():
    """A figure that changes things

    A figure whose code changes state it does not own before drawing a line.
    """
    with open(state.ORDER, "a") as fh:
        fh.write("mutator\\n")
{while_drawing}
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot([0, 1], [1, 0])
    ax.set_title("Mutator")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    return fig
'''

MUTATIONS = {
    "rcparams-at-import": (
        'matplotlib.rcParams["lines.markersize"] = 25\nmatplotlib.rcParams["axes.xmargin"] = 0.4',
        "",
    ),
    "rcparams-while-drawing": (
        "",
        '    matplotlib.rcParams["lines.markersize"] = 25\n'
        '    matplotlib.rcParamsDefault["axes.xmargin"] = 0.4\n'
        '    matplotlib.rcParams["font.family"].insert(0, "DejaVu Serif")',
    ),
    "module-global-rebound": ("", "    state.SCALE = 7"),
    "module-global-mutated-in-place": ("", "    state.POINTS.append(5)"),
    "module-global-at-import": ("state.POINTS.append(5)\nstate.SCALE = 3", ""),
    "global-random-generators": (
        "",
        "    np.random.seed(99)\n    random.seed(99)\n    np.random.random(10)",
    ),
}


@pytest.mark.parametrize("mutation", list(MUTATIONS))
def test_a_figure_drawn_after_another_is_as_if_drawn_alone(workspace, mutation):
    """One worker draws the victim, then a figure that mutates state, then the victim again."""
    base, name = workspace
    at_import, while_drawing = MUTATIONS[mutation]
    mutator = MUTATOR.replace("{at_import}", at_import).replace("{while_drawing}", while_drawing)
    reg = make_package(
        base,
        name,
        {"state": STATE, "victim": VICTIM, "mutator": mutator},
        {
            "victim-first": "victim.victim_plot",
            "mutator": "mutator.mutator_plot",
            "victim-again": "victim.victim_plot",
        },
    )
    out = base / "out"
    draw_in_order(base / "cache", ["victim-first", "mutator", "victim-again"])
    report = run(out, base / "cache", registry=reg, jobs=1)
    order = (base / name / "order.txt").read_text().split()
    assert order == ["victim"] * 2 + ["mutator"] * 2 + ["victim"] * 2  # both palettes each
    assert statuses(report) == dict.fromkeys(
        ["victim-first", "mutator", "victim-again"], "rendered"
    )
    for variant in ("svg", "dark.svg"):
        first = (out / f"victim-first.{variant}").read_bytes()
        assert (out / f"victim-again.{variant}").read_bytes() == first, mutation


# ----------------------------------------------------------------------------- what is written


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder`` (hidden ones too): its bytes and modification time (ns)."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def age(folder: Path) -> None:
    """Set every file's mtime to 2001: a rewrite, however fast, then shows."""
    for p in folder.rglob("*"):
        if p.is_file():
            os.utime(p, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))


def test_a_second_run_changes_no_file(workspace):
    """No byte and no mtime changes in the output folder: `mkdocs serve` sees nothing to do."""
    base, name = workspace
    reg = make_package(
        base,
        name,
        {"helpers": HELPERS, "lines": GOOD, "squares": OTHER},
        {"line": "lines.line_plot", "square": "squares.square_plot", "line2": "lines.line_plot"},
    )
    out, cache = base / "out", base / "cache"
    run(out, cache, registry=reg)
    assert {"manifest.json", "code/lines.py", "code/squares.py", "line.svg"} <= set(snapshot(out))
    age(out)
    before = snapshot(out)
    again = run(out, cache, registry=reg)
    assert set(statuses(again).values()) == {"cached"}
    assert snapshot(out) == before
    forced = run(out, cache, registry=reg, force=True)  # drawn again: the same bytes
    assert set(statuses(forced).values()) == {"rendered"}
    assert snapshot(out) == before


def test_an_edit_rewrites_only_what_it_changes(workspace):
    base, name = workspace
    reg = two_figures(base, name)
    out, cache = base / "out", base / "cache"
    run(out, cache, registry=reg)
    age(out)
    before = snapshot(out)
    squares = base / name / "squares.py"
    squares.write_text(squares.read_text().replace("[0, 1, 4]", "[0, 1, 5]"))
    fresh(name)
    assert statuses(run(out, cache, registry=reg)) == {"line": "cached", "square": "rendered"}
    after = snapshot(out)
    changed = sorted(f for f in before if after[f] != before[f])
    assert changed == ["code/squares.py", "manifest.json", "square.dark.svg", "square.svg"]
    assert set(after) == set(before)


# ----------------------------------------------------------------------------- what is deleted


def test_a_foreign_file_is_kept_with_a_warning_and_stale_outputs_go(workspace, caplog):
    base, name = workspace
    reg = two_figures(base, name)
    out, cache = base / "out", base / "cache"
    run(out, cache, registry=reg)
    pasted = out / "Pasted image 20240101.png"
    pasted.write_bytes(b"\x89PNG a contributor's screenshot")
    own = out / "notes" / "sketch.svg"
    own.parent.mkdir()
    own.write_text("<svg/>")
    hidden = out / ".DS_Store"
    hidden.write_bytes(b"finder")
    # `square` leaves the registry: its SVGs and code copy were the runner's, and go.
    make_package(base, name, {"helpers": HELPERS, "lines": GOOD}, {"line": "lines.line_plot"})
    fresh(name)
    caplog.clear()
    report = run(out, cache, registry=reg)
    assert pasted.read_bytes() == b"\x89PNG a contributor's screenshot"
    assert own.read_text() == "<svg/>"
    assert hidden.read_bytes() == b"finder"
    assert not (out / "square.svg").exists()
    assert not (out / "square.dark.svg").exists()
    assert not (out / "code" / "squares.py").exists()
    assert report.foreign == ["Pasted image 20240101.png", "notes/sketch.svg"]
    warnings = logged(caplog, logging.WARNING)
    assert "Pasted image 20240101.png was not made by the figure runner, so it is kept" in warnings
    assert "docs/attachments/" in warnings
    assert ".DS_Store" not in warnings


def test_files_of_no_manifest_are_never_deleted(workspace):
    """Without a manifest (deleted, or a folder the runner never wrote) nothing is deleted."""
    base, name = workspace
    reg = make_package(base, name, {"helpers": HELPERS, "lines": GOOD}, {"line": "lines.line_plot"})
    out = base / "out"
    out.mkdir()
    (out / "old.svg").write_text("<svg/>")
    (out / "manifest.json").write_text("not json")
    run(out, base / "cache", registry=reg)
    assert (out / "old.svg").read_text() == "<svg/>"
    assert set(json.loads((out / "manifest.json").read_text())) == {"line"}


def test_a_killed_runs_temporary_files_are_cleaned(workspace):
    base, name = workspace
    reg = make_package(base, name, {"helpers": HELPERS, "lines": GOOD}, {"line": "lines.line_plot"})
    out, cache = base / "out", base / "cache"
    run(out, cache, registry=reg)
    leftover = out / ".line.svg.k3j9x2ab.tmp"
    leftover.write_text("half a figure")
    run(out, cache, registry=reg)
    assert not leftover.exists()


# ----------------------------------------------------------------------------- command line


def test_json_report(workspace, tmp_path, capsys):
    base, name = workspace
    reg = make_package(
        base,
        name,
        {"helpers": HELPERS, "lines": GOOD, "bad": BROKEN},
        {"line": "lines.line_plot", "broken": "bad.broken_plot"},
    )
    args = ["--registry", reg, "--out", str(base / "out"), "--cache", str(base / "cache")]
    args += ["--docs", str(base / "no-docs"), "--jobs", "1"]
    report_file = tmp_path / "report.json"
    assert main([*args, "--json", str(report_file)]) == 1  # one figure fails
    data = json.loads(report_file.read_text())
    assert data["schema"] == 1
    assert data["ok"] is False
    assert [(f["name"], f["status"]) for f in data["figures"]] == [
        ("line", "rendered"),
        ("broken", "failed"),
    ]
    assert all(f["seconds"] > 0 for f in data["figures"])
    assert "this snippet is broken on purpose" in data["figures"][1]["error"]
    totals = data["totals"]
    assert (totals["figures"], totals["rendered"], totals["failed"], totals["jobs"]) == (2, 1, 1, 1)
    assert totals["seconds"] >= totals["drawing_seconds"] / totals["jobs"] > 0
    capsys.readouterr()

    # To stdout: nothing but the JSON there (the table goes to stderr).
    assert main([*args, "--only", "line", "--json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert [(f["name"], f["status"]) for f in data["figures"]] == [("line", "cached")]
    assert data["totals"]["jobs"] == 0
    assert "line" in captured.err


def test_unknown_figure_is_a_typed_error(workspace, capsys):
    base, name = workspace
    reg = make_package(base, name, {"helpers": HELPERS, "lines": GOOD}, {"line": "lines.line_plot"})
    with pytest.raises(UnknownFigureError, match=r"unknown figure.*nope.*known: line"):
        run(base / "out", base / "cache", registry=reg, only=["nope"])
    code = main(["--registry", reg, "--out", str(base / "out"), "--only", "nope"])
    assert code == 1
    assert "error: unknown figure(s): nope" in capsys.readouterr().err


def test_the_runner_and_manifest_import_no_markdown_extension():
    """Layers point down: the runner and the manifest module never import rectified.markdown."""
    code = (
        "import sys, rectified.figures.runner, rectified.figures.manifest, "
        "rectified.figures.__main__;"
        "bad = sorted(m for m in sys.modules if m.startswith(('rectified.markdown', 'markdown', "
        "'matplotlib', 'numpy')));"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


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
