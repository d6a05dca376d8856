"""The notebook runner: executes jupytext scripts, caches by content, fails loudly."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from rectified import notebook_page
from rectified.figures import display
from rectified.markdown.explore import ExploreExtension
from rectified.markdown.figures import FigureExtension
from rectified.notebooks import cell_line, figures_url, root_url, run, snippet_imports

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
    assert root_url(out_rel) == url.removesuffix("figures/")


# --------------------------------------------------------------- a notebook page's figures

EXPLORE = {
    "parameter": "N",
    "label": "number of sigmoids N",
    "count": 100,
    "initial": 99,
    "initial_text": "N = 100",
    "toggle": {"label": "the blog's scaling", "initial": True},
    "numbers": [{"label": "largest |sum − softplus| on [−10, 10]", "initial_text": "0.7114"}],
}


def figure_entry(name: str, explore: dict | None) -> dict:
    files = {"light": f"{name}.svg", "dark": f"{name}.dark.svg"}
    entry = {
        "title": name.title(),
        "summary": f"The {name} figure.",
        "files": files,
        "width": 614,
        "height": 384,
        "function": "plot",
        "source_path": "snippets/x.py",
        "source": "def plot(): ...\n",
        "code": "code/x.py",
    }
    if explore is not None:
        files["data"] = f"{name}.explore.json"
        entry["explore"] = explore
    return entry


NB_MANIFEST = {"sum": figure_entry("sum", EXPLORE), "flat": figure_entry("flat", None)}


@pytest.fixture
def figures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A figures folder with NB_MANIFEST, as the notebook runner points a notebook at it
    (and a fresh kernel: no figure shown yet)."""
    monkeypatch.setattr(display, "_shown", {})
    folder = tmp_path / "figures"
    folder.mkdir()
    (folder / "manifest.json").write_text(json.dumps(NB_MANIFEST))
    for name in NB_MANIFEST:
        (folder / f"{name}.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    monkeypatch.setenv(display.FIGURES_DIR_ENV, str(folder))
    monkeypatch.setenv(display.FIGURES_URL_ENV, "../../figures/")
    monkeypatch.setenv(display.ROOT_URL_ENV, "../../")
    return folder


def explore_box(html: str) -> dict:
    """The figure's slider box and its data link, as parsed HTML (serialiser-independent)."""
    soup = BeautifulSoup(html, "html.parser")
    fig = soup.find("figure")
    return {
        "figure": (fig["id"], fig["class"]),
        "box": fig.find("div", class_="rectified-explore"),
        "data": fig.find("a", class_="rectified-explore-data"),
    }


def test_show_gives_an_explorable_figure_the_controls_a_note_gives_it(figures: Path):
    """The same slider, switch, number and data link as rectified.markdown.explore adds."""
    shown = display.show("sum")._repr_mimebundle_()
    ext_figures = FigureExtension(
        manifest=NB_MANIFEST, attachments={}, figures_url="../../figures/"
    )
    ext_explore = ExploreExtension(manifest=NB_MANIFEST, figures_url="../../figures/")
    note = markdown.Markdown(extensions=[ext_figures, ext_explore]).convert("![[sum.svg]]")
    assert explore_box(shown["text/html"]) == explore_box(note)
    box = explore_box(shown["text/html"])
    assert box["box"].find("input", type="range")["max"] == "99"
    assert box["box"].find("output", attrs={"data-number": "0"}).text == "0.7114"
    assert box["data"]["href"] == "../../figures/sum.explore.json"
    scripts = BeautifulSoup(shown["text/html"], "html.parser").find_all("script")
    assert [(s["src"], s.has_attr("defer")) for s in scripts] == [("../../assets/explore.js", True)]
    assert shown["image/svg+xml"].startswith("<svg")


def test_a_figure_shown_twice_gets_the_ids_a_note_gives_it(figures: Path):
    ids = []
    for _ in range(2):
        soup = BeautifulSoup(display.show("sum").html(), "html.parser")
        ids.append((soup.find("figure")["id"], soup.find("input", type="range")["id"]))
    assert ids == [
        ("figure-sum", "figure-sum-slider"),
        ("figure-sum-2", "figure-sum-2-slider"),
    ]


def test_show_leaves_a_static_figure_without_controls_or_script(figures: Path):
    html = display.show("flat").html()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("figure")["id"] == "figure-flat"
    assert soup.find("input") is None
    assert soup.find("script") is None


def test_the_notebook_page_keeps_one_explore_script_after_its_figures(figures: Path):
    page = (
        '<script src=""></script><script type="text/x-mathjax-config">x</script>'
        '<script type="module">import m from "https://cdn.example/mermaid.js"</script>'
        f"<div class='jp-OutputArea'>{display.show('sum').html()}</div>"
        f"<div class='jp-OutputArea'>{display.show('sum').html()}</div>"
        f"<div class='jp-OutputArea'>{display.show('flat').html()}</div><p>After.</p>"
    )
    html, _css = notebook_page.finish(page)
    soup = BeautifulSoup(html, "html.parser")
    scripts = soup.find_all("script")
    assert [(s["src"], s.has_attr("defer")) for s in scripts] == [("../../assets/explore.js", True)]
    assert list(soup.children)[-1] is scripts[0]  # after everything the page shows


@pytest.mark.parametrize(
    "script",
    [
        "",  # an explorable figure whose script tag went missing: nothing to keep
        '<script src="https://cdn.example/assets/explore.js"></script>',
        '<script src="//cdn.example/assets/explore.js"></script>',
        '<script src="/assets/explore.js"></script>',  # the site may not live at the root
        '<script src="../../assets/other.js"></script>',
    ],
)
def test_the_notebook_page_keeps_no_other_script(figures: Path, script: str):
    figure = display.show("sum").html()
    figure = figure[: figure.index("<script")]
    html, _css = notebook_page.finish(f"<div>{figure}</div>{script}")
    assert BeautifulSoup(html, "html.parser").find("script") is None


def test_without_an_explorable_figure_the_explore_script_is_dropped(figures: Path):
    html, _css = notebook_page.finish('<p>Text.</p><script src="../../assets/explore.js"></script>')
    assert "<script" not in html


def test_the_figures_layer_imports_nothing_above_it():
    """rectified/figures/ (display included) sits below the Markdown extensions and the pages:
    what a notebook shows comes from rectified.figures.markup, as the extensions' figures do."""
    import ast

    folder = Path(display.__file__).parent
    above = ("rectified.markdown", "rectified.pages", "rectified.plugin", "rectified.site")
    found = []
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            found += [(path.name, n) for n in names if n.startswith(above)]
    assert found == []
