"""Render every registered figure: cached by content, on a few workers, each under a timeout.

Outputs, for a figure NAME, in the figures folder inside the vault (``docs/figures/``):

- ``NAME.svg`` (light palette: what Obsidian and any Markdown viewer show) and ``NAME.dark.svg``;
- ``code/<module>.py``: the snippet module, for the download link under the figure;
- ``NAME.explore.json`` for an explorable figure (declared in the registry's ``EXPLORABLE``):
  the curves at every slider position (:mod:`rectified.figures.explore`);
- ``manifest.json``: every figure's title, sentence, source and files, read by the site build
  (its format: :mod:`rectified.figures.manifest`).

The rules:

- **Cache by content.** A figure is drawn again only when its key (:func:`figure_cache_key`)
  changes; the drawn SVGs are kept in ``.cache/figures/<key>/``.
- **Written only when changed.** Every output is compared with what is on disk and written
  (atomically: a temporary file renamed into place) only if its bytes differ, so a run with
  nothing new leaves every file, and its modification time, as it was, and ``mkdocs serve``,
  which watches the folder, does not rebuild.
- **Deletes only its own files.** A file is removed only when the previous ``manifest.json``
  lists it and the new one does not (a figure left the registry, a module was renamed). Any
  other file in the folder is kept, with a warning: a contributor's images belong in
  ``docs/attachments/``.
- **Workers** draw the figures (:mod:`rectified.figures.workers`: one per core, each importing
  matplotlib once; a figure that runs past its timeout or crashes costs only itself).

Library code: it logs through :mod:`logging` and raises :class:`FigureRunError`;
``python -m rectified.figures`` (:mod:`rectified.figures.__main__`) prints.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from rectified.figures.explore import publish as publish_explorable
from rectified.figures.files import atomic_write, is_temporary, write_if_changed
from rectified.figures.manifest import (
    CODE_DIR,
    MANIFEST,
    embedded_figures,
    made_files,
    manifest_bytes,
    output_names,
    read_manifest,
    shown_figures,
)
from rectified.figures.render import VARIANTS, style_paths
from rectified.figures.spec import FigureSpec, cache_key, load_registry
from rectified.figures.workers import Outcome, Task, render_tasks

__all__ = [
    "CODE_DIR",
    "MANIFEST",
    "RUNNER_SALT",
    "FigureRunError",
    "Report",
    "Result",
    "UnknownFigureError",
    "atomic_write",
    "figure_cache_key",
    "figures_used",
    "output_names",
    "run",
    "svg_size",
]

log = logging.getLogger(__name__)

# Bump when the runner changes how it draws (this invalidates every cached figure).
# 2: workers reset rcParams to matplotlib's defaults (no matplotlibrc) and seed `random` too.
RUNNER_SALT = "rectified-figures-2"
ATTACHMENTS_HINT = "docs/attachments/"  # where a contributor's own images go (Obsidian's setting)
TIMINGS = "timings.json"  # in the cache folder: how long each figure took, to draw long ones first
REPORT_SCHEMA = 1  # of the --json report; bump when a field changes meaning or goes away


class FigureRunError(Exception):
    """The run cannot start (for instance an unknown figure name was asked for)."""


class UnknownFigureError(FigureRunError):
    """``only`` names a figure the registry does not have."""


@dataclass
class Result:
    name: str
    status: str  # rendered | cached | failed | timeout
    seconds: float = 0.0
    error: str = ""


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)
    wall: float = 0.0
    unused: list[str] = field(default_factory=list)  # registered, embedded by no note
    foreign: list[str] = field(default_factory=list)  # files in the folder the runner did not make
    jobs: int = 0  # workers started (0: nothing to draw)
    explorable: list[Result] = field(default_factory=list)  # data files of explorable figures

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def ok(self) -> bool:
        return not any(r.status in ("failed", "timeout") for r in self.results + self.explorable)

    def table(self, noun: str = "figure") -> str:
        rows = sorted(self.results, key=lambda r: (-r.seconds, r.name))
        width = max([len(r.name) for r in rows] + [6])
        lines = [f"{noun:<{width}}  {'status':<8}  {'seconds':>7}"]
        lines.append(f"{'-' * width}  {'-' * 8}  {'-' * 7}")
        lines += [f"{r.name:<{width}}  {r.status:<8}  {r.seconds:7.2f}" for r in rows]
        lines.append(
            f"{len(rows)} {noun}s: {self.count('rendered')} rendered, {self.count('cached')} "
            f"cached, {self.count('failed')} failed, {self.count('timeout')} timed out "
            f"in {self.wall:.2f} s"
        )
        if self.explorable:
            counts = {
                s: sum(r.status == s for r in self.explorable) for s in ("rendered", "cached")
            }
            failed = [r.name for r in self.explorable if r.status == "failed"]
            lines.append(
                f"{len(self.explorable)} explorable figure data files: {counts['rendered']} "
                f"computed, {counts['cached']} cached"
                + (f", failed: {', '.join(failed)}" if failed else "")
            )
        return "\n".join(lines)

    def as_json(self) -> dict:
        """The machine-readable report (``python -m rectified.figures --json``).

        ``figures``: one object per figure, in registry order, with ``name``, ``status``
        (rendered, cached, failed or timeout), ``seconds`` (drawing both palettes, on its
        worker; 0 when cached) and, for a failure, ``error``. ``totals``: counts per status,
        ``seconds`` (the whole run), ``drawing_seconds`` (the sum over figures) and ``jobs``
        (workers started). ``unused`` and ``foreign`` as in :class:`Report`.
        """
        figures = []
        for r in self.results:
            item: dict = {"name": r.name, "status": r.status, "seconds": round(r.seconds, 4)}
            if r.error:
                item["error"] = r.error
            figures.append(item)
        totals = {s: self.count(s) for s in ("rendered", "cached", "failed", "timeout")}
        return {
            "schema": REPORT_SCHEMA,
            "ok": self.ok,
            "figures": figures,
            "totals": {
                "figures": len(self.results),
                **totals,
                "seconds": round(self.wall, 4),
                "drawing_seconds": round(sum(r.seconds for r in self.results), 4),
                "jobs": self.jobs,
            },
            "unused": list(self.unused),
            "foreign": list(self.foreign),
            "explorable": [
                {"name": r.name, "status": r.status, **({"error": r.error} if r.error else {})}
                for r in self.explorable
            ],
        }


def figure_cache_key(
    spec: FigureSpec, styles: list[Path] | None = None, *, memo: dict | None = None
) -> str:
    """The cache key the runner files ``spec``'s drawings under (a SHA-256 hex digest).

    It hashes everything that can change the figure's bytes: :data:`RUNNER_SALT` (how the
    runner draws), the Python, numpy and matplotlib versions, the figure's name, module and
    function, the source of its module and of every module of its package that it imports,
    transitively (read from import statements, not by running them), and each palette's style
    sheet (``styles``; default :func:`~rectified.figures.render.style_paths`). Details:
    :func:`rectified.figures.spec.cache_key` (``memo`` shares file reads between the keys of
    one run). Known limit: data files a snippet reads are not part of it (snippets compute
    their data).
    """
    return cache_key(spec, style_paths() if styles is None else styles, RUNNER_SALT, memo=memo)


# ----------------------------------------------------------------------------- the run


def figures_used(docs_dir: Path, notebooks_dir: Path = Path("notebooks")) -> set[str]:
    """File names embedded by notes (``![[NAME.svg]]``) or shown by notebooks (``show("NAME")``)."""
    used: set[str] = set()
    for path in docs_dir.rglob("*.md"):
        used.update(f"{name}.svg" for name in embedded_figures(path.read_text("utf-8")))
    for path in notebooks_dir.glob("*.py"):
        used.update(f"{name}.svg" for name in shown_figures(path.read_text("utf-8")))
    return used


def run(
    out_dir: Path,
    cache_dir: Path,
    *,
    registry: str = "snippets.registry",
    only: list[str] | None = None,
    force: bool = False,
    jobs: int | None = None,
    timeout: float = 60.0,
    docs_dir: Path | None = None,
) -> Report:
    """Bring ``out_dir`` up to date with the registry; return what happened.

    Raises :class:`UnknownFigureError` if ``only`` names an unknown figure and
    :class:`~rectified.errors.NoteError` (file and line) if a registry entry breaks the figure
    contract. A figure that fails or times out does not raise: it is logged, reported and left
    out of the manifest.
    """
    t_start = time.perf_counter()
    specs = load_registry(registry)
    if only:
        unknown = sorted(set(only) - set(specs))
        if unknown:
            raise UnknownFigureError(
                f"unknown figure(s): {', '.join(unknown)}; known: {', '.join(specs)}"
            )
    selected = [s for s in specs.values() if not only or s.name in only]
    styles = style_paths()
    cache_dir.mkdir(parents=True, exist_ok=True)
    out_dir.mkdir(parents=True, exist_ok=True)

    memo: dict = {}
    keys = {s.name: figure_cache_key(s, styles, memo=memo) for s in specs.values()}
    status: dict[str, Result] = {}
    pending: list[FigureSpec] = []
    for spec in selected:
        if force or not _cache_complete(cache_dir / keys[spec.name]):
            pending.append(spec)
        else:
            status[spec.name] = Result(spec.name, "cached")

    report = Report()
    if pending:
        report.jobs = max(1, min(jobs or os.cpu_count() or 1, len(pending)))
        by_name = {s.name: s for s in pending}

        def save(outcome: Outcome) -> None:
            spec = by_name[outcome.name]
            status[spec.name] = _save(spec, outcome, cache_dir / keys[spec.name], timeout)

        # Longest first, so that the last figure to finish is a short one and no worker idles
        # while another draws a long one: by the time each took when last drawn, and figures
        # never timed first, the ones running the most code (their modules' size) first.
        timings = _read_timings(cache_dir)
        code = memo["bytes"]
        size = {s.name: sum(len(code[p]) for p in memo["deps"][s.module]) for s in pending}
        pending.sort(key=lambda s: (s.name in timings, -timings.get(s.name, 0.0), -size[s.name]))
        sheets = tuple((v, str(p)) for v, p in zip(VARIANTS, styles, strict=True))
        tasks = [Task(s.name, s.module, s.function, sheets) for s in pending]
        render_tasks(tasks, report.jobs, timeout, save)
        drawn = {n: round(r.seconds, 3) for n, r in status.items() if r.status == "rendered"}
        _write_timings(cache_dir, {**timings, **drawn}, specs)
    report.results = [status[s.name] for s in selected]

    failed = {r.name for r in report.results if r.status in ("failed", "timeout")}
    previous = read_manifest(out_dir)
    manifest = _publish(specs, keys, cache_dir, out_dir, failed)
    if only:
        manifest = _keep_unselected(manifest, previous, specs, set(only), out_dir)
    # Explorable figures: every slider position's curves, beside the SVGs (figures.explore).
    report.explorable = [
        Result(r.name, r.status, 0.0, r.error)
        for r in publish_explorable(
            manifest,
            out_dir,
            cache_dir,
            registry=registry,
            styles=styles,
            registered=set(specs),
            force=force,
        )
    ]
    report.foreign = _remove_stale(out_dir, previous, manifest)
    write_if_changed(out_dir / MANIFEST, manifest_bytes(manifest))

    if docs_dir is not None:
        used = figures_used(docs_dir)
        report.unused = sorted(n for n in manifest if output_names(n)["light"] not in used)
        for name in report.unused:
            log.warning("figure %r is registered but no note embeds %s.svg", name, name)
    report.wall = time.perf_counter() - t_start
    return report


def _save(spec: FigureSpec, outcome: Outcome, folder: Path, timeout: float) -> Result:
    """Store a worker's drawings in the cache (a whole folder at once), or log its failure."""
    if outcome.status == "ok":
        tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))
        try:
            for variant, data in outcome.outputs.items():
                atomic_write(tmp / f"{variant}.svg", data)
            _replace_dir(tmp, folder)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return Result(spec.name, "rendered", outcome.seconds)
    if outcome.status == "timeout":
        error = (
            f"{spec.where}: figure {spec.name!r} ({spec.function}) did not finish within "
            f"{timeout:g} s and was stopped"
        )
        log.error("%s", error)
        return Result(spec.name, "timeout", outcome.seconds, error)
    verb = "crashed: " if outcome.status == "crashed" else "raised:\n"
    error = f"{spec.where}: figure {spec.name!r} ({spec.function}) {verb}{outcome.error}"
    log.error("%s", error)
    return Result(spec.name, "failed", outcome.seconds, error)


