"""The persistent build cache (rectified.cache) and what uses it: math, the vault, graph layouts.

Each test works in its own folder and puts the process's store back afterwards. Nothing here
measures time (the bench does): the tests check hits, misses, keys, corrupt and partial files,
pruning, and that nothing depending on other notes is ever served from a note's entry.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import time
from pathlib import Path

import pytest

from rectified import cache, graph
from rectified import vault as vault_module
from rectified.markdown import math
from rectified.vault import Vault

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A fresh store in ``tmp_path/.cache/rectified``, made current; the old one restored."""
    monkeypatch.delenv(cache.ENV, raising=False)
    monkeypatch.delenv(cache.ENV_MB, raising=False)
    before = cache.current()
    made = cache.configure(tmp_path)
    monkeypatch.setattr(math, "_memory", {})  # this process's memory must not answer
    monkeypatch.setattr(graph, "_memory", {})
    yield made
    cache._current = before


def entries(store: cache.Store, namespace: str) -> list[Path]:
    folder = store.root / namespace
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def no_katex():
    raise AssertionError("KaTeX was asked although the cache holds the formula")


# -- the store -------------------------------------------------------------------------------


def test_store_lives_in_the_project_cache_folder(store, tmp_path: Path):
    assert store.root == (tmp_path / ".cache" / "rectified").resolve()
    store.put("math", "ab" * 32, "value")
    assert store.get("math", "ab" * 32) == "value"
    assert (store.root / "math" / "ab" / ("ab" * 32)).is_file()
    assert (store.hits, store.misses) == (1, 0)
    assert store.get("math", "cd" * 32) is None
    assert store.misses == 1


def test_configure_off_and_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    before = cache.current()
    try:
        monkeypatch.setenv(cache.ENV, "off")
        assert cache.configure(tmp_path) is None
        assert cache.current() is None
        assert cache.memo("math", "ab" * 32, lambda: "computed") == "computed"
        assert not (tmp_path / ".cache").exists()
        monkeypatch.setenv(cache.ENV, str(tmp_path / "elsewhere"))
        assert cache.configure(tmp_path).root == (tmp_path / "elsewhere").resolve()
        assert cache.configure(None) is None
    finally:
        cache._current = before


@pytest.mark.parametrize("key", ["", "short", "../../etc/passwd" + "a" * 20, "ab/cd" * 10])
def test_keys_never_leave_the_folder(store, key: str):
    with pytest.raises(ValueError, match="bad cache namespace or key"):
        store.get("math", key)
    with pytest.raises(ValueError, match="bad cache namespace or key"):
        store.put("../up", "ab" * 32, 1)


def test_digest_covers_every_part_and_the_code(monkeypatch: pytest.MonkeyPatch):
    base = cache.digest("katex", "x", {"a": 1})
    assert base == cache.digest("katex", "x", {"a": 1})
    assert base != cache.digest("katex", "y", {"a": 1})
    assert base != cache.digest("katex", "x", {"a": 2})
    assert base != cache.digest("note", "x", {"a": 1})
    monkeypatch.setattr(cache, "code_version", lambda: "another version of the package")
    assert base != cache.digest("katex", "x", {"a": 1})


def test_code_version_hashes_the_package_sources():
    version = cache.code_version()
    assert len(version) == 64
    assert version == cache.code_version()


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: b"",  # empty (a writer killed before it wrote anything)
        lambda blob: blob[: len(blob) // 2],  # truncated
        lambda blob: blob[:-1] + bytes([blob[-1] ^ 1]),  # one bit flipped in the payload
        lambda blob: b"garbage" + blob,  # not ours
        lambda blob: pickle.dumps("a pickle without the header"),
    ],
    ids=["empty", "truncated", "bit-flip", "foreign", "bare-pickle"],
)
def test_a_corrupt_entry_is_ignored_and_removed(store, damage):
    key = "ef" * 32
    store.put("notes", key, {"some": "value"})
    path = store.root / "notes" / "ef" / key
    path.write_bytes(damage(path.read_bytes()))
    assert store.get("notes", key) is None
    assert not path.exists()
    store.put("notes", key, {"some": "value"})  # and it is written afresh
    assert store.get("notes", key) == {"some": "value"}


