"""What the benchmark builds from: synthetic vaults, site configurations, snippet packages.

Nothing here measures time (:mod:`benchmarks.bench` does); ``tests/test_bench.py`` checks that
what these generators make is what the benchmark claims to measure.
"""

from __future__ import annotations

import ast
import random
import re
import sys
from collections.abc import Sequence
from pathlib import Path

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
        f"{n} generated notes for `python -m benchmarks.bench`. Start with {start}.\n"
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