def _read_timings(cache_dir: Path) -> dict[str, float]:
    """Seconds each figure took when last drawn (``{}`` when unknown): only used for ordering."""
    try:
        data = json.loads((cache_dir / TIMINGS).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: float(v) for k, v in data.items() if isinstance(v, int | float)}


def _write_timings(cache_dir: Path, timings: dict[str, float], specs: dict) -> None:
    kept = {name: timings[name] for name in sorted(timings) if name in specs}
    write_if_changed(cache_dir / TIMINGS, json.dumps(kept, indent=1).encode())


def _cache_complete(path: Path) -> bool:
    return all((path / f"{v}.svg").is_file() for v in VARIANTS)


def _replace_dir(src: Path, dest: Path) -> None:
    if dest.exists():
        old = dest.with_name(f".{dest.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        dest.rename(old)
        src.rename(dest)
        shutil.rmtree(old, ignore_errors=True)
    else:
        src.rename(dest)


def _publish(
    specs: dict[str, FigureSpec],
    keys: dict[str, str],
    cache_dir: Path,
    out_dir: Path,
    failed: set[str],
) -> dict[str, dict]:
    """Copy every figure with a complete cache entry into ``out_dir``; return the manifest."""
    manifest: dict[str, dict] = {}
    copied: set[str] = set()
    for spec in specs.values():
        folder = cache_dir / keys[spec.name]
        if spec.name in failed or not _cache_complete(folder):
            continue
        names = output_names(spec.name)
        for variant, filename in names.items():
            write_if_changed(out_dir / filename, (folder / f"{variant}.svg").read_bytes())
        code_name = f"{CODE_DIR}/{spec.path.name}"
        if code_name not in copied:  # several figures share a module: one copy
            write_if_changed(out_dir / code_name, spec.path.read_bytes())
            copied.add(code_name)
        width, height = svg_size((folder / "light.svg").read_bytes())
        manifest[spec.name] = {
            "title": spec.title,
            "summary": spec.summary,
            "module": spec.module,
            "function": spec.function,
            "source_path": _repo_relative(spec.path),
            "line": spec.line,
            "source": spec.source,
            "files": names,
            "code": code_name,
            "key": keys[spec.name],
            "width": width,
            "height": height,
        }
    return manifest


def _keep_unselected(
    manifest: dict[str, dict],
    previous: dict,
    specs: dict[str, FigureSpec],
    only: set[str],
    out_dir: Path,
) -> dict[str, dict]:
    """With ``--only``, keep the published figures that were not asked for.

    A figure left out of an ``--only`` run whose code changed since it was drawn has no cache
    entry for its new key, so :func:`_publish` would drop it and the stale-file sweep would
    delete its SVGs: a note embedding it would stop building until the next full run. Its
    previous entry and files stay instead (drawn from the old code, logged as out of date); the
    next run without ``--only`` draws it again.
    """
    kept = dict(manifest)
    for name in specs:
        if name in only or name in kept:
            continue
        entry = previous.get(name)
        files = entry.get("files", {}) if isinstance(entry, dict) else {}
        if files and all((out_dir / f).is_file() for f in files.values()):
            kept[name] = entry
            log.warning(
                "%s: kept the previous drawing; its code changed, run without --only to redraw",
                name,
            )
    return {name: kept[name] for name in specs if name in kept}


def svg_size(data: bytes) -> tuple[int, int]:
    """CSS pixel size of an SVG whose root gives width and height in points."""
    head = data[:2000].decode("utf-8", "replace")
    m = re.search(r'<svg[^>]*?width="([\d.]+)pt"[^>]*?height="([\d.]+)pt"', head, re.S)
    if not m:
        return 0, 0
    return round(float(m.group(1)) * 96 / 72), round(float(m.group(2)) * 96 / 72)


def _repo_relative(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


_TEMPORARY = re.compile(r"\.(?P<name>.+)\.[^.]+\.tmp")  # atomic_write's `.NAME.xxxxxxxx.tmp`


def _remove_stale(out_dir: Path, previous: dict, manifest: dict[str, dict]) -> list[str]:
    """Delete what the previous run made and this one did not; return the foreign files.

    Only a file the previous manifest lists (and the new one does not) is deleted, and a
    temporary file of :func:`atomic_write` named after one of the runner's files (left by a
    killed run). Every other file is someone else's: it is kept, and a warning says where a
    contributor's images belong. Hidden files (``.DS_Store``, ``.gitkeep``) are kept silently.
    """
    keep = made_files(manifest)
    ours = made_files(previous) | keep
    foreign: list[str] = []
    for path in sorted(out_dir.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(out_dir).as_posix()
        if rel in keep:
            continue
        if rel in ours:
            path.unlink()
            continue
        if is_temporary(path.name):
            m = _TEMPORARY.fullmatch(path.name)
            if m and path.with_name(m.group("name")).relative_to(out_dir).as_posix() in ours:
                path.unlink()
            continue
        if any(part.startswith(".") for part in path.relative_to(out_dir).parts):
            continue
        foreign.append(rel)
        log.warning(
            "%s was not made by the figure runner, so it is kept (never deleted); images of "
            "your own belong in %s, which git tracks (this folder is generated and git-ignored)",
            _repo_relative(path),
            ATTACHMENTS_HINT,
        )
    return foreign
