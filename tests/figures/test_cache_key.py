"""The figure cache key changes with every input that can change a figure's pixels.

A figure is re-drawn only when its cache key changes, so an input missing from the key means a
stale SVG on the site: an edited palette that never shows, a library upgrade whose new rendering
never appears. Each case below runs the real runner three times on a small snippet package: a
first run draws the figure, a second finds it cached, and after one input changes a third run
must draw it again. The inputs:

- the snippet's own source;
- a local module it imports (and only that: an unrelated module leaves it cached);
- each palette's style sheet;
- the Python, numpy and matplotlib versions.

Tests go through :func:`rectified.figures.runner.run` rather than the key function, so they
hold however the key is computed. Versions are changed by patching where a real upgrade would
show (``sys.version_info``/``sys.version``/``platform.python_version`` and the installed
packages' metadata, ``importlib.metadata.version``); a runner that reads versions some other way
would have to be taught here too (the test then fails, it does not pass silently).
"""

from __future__ import annotations

import importlib.metadata
import platform
import shutil
import sys
from collections import namedtuple
from collections.abc import Callable
from pathlib import Path

import pytest

import rectified.figures.render as render
from rectified.figures.runner import run
from tests.figures.test_runner import GOOD, HELPERS, fresh, make_package, statuses

UNRELATED = '''
def unused():
    """Not imported by the figure's module."""
    return 1
'''

_VersionInfo = namedtuple("_VersionInfo", "major minor micro releaselevel serial")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def _python_upgrade(monkeypatch: pytest.MonkeyPatch) -> None:
    v = sys.version_info
    fake = _VersionInfo(v.major, v.minor, v.micro + 100, v.releaselevel, v.serial)
    shown = f"{fake.major}.{fake.minor}.{fake.micro}"
    monkeypatch.setattr(sys, "version_info", fake)
    monkeypatch.setattr(sys, "version", shown + sys.version[len(platform.python_version()) :])
    monkeypatch.setattr(platform, "python_version", lambda: shown)


def _package_upgrade(package: str) -> Callable[[pytest.MonkeyPatch], None]:
    def upgrade(monkeypatch: pytest.MonkeyPatch) -> None:
        real = importlib.metadata.version

        def version(name: str) -> str:
            return f"{real(name)}.post99" if name.lower() == package else real(name)

        monkeypatch.setattr(importlib.metadata, "version", version)
        module = sys.modules.get(package)
        if module is not None:
            monkeypatch.setattr(module, "__version__", f"{real(package)}.post99", raising=False)

    return upgrade


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest):
    """A snippet package with one figure, its style sheets in a folder of the test's own."""
    name = "keys_" + "".join(c if c.isalnum() else "_" for c in request.node.name)
    monkeypatch.syspath_prepend(str(tmp_path))
    registry = make_package(
        tmp_path,
        name,
        {"helpers": HELPERS, "lines": GOOD, "unrelated": UNRELATED},
        {"line": "lines.line_plot"},
    )
    styles = tmp_path / "styles"
    shutil.copytree(render.STYLES_DIR, styles)
    monkeypatch.setattr(render, "STYLES_DIR", styles)
    yield tmp_path, name, registry
    fresh(name)


def _run(base: Path, registry: str) -> dict[str, str]:
    return statuses(run(base / "out", base / "cache", registry=registry, jobs=1))


# (id, what changes): each function gets (project folder, package name, monkeypatch).
CHANGES: list[tuple[str, Callable[[Path, str, pytest.MonkeyPatch], None]]] = [
    (
        "snippet-source",
        lambda base, name, mp: _edit(base / name / "lines.py", 'label="y = x"', 'label="x"'),
    ),
    (
        "imported-local-module",
        lambda base, name, mp: _edit(base / name / "helpers.py", "3]", "3, 4]"),
    ),
    (
        "light-style-sheet",
        lambda base, name, mp: _edit(base / "styles" / "light.mplstyle", "\n", "\n# edited\n"),
    ),
    (
        "dark-style-sheet",
        lambda base, name, mp: _edit(base / "styles" / "dark.mplstyle", "\n", "\n# edited\n"),
    ),
    ("python-version", lambda base, name, mp: _python_upgrade(mp)),
    ("numpy-version", lambda base, name, mp: _package_upgrade("numpy")(mp)),
    ("matplotlib-version", lambda base, name, mp: _package_upgrade("matplotlib")(mp)),
]


@pytest.mark.parametrize("change", [c[1] for c in CHANGES], ids=[c[0] for c in CHANGES])
def test_a_changed_input_redraws_the_figure(project, monkeypatch, change):
    base, name, registry = project
    assert _run(base, registry) == {"line": "rendered"}
    assert _run(base, registry) == {"line": "cached"}
    change(base, name, monkeypatch)
    fresh(name)
    assert _run(base, registry) == {"line": "rendered"}, "the cache key missed this input"


def test_an_unrelated_module_leaves_the_figure_cached(project):
    base, name, registry = project
    assert _run(base, registry) == {"line": "rendered"}
    _edit(base / name / "unrelated.py", "return 1", "return 2")
    fresh(name)
    assert _run(base, registry) == {"line": "cached"}


def test_the_style_sheets_are_the_ones_the_figures_use():
    """The sheets these tests patch are the sheets each palette renders with."""
    used = {p.resolve() for p in render.style_paths()}
    assert used == {(render.STYLES_DIR / f"{v}.mplstyle").resolve() for v in render.VARIANTS}
