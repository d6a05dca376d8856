"""The benchmark (benchmarks/): its generators and how it reads the figure runner's report.

Synthetic vaults, configs and snippet packages (benchmarks.synthetic), and the runner's
``--json`` report as the bench reads it. Nothing here measures time: the benchmark prints
numbers, the tests check what it builds from and what it reads.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from benchmarks.bench import BenchError, read_figures_report, render_figures
from benchmarks.synthetic import (
    block_id,
    copy_snippets,
    note_name,
    note_path,
    registry_modules,
    site_config,
    synthetic_vault,
    wanted_name,
    write_synthetic_registry,
    write_texts,
)
from rectified.figures.runner import Report, Result, figures_used
from rectified.figures.spec import load_registry
from rectified.vault import WIKILINK, Vault

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ("notes.md", "gallery.md", "graph.md", "tags.md", "wanted.md")


@pytest.mark.parametrize("n", [1, 2, 40])
def test_synthetic_vault_is_indexed_and_every_link_resolves(tmp_path: Path, n: int):
    texts = synthetic_vault(n)
    write_texts(tmp_path / "docs", texts)
    vault = Vault.from_dir(tmp_path / "docs")
    assert sorted(vault.notes) == sorted(texts)
    kinds = {"heading": 0, "nested heading": 0, "block": 0, "alias": 0, "same page": 0}
    wanted: set[str] = set()
    for i in range(n):
        note = vault.notes[note_path(i)]
        assert note.title == note_name(i)
        assert len(note.tags) == 2
        assert note.aliases == [f"variant {i + 1}"]
        assert block_id(i) in note.block_ids
        texts_of_headings = [h.text for h in note.headings]
        assert texts_of_headings == [
            note_name(i),
            "Background",
            "Properties",
            "Special cases",
            "See also",
        ]
        for m in WIKILINK.finditer(note.text):
            if m.group(1):  # an embed: a figure, checked below
                continue
            target = m.group(2).split("|")[0]
            found = vault.resolve(target, note.rel_path)  # a missing heading or block raises
            if found.wanted:
                wanted.add(found.target)
                continue
            assert found.note is not None
            if "#^" in target:
                kinds["block"] += 1
                assert found.anchor == "^" + target.split("#^")[1]
                assert found.anchor[1:] in found.note.block_ids
            elif target.startswith("#"):
                kinds["same page"] += 1
                assert found.note is note
            elif target.count("#") == 2:
                kinds["nested heading"] += 1
                assert found.anchor == "special-cases"
            elif "#" in target:
                kinds["heading"] += 1
                assert found.anchor == "properties"
            elif target.startswith("variant "):
                kinds["alias"] += 1
    assert all(count == n for count in kinds.values()), kinds
    assert wanted
    assert all(name.startswith("Open Question ") for name in wanted)
    assert not any(vault.resolve(wanted_name(k), None).note for k in range(max(3, n // 10)))


def test_synthetic_vault_is_deterministic_and_embeds_real_figures(tmp_path: Path):
    assert synthetic_vault(25) == synthetic_vault(25)
    assert synthetic_vault(25) != synthetic_vault(25, seed=1)
    texts = synthetic_vault(25, figures=("relu.svg", "softplus.svg"))
    write_texts(tmp_path / "docs", texts)
    used = figures_used(tmp_path / "docs", tmp_path / "no-notebooks")
    assert used == {"relu.svg", "softplus.svg"}
    registered = registry_modules(ROOT / "snippets" / "registry.py", "snippets")
    assert {name.removesuffix(".svg") for name in used} <= set(registered)


def test_every_note_has_math_a_callout_and_front_matter():
    text = synthetic_vault(3)[note_path(1)]
    assert text.startswith("---\ntitle: ")
    assert "> [!note] Definition\n> For weights $w" in text
    assert "> $$\n> h_{2}(x) =" in text
    assert re.search(r"\n\$\$\nf_\{2\}'\(x\) = .*\n\$\$\n", text)
    assert f" ^{block_id(1)}\n" in text


def test_site_configs_with_and_without_the_obsidian_layer(tmp_path: Path):
    docs = tmp_path / "docs"
    write_texts(docs, synthetic_vault(3))
    real = (ROOT / "mkdocs.yml").read_text("utf-8")
    full = site_config(ROOT, docs, prune_nav=True)
    plain = site_config(ROOT, docs, obsidian=False, prune_nav=True)
    for config in (full, plain):
        assert f"docs_dir: {docs}\n" in config
        assert f"custom_dir: {ROOT / 'rectified' / 'theme'}\n" in config
        assert "include: [" in config  # mkdocs-jupyter still reads only notebooks/*.ipynb
        nav = re.findall(r"(?m)^\s+- [^:\n]+: (.+\.(?:md|ipynb))\s*$", config)
        assert "index.md" in nav
        assert all(page == "index.md" or page in GENERATED for page in nav), nav
    extensions = re.findall(r"(?m)^\s*- (rectified\.markdown\.\w+)", real)
    assert extensions
    for name in extensions:
        assert name in full
        assert name not in plain
    assert re.search(r"(?m)^\s*- rectified\s*$", full)
    assert not re.search(r"(?m)^\s*- rectified\s*$", plain)
    for page in GENERATED:
        assert f": {page}" in full
        assert f": {page}" not in plain
    assert "validation:" in plain
    # Unpruned, the real navigation stays as it is.
    assert site_config(ROOT, docs).count("\n  - ") == real.count("\n  - ")


def test_copied_snippets_import_only_themselves(tmp_path: Path):
    copy = copy_snippets(ROOT / "snippets", tmp_path, "bench_copy")
    assert sorted(p.relative_to(copy) for p in copy.rglob("*.py")) == sorted(
        p.relative_to(ROOT / "snippets") for p in (ROOT / "snippets").rglob("*.py")
    )
    for path in copy.rglob("*.py"):
        assert not re.search(r"(?m)^\s*(from|import)\s+snippets\b", path.read_text("utf-8"))
    original = registry_modules(ROOT / "snippets" / "registry.py", "snippets")
    renamed = registry_modules(copy / "registry.py", "bench_copy")
    assert renamed == {k: v.replace("snippets.", "bench_copy.", 1) for k, v in original.items()}


@pytest.fixture
def on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for mod in [m for m in sys.modules if m.startswith("bench_synth_test")]:
        del sys.modules[mod]


def test_synthetic_registry_follows_the_figure_contract(on_path: Path):
    registry = write_synthetic_registry(on_path, "bench_synth_test", count=5, per_module=2)
    specs = load_registry(registry)  # raises NoteError if a name or docstring breaks the rules
    assert sorted(specs) == sorted(f"synthetic-{i}" for i in range(1, 6))
    assert {s.module for s in specs.values()} == {f"bench_synth_test.panels_{k}" for k in (1, 2, 3)}


def test_reads_the_runners_json_report(tmp_path: Path):
    report = Report(
        results=[Result("relu", "rendered", 0.25), Result("softplus", "cached")], wall=1.5, jobs=2
    )
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report.as_json()))
    data = read_figures_report(path)
    assert data["totals"]["seconds"] == 1.5
    assert data["totals"]["jobs"] == 2
    assert {f["name"]: f["status"] for f in data["figures"]} == {
        "relu": "rendered",
        "softplus": "cached",
    }
    path.write_text(json.dumps({"schema": 99, "figures": []}))
    with pytest.raises(BenchError, match="not a version-1 report"):
        read_figures_report(path)
    path.write_text("figure  status  seconds\nrelu  rendered  0.25\n")  # the table is no report
    with pytest.raises(BenchError, match="no readable report"):
        read_figures_report(path)


def test_render_figures_reads_statuses_and_rewrites_from_a_real_run(on_path: Path):
    """The bench's figure measurement, end to end on two synthetic figures (cold, then no-op)."""
    registry = write_synthetic_registry(on_path, "bench_synth_test", count=2, per_module=2, steps=2)
    out, cache = on_path / "out", on_path / "cache"
    cold = render_figures(ROOT, out, cache, registry=registry, jobs=1, path=on_path)
    assert cold.statuses == {"synthetic-1": "rendered", "synthetic-2": "rendered"}
    assert all(s > 0 for s in cold.seconds.values())
    assert "manifest.json" in cold.rewritten
    noop = render_figures(ROOT, out, cache, registry=registry, jobs=1, path=on_path)
    assert noop.named("cached") == ["synthetic-1", "synthetic-2"]
    assert noop.rewritten == []
    assert noop.as_dict()["jobs"] == 0
