"""``python -m benchmarks.bench`` (``nox -s bench``): figure rendering and site builds; one table.

Everything runs in a temporary folder, through the same commands ``nox`` runs
(``python -m rectified.figures``, the notebook runner and ``python -m rectified.build``);
``docs/``, ``site/`` and ``.cache/`` of the checkout are only read. The figure runner is read
through its machine-readable report (``python -m rectified.figures --json``), never its table.

Figure engine (each measured ratio is printed next to its aim):

- (a) a cold render of every figure of the real registry into a fresh cache (``--force``), on
  all cores, against **the one-process limit**: one warm process (matplotlib, numpy and the
  registry imported) drawing every figure in both palettes, divided by the cores. Aim: the cold
  render within 1.3x of that limit;
- (b) the no-op rerun (aim: at most 5 % of the cold render), which must rewrite no file (so
  ``mkdocs serve`` does not rebuild);
- (c) one snippet module edited: a copy of the ``snippets`` package under another name, rendered,
  then one module changed; exactly the figures that depend on it must render again;
- (d) serial against parallel rendering of 24 synthetic figures of realistic weight (aim: at
  least 1.6x faster on 2 cores);
- (e) a strict build of the real site, and Lighthouse (mobile, served with gzip) on its page
  with the most sliders: the median of 5 runs against the aims performance >= 0.95 and
  accessibility 1.00 (``benchmarks/lighthouse.py``; ``--lighthouse 0`` skips it).

Obsidian layer: synthetic vaults of 10, 100 and 1000 notes (front matter, headings, a callout
with display math, inline math, wikilinks to notes, headings and blocks, wanted links, a block
id, a figure embed), each built strictly with the real ``mkdocs.yml`` and built again by plain
Material for MkDocs (no ``rectified`` plugin or extensions, so the Obsidian syntax stays text).
Reported: the cold build (empty build cache, ``.cache/rectified`` removed) and the plain one,
their ratio (aim at 1000 notes: at most 2.5x), and at 1000 notes the rebuild after one note
got a new sentence, with the build cache the cold build left (aim: at most 1.3x plain
Material); the 1000-note vault is measured at least twice, every attempt listed. Also the
size of a note's page (it must not grow with the vault: the navigation lists only the entry
points).

Every time is wall-clock time of the whole command, as a user waits for it; the CPU time next
to it (user + system, workers included) hardly moves when other jobs share the machine, so on a
busy machine compare those, or pass ``--repeat N`` to keep the fastest of N runs of each.

``--quick`` builds the 10- and 100-note vaults only (the 1000-note one takes a minute or two of
the full run's five or so); ``--figures-only`` measures the figure engine alone. ``--json PATH``
also writes every number; ``--keep DIR`` keeps the vaults, configurations and sites for
profiling. Numbers are printed, never asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.synthetic import (
    SYNTHETIC_FIGURES,
    BenchError,
    copy_snippets,
    dependents,
    site_config,
    synthetic_vault,
    write_synthetic_registry,
    write_texts,
)
from rectified.cache import CACHE_DIR
from rectified.vault import url_slug

GOAL_NOOP_RATIO = 0.05
GOAL_SPEEDUP = 1.6
GOAL_ONE_PROCESS_RATIO = 1.3  # cold render / (one warm process / cores)
GOAL_COLD_RATIO = 2.5  # 1000 notes, empty build cache, against plain Material
GOAL_WARM_RATIO = 1.3  # 1000 notes, one note edited, warm build cache
FULL_SIZES = (10, 100, 1000)
QUICK_SIZES = (10, 100)

# =============================================================================================
# Running things
# =============================================================================================


def _pythonpath(*extra: Path) -> dict[str, str]:
    env = dict(os.environ)
    parts = [str(p) for p in extra]
    if env.get("PYTHONPATH"):
        parts.append(env["PYTHONPATH"])
    if parts:
        env["PYTHONPATH"] = os.pathsep.join(parts)
    env.setdefault("PYTHONHASHSEED", "0")
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["RECTIFIED_GIT_DATES"] = "false"  # synthetic vaults have no git history
    env.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    return env


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(cmd: list[str], cwd: Path, env: dict[str, str], what: str) -> tuple[float, float, str]:
    """Run ``cmd``; return (wall s, CPU s, stdout + stderr); raise BenchError if it fails.

    CPU time is user + system time of the command and every process it waited for (the
    figure workers): unlike wall time, it hardly changes when other jobs share the machine.
    """
    cpu0 = _children_cpu()
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    cpu = _children_cpu() - cpu0
    output = proc.stdout + proc.stderr
    if proc.returncode != 0:
        tail = "\n".join(output.splitlines()[-40:])
        raise BenchError(f"{what} failed (exit {proc.returncode}): {' '.join(cmd)}\n{tail}")
    return wall, cpu, output


_MKDOCS_WALL = re.compile(r"Documentation built in ([\d.]+) seconds")


@dataclass
class FigureRun:
    wall: float  # the whole command, interpreter start included
    cpu: float  # user + system seconds of the command and its workers
    report: dict  # the runner's --json report
    dirs: tuple[Path, Path] | None = None  # (out, cache), set by the caller when useful
    rewritten: list[str] = field(default_factory=list)  # output files whose mtime changed

    @property
    def runner(self) -> float:
        """What the runner reports (registry, cache keys, drawing, publishing)."""
        return float(self.report["totals"]["seconds"])

    @property
    def statuses(self) -> dict[str, str]:
        return {f["name"]: f["status"] for f in self.report["figures"]}

    @property
    def seconds(self) -> dict[str, float]:
        return {f["name"]: float(f["seconds"]) for f in self.report["figures"]}

    def named(self, status: str) -> list[str]:
        return sorted(n for n, s in self.statuses.items() if s == status)

    def as_dict(self) -> dict:
        return {
            "wall_s": round(self.wall, 3),
            "cpu_s": round(self.cpu, 3),
            "runner_s": round(self.runner, 3),
            "jobs": self.report["totals"]["jobs"],
            "figures": len(self.statuses),
            "rendered": len(self.named("rendered")),
            "cached": len(self.named("cached")),
            "rewritten": self.rewritten,
            "figure_s": {k: round(v, 3) for k, v in sorted(self.seconds.items())},
        }


def read_figures_report(path: Path) -> dict:
    """The runner's ``--json`` report, checked for the fields the bench reads."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise BenchError(f"{path}: no readable report from the figure runner ({exc})") from None
    if data.get("schema") != 1 or not isinstance(data.get("figures"), list):
        raise BenchError(f"{path}: not a version-1 report of python -m rectified.figures")
    for item in data["figures"]:
        if not {"name", "status", "seconds"} <= set(item):
            raise BenchError(f"{path}: a figure entry lacks name, status or seconds: {item}")
    if "seconds" not in data.get("totals", {}):
        raise BenchError(f"{path}: the report has no totals")
    return data


