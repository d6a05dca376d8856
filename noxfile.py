"""Rectified's tasks: ``nox`` builds the site, ``nox -s test`` runs the tests, ``nox -l`` lists."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

ROOT = Path(__file__).parent
nox.needs_version = ">=2024.4.15"
# uv makes a fresh session environment in seconds; plain venv + pip works everywhere.
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["build"]
nox.options.error_on_external_run = True

PYTHON = "3.11" if shutil.which("python3.11") else None  # None: the Python running nox


def _install(session: nox.Session, *extras: str) -> None:
    spec = f".[{','.join(extras)}]" if extras else "."
    session.install("-e", spec)


def _figures(session: nox.Session, *args: str) -> None:
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
    _install(session, "test")
    _figures(session)
    _pytest(session, *session.posargs)


@nox.session(python=PYTHON)
def build(session: nox.Session) -> None:
    """Render the figures, run the tests, then build the site strictly into site/."""
    _install(session, "test")
    _figures(session)
    _pytest(session)
    session.run("python", "-m", "rectified.build", "--site-dir", "site")
    index = ROOT / "site" / "index.html"
    session.log(f"Site built: {index}. Preview it with `nox -s serve`.")


@nox.session(python=PYTHON)
def serve(session: nox.Session) -> None:
    """Serve the site with live reload; editing a snippet re-renders its figures."""
    _install(session)
    _figures(session)
    session.run("mkdocs", "serve", "--strict", *session.posargs, env=_env())


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Check the code (ruff), the notes (rectified.lint) and the workflows (actionlint)."""
    _install(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("python", "-m", "rectified.lint", "docs")
    session.run("actionlint")  # every workflow in .github/workflows


@nox.session(python=PYTHON)
def new(session: nox.Session) -> None:
    """Start a note from the template: nox -s new -- "Note title" [--figure]."""
    _install(session)
    session.run("python", "-m", "rectified.new", *session.posargs)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Measure figure rendering and site build speed; print one table."""
    _install(session)
    session.run("python", "-m", "rectified.bench", *session.posargs, env=_env())


def _env() -> dict[str, str]:
    return {"PYTHONHASHSEED": os.environ.get("PYTHONHASHSEED", "0")}
