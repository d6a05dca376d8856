"""The notebook runner: executes jupytext scripts, caches by content, fails loudly."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest

from rectified.notebooks import cell_line, figures_url, run, snippet_imports

GOOD = """# %% [markdown]
# # A small notebook
# Some text with $x^2$.

# %%
total = sum(range(5))
print("total", total)
"""

RAISES = """# %% [markdown]
# # Broken

# %%
x = 1

# %%
y = x + 1
raise ValueError("this cell fails on purpose")
"""

HANGS = """# %%
import time

# %%
while True:
    time.sleep(0.05)
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    for sub in ("notebooks", "docs/figures"):
        (tmp_path / sub).mkdir(parents=True)
    (tmp_path / "docs/figures/manifest.json").write_text("{}")
    return tmp_path


def write(project: Path, name: str, text: str) -> Path:
    path = project / "notebooks" / f"{name}.py"
    path.write_text(text)
    return path


def outputs(nb_path: Path) -> str:
    nb = json.loads(nb_path.read_text())
    return "".join(
        "".join(o.get("text", ""))
        for c in nb["cells"]
        if c["cell_type"] == "code"
        for o in c["outputs"]
    )


def test_executes_caches_and_reruns_only_on_change(project: Path):
    write(project, "Good", GOOD)
    first = run(Path("notebooks"), Path("docs"), Path(".cache/nb"), timeout=60)
    assert [(r.name, r.status) for r in first.results] == [("Good", "rendered")]
    out = project / "docs/notebooks/Good.ipynb"
    assert "total 10" in outputs(out)
    second = run(Path("notebooks"), Path("docs"), Path(".cache/nb"), timeout=60)
    assert [r.status for r in second.results] == ["cached"]
    out.unlink()  # a deleted output comes back from the cache, without executing
    third = run(Path("notebooks"), Path("docs"), Path(".cache/nb"), timeout=60)
    assert [r.status for r in third.results] == ["cached"]
    assert "total 10" in outputs(out)
    write(project, "Good", GOOD.replace("range(5)", "range(6)"))
    fourth = run(Path("notebooks"), Path("docs"), Path(".cache/nb"), timeout=60)
    assert [r.status for r in fourth.results] == ["rendered"]
    assert "total 15" in outputs(out)


def errors(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR)


def test_a_raising_cell_fails_naming_file_and_line(project: Path, caplog):
    write(project, "Broken", RAISES)
    report = run(Path("notebooks"), Path("docs"), Path(".cache/nb"), timeout=60)
    assert not report.ok
    err = errors(caplog)
    assert "notebooks/Broken.py:8: a cell raised" in err
    assert "this cell fails on purpose" in err
    assert not (project / "docs/notebooks/Broken.ipynb").exists()


def test_a_hanging_cell_is_stopped_at_the_timeout(project: Path, caplog):
    write(project, "Hangs", HANGS)
    report = run(Path("notebooks"), Path("docs"), Path(".cache/nb"), timeout=3)
    assert [r.status for r in report.results] == ["timeout"]
    assert "notebooks/Hangs.py:5: a cell did not finish within 3 s" in errors(caplog)


def test_an_unchanged_notebook_is_not_rewritten(project: Path):
    """Cached or executed again, the same source leaves the output's bytes and mtime alone."""
    write(project, "Good", GOOD)
    run(Path("notebooks"), Path("docs"), Path(".cache/nb"), timeout=60)
    out = project / "docs/notebooks/Good.ipynb"
    os.utime(out, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))  # 2001
    data = out.read_bytes()
    cached = run(Path("notebooks"), Path("docs"), Path(".cache/nb"), timeout=60)
    assert [r.status for r in cached.results] == ["cached"]
    forced = run(Path("notebooks"), Path("docs"), Path(".cache/nb"), timeout=60, force=True)
    assert [r.status for r in forced.results] == ["rendered"]
    assert out.read_bytes() == data
    assert out.stat().st_mtime_ns == 1_000_000_000_000_000_000


def test_stale_outputs_are_removed(project: Path):
    (project / "docs/notebooks").mkdir(parents=True)
    stale = project / "docs/notebooks/Old.ipynb"
    stale.write_text("{}")
    run(Path("notebooks"), Path("docs"), Path(".cache/nb"), timeout=60)
    assert not stale.exists()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "import numpy as np\nfrom snippets import sigmoid_sums as ss\n",
            ["snippets", "snippets.sigmoid_sums"],
        ),
        ("import snippets.activations\n", ["snippets.activations"]),
        ("from rectified.figures.display import show\n", []),
    ],
)
def test_snippet_imports(source, expected):
    assert snippet_imports(source) == expected


def test_cell_line_finds_the_first_code_line():
    assert cell_line(RAISES, "y = x + 1\nraise ValueError()") == 8
    assert cell_line(RAISES, "\n\n") is None


@pytest.mark.parametrize(
    ("out_rel", "url"),
    [("notebooks/A Notebook.ipynb", "../../figures/"), ("B.ipynb", "../figures/")],
)
def test_figures_url_is_relative_to_the_notebook_page(out_rel, url):
    assert figures_url(out_rel) == url
