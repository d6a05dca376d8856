"""Rectified's tasks: ``nox`` builds the site, ``nox -s test`` runs the tests, ``nox -l`` lists."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).parent
# Every package of every session, pinned with hashes for every platform (`nox -s lock` makes it).
LOCK = "requirements/lock.txt"
TOOLS_IN, TOOLS = "requirements/tools.in", "requirements/tools.txt"  # nox and uv themselves
nox.needs_version = ">=2024.4.15"
# uv makes a fresh session environment in seconds; plain venv + pip works everywhere.
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["build"]
nox.options.error_on_external_run = True
nox.options.error_on_missing_interpreters = True  # a missing Python fails, never skips


def _minimum_python() -> tuple[int, ...]:
    """The minimum from pyproject.toml's requires-python, the one place it is declared."""
    spec = nox.project.load_toml(ROOT / "pyproject.toml")["project"]["requires-python"]
    match = re.fullmatch(r">=\s*(\d+(?:\.\d+){1,2})", spec.strip())
    if not match:
        raise SystemExit(f"pyproject.toml: requires-python {spec!r} is not of the form >=X.Y[.Z]")
    return tuple(int(part) for part in match.group(1).split("."))


MIN_PYTHON = _minimum_python()
MIN_PYTHON_TEXT = ".".join(map(str, MIN_PYTHON))
WHY = "pymdown-extensions 13.1.2 needs it"


