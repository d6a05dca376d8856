"""``nox -s new`` (rectified.new), always run against a temporary copy of the project."""

from __future__ import annotations

import ast
import datetime as dt
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from rectified.figures.spec import parse_docstring
from rectified.lint import figure_names, lint_paths
from rectified.new import MAX_TITLE, NewNoteError, create, main, plan
from tests import test_snippets as contract  # a module, so pytest collects nothing twice
from tests.content import numbers

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2024, 5, 12)
COPIED = [
    "snippets/registry.py",
    "tests/__init__.py",
    "tests/content/__init__.py",
    "tests/content/claims.py",
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """docs/, snippets/ and claims.py copied; the real repository is never written to."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "docs", root / "docs", ignore=shutil.ignore_patterns("figures"))
    shutil.copytree(ROOT / "snippets", root / "snippets", ignore=shutil.ignore_patterns("__py*"))
    for rel in COPIED:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / rel, root / rel)
    return root


def make(project: Path, title: str, figure: bool = True):
    return create(title, project, figure=figure, today=TODAY, say=lambda _: None)


def run_python(project: Path, code: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(project)}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# --- what it creates --------------------------------------------------------------------------


def test_a_note_alone(project):
    registry = (project / "snippets/registry.py").read_text()
    done = make(project, "Noisy ReLU", figure=False)
    note = project / "docs" / "Noisy ReLU.md"
    assert list(done.new_files) == [note]
    text = note.read_text()
    assert text.startswith(
        "---\ntitle: Noisy ReLU\naliases: []\ntags: []\ncreated: 2024-05-12\n---\n\n# Noisy ReLU\n"
    )
    assert "> [!important] Definition\n" in text
    assert re.search(r"^> \$\$\n> .+\n> \$\$$", text, re.M), "a $$ formula in the callout"
    assert "\n## See also\n" in text
    assert "![[" not in text
    assert (project / "snippets/registry.py").read_text() == registry
    assert not list((project / "snippets").glob("noisy*"))
    claims = (project / "tests/content/claims.py").read_text()
    entry = claims[claims.index('    "Noisy ReLU.md": NoteNumbers(\n') :]
    entry = entry[: entry.index("\n    ),\n")]
    assert "# checked=[Claim(" in entry, "the entry shows how to check a number"
    assert "# given=[Given(" in entry, "and how to give one"
    assert "\n        given=" not in entry, "a title without a number gives nothing"


def test_a_note_with_a_figure(project):
    done = make(project, "Noisy ReLU")
    assert done.figure == "noisy-relu"
    note = project / "docs" / "Noisy ReLU.md"
    snippet = project / "snippets" / "noisy_relu.py"
    stub = project / "tests" / "content" / "test_noisy_relu.py"
    assert set(done.new_files) == {note, snippet, stub}
    assert "\n![[noisy-relu.svg]]\n" in note.read_text()
    registry = (project / "snippets/registry.py").read_text()
    assert '    "noisy-relu": noisy_relu.noisy_relu_plot,\n}' in registry
    assert "noisy-relu" in figure_names(project / "snippets/registry.py")


def _claims(project: Path):
    """The project copy's claims.py, loaded as a module of its own."""
    path = project / "tests/content/claims.py"
    spec = importlib.util.spec_from_file_location("copied_claims", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it runs
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_the_note_lints_clean_and_its_numbers_are_bound(project):
    title = "Top 10 rectifiers (2011)"
    make(project, title)
    docs = project / "docs"
    assert lint_paths([docs / f"{title}.md"], docs=docs) == []
    text = (docs / f"{title}.md").read_text()
    doc = numbers.Document(
        f"{title}.md", f"docs/{title}.md", text, numbers.scan(text), numbers.hidden(text)
    )
    assert [t.text for t in doc.tokens] == ["10", "2011"]  # in the heading
    coverage = numbers.cover(doc, _claims(project).NOTES[f"{title}.md"])
    assert coverage.errors == []
    assert coverage.uncovered() == []
    assert {g.why for g in coverage.given.values()} == {"part of the note's title"}


def test_the_figure_caption_numbers_are_bound(project):
    title = "Top 10 rectifiers (2011)"
    done = make(project, title)
    module = project / "snippets" / "top_10_rectifiers_2011.py"
    tree = ast.parse(module.read_text())
    func = next(n for n in tree.body if isinstance(n, ast.FunctionDef))
    title, summary = parse_docstring(ast.get_docstring(func))
    assert done.figure in figure_names(project / "snippets/registry.py")
    figure = SimpleNamespace(function=func.name, title=title, summary=summary)
    text = numbers.caption_text(module, [figure])
    doc = numbers.Document(
        "snippets/top_10_rectifiers_2011.py",
        "snippets/top_10_rectifiers_2011.py",
        text,
        numbers.scan(text, front_matter=False),
    )
    assert [t.text for t in doc.tokens] == ["10", "2011"]
    coverage = numbers.cover(doc, _claims(project).NOTES[doc.key])
    assert coverage.errors == []
    assert coverage.uncovered() == []


def test_registry_and_claims_stay_valid_and_sorted(project):
    make(project, "Zeta units")
    make(project, "Alpha units")
    source = (project / "snippets/registry.py").read_text()
    tree = ast.parse(source)
    imported = [
        a.name
        for n in tree.body
        if isinstance(n, ast.ImportFrom) and n.module == "snippets"
        for a in n.names
    ]
    assert imported == sorted(imported)
    assert {"alpha_units", "zeta_units"} <= set(imported)
    check = (
        "from snippets.registry import FIGURES\n"
        "from tests.content.claims import NOTES\n"
        "assert FIGURES['alpha-units'].__name__ == 'alpha_units_plot'\n"
        "assert FIGURES['zeta-units']().axes\n"
        "assert 'Alpha units.md' in NOTES and 'Zeta units.md' in NOTES\n"
    )
    result = run_python(project, check)
    assert result.returncode == 0, result.stderr


def test_the_snippet_keeps_the_figure_contract(project):
    make(project, "Noisy ReLU")
    path = project / "snippets" / "noisy_relu.py"
    assert contract.source_problems(path.read_text()) == []
    spec = importlib.util.spec_from_file_location("new_note_snippet", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    func = module.noisy_relu_plot
    contract.test_docstring_is_a_title_and_one_sentence("noisy-relu", func)
    contract.test_returns_a_plain_figure_with_titled_labelled_axes("noisy-relu", func)
    contract.test_lines_take_their_colours_from_the_style("noisy-relu", func)
    contract.test_no_figure_size_or_font_size_is_set("noisy-relu", func)


def test_the_test_stub_fails_until_written(project):
    make(project, "Noisy ReLU")
    stub = project / "tests" / "content" / "test_noisy_relu.py"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(stub)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result.stdout
    assert "write the tests for Noisy ReLU" in result.stdout


def test_generated_python_is_ruff_clean(project):
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed here (it is in the lint extra)")
    make(project, "Top 10 rectifiers (2011)")
    make(project, "Lambda")
    files = [
        "snippets/registry.py",
        "snippets/top_10_rectifiers_2011.py",
        "snippets/note_lambda.py",
        "tests/content/test_top_10_rectifiers_2011.py",
        "tests/content/claims.py",
    ]
    config = str(ROOT / "pyproject.toml")
    for args in (["check"], ["format", "--check"]):
        result = subprocess.run(
            [ruff, *args, "--config", config, *files],
            cwd=project,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr


# --- names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "figure", "module"),
    [
        ("Noisy ReLU", "noisy-relu", "noisy_relu"),
        ("  Noisy   ReLU ", "noisy-relu", "noisy_relu"),
        ("2011 paper", "2011-paper", "note_2011_paper"),
        ("Lambda", "lambda", "note_lambda"),
        ("Éléments de ReLU", "elements-de-relu", "elements_de_relu"),
        ("Hinton's lecture, part one", "hintons-lecture-part-one", "hintons_lecture_part_one"),
    ],
)
def test_names(project, title, figure, module):
    done = plan(title, project, figure=True, today=TODAY)
    assert done.figure == figure
    assert project / "snippets" / f"{module}.py" in done.new_files
    assert project / "tests" / "content" / f"test_{module}.py" in done.new_files
    assert project / "docs" / f"{' '.join(title.split())}.md" in done.new_files


# --- refusals -----------------------------------------------------------------------------

REFUSED = [
    ("softplus", "a note named 'softplus' exists"),
    ("SOFTPLUS", "a note named"),
    ("ReLU", "is an alias of docs/Rectified Linear Unit.md"),
    ("leaky relu", "is an alias of"),
    ("Leaky-ReLU and PReLU", "would have the URL /leaky-relu-and-prelu/"),
    ("Why ReLU?", "'?'"),
    ("ReLU: a note", "':'"),
    ("relu_variants", "'_'"),
    ("Folder/Note", "'/'"),
    ("Cost 5$", "'$'"),
    ("", "empty"),
    ("   ", "empty"),
    (".hidden", "must not start with a dot"),
    ("x" * (MAX_TITLE + 1), "characters"),
    ("Softplus gap", "figure 'softplus-gap' is registered already"),
    ("Ωμέγα", "ASCII"),
]


@pytest.mark.parametrize(("title", "message"), REFUSED, ids=[t or "empty" for t, _ in REFUSED])
def test_refused_titles(project, title, message):
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    with pytest.raises(NewNoteError, match=re.escape(message)):
        make(project, title)
    after = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    assert after == before, "a refused title must change nothing"


@pytest.mark.parametrize("existing", ["snippets/noisy_relu.py", "tests/content/test_noisy_relu.py"])
def test_never_overwrites(project, existing):
    registry = (project / "snippets/registry.py").read_text()
    (project / existing).write_text("# mine\n")
    with pytest.raises(NewNoteError, match="exists; not overwriting"):
        make(project, "Noisy ReLU")
    assert (project / existing).read_text() == "# mine\n"
    assert not (project / "docs" / "Noisy ReLU.md").exists()
    # Unchanged, byte for byte (the registry may mention noise in another figure's title).
    assert (project / "snippets/registry.py").read_text() == registry


def test_a_second_run_is_refused(project):
    make(project, "Noisy ReLU")
    with pytest.raises(NewNoteError, match="a note named 'Noisy ReLU' exists"):
        make(project, "Noisy ReLU")


def test_the_command_line(project, capsys, monkeypatch):
    monkeypatch.chdir(project)
    assert main(["Noisy ReLU", "--figure"]) == 0
    out = capsys.readouterr().out
    assert "created docs/Noisy ReLU.md" in out
    assert "edited  snippets/registry.py" in out
    assert main(["Noisy ReLU"]) == 1
    assert "error: a note named 'Noisy ReLU' exists" in capsys.readouterr().err
    assert main(["--root", str(project / "nowhere"), "X"]) == 1


def test_the_nox_sessions_exist():
    tree = ast.parse((ROOT / "noxfile.py").read_text())
    sessions = {
        f.name: ast.get_docstring(f)
        for f in tree.body
        if isinstance(f, ast.FunctionDef)
        and any("session" in ast.unparse(d) for d in f.decorator_list)
    }
    for name in ("lint", "new"):
        assert sessions.get(name), f"nox session {name!r} with a docstring"
