"""Render every registered figure: cached by content, in parallel, each under a timeout.

Outputs, for a figure NAME, in the figures folder inside the vault:

- ``NAME.svg`` (light palette: what Obsidian and any Markdown viewer show) and ``NAME.dark.svg``;
- ``code/<module>.py``: the snippet module, for the download link under the figure;
- ``manifest.json``: every figure's title, sentence, source and files, read by the site build.

Every file is written to a temporary name and renamed, so a crash never leaves half a figure.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import shutil
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from rectified.figures.render import VARIANTS, render_all_variants, style_paths
from rectified.figures.spec import FigureSpec, cache_key, load_registry

MANIFEST = "manifest.json"
CODE_DIR = "code"
# Bump when the runner changes how it draws (this invalidates every cached figure).
RUNNER_SALT = "rectified-figures-1"


def output_names(name: str) -> dict[str, str]:
    """File names of a figure's variants: the light one is the plain NAME.svg."""
    return {"light": f"{name}.svg", "dark": f"{name}.dark.svg"}


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o644)  # mkstemp makes 0600; the site serves these files
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
    unused: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def ok(self) -> bool:
        return not any(r.status in ("failed", "timeout") for r in self.results)

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
        return "\n".join(lines)


# ----------------------------------------------------------------------------- the worker


def _worker(spec: FigureSpec, cache_dir: str, conn) -> None:  # runs in a child process
    try:
        t0 = time.perf_counter()
        outputs = render_all_variants(spec.module, spec.function)
        for variant, data in outputs.items():
            atomic_write(Path(cache_dir) / f"{variant}.svg", data)
        conn.send(("ok", time.perf_counter() - t0, ""))
    except BaseException:
        conn.send(("error", 0.0, traceback.format_exc()))
    finally:
        conn.close()


def _context():
    # fork shares the already imported numpy/matplotlib with every child (fast start);
    # other platforms start clean interpreters.
    methods = mp.get_all_start_methods()
    return mp.get_context("fork" if "fork" in methods else "spawn")


def _cache_complete(path: Path) -> bool:
    return all((path / f"{v}.svg").is_file() for v in VARIANTS)


def render_pending(
    pending: list[tuple[FigureSpec, Path]], jobs: int, timeout: float, log=print
) -> list[Result]:
    """Render each (spec, cache folder) in its own process, ``jobs`` at a time."""
    ctx = _context()
    results: list[Result] = []
    queue = list(pending)
    running: dict[str, tuple] = {}
    while queue or running:
        while queue and len(running) < jobs:
            spec, folder = queue.pop(0)
            tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_worker, args=(spec, str(tmp), child), daemon=True)
            proc.start()
            child.close()
            running[spec.name] = (spec, folder, tmp, proc, parent, time.perf_counter())
        time.sleep(0.005)
        for name, (spec, folder, tmp, proc, conn, t0) in list(running.items()):
            elapsed = time.perf_counter() - t0
            message = None
            if conn.poll():
                try:
                    message = conn.recv()
                except EOFError:
                    message = ("error", 0.0, f"the process drawing {name!r} died")
            elif not proc.is_alive():
                message = ("error", 0.0, f"the process drawing {name!r} exited ({proc.exitcode})")
            elif elapsed > timeout:
                proc.kill()
                message = ("timeout", elapsed, "")
            if message is None:
                continue
            proc.join()
            conn.close()
            del running[name]
            status, _, error = message
            if status == "ok":
                _replace_dir(tmp, folder)
                results.append(Result(name, "rendered", elapsed))
                continue
            shutil.rmtree(tmp, ignore_errors=True)
            if status == "timeout":
                error = (
                    f"{spec.where}: figure {name!r} ({spec.function}) did not finish within "
                    f"{timeout:g} s and was stopped"
                )
                results.append(Result(name, "timeout", elapsed, error))
            else:
                error = f"{spec.where}: figure {name!r} ({spec.function}) raised:\n{error}"
                results.append(Result(name, "failed", elapsed, error))
            log(error, file=sys.stderr)
    return results


def _replace_dir(src: Path, dest: Path) -> None:
    if dest.exists():
        old = dest.with_name(f".{dest.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        dest.rename(old)
        src.rename(dest)
        shutil.rmtree(old, ignore_errors=True)
    else:
        src.rename(dest)


# ----------------------------------------------------------------------------- the run


def figures_used(docs_dir: Path, notebooks_dir: Path = Path("notebooks")) -> set[str]:
    """File names embedded by notes (``![[NAME.svg]]``) or shown by notebooks (``show("NAME")``)."""
    from rectified.markdown.figures import SHOW_CALL, embedded_figures

    used: set[str] = set()
    for path in docs_dir.rglob("*.md"):
        used.update(f"{name}.svg" for name in embedded_figures(path.read_text("utf-8")))
    for path in notebooks_dir.glob("*.py"):
        used.update(f"{name}.svg" for name in SHOW_CALL.findall(path.read_text("utf-8")))
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
    log=print,
) -> Report:
    """Bring ``out_dir`` up to date with the registry; return what happened."""
    t_start = time.perf_counter()
    specs = load_registry(registry)
    if only:
        unknown = sorted(set(only) - set(specs))
        if unknown:
            raise SystemExit(f"unknown figure(s): {', '.join(unknown)}; known: {', '.join(specs)}")
    selected = [s for s in specs.values() if not only or s.name in only]
    styles = style_paths()
    cache_dir.mkdir(parents=True, exist_ok=True)
    out_dir.mkdir(parents=True, exist_ok=True)

    report = Report()
    keys = {s.name: cache_key(s, styles, RUNNER_SALT) for s in specs.values()}
    pending = []
    for spec in selected:
        folder = cache_dir / keys[spec.name]
        if force or not _cache_complete(folder):
            pending.append((spec, folder))
        else:
            report.results.append(Result(spec.name, "cached"))
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(pending) or 1))
    report.results += render_pending(pending, jobs, timeout, log)

    # Publish: copy every figure that has a complete cache entry; drop stale outputs.
    failed = {r.name for r in report.results if r.status in ("failed", "timeout")}
    manifest: dict[str, dict] = {}
    for spec in specs.values():
        folder = cache_dir / keys[spec.name]
        if spec.name in failed or not _cache_complete(folder):
            continue
        names = output_names(spec.name)
        for variant, filename in names.items():
            data = (folder / f"{variant}.svg").read_bytes()
            target = out_dir / filename
            if not target.is_file() or target.read_bytes() != data:
                atomic_write(target, data)
        code_name = f"{CODE_DIR}/{spec.path.name}"
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
        atomic_write(out_dir / code_name, spec.path.read_bytes())
    _remove_stale(out_dir, manifest)
    atomic_write(out_dir / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())

    if docs_dir is not None:
        used = figures_used(docs_dir)
        report.unused = sorted(n for n in manifest if output_names(n)["light"] not in used)
    report.wall = time.perf_counter() - t_start
    return report


def svg_size(data: bytes) -> tuple[int, int]:
    """CSS pixel size of an SVG whose root gives width and height in points."""
    import re

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


def _remove_stale(out_dir: Path, manifest: dict[str, dict]) -> None:
    keep = {MANIFEST}
    for entry in manifest.values():
        keep.update(entry["files"].values())
        keep.add(entry["code"])
    for path in sorted(out_dir.rglob("*")):
        rel = path.relative_to(out_dir).as_posix()
        if path.is_file() and rel not in keep:
            path.unlink()
