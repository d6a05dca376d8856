"""Execute the notebook pages: jupytext sources in, executed ``.ipynb`` out, cached by content.

A notebook page's source is a jupytext percent-format script in ``notebooks/`` (reviewable in a
pull request). ``python -m rectified.notebooks`` (part of ``nox -s figures``) executes each one
with nbclient and writes ``docs/notebooks/NAME.ipynb``, which mkdocs-jupyter renders with
``execute: false``. The rules are the figures': the cache key is a hash of the source, of the
local ``snippets`` modules it imports, of the figures manifest and of the library versions; a cell
that raises fails the run naming the source file and line; a cell that runs past the timeout is
stopped and named; outputs are written atomically, and only when their bytes change (the
notebook is executed without timing metadata, so the same source gives the same file and a
watcher such as ``mkdocs serve`` sees nothing new).

Library code logs through :mod:`logging`; :func:`main` prints.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import logging
import os
import sys
import time
from pathlib import Path

from rectified.figures.display import FIGURES_DIR_ENV, FIGURES_URL_ENV, ROOT_URL_ENV
from rectified.figures.files import write_if_changed
from rectified.figures.manifest import MANIFEST
from rectified.figures.runner import Report, Result
from rectified.figures.spec import environment_fingerprint, local_dependencies
from rectified.vault import url_slug

SALT = "rectified-notebooks-3"  # 2: without timing metadata; 3: explorable figures get sliders

log = logging.getLogger(__name__)


class NotebookError(RuntimeError):
    """A notebook page could not be executed (the message names its file and line)."""


def snippet_imports(source: str, package: str = "snippets") -> list[str]:
    """Modules of ``package`` that the script imports."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] == package]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == package:
            found.append(node.module)
            found += [f"{node.module}.{a.name}" for a in node.names]
    return found


def cache_key(path: Path, manifest: Path) -> str:
    source = path.read_text("utf-8")
    h = hashlib.sha256(f"{SALT}\0{environment_fingerprint()}\0".encode())
    h.update(source.encode())
    deps: set[Path] = set()
    for module in snippet_imports(source):
        deps.update(local_dependencies(module))
    for dep in sorted(deps):
        h.update(dep.name.encode() + dep.read_bytes())
    if manifest.is_file():
        h.update(manifest.read_bytes())
    return h.hexdigest()


def root_url(out_rel: str) -> str:
    """URL of the site's root seen from the page of the notebook at ``out_rel`` (``../../``)."""
    return "../" * url_slug(out_rel).count("/")


def figures_url(out_rel: str, figures_dir: str = "figures") -> str:
    """URL of the figures folder seen from the page of the notebook at ``out_rel``."""
    return root_url(out_rel) + f"{figures_dir}/"


def cell_line(source: str, cell_source: str) -> int | None:
    """Line of the script where a cell's code starts (jupytext keeps code verbatim)."""
    first = next((ln for ln in cell_source.splitlines() if ln.strip()), None)
    if first is None:
        return None
    for i, line in enumerate(source.splitlines(), 1):
        if line == first:
            return i
    return None


def execute(path: Path, out: Path, *, timeout: float, docs_dir: Path, root: Path) -> bytes:
    """Execute one jupytext script; return the notebook's bytes for ``out``.

    Raises :class:`NotebookError` naming the script's file and line of the failing cell.
    """
    import jupytext
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    source = path.read_text("utf-8")
    nb = jupytext.reads(source, fmt="py:percent")
    for i, cell in enumerate(nb.cells):  # jupytext makes random ids: the same source, new bytes
        cell.id = f"cell-{i}"
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    rel_out = out.relative_to(docs_dir).as_posix()
    os.environ[FIGURES_DIR_ENV] = str((docs_dir / "figures").resolve())
    os.environ[FIGURES_URL_ENV] = figures_url(rel_out)
    os.environ[ROOT_URL_ENV] = root_url(rel_out)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(root)}},
        record_timing=False,  # timestamps would make every execution a different file
    )
    where = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        index = next(
            (i for i, c in enumerate(nb.cells) if c.cell_type == "code" and _failed(c)), None
        )
        line = cell_line(source, nb.cells[index].source) if index is not None else None
        loc = f"{where}:{line}" if line else where
        if isinstance(exc, CellTimeoutError | DeadKernelError):
            raise NotebookError(f"{loc}: a cell did not finish within {timeout:g} s") from None
        raise NotebookError(f"{loc}: a cell raised:\n{exc}") from None
    return nbformat.writes(nb).encode("utf-8")


def _failed(cell) -> bool:
    outputs = cell.get("outputs", [])
    return any(o.get("output_type") == "error" for o in outputs) or (
        cell.get("execution_count") is None and cell.source.strip()
    )


def run(
    src_dir: Path = Path("notebooks"),
    docs_dir: Path = Path("docs"),
    cache_dir: Path = Path(".cache/notebooks"),
    *,
    timeout: float = 60.0,
    force: bool = False,
) -> Report:
    t0 = time.perf_counter()
    report = Report()
    out_dir = docs_dir / "notebooks"
    manifest = docs_dir / "figures" / MANIFEST
    root = Path.cwd()
    wanted = set()
    for path in sorted(src_dir.glob("*.py")):
        out = out_dir / f"{path.stem}.ipynb"
        wanted.add(out.name)
        cached = cache_dir / f"{cache_key(path, manifest)}.ipynb"
        start = time.perf_counter()
        if cached.is_file() and not force:
            write_if_changed(out, cached.read_bytes())
            report.results.append(Result(path.stem, "cached"))
            continue
        try:
            data = execute(path, out, timeout=timeout, docs_dir=docs_dir, root=root)
        except NotebookError as exc:
            out.unlink(missing_ok=True)
            status = "timeout" if "did not finish" in str(exc) else "failed"
            report.results.append(Result(path.stem, status, time.perf_counter() - start, str(exc)))
            log.error("%s", exc)
            continue
        write_if_changed(out, data)
        write_if_changed(cached, data)
        report.results.append(Result(path.stem, "rendered", time.perf_counter() - start))
    if out_dir.is_dir():
        for stale in out_dir.glob("*.ipynb"):
            if stale.name not in wanted:
                log.info("removing %s: no notebook source makes it", stale)
                stale.unlink()
    report.wall = time.perf_counter() - t0
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rectified.notebooks", description=__doc__)
    parser.add_argument("--force", action="store_true", help="ignore the cache")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per cell")
    args = parser.parse_args(argv)
    os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))  # messages name file and line
    logger = logging.getLogger("rectified")
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        report = run(timeout=args.timeout, force=args.force)
    finally:
        logger.removeHandler(handler)
    print(report.table("notebook"))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
