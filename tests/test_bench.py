"""The benchmark's generators (rectified.bench): synthetic vaults, configs, snippet packages.

Nothing here measures time: the benchmark prints numbers, the tests check what it builds from.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from rectified.bench import (
    block_id,
    copy_snippets,
    note_name,
    note_path,
    parse_figures_output,
    registry_modules,
    site_config,
    synthetic_vault,
    wanted_name,
    write_synthetic_registry,
    write_texts,
)
from rectified.figures.runner import figures_used
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
    assert sorted(p.name for p in copy.glob("*.py")) == sorted(
        p.name for p in (ROOT / "snippets").glob("*.py")
    )
    for path in copy.glob("*.py"):
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


def test_parse_figures_output():
    output = (
        "figure     status    seconds\n"
        "---------  --------  -------\n"
        "relu       rendered     0.25\n"
        "softplus   cached       0.00\n"
        "2 figures: 1 rendered, 1 cached, 0 failed, 0 timed out in 1.50 s\n"
    )
    wall, statuses, seconds = parse_figures_output(output)
    assert wall == 1.5
    assert statuses == {"relu": "rendered", "softplus": "cached"}
    assert seconds == {"relu": 0.25, "softplus": 0.0}
