"""``python -m rectified.bench``: how fast the figures render and the site builds; one table.

Everything runs in a temporary folder, through the same commands ``nox`` runs
(``python -m rectified.figures``, ``python -m rectified.notebooks``' runner and
``python -m rectified.build``); ``docs/``, ``site/`` and ``.cache/`` of the checkout are only read.

Figure engine:

- (a) a cold render of every figure of the real registry into a fresh cache, on all cores;
- (b) the no-op rerun (goal: at most 5 % of the cold render);
- (c) one snippet module edited: a copy of the ``snippets`` package under another name, rendered,
  then one module changed; exactly the figures that depend on it must render again;
- (d) serial against parallel rendering of 24 synthetic figures of realistic weight (goal: at
  least 1.6x faster on 2 cores);
- (e) a strict build of the real site.

Obsidian layer: synthetic vaults of 10, 100 and 1000 notes (front matter, headings, a callout
with display math, inline math, wikilinks to notes, headings and blocks, wanted links, a block
id, a figure embed), each built strictly with the real ``mkdocs.yml`` and built again by plain
Material for MkDocs (no ``rectified`` plugin or extensions, so the Obsidian syntax stays text).
Reported: both build times, their ratio (goal: at most 1.3x at 1000 notes) and the size of a
note's page (it must not grow with the vault: the navigation lists only the entry points).

Every time is wall-clock time of the whole command, as a user waits for it; the CPU time next
to it (user + system, workers included) hardly moves when other jobs share the machine, so on a
busy machine compare those, or pass ``--repeat N`` to keep the fastest of N runs of each.

``--quick`` builds the 10- and 100-note vaults only (the 1000-note one takes a minute or two of
the full run's five or so). ``--json PATH`` also writes every number; ``--keep DIR`` keeps the
vaults, configurations and sites for profiling. Numbers are printed, never asserted.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import json
import os
import platform
import random
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

from rectified.vault import url_slug

GOAL_NOOP_RATIO = 0.05
GOAL_SPEEDUP = 1.6
GOAL_OBSIDIAN_RATIO = 1.3
FULL_SIZES = (10, 100, 1000)
QUICK_SIZES = (10, 100)
SYNTHETIC_FIGURES = 24
SYNTHETIC_PER_MODULE = 4


class BenchError(RuntimeError):
    """A step of the benchmark failed (the message carries the command's output)."""


# =============================================================================================
# Synthetic vault
# =============================================================================================

_ADJECTIVES = (
    "Leaky",
    "Gated",
    "Smooth",
    "Sparse",
    "Parametric",
    "Shifted",
    "Scaled",
    "Bounded",
    "Clipped",
    "Noisy",
    "Adaptive",
    "Randomized",
    "Concatenated",
    "Exponential",
    "Softened",
    "Thresholded",
)
_NOUNS = (
    "Rectifier",
    "Unit",
    "Activation",
    "Gate",
    "Layer",
    "Network",
    "Initialization",
    "Gradient",
    "Regularizer",
    "Estimator",
    "Kernel",
    "Approximation",
)
_FOLDERS = ("", "Concepts", "Methods", "Experiments", "Concepts/Variants")
_TAGS = tuple(
    f"{a}-{b}"
    for a in ("training", "theory", "practice", "history")
    for b in ("basics", "variants", "failure-modes", "sparsity", "initialization")
)
_SENTENCES = (
    "It is cheap to evaluate, since it needs one comparison and no exponential.",
    "Its output is exactly zero on half of the input space, which makes the code sparse.",
    "The slope does not shrink for large inputs, so gradients pass through many layers.",
    "The kink at the origin is the only place where the derivative is not defined.",
    "Initial weights drawn with variance two over the fan-in keep the activations stable.",
    "A unit that is negative on every example receives no gradient and stops learning.",
    "In practice the choice matters less than the learning rate and the initialization.",
    "The same idea appears in piecewise-linear approximation theory long before deep learning.",
    "A smooth variant trades a little speed for a derivative that exists everywhere.",
    "Measured over ten seeds, the difference stays within the spread between the seeds.",
    "Batch normalization moves the pre-activations and hides most of these effects.",
    "The experiment uses full-batch gradient descent so that no sampling noise is involved.",
    "On small networks the effect is visible after a few hundred steps already.",
    "The formula follows from the chain rule applied one layer at a time.",
    "Counting zeros per layer is a cheap diagnostic that can run during training.",
    "The bound is tight: a network of that width reaches it on the example below.",
)
_TEX_COMMON = (
    r"\max(0, x)",
    r"x \in \mathbb{R}",
    r"\sigma(x) = 1/(1 + e^{-x})",
    r"\lvert x \rvert",
    r"\mathbf{1}[x > 0]",
)


def note_name(i: int) -> str:
    """File stem (and title) of synthetic note ``i``: unique, realistic, with spaces."""
    adjective = _ADJECTIVES[i % len(_ADJECTIVES)]
    noun = _NOUNS[(i // len(_ADJECTIVES)) % len(_NOUNS)]
    return f"{adjective} {noun} {i + 1}"


def note_path(i: int) -> str:
    """Vault path of synthetic note ``i`` (notes are spread over a few folders)."""
    folder = _FOLDERS[i % len(_FOLDERS)]
    return f"{folder}/{note_name(i)}.md" if folder else f"{note_name(i)}.md"


def note_alias(i: int) -> str:
    return f"variant {i + 1}"


def block_id(i: int) -> str:
    """The block id of the claim paragraph in note ``i``."""
    return f"claim-{i + 1}"


def wanted_name(k: int) -> str:
    """A note that is linked to but not written (it appears on the wanted-notes page)."""
    return f"Open Question {k + 1}"


_NOTE = """\
---
title: <<name>>
aliases:
  - <<alias>>
tags:
  - <<tag1>>
  - <<tag2>>
---

# <<name>>

The **<<lower>>** maps an input $x$ to $f_{<<i>>}(x) = \\max(0, <<a>> x <<b>>)$, a variant of
the rectifier described in [[<<t1>>]] and in [[<<t2>>|the <<t2lower>>]]. <<s1>> <<s2>>

> [!note] Definition
> For weights $w \\in \\mathbb{R}^{<<d>>}$ and a threshold $c_{<<i>>}$, the unit computes
> $$
> h_{<<i>>}(x) = \\sum_{k=1}^{<<d>>} w_k \\max(0, x_k - c_{<<i>>}) <<b>>.
> $$
> It reduces to $<<common1>>$ for a single input with $w_1 = 1$.

## Background

<<s3>> As [[<<t3>>#Properties]] shows, the threshold $c_{<<i>>} = <<c>>$ only shifts the kink.
<<s4>> ^<<block>>

<<s5>> The comparison with $<<common2>>$ is in [[<<alias_target>>]]. <<s6>>

## Properties

- It is piecewise linear, with slope $<<a>>$ for $x > c_{<<i>>}$ and $0$ below; see
  [[<<t4>>#^<<t4block>>]].
- <<s7>> Nobody has written up [[<<wanted>>]] yet.
- Its derivative is $<<common3>>$ almost everywhere, as in [[<<t5>>#Properties#Special cases]].

### Special cases

<<s8>> With slope $1$ and $c_{<<i>>} = 0$ the unit is the plain rectifier; in general,

$$
f_{<<i>>}'(x) = \\begin{cases} <<a>> & x > <<c>> \\\\ 0 & \\text{otherwise} \\end{cases}
$$

![[<<figure>>]]

## See also

- [[<<t6>>]]
- [[#Background|Background, above]]
"""


def _signed(x: float) -> str:
    return f"- {-x:.2f}" if x < 0 else f"+ {x:.2f}"


def _fill(template: str, values: dict[str, object]) -> str:
    return re.sub(r"<<(\w+)>>", lambda m: str(values[m.group(1)]), template)


def synthetic_note(i: int, n: int, *, figures: Sequence[str] = ("relu.svg",), seed: int = 0) -> str:
    """The text of note ``i`` of an ``n``-note vault (deterministic for a given seed)."""
    rng = random.Random(seed * 1_000_003 + i)
    others = [j for j in range(n) if j != i] or [i]

    def other() -> int:
        return rng.choice(others)

    t4 = other()
    sentences = rng.sample(_SENTENCES, 8)
    values: dict[str, object] = {
        "name": note_name(i),
        "lower": note_name(i).lower(),
        "alias": note_alias(i),
        "tag1": _TAGS[i % len(_TAGS)],
        "tag2": _TAGS[(i * 7 + 3) % len(_TAGS)],
        "i": i + 1,
        "a": f"{rng.uniform(0.1, 2.0):.2f}",
        "b": _signed(rng.uniform(-1.0, 1.0)),
        "c": f"{rng.uniform(-0.5, 0.5):.2f}",
        "d": rng.randint(2, 64),
        "t1": note_name(other()),
        "t2": note_name(j := other()),
        "t2lower": note_name(j).lower(),
        "t3": note_name(other()),
        "t4": note_name(t4),
        "t4block": block_id(t4),
        "t5": note_name(other()),
        "t6": note_name(other()),
        "alias_target": note_alias(other()),
        "wanted": wanted_name(rng.randrange(max(3, n // 10))),
        "block": block_id(i),
        "figure": figures[i % len(figures)],
        "common1": _TEX_COMMON[i % len(_TEX_COMMON)],
        "common2": _TEX_COMMON[(i + 1) % len(_TEX_COMMON)],
        "common3": _TEX_COMMON[4],
    }
    values.update({f"s{k + 1}": s for k, s in enumerate(sentences)})
    return _fill(_NOTE, values)


def synthetic_vault(
    n: int, *, figures: Sequence[str] = ("relu.svg",), seed: int = 0
) -> dict[str, str]:
    """``{vault path: text}`` for ``n`` synthetic notes and a home page (``index.md``)."""
    texts = {note_path(i): synthetic_note(i, n, figures=figures, seed=seed) for i in range(n)}
    start = ", ".join(f"[[{note_name(i)}]]" for i in range(min(n, 8)))
    texts["index.md"] = (
        f"---\ntitle: Home\n---\n\n# A synthetic vault\n\n"
        f"{n} generated notes for `python -m rectified.bench`. Start with {start}.\n"
    )
    return texts


def write_texts(docs: Path, texts: dict[str, str]) -> None:
    for rel, text in texts.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


# =============================================================================================
# Site configurations
# =============================================================================================

_NAV_ENTRY = re.compile(r"^\s+- (?:[^:\n]+:\s+)?(\S[^:\n]*\.(?:md|ipynb))\s*$")
_GENERATED_PAGES = ("notes.md", "gallery.md", "graph.md", "tags.md", "wanted.md")


def site_config(root: Path, docs: Path, *, obsidian: bool = True, prune_nav: bool = False) -> str:
    """The real ``mkdocs.yml`` pointed at ``docs``.

    ``obsidian=False``: without the ``rectified`` plugin, the ``rectified.*`` Markdown extensions
    and the navigation entries of the pages that plugin generates; everything else (theme,
    other plugins and extensions, validation) stays. ``prune_nav``: drop navigation entries
    whose file is not in ``docs`` (a synthetic vault has no notebook and none of the real
    entry notes but ``index.md``).
    """
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "custom_dir: rectified/theme", f"custom_dir: {root / 'rectified' / 'theme'}"
    )
    config = re.sub(r"(?m)^docs_dir: .*$", f"docs_dir: {docs}", config)
    kept = []
    for line in config.splitlines():
        entry = _NAV_ENTRY.match(line)
        if entry:
            target = entry.group(1).strip()
            generated = target in _GENERATED_PAGES
            if generated and not obsidian:
                continue
            if prune_nav and not generated and not (docs / target).is_file():
                continue
        elif not obsidian and (
            line.strip() == "- rectified" or line.strip().startswith("- rectified.")
        ):
            continue
        kept.append(line)
    return "\n".join(kept) + "\n"


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


_FIGURE_ROW = re.compile(r"^(\S+)\s+(rendered|cached|failed|timeout)\s+([\d.]+)\s*$", re.M)
_FIGURE_WALL = re.compile(r" in ([\d.]+) s\s*$", re.M)
_MKDOCS_WALL = re.compile(r"Documentation built in ([\d.]+) seconds")


@dataclass
class FigureRun:
    wall: float  # the whole command, interpreter start included
    cpu: float  # user + system seconds of the command and its workers
    runner: float  # what the runner reports (registry import, cache keys, rendering, publishing)
    statuses: dict[str, str]
    seconds: dict[str, float]
    dirs: tuple[Path, Path] | None = None  # (out, cache), set by the caller when useful

    def named(self, status: str) -> list[str]:
        return sorted(n for n, s in self.statuses.items() if s == status)

    def as_dict(self) -> dict:
        return {
            "wall_s": round(self.wall, 3),
            "cpu_s": round(self.cpu, 3),
            "runner_s": round(self.runner, 3),
            "figures": len(self.statuses),
            "rendered": len(self.named("rendered")),
            "cached": len(self.named("cached")),
            "figure_s": {k: round(v, 3) for k, v in sorted(self.seconds.items())},
        }


def parse_figures_output(output: str) -> tuple[float, dict[str, str], dict[str, float]]:
    """(runner wall, name -> status, name -> seconds) from ``python -m rectified.figures``."""
    statuses: dict[str, str] = {}
    seconds: dict[str, float] = {}
    for m in _FIGURE_ROW.finditer(output):
        statuses[m.group(1)] = m.group(2)
        seconds[m.group(1)] = float(m.group(3))
    walls = _FIGURE_WALL.findall(output)
    return (float(walls[-1]) if walls else float("nan")), statuses, seconds


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
    cmd = [sys.executable, "-m", "rectified.figures", "--out", str(out), "--cache", str(cache)]
    cmd += ["--docs", str(empty_docs), "--registry", registry, "--jobs", str(jobs)]
    cmd += ["--force"] if force else []
    env = _pythonpath(*([path] if path else []))
    wall, cpu, output = _run(cmd, root, env, f"rendering {registry}")
    runner, statuses, seconds = parse_figures_output(output)
    return FigureRun(wall, cpu, runner, statuses, seconds)


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
# Snippet packages
# =============================================================================================

_IMPORT_SNIPPETS = re.compile(r"(?m)^(\s*(?:from|import)\s+)snippets\b")


def copy_snippets(src: Path, base: Path, name: str) -> Path:
    """Copy the ``snippets`` package to ``base/name`` with its imports renamed; return the dir."""
    dest = base / name
    dest.mkdir(parents=True, exist_ok=True)
    for path in sorted(src.rglob("*.py")):  # with subpackages such as snippets/lib/
        text = _IMPORT_SNIPPETS.sub(lambda m: m.group(1) + name, path.read_text("utf-8"))
        target = dest / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return dest


def registry_modules(registry_file: Path, package: str) -> dict[str, str]:
    """Figure name -> module of its function, read from ``FIGURES = {...}`` without importing."""
    tree = ast.parse(registry_file.read_text("utf-8"))
    for node in ast.walk(tree):
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        if isinstance(value, ast.Dict) and any(
            isinstance(t, ast.Name) and t.id == "FIGURES" for t in targets
        ):
            found = {}
            for key, func in zip(value.keys, value.values, strict=True):
                if isinstance(key, ast.Constant) and isinstance(func, ast.Attribute):
                    module = func.value.id if isinstance(func.value, ast.Name) else ""
                    found[key.value] = f"{package}.{module}"
            return found
    raise BenchError(f"{registry_file}: no FIGURES = {{...}} found")


def dependents(base: Path, package: str) -> dict[Path, set[str]]:
    """Module file of ``package`` (in ``base``) -> the figures whose cache key includes it."""
    from rectified.figures.spec import local_dependencies

    modules = registry_modules(base / package / "registry.py", package)
    sys.path.insert(0, str(base))
    try:
        out: dict[Path, set[str]] = {}
        for figure, module in modules.items():
            for dep in local_dependencies(module, package):
                out.setdefault(dep.resolve(), set()).add(figure)
        return out
    finally:
        sys.path.remove(str(base))
        for mod in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[mod]


_SYNTH_HELPERS = '''\
"""A realistic amount of work for one figure: numpy training loop and three panels."""

import numpy as np
from matplotlib.figure import Figure


def workload(seed: int) -> Figure:
    rng = np.random.default_rng(seed)
    x = np.linspace(-1.0, 1.0, 256)[:, None]
    y = np.sin(np.pi * x) + 0.1 * rng.standard_normal(x.shape)
    w1 = rng.standard_normal((1, 128))
    b1 = np.zeros(128)
    w2 = rng.standard_normal((128, 1)) / 8
    losses = []
    for _ in range(STEPS):
        z = x @ w1 + b1
        h = np.maximum(z, 0.0)
        out = h @ w2
        r = (out - y) / len(x)
        losses.append(float((r * r).sum() * len(x)))
        gh = (r @ w2.T) * (z > 0)
        w2 -= 0.05 * (h.T @ r)
        w1 -= 0.05 * (x.T @ gh)
        b1 -= 0.05 * gh.sum(axis=0)
    samples = rng.standard_normal((SAMPLES, 4)) @ rng.standard_normal((4, 4))
    fig = Figure()
    ax1, ax2, ax3 = fig.subplots(1, 3)
    ax1.plot(x[:, 0], y[:, 0], ".", markersize=2, label="data")
    ax1.plot(x[:, 0], out[:, 0], label="fit")
    ax1.set_title("Fit")
    ax1.set_xlabel("x")
    ax1.set_ylabel("y")
    ax1.legend()
    ax2.semilogy(losses, label="loss")
    ax2.set_title("Loss")
    ax2.set_xlabel("step")
    ax2.set_ylabel("loss")
    ax3.hist(np.maximum(samples, 0.0).ravel(), bins=60, label="ReLU")
    ax3.set_title("Histogram")
    ax3.set_xlabel("value")
    ax3.set_ylabel("count")
    return fig
'''

_SYNTH_FIGURE = '''

def figure_{i}():
    """Synthetic workload {i}

    A small ReLU network fitted to a noisy sine, its loss and a histogram of rectified samples.
    """
    return workload({i})
'''


def write_synthetic_registry(
    base: Path,
    package: str,
    count: int = SYNTHETIC_FIGURES,
    per_module: int = SYNTHETIC_PER_MODULE,
    *,
    steps: int = 200,
    samples: int = 10000,
) -> str:
    """A registry package of ``count`` figures, ``per_module`` per module; return its name."""
    pkg = base / package
    pkg.mkdir(parents=True, exist_ok=True)
    (pkg / "__init__.py").write_text("")
    helpers = _SYNTH_HELPERS.replace("STEPS", str(steps)).replace("SAMPLES", str(samples))
    (pkg / "helpers.py").write_text(helpers)
    modules: list[str] = []
    entries: list[str] = []
    for i in range(count):
        module = f"panels_{i // per_module + 1}"
        if module not in modules:
            modules.append(module)
            (pkg / f"{module}.py").write_text(f"from {package}.helpers import workload\n")
        with (pkg / f"{module}.py").open("a") as fh:
            fh.write(_SYNTH_FIGURE.format(i=i + 1))
        entries.append(f'    "synthetic-{i + 1}": {module}.figure_{i + 1},')
    imports = "\n".join(f"from {package} import {m}" for m in modules)
    registry = f"{imports}\n\nFIGURES = {{\n" + "\n".join(entries) + "\n}\n"
    (pkg / "registry.py").write_text(registry)
    return f"{package}.registry"


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
    head = Row("measurement", "value", "goal / notes")
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


def best_of(repeat: int, attempt):
    """Call ``attempt(k)`` for k = 0..repeat-1; return (the run with the least wall time, walls)."""
    runs = [attempt(k) for k in range(max(1, repeat))]
    return min(runs, key=lambda r: r.wall), [round(r.wall, 3) for r in runs]


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
        f"CPU {_s(cold.cpu)}; drawing {_s(work)} (sum); slowest {slowest} "
        f"{_s(cold.seconds[slowest])}",
    )
    if cold.named("rendered") != sorted(cold.statuses):
        raise BenchError(f"cold render did not render everything: {cold.statuses}")

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
        f"goal ≤ {GOAL_NOOP_RATIO:.0%}",
        f"CPU {noop.cpu / cold.cpu:.1%}",
    )
    res.data["figures"] = {
        "jobs": jobs,
        "cold": cold.as_dict(),
        "cold_attempts_wall_s": cold_walls,
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
        fh.write("\n# edited by python -m rectified.bench\n")
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
        f"goal ≥ {GOAL_SPEEDUP}x on 2 cores",
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


def bench_real_site(root: Path, tmp: Path, res: Results, figures: Path, repeat: int = 1) -> None:
    """(e): execute the notebooks, then build the real site strictly (all in ``tmp``)."""
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
    res.section('Obsidian layer (issue "Obsidian fidelity")')
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
        strict_plain = True
        pairs = []
        for _ in range(max(1, repeat)):  # alternate, so that a busy minute hits both alike
            _log(f"vault of {n} notes: strict build with the Obsidian layer")
            obsidian_run = build_site(full, base / "site-obsidian")
            _log(f"vault of {n} notes: build with plain Material")
            try:
                plain_run = build_site(plain, base / "site-plain", strict=strict_plain)
            except BenchError:
                if not strict_plain:
                    raise
                _log("the plain build failed in strict mode; building it without --strict")
                strict_plain = False
                plain_run = build_site(plain, base / "site-plain", strict=False)
            pairs.append((obsidian_run, plain_run))
        with_layer = min((a for a, _ in pairs), key=lambda r: r.wall)
        without = min((b for _, b in pairs), key=lambda r: r.wall)
        ratio = with_layer.wall / without.wall
        sizes_kb = _page_sizes(base / "site-obsidian", texts)
        plain_kb = _page_sizes(base / "site-plain", texts, clean_urls=False)
        avg, top = sum(sizes_kb) / len(sizes_kb), max(sizes_kb)
        plain_avg = sum(plain_kb) / len(plain_kb)
        label = f"{n} notes"
        res.add(
            f"{label}: build, Obsidian layer",
            _s(with_layer.wall),
            f"strict; CPU {_s(with_layer.cpu)}; MkDocs says {_s(with_layer.mkdocs)}",
        )
        res.add(
            f"{label}: build, plain Material",
            _s(without.wall),
            ("strict" if without.strict else "NOT strict (the strict build failed)")
            + f"; CPU {_s(without.cpu)}; MkDocs says {_s(without.mkdocs)}",
        )
        inner = with_layer.mkdocs / without.mkdocs
        cpu_ratio = with_layer.cpu / without.cpu
        if n >= 1000:
            res.goal(
                f"{label}: with / without",
                f"{ratio:.2f}x",
                ratio <= GOAL_OBSIDIAN_RATIO,
                f"goal ≤ {GOAL_OBSIDIAN_RATIO}x",
                f"CPU {cpu_ratio:.2f}x; MkDocs' times {inner:.2f}x",
            )
        else:
            res.add(
                f"{label}: with / without",
                f"{ratio:.2f}x",
                f"CPU {cpu_ratio:.2f}x; MkDocs' times {inner:.2f}x (goal is for 1000)",
            )
        res.add(
            f"{label}: note page, avg / max",
            f"{avg:.1f} / {top:.1f} KB",
            f"index.html; plain Material {plain_avg:.1f} KB avg",
        )
        res.data["vaults"].append(
            {
                "notes": n,
                "with": with_layer.as_dict(),
                "without": without.as_dict(),
                "ratio": round(ratio, 3),
                "ratio_mkdocs": round(inner, 3),
                "ratio_cpu": round(cpu_ratio, 3),
                "page_kb_avg": round(avg, 2),
                "page_kb_max": round(top, 2),
                "plain_page_kb_avg": round(plain_avg, 2),
                "attempts_wall_s": [[round(a.wall, 3), round(b.wall, 3)] for a, b in pairs],
            }
        )
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
    root: Path, sizes: Sequence[int], jobs: int, keep: Path | None = None, repeat: int = 1
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
        bench_real_site(root, tmp, res, figures, repeat)
        bench_vaults(root, tmp, res, figures, sizes, keep=keep is not None, repeat=repeat)
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
        prog="python -m rectified.bench",
        description="Measure figure rendering and site build speed; print one table.",
    )
    size = parser.add_mutually_exclusive_group()
    size.add_argument(
        "--quick", action="store_true", help="vaults of 10 and 100 notes only (no 1000)"
    )
    size.add_argument("--full", action="store_true", help="vaults of 10, 100, 1000 (default)")
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
        res = run_all(root, sizes, jobs, keep, args.repeat)
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(format_table(res.rows))
    if res.missed:
        print(f"\nMissed goals: {'; '.join(res.missed)}")
    if args.json:
        res.data["missed"] = res.missed
        args.json.write_text(json.dumps(res.data, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
