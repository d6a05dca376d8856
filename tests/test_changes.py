"""``python -m rectified.changes BASE``: the pull-request preview's list of changed pages and
re-rendered figures, on a pull-request-shaped change in a throw-away git repository."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from rectified import changes, pages
from rectified.changes import Changes, Figure, Page, summary_markdown
from tests.test_serve import SNIPPETS

NOTES = {
    "Alpha.md": "# Alpha\n\nAlpha builds on [[Beta]].\n",
    "Beta.md": "# Beta\n\nBeta stands alone.\n",
    "Gamma.md": "# Gamma\n\nGamma extends [[Alpha]].\n",
    "Delta.md": "# Delta\n\nThe rectifier:\n\n![[relu.svg]]\n",
    "Epsilon.md": "# Epsilon\n\nUnrelated to the rest.\n",
}


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture(scope="module")
def pull_request(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Changes]:
    """A repository at BASE, then a pull request's edits in its working tree: a sentence with a
    new link added to Beta, a new note, and a snippet edit that changes the figure relu."""
    if shutil.which("git") is None:
        pytest.skip("git is needed")
    repo = tmp_path_factory.mktemp("pr")
    for rel, text in NOTES.items():
        (repo / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / "docs" / rel).write_text(text, encoding="utf-8")
    (repo / "snippets").mkdir()
    for name, text in SNIPPETS.items():
        (repo / "snippets" / name).write_text(text, encoding="utf-8")
    (repo / ".gitignore").write_text("/docs/figures/\n/.cache/\n__pycache__/\n")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "base")

    beta = repo / "docs" / "Beta.md"
    beta.write_text(beta.read_text() + "\nBeta now cites [[Gamma]].\n", encoding="utf-8")
    (repo / "docs" / "Zeta.md").write_text("# Zeta\n\nA new note.\n", encoding="utf-8")
    probe = repo / "snippets" / "probe.py"
    probe.write_text(probe.read_text().replace("POINTS = 5", "POINTS = 9"), encoding="utf-8")
    return repo, changes.compute(repo, "main", repo / ".cache" / "changes", timeout=300)


def test_changed_pages_are_the_edited_notes_and_the_pages_they_show_on(pull_request) -> None:
    _repo, found = pull_request
    reasons = {page.path: page.reasons for page in found.pages}
    # Beta: its text and its new link; its neighbourhood now holds Gamma.
    assert set(reasons["Beta.md"]) == {
        "source edited",
        "a link resolves differently",
        "Neighbourhood graph",
    }
    # Gamma is linked from Beta now: its "Linked from" and its neighbourhood change.
    assert set(reasons["Gamma.md"]) == {"Linked from", "Neighbourhood graph"}
    # Alpha's neighbours (Beta, Gamma) are now linked with each other: its graph shows it.
    assert reasons["Alpha.md"] == ["Neighbourhood graph"]
    # Delta embeds the figure the snippet edit redraws; the gallery shows every figure.
    assert reasons["Delta.md"] == ["figure relu re-rendered"]
    assert reasons["gallery.md"] == ["figure relu re-rendered"]
    assert reasons["Zeta.md"] == ["new page"]
    assert reasons["notes.md"] == ["the list of notes (titles, tags)"]
    assert reasons["graph.md"] == ["the links between notes"]
    # Nothing else: Epsilon is untouched, and no tag or wanted link changed.
    assert set(reasons) == {
        "Alpha.md",
        "Beta.md",
        "Gamma.md",
        "Delta.md",
        "Zeta.md",
        "gallery.md",
        "graph.md",
        "notes.md",
    }
    assert {p.path: p.url for p in found.pages}["Beta.md"] == "beta/"


def test_the_changed_files_are_listed_untracked_included(pull_request) -> None:
    _repo, found = pull_request
    assert found.files == ["docs/Beta.md", "docs/Zeta.md", "snippets/probe.py"]
    assert found.site_wide == []


def test_the_redrawn_figure_has_its_before_and_after_pictures(pull_request) -> None:
    repo, found = pull_request
    assert found.figures_error == ""
    assert [(f.name, f.status) for f in found.figures] == [("relu", "changed")]
    fig = found.figures[0]
    pictures = repo / ".cache" / "changes"
    before, after = (pictures / fig.before).read_bytes(), (pictures / fig.after).read_bytes()
    assert before != after
    assert b"<svg" in before
    # After is what the working tree shows; the dark variants are kept too.
    assert after == (repo / "docs" / "figures" / "relu.svg").read_bytes()
    assert (pictures / "before" / "relu.dark.svg").is_file()
    assert (pictures / "after" / "relu.dark.svg").is_file()
    assert fig.code == "snippets/probe.py"


def test_main_prints_the_list_and_writes_the_summary(pull_request, monkeypatch, capsys) -> None:
    repo, _found = pull_request
    monkeypatch.chdir(repo)
    summary = repo / "summary.md"
    summary.write_text("earlier step\n")
    assert changes.main(["main", "--summary", str(summary), "--site-url", "https://x/site"]) == 0
    out = capsys.readouterr().out
    assert "Changed pages (8):" in out
    assert "  Beta.md     source edited; a link resolves differently; Neighbourhood graph" in out
    assert "relu: re-rendered (snippets/probe.py)" in out
    text = summary.read_text()
    assert text.startswith("earlier step\n## Site preview")  # appended, as step summaries are
    assert "[download the site preview](https://x/site)" in text
    report = json.loads((repo / ".cache" / "changes" / "changes.json").read_text())
    assert [p["path"] for p in report["pages"]][:2] == ["Alpha.md", "Beta.md"]
    # The local page shows the pictures side by side, relative to itself.
    index = (repo / ".cache" / "changes" / "index.md").read_text()
    assert "![relu, before](./before/relu.svg)" in index
    assert "![relu, after](./after/relu.svg)" in index


def _sample(n_pages: int = 2) -> Changes:
    pages_ = [Page(f"N{i}.md", f"Note {i}", f"n{i}/", ["source edited"]) for i in range(n_pages)]
    pages_[0] = Page("A|B.md", "A | B <b>", "a-b/", ["source edited", "Linked from"])
    fig = Figure("relu", "ReLU", "changed", "before/relu.svg", "after/relu.svg", "snippets/x.py")
    return Changes("origin/main", "0123456789abcdef", ["docs/A|B.md"], [], pages_, [fig])


def test_summary_lists_pages_and_links_each_picture_to_its_artifact() -> None:
    text = summary_markdown(_sample(), site_url="https://s", pictures_url="https://p")
    lines = text.splitlines()
    assert "### Changed pages (2)" in lines
    assert "### Re-rendered figures (1)" in lines
    # A title's pipe cannot break the table, nor its markup leak into the page.
    row = next(line for line in lines if "A \\| B" in line)
    assert row == "| A \\| B &lt;b&gt; (`A\\|B.md`) | `/a-b/` | source edited; Linked from |"
    fig_row = next(line for line in lines if line.startswith("| `relu`"))
    pictures = "[`before/relu.svg`](https://p) | [`after/relu.svg`](https://p)"
    assert fig_row == f"| `relu` ReLU | re-rendered | {pictures} |"
    # GitHub drops data: URIs from rendered Markdown: the summary never relies on them.
    assert "data:" not in text


def test_summary_stays_under_the_step_summary_limit() -> None:
    many = _sample(5000)
    full = summary_markdown(many)
    assert len(full.encode()) > 50_000
    cut = summary_markdown(many, limit=50_000)
    assert len(cut.encode()) <= 50_000
    assert "more pages" in cut
    assert "### Re-rendered figures (1)" in cut  # the figures are never cut off
    assert "### Changed pages (5000)" in cut


def test_summary_from_an_earlier_report(tmp_path) -> None:
    report = tmp_path / "changes.json"
    report.write_text(json.dumps(_sample().as_json()))
    out = tmp_path / "summary.md"
    args = ["--from-json", str(report), "--summary", str(out), "--pictures-url", "https://p"]
    assert changes.main(args) == 0
    assert out.read_text() == summary_markdown(_sample(), pictures_url="https://p")


def test_every_page_module_says_what_it_reads() -> None:
    """A new generated page or per-note addition needs its entry in rectified.changes."""
    assert set(pages.GENERATED) == set(changes.GENERATED_INPUTS)
    additions = {m.__name__.rsplit(".", 1)[-1] for m in pages.ADDITIONS}
    assert additions == set(changes.ADDITION_INPUTS)


def _figures_folder(folder: Path, picture: bytes, module: str, **entry: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "code").mkdir()
    (folder / "f.svg").write_bytes(picture)
    (folder / "f.dark.svg").write_bytes(picture)
    (folder / "code" / "m.py").write_text(module)
    item = {"files": {"light": "f.svg", "dark": "f.dark.svg"}, "code": "code/m.py", **entry}
    (folder / "manifest.json").write_text(json.dumps({"f": item}))
    return folder


@pytest.mark.parametrize(
    ("before", "after", "status"),
    [
        ((b"<svg/>", "a", "T"), (b"<svg/>", "a", "T"), None),
        # Another function of the module changed: the page shows this one's source and links
        # the module's copy, so neither its pictures nor what the page shows changed.
        ((b"<svg/>", "a", "T"), (b"<svg/>", "b", "T"), None),
        ((b"<svg/>", "a", "T"), (b"<svg/>", "a", "U"), "code"),  # the caption
        ((b"<svg/>", "a", "T"), (b"<svg />", "a", "T"), "changed"),
    ],
)
def test_a_figure_counts_as_changed_when_what_a_page_shows_of_it_does(
    tmp_path, before, after, status
) -> None:
    old = _figures_folder(tmp_path / "old", before[0], before[1], title=before[2])
    new = _figures_folder(tmp_path / "new", after[0], after[1], title=after[2])
    found = changes.compare_figures(old, new, tmp_path / "pictures")
    assert [f.status for f in found] == ([status] if status else [])
    if status == "changed":
        assert (tmp_path / "pictures" / found[0].before).read_bytes() == before[0]
        assert (tmp_path / "pictures" / found[0].after).read_bytes() == after[0]