def _mtimes(folder: Path) -> dict[str, int]:
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.is_file()
    }


def render_figures(
    root: Path,
    out: Path,
    cache: Path,
    *,
    registry: str = "snippets.registry",
    jobs: int,
    path: Path | None = None,
    force: bool = False,
) -> FigureRun:
    """``python -m rectified.figures`` into ``out``/``cache`` (``path``: where ``registry`` is)."""
    empty_docs = cache.parent / "no-docs"
    empty_docs.mkdir(parents=True, exist_ok=True)
    report = cache.parent / f"{cache.name}.report.json"
    cmd = [sys.executable, "-m", "rectified.figures", "--out", str(out), "--cache", str(cache)]
    cmd += ["--docs", str(empty_docs), "--registry", registry, "--jobs", str(jobs)]
    cmd += ["--json", str(report)]
    cmd += ["--force"] if force else []
    env = _pythonpath(*([path] if path else []))
    before = _mtimes(out)
    wall, cpu, _ = _run(cmd, root, env, f"rendering {registry}")
    after = _mtimes(out)
    rewritten = sorted(f for f, t in after.items() if before.get(f) != t)
    return FigureRun(wall, cpu, read_figures_report(report), rewritten=rewritten)


_ONE_PROCESS = """
import json, sys, time
t0 = time.perf_counter()
import matplotlib, matplotlib.figure, numpy
from rectified.figures.render import render_figure
from rectified.figures.spec import load_registry
specs = load_registry(sys.argv[1])
for spec in specs.values():  # import every snippet module before the clock starts
    __import__(spec.module)
t1 = time.perf_counter()
for spec in specs.values():
    render_figure(spec.module, spec.function)
t2 = time.perf_counter()
print(json.dumps({"figures": len(specs), "imports_s": t1 - t0, "drawing_s": t2 - t1}))
"""