def test_write_is_atomic(store, monkeypatch: pytest.MonkeyPatch):
    """The entry appears complete in one rename; a failed write leaves nothing behind."""
    key = "12" * 32
    target = store.root / "math" / "12" / key
    seen = []
    real_replace = os.replace

    def replace(src, dst):
        # At the moment of the rename: the target is not there yet, the temporary file is
        # complete and sits in the same folder (so the rename cannot cross file systems).
        seen.append((Path(dst).exists(), Path(src).parent == Path(dst).parent))
        assert cache._decode(Path(src).read_bytes()) == "html"
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    store.put("math", key, "html")
    assert seen == [(False, True)]
    assert store.get("math", key) == "html"

    def broken(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    store.put("math", "34" * 32, "html")  # logged, not raised
    assert not (store.root / "math" / "34").exists() or not any(
        (store.root / "math" / "34").iterdir()
    )
    assert [p.name for p in target.parent.iterdir()] == [key]  # no temporary file left


def test_concurrent_writers_of_one_key(store):
    """Two builds writing the same entry: the reader sees one whole value, never a mix."""
    import threading

    key = "56" * 32
    values = ["a" * 100_000, "b" * 100_000]
    threads = [
        threading.Thread(target=lambda v=v: [store.put("math", key, v) for _ in range(20)])
        for v in values
    ]
    for t in threads:
        t.start()
    read = [store.get("math", key) for _ in range(50)]
    for t in threads:
        t.join()
    assert all(r is None or r in values for r in read)
    assert store.get("math", key) in values
    assert [p.name for p in (store.root / "math" / "56").iterdir()] == [key]


def test_prune_keeps_the_recently_used(store):
    keys = [f"{i:02d}" * 32 for i in range(10)]
    for i, key in enumerate(keys):
        store.put("math", key, "x" * 1000)
        stamp = time.time() - 10_000 + i * 100  # older first
        os.utime(store.root / "math" / key[:2] / key, (stamp, stamp))
    stale = store.root / "math" / "00" / ".tmp-left-by-a-killed-build"
    stale.write_bytes(b"half")
    os.utime(stale, (time.time() - 2 * cache.STALE_TMP_SECONDS,) * 2)
    size = (store.root / "math" / "00" / keys[0]).stat().st_size
    removed = store.prune(max_bytes=5 * size)
    left = [k for k in keys if (store.root / "math" / k[:2] / k).exists()]
    assert not stale.exists()
    assert left == keys[-len(left) :]
    assert len(left) <= 5 * 3 // 4 + 1
    assert removed == 1 + len(keys) - len(left)
    assert store.prune(max_bytes=5 * size) == 0  # under the bound: nothing to do


def test_a_hit_refreshes_an_old_entry(store):
    key = "78" * 32
    store.put("math", key, "v")
    path = store.root / "math" / "78" / key
    old = time.time() - 2 * cache.TOUCH_SECONDS
    os.utime(path, (old, old))
    assert store.get("math", key) == "v"
    assert path.stat().st_mtime > old + cache.TOUCH_SECONDS


def test_the_cache_folder_is_git_ignored():
    # The project's, and the one beside a docs folder elsewhere in the tree (a test vault's).
    for folder in (ROOT / ".cache" / "rectified", ROOT / "tests" / ".cache" / "rectified"):
        probe = (folder / "math" / "ab" / ("ab" * 32)).relative_to(ROOT)
        done = subprocess.run(
            ["git", "check-ignore", "-q", "--no-index", str(probe)], cwd=ROOT, check=False
        )
        assert done.returncode == 0, f"{probe} is not git-ignored"


# -- math ------------------------------------------------------------------------------------


def test_math_hit_needs_no_katex(store, monkeypatch: pytest.MonkeyPatch):
    html = math.render_tex(r"\alpha + \beta", False)
    assert len(entries(store, "math")) == 1
    monkeypatch.setattr(math, "_memory", {})
    monkeypatch.setattr(math, "_katex_context", no_katex)
    assert math.render_tex(r"\alpha + \beta", False) == html
    assert math.render_tex(r"\alpha + \beta", False) is math.render_tex(r"\alpha + \beta", False)


@pytest.mark.parametrize(
    "change",
    ["tex", "display", "options", "katex", "code"],
)
def test_math_misses_when_anything_that_shapes_it_changes(
    store, monkeypatch: pytest.MonkeyPatch, change: str
):
    tex, display = r"\gamma^2", False
    math.render_tex(tex, display)
    assert len(entries(store, "math")) == 1
    monkeypatch.setattr(math, "_memory", {})
    if change == "tex":
        tex = r"\gamma^3"
    elif change == "display":
        display = True
    elif change == "options":
        monkeypatch.setitem(math.KATEX_OPTIONS, "output", "html")
    elif change == "katex":
        monkeypatch.setattr(math, "katex_hash", lambda: "another KaTeX")
    else:
        monkeypatch.setattr(cache, "code_version", lambda: "another version of the package")
    html = math.render_tex(tex, display)
    assert len(entries(store, "math")) == 2  # a miss: typeset and stored afresh
    if change == "options":
        assert "<math" not in html  # and the new options were used


def test_bad_tex_is_never_stored(store):
    with pytest.raises(ValueError, match="KaTeX parse error"):
        math.render_tex(r"\frac{1}", False)
    assert entries(store, "math") == []
    assert math.prefetch([[(r"\frac{1}", False), ("x", False)]]) == 1
    assert entries(store, "math") == []  # a group with bad TeX is not kept


def test_prefetch_typesets_ahead_in_batches(store, monkeypatch: pytest.MonkeyPatch):
    formulas = [(f"x_{{{i}}}", i % 2 == 0) for i in range(math.BATCH + 5)]
    alone = {f: math.render_tex(*f) for f in formulas[:3]}  # one at a time, for comparison
    monkeypatch.setattr(math, "_memory", {})
    for path in entries(store, "math"):
        path.unlink()
    groups = [formulas[:100], formulas[100:] + formulas[:10]]  # the first ten twice
    assert math.prefetch(groups) == len(formulas)
    assert len(entries(store, "math")) == 2  # one entry per group
    # The next build: every formula from the two entries, none typeset.
    monkeypatch.setattr(math, "_memory", {})
    monkeypatch.setattr(math, "_katex_context", no_katex)
    assert math.prefetch(groups) == 0
    for f, html in alone.items():
        assert math.render_tex(*f) == html  # the same HTML as one at a time
    assert len(entries(store, "math")) == 2


def test_a_changed_group_is_a_new_entry(store, monkeypatch: pytest.MonkeyPatch):
    math.prefetch([[("a", False), ("b", True)]])
    monkeypatch.setattr(math, "_memory", {})
    assert math.prefetch([[("a", False), ("c", True)]]) == 2  # its own entry, typeset afresh
    assert len(entries(store, "math")) == 2
    monkeypatch.setattr(math, "_memory", {})
    monkeypatch.setattr(math, "katex_hash", lambda: "another KaTeX")
    assert math.prefetch([[("a", False), ("b", True)]]) == 2


# -- the vault -------------------------------------------------------------------------------

NOTES = {
    "A.md": "# A\n\nA relies on [[B#Part]] for $x^2$ here. ^a1\n",
    "B.md": "---\naliases: [Bee]\n---\n# B\n\n## Part\n\nSee [[A]] and [[Missing]].\n",
    "C.md": "# C\n\n> [!note]\n> $$\n> y = 1\n> $$\n\nText [[Bee]].\n",
}


def parse_counter(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    real = vault_module._parse_note

    def counting(rel_path, *args, **kwargs):
        parsed.append(rel_path)
        return real(rel_path, *args, **kwargs)

    monkeypatch.setattr(vault_module, "_parse_note", counting)
    return parsed


def index(vault: Vault) -> list:
    return [
        (n.rel_path, n.title, n.aliases, n.headings, n.block_ids, n.raw_links, n.url, n.math)
        for n in vault.notes.values()
    ]


def test_vault_entries_are_reused(store, monkeypatch: pytest.MonkeyPatch):
    first = Vault.from_texts(NOTES)
    parsed = parse_counter(monkeypatch)
    second = Vault.from_texts(NOTES)
    assert parsed == []
    assert index(second) == index(first)
    assert second.links() == first.links()
    assert second.wanted() == first.wanted()
    assert ("y = 1", True) in second.notes["C.md"].math  # quote markers removed
    third = Vault.from_texts({**NOTES, "C.md": NOTES["C.md"] + "\nMore.\n"})
    assert parsed == ["C.md"]
    assert index(third)[:2] == index(first)[:2]


def test_vault_misses_on_other_heading_extensions(store, monkeypatch: pytest.MonkeyPatch):
    Vault.from_texts(NOTES)
    parsed = parse_counter(monkeypatch)
    Vault.from_texts(NOTES, heading_extensions=[math.MathExtension()])
    assert sorted(parsed) == sorted(NOTES)


def test_a_note_that_fails_is_not_stored(store):
    bad = {"Bad.md": "---\ntitle: [unclosed\n---\n# Bad\n"}
    problems: list = []
    Vault.from_texts(bad, problems=problems)
    assert len(problems) == 1
    assert entries(store, "notes") == []


def test_backlinks_are_never_stale(store):
    """Backlinks come from the linking notes' current entries, never from the target's."""
    vault = Vault.from_texts(NOTES)
    sentences = [k.sentence for k in vault.links_to("B.md")]
    assert sentences == ["A relies on B > Part for $x^2$ here.", "Text Bee."]
    edited = {**NOTES, "A.md": "# A\n\nNow A cites [[B#Part]] differently.\n"}
    vault = Vault.from_texts(edited)
    sentences = [k.sentence for k in vault.links_to("B.md")]
    assert sentences == ["Now A cites B > Part differently.", "Text Bee."]
    unlinked = {**NOTES, "A.md": "# A\n\nNo links any more.\n"}
    vault = Vault.from_texts(unlinked)
    assert [k.source for k in vault.links_to("B.md")] == ["C.md"]
    # B itself unchanged, its entry reused; C's link by alias follows B's aliases as they are.
    renamed = {**NOTES, "B.md": NOTES["B.md"].replace("Bee", "Bea")}
    vault = Vault.from_texts(renamed)
    assert [k.source for k in vault.links_to("B.md")] == ["A.md"]
    assert [w.title for w in vault.wanted()] == ["Missing", "Bee"]


def test_a_cached_note_equals_a_parsed_one(store, monkeypatch: pytest.MonkeyPatch):
    cached = Vault.from_texts(NOTES)
    cached = Vault.from_texts(NOTES)  # from the store
    before = cache.current()
    cache._current = None
    try:
        fresh = Vault.from_texts(NOTES)
    finally:
        cache._current = before
    for path in NOTES:
        a, b = cached.notes[path], fresh.notes[path]
        assert vars(a) == vars(b)


# -- graph layouts ---------------------------------------------------------------------------


def test_layout_is_reused(store, monkeypatch: pytest.MonkeyPatch):
    nodes, edges = ["a", "b", "c"], [("a", "b"), ("b", "c")]
    drawn = graph.svg(nodes, edges, {}, lambda n: f"/{n}.md", iterations=30)
    assert len(entries(store, "layout")) == 1

    def no_layout(*args, **kwargs):
        raise AssertionError("laid out again although the cache holds it")

    monkeypatch.setattr(graph, "layout", no_layout)
    monkeypatch.setattr(graph, "_memory", {})  # a later build: only the store remembers
    assert graph.svg(nodes, edges, {}, lambda n: f"/{n}.md", iterations=30) == drawn
    with pytest.raises(AssertionError):
        graph.svg(nodes, [("a", "c")], {}, lambda n: f"/{n}.md", iterations=30)


def test_layouts_laid_out_ahead_are_one_entry_read_whole(store, monkeypatch: pytest.MonkeyPatch):
    graphs = [
        (["a", "b", "c"], [("a", "b"), ("b", "c")]),
        (["d", "e", "f"], [("d", "f")]),
        (["a", "b", "c", "d"], [("a", "d")]),
    ]
    assert graph.prefetch(graphs, 30) == 3
    assert graph.prefetch(graphs, 30) == 0  # in memory now
    assert len(entries(store, "layout")) == 1
    drawn = [graph.svg(n, e, {}, lambda n: f"/{n}.md", iterations=30) for n, e in graphs]

    def no_layout(*args, **kwargs):
        raise AssertionError("laid out again although the cache holds it")

    monkeypatch.setattr(graph, "layout", no_layout)
    monkeypatch.setattr(graph, "layout_many", no_layout)
    monkeypatch.setattr(graph, "_memory", {})  # a later build: only the store remembers
    assert graph.prefetch(graphs, 30) == 0
    assert [graph.svg(n, e, {}, lambda n: f"/{n}.md", iterations=30) for n, e in graphs] == drawn
    with pytest.raises(AssertionError):
        graph.prefetch([*graphs, (["x", "y"], [("x", "y")])], 30)


def test_configure_prunes_at_most_once_an_hour(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    before = cache.current()
    monkeypatch.delenv(cache.ENV, raising=False)
    monkeypatch.setenv(cache.ENV_MB, str(2000 / 1024 / 1024))  # a bound of 2000 bytes
    monkeypatch.setattr(cache, "_pruned", set())
    try:
        filler = cache.Store(tmp_path / ".cache" / "rectified")
        for i in range(10):
            filler.put("math", f"{i:02d}" * 32, "x" * 500)
        cache._current = None
        store = cache.configure(tmp_path)
        assert len(entries(store, "math")) < 10  # pruned on first use
        assert (store.root / cache.PRUNE_STAMP).is_file()
        for i in range(10):
            filler.put("math", f"{i:02d}" * 32, "x" * 500)
        monkeypatch.setattr(cache, "_pruned", set())
        cache._current = None
        store = cache.configure(tmp_path)
        assert len(entries(store, "math")) == 10  # the stamp is fresh: no walk this time
        old = time.time() - 2 * cache.PRUNE_EVERY
        os.utime(store.root / cache.PRUNE_STAMP, (old, old))
        monkeypatch.setattr(cache, "_pruned", set())
        cache._current = None
        store = cache.configure(tmp_path)
        assert len(entries(store, "math")) < 10
    finally:
        cache._current = before


def test_a_removed_folder_is_made_again(store):
    """``rm -rf .cache/rectified`` while a long-running serve keeps its store."""
    import shutil

    store.put("notes", "9a" * 32, 1)
    shutil.rmtree(store.root)
    store.put("notes", "9a" * 32, 2)
    assert store.get("notes", "9a" * 32) == 2


def test_formulas_typeset_in_the_background_are_what_pages_get(store, monkeypatch):
    formulas = [(f"y_{{{i}}}^2", i % 3 == 0) for i in range(math.BATCH + 40)]
    alone = {f: math.render_tex(*f) for f in formulas[:5] + formulas[-5:]}
    monkeypatch.setattr(math, "_memory", {})
    for path in entries(store, "math"):
        path.unlink()
    math.prefetch_in_background([formulas[:150], formulas[150:]])
    # A page asks at once: it waits for its formula, never typesets it a second time.
    for f, html in alone.items():
        assert math.render_tex(*f) == html
    math.wait_for_prefetch()
    assert not math._pending
    assert all(f in math._memory for f in formulas)
    assert len(entries(store, "math")) == 2


def test_a_failed_background_prefetch_leaves_pages_to_typeset(store, monkeypatch, caplog):
    def broken(groups):
        raise RuntimeError("V8 went away")

    monkeypatch.setattr(math, "prefetch", broken)
    math.prefetch_in_background([[("z^3", False)]])
    math.wait_for_prefetch()
    assert not math._pending
    assert "typesetting formulas ahead failed" in caplog.text
    assert "katex" in math.render_tex("z^3", False)