def _version_of(executable: str) -> tuple[int, ...]:
    try:
        out = subprocess.run(
            [executable, "-c", "import sys; print(*sys.version_info[:3])"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout
        return tuple(int(part) for part in out.split())
    except (OSError, subprocess.SubprocessError, ValueError):
        return ()


def _session_python() -> str | None:
    """The Python the sessions run on: the one running nox if new enough (None), else a newer
    ``python3.N`` on PATH; without one, stop here with what to do instead of a resolver error."""
    if sys.version_info >= MIN_PYTHON:
        return None
    for minor in range(MIN_PYTHON[1], MIN_PYTHON[1] + 8):
        executable = shutil.which(f"python{MIN_PYTHON[0]}.{minor}")
        if executable and _version_of(executable) >= MIN_PYTHON:
            return executable
    running = ".".join(map(str, sys.version_info[:3]))
    raise SystemExit(
        f"Rectified needs Python {MIN_PYTHON_TEXT} or newer ({WHY}); nox runs on Python "
        f"{running} ({sys.executable}) and no newer python3.N is on PATH.\n"
        "Run nox with a newer Python, e.g. `uvx --python 3.12 nox` (uv downloads it), or "
        "install one (Debian 12: `uv python install 3.12`; macOS: `brew install python@3.12`); "
        "see the README's Quick start."
    )


PYTHON = _session_python()  # None: the Python running nox

_CHECK_PYTHON = (
    f"import sys; sys.exit(sys.version_info < {MIN_PYTHON!r} and 'Python %d.%d.%d is too old: "
    f"Rectified needs {MIN_PYTHON_TEXT} or newer ({WHY}).' % sys.version_info[:3])"
)


def _install(session: nox.Session) -> None:
    """Install the lock file's packages (hashes checked), then the project, editable, alone.

    The lock holds every extra, so every session gets the same versions; the project is
    installed with --no-deps because its own dependencies are exactly the locked ones.
    """
    # A too-old Python (say one forced with `nox -P`) gets a plain message, not a resolver error.
    session.run("python", "-c", _CHECK_PYTHON, silent=True, log=False)
    session.install("--require-hashes", "-r", LOCK)
    session.install("--no-deps", "-e", ".")


def _figures(session: nox.Session, *args: str) -> None:
    # The References note, from docs/references.bib (written only when its text changes).
    session.run("python", "-m", "rectified.bibliography")
    session.run("python", "-m", "rectified.figures", *args)
    force = ["--force"] if "--force" in args else []
    session.run("python", "-m", "rectified.notebooks", *force, env={"JUPYTER_PLATFORM_DIRS": "1"})


def _pytest(session: nox.Session, *args: str) -> None:
    session.run("python", "-m", "pytest", *args)


@nox.session(python=PYTHON)
def figures(session: nox.Session) -> None:
    """Render every registered figure (cached; pass --force, --only NAME..., --timeout S)."""
    _install(session)
    _figures(session, *session.posargs)


@nox.session(python=PYTHON)
def test(session: nox.Session) -> None:
    """Render the figures, then run every test, including tests of a freshly built site."""
    _install(session)
    _figures(session)
    _pytest(session, *session.posargs)


@nox.session(python=PYTHON)
def build(session: nox.Session) -> None:
    """Render the figures, run the tests, then build the site strictly into site/."""
    _install(session)
    _figures(session)
    _pytest(session)
    session.run("python", "-m", "rectified.build", "--site-dir", "site")
    index = ROOT / "site" / "index.html"
    session.log(f"Site built: {index}. Preview it with `nox -s serve`.")


@nox.session(python=PYTHON)
def zensical(session: nox.Session) -> None:
    """Render the figures, then build the site with Zensical into site-zensical/ (same notes,
    same mkdocs.yml; Zensical runs the extensions and ignores MkDocs plugins)."""
    _install(session)
    _figures(session)
    out = ROOT / "site-zensical"
    session.run("python", "-m", "rectified.build", "--builder", "zensical", "--site-dir", str(out))
    session.log(f"Site built with Zensical: {out / 'index.html'}")


@nox.session(python=PYTHON)
def serve(session: nox.Session) -> None:
    """Serve the site with live reload; editing a snippet re-renders its figures.

    ``--dirty``: after the first, full build, an edit renders only the pages it changes (see
    rectified/serve.py); anything but an edit of existing notes is a full rebuild."""
    _install(session)
    _figures(session)
    session.run("mkdocs", "serve", "--strict", "--dirty", *session.posargs, env=_env())


@nox.session(python=PYTHON)
def changes(session: nox.Session) -> None:
    """What a change does to the site: nox -s changes -- BASE (a git ref, e.g. origin/main).

    Lists the changed pages and re-rendered figures (before and after pictures in
    .cache/changes/), as the CI job summary of a pull request does.
    """
    _install(session)
    session.run("python", "-m", "rectified.changes", *session.posargs, env=_env())


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Check the code (ruff), the notes (rectified.lint) and the workflows (actionlint).

    ``-- --fix`` lets ruff fix and format the code first (what the pre-commit hook runs).
    """
    _install(session)
    if "--fix" in session.posargs:
        session.run("ruff", "check", "--fix", ".")
        session.run("ruff", "format", ".")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("python", "-m", "rectified.lint", "docs")
    session.run("python", "-m", "rectified.bibliography", "--check")  # References.md up to date
    session.run("actionlint")  # every workflow in .github/workflows


@nox.session(python=PYTHON)
def new(session: nox.Session) -> None:
    """Start a note from the template: nox -s new -- "Note title" [--figure]."""
    _install(session)
    session.run("python", "-m", "rectified.new", *session.posargs)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Measure figure rendering and site build speed; one table, each ratio next to its aim."""
    _install(session)
    # benchmarks/ is not part of the package: it runs from the checkout (the working directory).
    session.run("python", "-m", "benchmarks.bench", *session.posargs, env=_env())


@nox.session(venv_backend="none")
def lock(session: nox.Session) -> None:
    """Re-resolve requirements/ after a pin changes, for every platform (`-- --upgrade`: newest)."""
    uv = shutil.which("uv") or shutil.which("uv", path=str(Path(sys.executable).parent))
    if not uv:
        session.error(f"`nox -s lock` needs uv: `python3 -m pip install -r {TOOLS}`")
    common = ["--universal", "--python-version", MIN_PYTHON_TEXT, "--generate-hashes", "--quiet"]
    compile_ = [uv, "pip", "compile", *common, *session.posargs]
    session.run(*compile_, "pyproject.toml", "--all-extras", "-o", LOCK, external=True)
    session.run(*compile_, TOOLS_IN, "-o", TOOLS, external=True)


def _env() -> dict[str, str]:
    return {"PYTHONHASHSEED": os.environ.get("PYTHONHASHSEED", "0")}