@dataclass
class OneProcessRun:
    drawing: float  # every figure, both palettes, one after the other, in one warm process
    imports: float  # matplotlib, numpy, the registry and the snippet modules
    cpu: float
    figures: int

    def as_dict(self) -> dict:
        return {
            "drawing_s": round(self.drawing, 3),
            "imports_s": round(self.imports, 3),
            "cpu_s": round(self.cpu, 3),
            "figures": self.figures,
        }


def one_process(root: Path, registry: str = "snippets.registry") -> OneProcessRun:
    """The one-process limit's numerator: one warm process draws every figure, both palettes.

    Warm: matplotlib, numpy, the registry and every snippet module are imported before the clock
    starts. The figures share that process, so whatever one computes and caches
    (``functools.cache``) the next gets for free; the runner's workers deliberately do not
    share that (each figure is drawn as if alone), so the limit is strict.
    """
    _, cpu, output = _run(
        [sys.executable, "-c", _ONE_PROCESS, registry], root, _pythonpath(), "one warm process"
    )
    data = json.loads(output.strip().splitlines()[-1])
    return OneProcessRun(data["drawing_s"], data["imports_s"], cpu, data["figures"])


@dataclass
class BuildRun:
    wall: float  # the whole command, interpreter start included
    cpu: float  # user + system seconds
    mkdocs: float  # "Documentation built in X seconds"
    strict: bool

    def as_dict(self) -> dict:
        return {
            "wall_s": round(self.wall, 3),
            "cpu_s": round(self.cpu, 3),
            "mkdocs_s": self.mkdocs,
            "strict": self.strict,
        }


def build_site(config: Path, site: Path, *, strict: bool = True) -> BuildRun:
    """``python -m rectified.build`` (what ``nox -s build`` runs), timed.

    It runs in the config's folder: mkdocs-jupyter keeps its cache in ``.cache/`` of the working
    directory (and evicts entries the build did not use), so the checkout's is never touched.
    """
    cmd = [sys.executable, "-m", "rectified.build", "-f", str(config), "--site-dir", str(site)]
    cmd += [] if strict else ["--no-strict"]
    wall, cpu, output = _run(cmd, config.parent, _pythonpath(), f"building {config}")
    m = _MKDOCS_WALL.search(output)
    return BuildRun(wall, cpu, float(m.group(1)) if m else float("nan"), strict)


def execute_notebooks(root: Path, docs: Path, cache: Path) -> float:
    """Execute the notebook pages into ``docs/notebooks`` (the runner ``nox -s figures`` uses)."""
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from rectified.notebooks import run
        report = run(Path("notebooks"), Path({str(docs)!r}), Path({str(cache)!r}), force=True)
        print(report.table("notebook"))
        sys.exit(0 if report.ok else 1)
        """
    )
    wall, _, _ = _run([sys.executable, "-c", code], root, _pythonpath(), "executing the notebooks")
    return wall


# =============================================================================================
# The table
# =============================================================================================


@dataclass
class Row:
    measurement: str
    value: str = ""
    notes: str = ""


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)
    data: dict = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)

    def section(self, title: str) -> None:
        self.rows.append(Row(title))

    def add(self, measurement: str, value: str, notes: str = "") -> None:
        self.rows.append(Row("  " + measurement, value, notes))

    def goal(self, measurement: str, value: str, met: bool, goal: str, extra: str = "") -> None:
        verdict = "met" if met else "MISSED"
        if not met:
            self.missed.append(measurement.strip())
        self.add(measurement, value, f"{goal}: {verdict}" + (f"; {extra}" if extra else ""))


def format_table(rows: list[Row]) -> str:
    head = Row("measurement", "value", "aim / notes")
    w1 = max(len(r.measurement) for r in [head, *rows])
    w2 = max(len(r.value) for r in [head, *rows])
    lines = [f"{head.measurement:<{w1}}  {head.value:>{w2}}  {head.notes}"]
    lines.append(f"{'-' * w1}  {'-' * w2}  {'-' * 40}")
    for r in rows:
        if not r.value and not r.notes:
            lines.append(r.measurement)
        else:
            lines.append(f"{r.measurement:<{w1}}  {r.value:>{w2}}  {r.notes}".rstrip())
    return "\n".join(lines)


def best_of(repeat: int, attempt, key=lambda r: r.wall):
    """Call ``attempt(k)`` for k = 0..repeat-1; return (the run with the least time, the times).

    ``key`` gives a run's time (default: its wall time).
    """
    runs = [attempt(k) for k in range(max(1, repeat))]
    return min(runs, key=key), [round(key(r), 3) for r in runs]


def _s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def _log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


# =============================================================================================
# The measurements
# =============================================================================================


def bench_figures(root: Path, tmp: Path, res: Results, jobs: int, repeat: int = 1) -> Path:
    """(a)-(d); return the folder of rendered real figures (with manifest.json)."""
    res.section('Figures (issue "Figure engine")')
    fig = tmp / "figures"

    def cold_attempt(k: int) -> FigureRun:
        _log(f"(a) cold render of the real registry, {jobs} jobs")
        run = render_figures(root, fig / f"real-out-{k}", fig / f"real-cache-{k}", jobs=jobs)
        run.dirs = (fig / f"real-out-{k}", fig / f"real-cache-{k}")
        return run

    cold, cold_walls = best_of(repeat, cold_attempt)
    out, cache = cold.dirs
    n = len(cold.statuses)
    work = sum(cold.seconds.values())
    slowest = max(cold.seconds, key=cold.seconds.get)
    res.add(
        f"(a) cold render, {n} figures, {jobs} jobs",
        _s(cold.wall),
        f"CPU {_s(cold.cpu)}; drawing {_s(work)} (sum over workers); slowest {slowest} "
        f"{_s(cold.seconds[slowest])}",
    )
    if cold.named("rendered") != sorted(cold.statuses):
        raise BenchError(f"cold render did not render everything: {cold.statuses}")

    _log("(a) one warm process drawing every figure")
    single, single_walls = best_of(repeat, lambda _k: one_process(root), key=lambda r: r.drawing)
    limit = single.drawing / jobs
    res.add(
        "(a) one warm process, every figure",
        _s(single.drawing),
        f"both palettes, imports done ({_s(single.imports)} before); CPU {_s(single.cpu)}",
    )
    res.add(f"(a) one-process limit (/ {jobs} cores)", _s(limit), "what perfect workers would take")
    one_ratio = cold.wall / limit
    res.goal(
        "(a) cold / one-process limit",
        f"{one_ratio:.2f}x",
        one_ratio <= GOAL_ONE_PROCESS_RATIO,
        f"aim ≤ {GOAL_ONE_PROCESS_RATIO}x",
        f"CPU: cold {_s(cold.cpu)} vs one process {_s(single.cpu)}",
    )

    _log("(b) no-op rerun")
    noop, noop_walls = best_of(repeat, lambda _k: render_figures(root, out, cache, jobs=jobs))
    ratio = noop.wall / cold.wall
    res.add(
        "(b) no-op rerun",
        _s(noop.wall),
        f"CPU {_s(noop.cpu)}; the runner's own report: {_s(noop.runner)}",
    )
    res.goal(
        "(b) no-op / cold",
        f"{ratio:.1%}",
        ratio <= GOAL_NOOP_RATIO,
        f"aim ≤ {GOAL_NOOP_RATIO:.0%}",
        f"CPU {noop.cpu / cold.cpu:.1%}",
    )
    res.goal(
        "(b) files the no-op rewrote",
        str(len(noop.rewritten)),
        not noop.rewritten,
        "aim 0 (else `mkdocs serve` rebuilds forever)",
        ", ".join(noop.rewritten[:5]),
    )
    res.data["figures"] = {
        "jobs": jobs,
        "cold": cold.as_dict(),
        "cold_attempts_wall_s": cold_walls,
        "one_process": single.as_dict(),
        "one_process_attempts_drawing_s": single_walls,
        "one_process_limit_s": round(limit, 3),
        "cold_vs_limit": round(one_ratio, 3),
        "cold_vs_limit_aim": GOAL_ONE_PROCESS_RATIO,
        "noop": noop.as_dict(),
        "noop_attempts_wall_s": noop_walls,
        "noop_ratio": round(ratio, 4),
        "noop_ratio_runner": round(noop.runner / cold.runner, 4),
    }

    # (c) A copy of the snippets package under another name: warm its cache, edit one module.
    _log("(c) one snippet edited: warming a renamed copy of snippets/")
    package = "bench_snippets"
    pkgs = fig / "packages"
    copy = copy_snippets(root / "snippets", pkgs, package)
    deps = dependents(pkgs, package)
    candidates = {
        p: figs for p, figs in deps.items() if p.name not in ("registry.py", "__init__.py")
    }
    # The module with the fewest figures, preferably more than one.
    edited = min(candidates, key=lambda p: (len(candidates[p]) < 2, len(candidates[p]), p.name))
    expected = sorted(candidates[edited])
    c_out, c_cache = fig / "copy-out", fig / "copy-cache"
    warm = render_figures(
        root, c_out, c_cache, registry=f"{package}.registry", jobs=jobs, path=pkgs
    )
    with edited.open("a", encoding="utf-8") as fh:
        fh.write("\n# edited by python -m benchmarks.bench\n")
    _log(f"(c) rerun after editing {edited.name}")
    after = render_figures(
        root, c_out, c_cache, registry=f"{package}.registry", jobs=jobs, path=pkgs
    )
    rendered = after.named("rendered")
    exact = rendered == expected and len(after.named("cached")) == len(after.statuses) - len(
        expected
    )
    res.goal(
        f"(c) {edited.name} edited: rerun",
        _s(after.wall),
        exact,
        f"only its {len(expected)} figures re-render",
        f"rendered {', '.join(rendered) or 'nothing'}; {len(after.named('cached'))} cached",
    )
    res.data["figures"]["edit"] = {
        "module": edited.name,
        "expected": expected,
        "rendered": rendered,
        "exact": exact,
        "warm": warm.as_dict(),
        "rerun": after.as_dict(),
    }
    shutil.rmtree(copy, ignore_errors=True)

    # (d) Serial against parallel, synthetic figures of realistic weight.
    registry = write_synthetic_registry(pkgs, "bench_synthetic")

    def synthetic(k: int, n_jobs: int) -> FigureRun:
        _log(f"(d) {SYNTHETIC_FIGURES} synthetic figures, {n_jobs} job(s)")
        where = fig / f"synthetic-{n_jobs}-{k}"
        return render_figures(
            root, where / "out", where / "cache", registry=registry, jobs=n_jobs, path=pkgs
        )

    pairs = [(synthetic(k, 1), synthetic(k, jobs)) for k in range(max(1, repeat))]
    serial = min((s for s, _ in pairs), key=lambda r: r.wall)
    parallel = min((p for _, p in pairs), key=lambda r: r.wall)
    mean = sum(serial.seconds.values()) / max(1, len(serial.seconds))
    res.add(
        f"(d) {len(serial.statuses)} synthetic figures, 1 job",
        _s(serial.wall),
        f"CPU {_s(serial.cpu)}; {mean:.2f} s per figure, both palettes (aim 0.3-0.5 s)",
    )
    # CPU seconds per wall second: how many cores the run really had (others may share them).
    busy = parallel.cpu / parallel.wall
    res.add(
        f"(d) the same, {jobs} jobs",
        _s(parallel.wall),
        f"CPU {_s(parallel.cpu)}: it kept {busy:.2f} of {jobs} cores busy",
    )
    speedup = serial.wall / parallel.wall
    met = speedup >= GOAL_SPEEDUP if jobs >= 2 else True
    res.goal(
        "(d) speedup",
        f"{speedup:.2f}x",
        met,
        f"aim ≥ {GOAL_SPEEDUP}x on 2 cores",
        "" if met or busy >= 0.8 * jobs else "other jobs held the cores: rerun on an idle machine",
    )
    res.data["figures"]["parallel"] = {
        "figures": len(serial.statuses),
        "mean_figure_s": round(mean, 3),
        "serial": serial.as_dict(),
        "parallel": parallel.as_dict(),
        "attempts_wall_s": [[round(s.wall, 3), round(p.wall, 3)] for s, p in pairs],
        "speedup": round(speedup, 3),
        "parallel_cores_busy": round(busy, 3),
        "speedup_runner": round(serial.runner / parallel.runner, 3),
    }
    return out


def bench_real_site(
    root: Path, tmp: Path, res: Results, figures: Path, repeat: int = 1, lighthouse: int = 0
) -> None:
    """(e): execute the notebooks, build the real site strictly (all in ``tmp``), and run
    Lighthouse ``lighthouse`` times on its page with the most sliders (0: not at all)."""
    base = tmp / "real-site"
    docs = base / "docs"
    shutil.copytree(
        root / "docs",
        docs,
        ignore=lambda d, names: [
            n for n in names if Path(d) == root / "docs" and n in ("figures", "notebooks")
        ],
    )
    shutil.copytree(figures, docs / "figures")
    notes = sum(1 for _ in docs.rglob("*.md"))
    config = base / "mkdocs.yml"
    config.write_text(site_config(root, docs), encoding="utf-8")
    try:
        _log("(e) executing the notebook pages")
        nb = execute_notebooks(root, docs, base / "nb-cache")
        _log("(e) strict build of the real site")

        def attempt(_k: int) -> BuildRun:
            shutil.rmtree(base / ".cache", ignore_errors=True)  # mkdocs-jupyter's: start cold
            return build_site(config, base / "site")

        built, walls = best_of(repeat, attempt)
    except BenchError as exc:  # the checkout's own notes are broken: still measure the rest
        print(f"error: {exc}", file=sys.stderr)
        res.goal(f"(e) real site ({notes} notes), strict build", "FAILED", False, "builds")
        res.data["site"] = {"notes": notes, "error": str(exc)}
        return
    res.add("(e) notebook pages executed", _s(nb), "needed by the build below; no goal")
    res.add(
        f"(e) real site ({notes} notes), strict build",
        _s(built.wall),
        f"CPU {_s(built.cpu)}; MkDocs says {_s(built.mkdocs)} (+ start-up)",
    )
    res.data["site"] = {
        "notes": notes,
        "notebooks_s": round(nb, 3),
        "build": built.as_dict(),
        "attempts_wall_s": walls,
    }
    if lighthouse:  # the real site's page with the most sliders (benchmarks/lighthouse.py)
        from benchmarks.lighthouse import bench_lighthouse

        _log("(e) Lighthouse on the page with the most sliders")
        bench_lighthouse(root, base / "site", res, lighthouse)


def bench_vaults(
    root: Path,
    tmp: Path,
    res: Results,
    figures: Path,
    sizes: Sequence[int],
    *,
    keep: bool,
    repeat: int = 1,
) -> None:
    """Synthetic vaults: cold builds (empty build cache) and, for the largest, a warm rebuild.

    Every Obsidian-layer build but the warm one starts with ``.cache/rectified`` removed. The
    warm one follows a cold build after one note (the middle one) got a new sentence: what a
    writer's next build costs. The largest vault is measured at least twice (attempts
    alternate with plain Material, so a busy minute hits both alike); the best of each is
    compared and every attempt is listed.
    """
    res.section('Obsidian layer (issues "Obsidian fidelity", "Fast feedback")')
    res.data["vaults"] = []
    for n in sizes:
        base = tmp / f"vault-{n}"
        docs = base / "docs"
        texts = synthetic_vault(n)
        write_texts(docs, texts)
        shutil.copytree(figures, docs / "figures")
        full = base / "obsidian.yml"
        full.write_text(site_config(root, docs, prune_nav=True), encoding="utf-8")
        plain = base / "plain.yml"
        plain.write_text(site_config(root, docs, obsidian=False, prune_nav=True), "utf-8")
        largest = n == max(sizes) and n >= 1000
        attempts = max(2, repeat) if largest else max(1, repeat)
        edited = sorted(rel for rel in texts if rel != "index.md")[len(texts) // 2]
        strict_plain = True
        cold_runs, plain_runs, warm_runs = [], [], []
        for k in range(attempts):
            _log(f"vault of {n} notes: strict build with the Obsidian layer, cold cache")
            shutil.rmtree(base / CACHE_DIR, ignore_errors=True)
            cold_runs.append(build_site(full, base / "site-obsidian"))
            _log(f"vault of {n} notes: build with plain Material")
            try:
                plain_runs.append(build_site(plain, base / "site-plain", strict=strict_plain))
            except BenchError:
                if not strict_plain:
                    raise
                _log("the plain build failed in strict mode; building it without --strict")
                strict_plain = False
                plain_runs.append(build_site(plain, base / "site-plain", strict=False))
            if largest:
                _log(f"vault of {n} notes: {edited} edited, rebuilt with the warm cache")
                with (docs / edited).open("a", encoding="utf-8") as fh:
                    fh.write(f"\nA sentence added by the benchmark (attempt {k + 1}).\n")
                warm_runs.append(build_site(full, base / "site-obsidian"))
        with_layer = min(cold_runs, key=lambda r: r.wall)
        without = min(plain_runs, key=lambda r: r.wall)
        ratio = with_layer.wall / without.wall
        sizes_kb = _page_sizes(base / "site-obsidian", texts)
        plain_kb = _page_sizes(base / "site-plain", texts, clean_urls=False)
        avg, top = sum(sizes_kb) / len(sizes_kb), max(sizes_kb)
        plain_avg = sum(plain_kb) / len(plain_kb)
        label = f"{n} notes"
        walls = lambda runs: " / ".join(_s(r.wall) for r in runs)  # noqa: E731
        res.add(
            f"{label}: cold build, Obsidian layer",
            _s(with_layer.wall),
            f"strict, empty build cache; CPU {_s(with_layer.cpu)}; MkDocs says "
            f"{_s(with_layer.mkdocs)}; runs {walls(cold_runs)}",
        )
        res.add(
            f"{label}: build, plain Material",
            _s(without.wall),
            ("strict" if without.strict else "NOT strict (the strict build failed)")
            + f"; CPU {_s(without.cpu)}; MkDocs says {_s(without.mkdocs)}; runs "
            + walls(plain_runs),
        )
        inner = with_layer.mkdocs / without.mkdocs
        cpu_ratio = with_layer.cpu / without.cpu
        entry = {
            "notes": n,
            "with": with_layer.as_dict(),
            "without": without.as_dict(),
            "ratio": round(ratio, 3),
            "ratio_mkdocs": round(inner, 3),
            "ratio_cpu": round(cpu_ratio, 3),
            "attempts_wall_s": [
                [round(a.wall, 3), round(b.wall, 3)]
                for a, b in zip(cold_runs, plain_runs, strict=True)
            ],
        }
        if largest:
            res.goal(
                f"{label}: cold / plain Material",
                f"{ratio:.2f}x",
                ratio <= GOAL_COLD_RATIO,
                f"aim ≤ {GOAL_COLD_RATIO}x",
                f"CPU {cpu_ratio:.2f}x; MkDocs' times {inner:.2f}x; "
                f"each run {_ratios(cold_runs, plain_runs)}",
            )
            warm = min(warm_runs, key=lambda r: r.wall)
            warm_ratio = warm.wall / without.wall
            res.add(
                f"{label}: one note edited, warm cache",
                _s(warm.wall),
                f"strict; CPU {_s(warm.cpu)}; MkDocs says {_s(warm.mkdocs)}; "
                f"runs {walls(warm_runs)}",
            )
            res.goal(
                f"{label}: warm / plain Material",
                f"{warm_ratio:.2f}x",
                warm_ratio <= GOAL_WARM_RATIO,
                f"aim ≤ {GOAL_WARM_RATIO}x",
                f"CPU {warm.cpu / without.cpu:.2f}x; "
                f"MkDocs' times {warm.mkdocs / without.mkdocs:.2f}x; "
                f"each run {_ratios(warm_runs, plain_runs)}",
            )
            entry.update(
                {
                    "edited": edited,
                    "warm": warm.as_dict(),
                    "warm_ratio": round(warm_ratio, 3),
                    "warm_ratio_cpu": round(warm.cpu / without.cpu, 3),
                    "warm_attempts_wall_s": [round(r.wall, 3) for r in warm_runs],
                    "aims": {"cold": GOAL_COLD_RATIO, "warm": GOAL_WARM_RATIO},
                }
            )
        else:
            res.add(
                f"{label}: cold / plain Material",
                f"{ratio:.2f}x",
                f"CPU {cpu_ratio:.2f}x; MkDocs' times {inner:.2f}x (the aims are for 1000)",
            )
        res.add(
            f"{label}: note page, avg / max",
            f"{avg:.1f} / {top:.1f} KB",
            f"index.html; plain Material {plain_avg:.1f} KB avg",
        )
        entry.update(
            {
                "page_kb_avg": round(avg, 2),
                "page_kb_max": round(top, 2),
                "plain_page_kb_avg": round(plain_avg, 2),
            }
        )
        res.data["vaults"].append(entry)
        if not keep:  # a 1000-note vault and its two sites take about 100 MB
            shutil.rmtree(base, ignore_errors=True)
    pages = [v["page_kb_avg"] for v in res.data["vaults"]]
    if len(pages) > 1:
        growth = pages[-1] / pages[0]
        res.goal(
            f"note page avg, {sizes[-1]} / {sizes[0]} notes",
            f"{growth:.2f}x",
            growth <= 1.25,
            "flat (≤ 1.25x)",
        )


def _ratios(runs: list[BuildRun], plain_runs: list[BuildRun]) -> str:
    """Each attempt's wall-time ratio to the plain build of the same attempt."""
    return ", ".join(f"{a.wall / b.wall:.2f}x" for a, b in zip(runs, plain_runs, strict=True))


def _page_sizes(site: Path, texts: dict[str, str], *, clean_urls: bool = True) -> list[float]:
    """KB of each note's page (the plugin's clean URLs, or MkDocs' own ``Note Name/``)."""
    sizes = []
    for rel in texts:
        if rel == "index.md":
            continue
        page = site / (url_slug(rel) if clean_urls else rel[: -len(".md")]) / "index.html"
        sizes.append(page.stat().st_size / 1024)
    return sizes


# =============================================================================================
# Command line
# =============================================================================================


def run_all(
    root: Path,
    sizes: Sequence[int],
    jobs: int,
    keep: Path | None = None,
    repeat: int = 1,
    *,
    figures_only: bool = False,
    lighthouse: int = 0,
) -> Results:
    res = Results()
    t0 = time.perf_counter()
    load0 = os.getloadavg()[0]
    res.data["repeat"] = repeat
    res.data["machine"] = {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        if any(keep.iterdir()):
            raise BenchError(f"--keep {keep}: the folder is not empty")
    with (
        contextlib.nullcontext(str(keep))
        if keep is not None
        else tempfile.TemporaryDirectory(prefix="rectified-bench-")
    ) as name:
        tmp = Path(name)
        figures = bench_figures(root, tmp, res, jobs, repeat)
        if not figures_only:
            bench_real_site(root, tmp, res, figures, repeat, lighthouse)
            bench_vaults(root, tmp, res, figures, sizes, keep=keep is not None, repeat=repeat)
            if 1000 in sizes:  # serve latency after one edit, 1000 notes (benchmarks/serve.py)
                from benchmarks.serve import bench_serve

                bench_serve(root, tmp, res)
    total = time.perf_counter() - t0
    load = (load0, os.getloadavg()[0])
    res.data["total_s"] = round(total, 1)
    res.data["machine"]["load_1min"] = [round(x, 2) for x in load]
    res.section("Run")
    best = f"; times are the best of {repeat} runs" if repeat > 1 else ""
    res.add(
        "whole benchmark",
        _s(total),
        f"{os.cpu_count()} cores; Python {platform.python_version()}{best}",
    )
    res.add(
        "machine load, start / end",
        f"{load[0]:.1f} / {load[1]:.1f}",
        f"1-min load average; above {os.cpu_count()}: other jobs competed, trust CPU times more",
    )
    return res


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench",
        description="Measure figure rendering and site build speed; print one table.",
    )
    size = parser.add_mutually_exclusive_group()
    size.add_argument(
        "--quick", action="store_true", help="vaults of 10 and 100 notes only (no 1000)"
    )
    size.add_argument("--full", action="store_true", help="vaults of 10, 100, 1000 (default)")
    size.add_argument(
        "--figures-only", action="store_true", help="the figure engine alone (no site builds)"
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the numbers here")
    parser.add_argument(
        "--jobs", type=int, default=None, help="parallel figure processes (default: all cores)"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="N",
        help="time every render and build N times and keep the fastest (steadier on a busy "
        "machine; the one-snippet edit (c) runs once)",
    )
    parser.add_argument(
        "--lighthouse",
        type=int,
        default=5,
        metavar="N",
        help="Lighthouse runs (mobile, gzip) on the real site's page with the most sliders; the "
        "median is reported (default 5; 0 skips it; needs npm and Chromium)",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="work in DIR (new or empty) and keep everything: vaults, configs, sites, e.g. to "
        "profile a build with python -m cProfile -m mkdocs build -f DIR/vault-1000/obsidian.yml",
    )
    args = parser.parse_args(argv)
    root = Path.cwd()
    if not (root / "mkdocs.yml").is_file() or not (root / "snippets").is_dir():
        print("error: run this from the repository root (mkdocs.yml, snippets/)", file=sys.stderr)
        return 2
    sizes = QUICK_SIZES if args.quick else FULL_SIZES
    jobs = args.jobs or os.cpu_count() or 1
    try:
        keep = args.keep.resolve() if args.keep else None
        res = run_all(
            root,
            sizes,
            jobs,
            keep,
            args.repeat,
            figures_only=args.figures_only,
            lighthouse=max(0, args.lighthouse),
        )
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(format_table(res.rows))
    if res.missed:
        print(f"\nMissed aims: {'; '.join(res.missed)}")
    if args.json:
        res.data["missed"] = res.missed
        args.json.write_text(json.dumps(res.data, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
