"""The persistent build cache (rectified.cache) and what uses it: math, the vault, graph layouts.

Each test works in its own folder and puts the process's store back afterwards. Nothing here
measures time (the bench does): the tests check hits, misses, keys, damaged rows and databases,
failed and concurrent writes, forked processes, pruning, and that nothing depending on other
notes is ever served from a note's entry.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from rectified import cache, graph
from rectified import vault as vault_module
from rectified.markdown import math
from rectified.vault import Vault

ROOT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def database(store: cache.Store) -> Iterator[sqlite3.Connection]:
    """A connection of the test's own to the store's database (what another process sees)."""
    conn = sqlite3.connect(store.root / cache.DB_NAME, isolation_level=None, timeout=5)
    try:
        yield conn
    finally:
        conn.close()


def stored(store: cache.Store, namespace: str, key: str) -> bytes | None:
    """The row's value as written to the database (None: no such row)."""
    with database(store) as conn:
        row = conn.execute(
            "SELECT value FROM entries WHERE namespace = ? AND key = ?", (namespace, key)
        ).fetchone()
    return None if row is None else row[0]


def entries(store: cache.Store, namespace: str) -> list[str]:
    return store.keys(namespace)


def clear(store: cache.Store, namespace: str) -> None:
    """Delete every entry of ``namespace`` (what a cold cache holds: nothing)."""
    store.flush()
    with database(store) as conn:
        conn.execute("DELETE FROM entries WHERE namespace = ?", (namespace,))


def other_store(store: cache.Store) -> cache.Store:
    """Another store on the same folder: it reads only what was written to the database."""
    return cache.Store(store.root)


def no_katex():
    raise AssertionError("KaTeX was asked although the cache holds the formula")


# -- the store -------------------------------------------------------------------------------


def test_store_lives_in_the_project_cache_folder(store, tmp_path: Path):
    assert store.root == (tmp_path / ".cache" / "rectified").resolve()
    store.put("math", "ab" * 32, "value")
    assert store.get("math", "ab" * 32) == "value"  # kept in memory, not written yet
    assert not (store.root / cache.DB_NAME).exists()
    assert (store.hits, store.misses) == (1, 0)
    assert store.get("math", "cd" * 32) is None
    assert store.misses == 1
    store.flush()
    assert (store.root / cache.DB_NAME).is_file()
    assert stored(store, "math", "ab" * 32) is not None
    assert store.keys("math") == ["ab" * 32]
    reader = other_store(store)
    try:
        assert reader.get("math", "ab" * 32) == "value"  # from the database
        assert (reader.hits, reader.misses) == (1, 0)
    finally:
        reader.close()


def test_a_lookup_creates_nothing(store):
    assert store.get("math", "ab" * 32) is None
    assert store.keys("math") == []
    assert not store.root.exists()


def test_configure_off_and_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    before = cache.current()
    try:
        monkeypatch.setenv(cache.ENV, "off")
        assert cache.configure(tmp_path) is None
        assert cache.current() is None
        assert cache.memo("math", "ab" * 32, lambda: "computed") == "computed"
        cache.flush()  # no store: nothing to do
        assert not (tmp_path / ".cache").exists()
        monkeypatch.setenv(cache.ENV, str(tmp_path / "elsewhere"))
        elsewhere = cache.configure(tmp_path)
        assert elsewhere.root == (tmp_path / "elsewhere").resolve()
        elsewhere.put("math", "ab" * 32, "kept")
        assert cache.configure(None) is None  # the store left writes what it kept
        assert stored(elsewhere, "math", "ab" * 32) is not None
        elsewhere.close()
    finally:
        cache._current = before


@pytest.mark.parametrize("key", ["", "short", "../../etc/passwd" + "a" * 20, "ab/cd" * 10])
def test_keys_never_leave_the_folder(store, key: str):
    with pytest.raises(ValueError, match="bad cache namespace or key"):
        store.get("math", key)
    with pytest.raises(ValueError, match="bad cache namespace or key"):
        store.put("../up", "ab" * 32, 1)
    with pytest.raises(ValueError, match="bad cache namespace or key"):
        store.keys("../up")


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


def test_memo_and_flush_write_through_the_current_store(store):
    assert cache.memo("math", "ab" * 32, lambda: "computed") == "computed"
    assert cache.memo("math", "ab" * 32, no_katex) == "computed"  # from memory
    assert not (store.root / cache.DB_NAME).exists()  # kept in memory
    cache.flush()
    assert cache._decode(stored(store, "math", "ab" * 32)) == "computed"


def test_entries_are_written_in_bounded_batches(store, monkeypatch: pytest.MonkeyPatch):
    """No flush needed for the store to hold at most a bounded number of unwritten entries."""
    monkeypatch.setattr(cache, "BUFFER_ENTRIES", 5)
    for i in range(4):
        store.put("notes", f"{i:02d}" * 32, i)
    assert not (store.root / cache.DB_NAME).exists()  # kept in memory
    store.put("notes", "04" * 32, 4)  # the fifth: all five written in one transaction
    assert len(store._buffer) == 0
    with database(store) as conn:
        assert conn.execute("SELECT count(*) FROM entries").fetchone() == (5,)
    monkeypatch.setattr(cache, "BUFFER_BYTES", 50_000)
    store.put("notes", "05" * 32, "x" * 30_000)
    assert len(store._buffer) == 1
    store.put("notes", "06" * 32, "y" * 30_000)  # over the bytes' bound
    assert len(store._buffer) == 0
    assert stored(store, "notes", "06" * 32) is not None


def test_entries_left_in_memory_are_written_at_exit(tmp_path: Path):
    folder = tmp_path / "cache"
    code = (
        "from rectified import cache\n"
        f"store = cache.Store({str(folder)!r})\n"
        "store.put('notes', 'ab' * 32, 'written at exit')\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)
    reader = cache.Store(folder)
    try:
        assert reader.get("notes", "ab" * 32) == "written at exit"
    finally:
        reader.close()


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
    store.flush()
    with database(store) as conn:
        conn.execute(
            "UPDATE entries SET value = ? WHERE namespace = 'notes' AND key = ?",
            (damage(stored(store, "notes", key)), key),
        )
    assert store.get("notes", key) is None
    assert store.misses == 1
    assert stored(store, "notes", key) is None  # the row is deleted
    store.put("notes", key, {"some": "value"})  # and it is written afresh
    assert store.get("notes", key) == {"some": "value"}
    store.flush()
    assert cache._decode(stored(store, "notes", key)) == {"some": "value"}


def test_a_corrupt_database_is_made_again(store, tmp_path: Path):
    store.put("notes", "ab" * 32, "before")
    store.close()
    path = store.root / cache.DB_NAME
    path.write_bytes(b"this is not an SQLite database" * 1000)
    assert cache.configure(tmp_path) is store
    assert store.get("notes", "ab" * 32) is None  # a miss: the file is not a database
    store.put("notes", "cd" * 32, "after")
    store.flush()
    assert store.get("notes", "cd" * 32) == "after"
    with database(store) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # A store opened after the damage (the next build) recovers the same way.
    store.close()
    path.write_bytes(b"\0garbage" * 5000)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    fresh = other_store(store)
    try:
        fresh.put("notes", "ef" * 32, "again")
        fresh.flush()
        assert fresh.get("notes", "ef" * 32) == "again"
        assert fresh.keys("notes") == ["ef" * 32]
    finally:
        fresh.close()


def test_write_is_atomic(store, caplog: pytest.LogCaptureFixture):
    """A batch is written in one transaction: one that fails (a full disk) leaves no entry of
    it, not even a part of one, and it is logged, not raised."""
    store.put("math", "12" * 32, "html")
    store.flush()
    conn = store._connection(create=False)
    (pages,) = conn.execute("PRAGMA page_count").fetchone()
    conn.execute(f"PRAGMA max_page_count = {pages + 30}")  # a full disk after a few pages
    big = {f"{i:02d}" * 32: os.urandom(200_000) for i in range(34, 40)}
    for key, value in big.items():
        store.put("math", key, value)
    with caplog.at_level(logging.DEBUG, logger="rectified.cache"):
        store.flush()  # logged, not raised
    assert "not written" in caplog.text
    with database(store) as check:
        rows = check.execute("SELECT key FROM entries WHERE namespace = 'math'").fetchall()
    assert rows == [("12" * 32,)]  # none of the batch, not even its first rows
    assert all(store.get("math", key) is None for key in big)  # dropped, not kept
    assert store.get("math", "12" * 32) == "html"
    conn.execute("PRAGMA max_page_count = 1073741823")
    first = next(iter(big))
    store.put("math", first, big[first])
    store.flush()
    assert store.get("math", first) == big[first]


def test_a_database_locked_too_long_is_ignored(store, monkeypatch, caplog):
    """Another process holding the write lock longer than the busy timeout: the batch is
    dropped (logged), the build goes on, and the next batch is written."""
    monkeypatch.setattr(cache, "BUSY_SECONDS", 0.2)
    store.put("notes", "ab" * 32, 1)
    store.flush()
    store.close()  # opened again with the short timeout
    with database(store) as holder:
        holder.execute("BEGIN IMMEDIATE")
        store.put("notes", "cd" * 32, 2)
        with caplog.at_level(logging.DEBUG, logger="rectified.cache"):
            store.flush()
        assert "locked" in caplog.text
        assert store.get("notes", "ab" * 32) == 1  # readers never wait for a writer
        holder.execute("COMMIT")
    assert store.get("notes", "cd" * 32) is None
    store.put("notes", "cd" * 32, 2)
    store.flush()
    assert stored(store, "notes", "cd" * 32) is not None


def _write_many(root: Path, key: str, value: str, times: int) -> None:
    writer = cache.Store(root)
    try:
        for _ in range(times):
            writer.put("math", key, value)
            writer.flush()
    finally:
        writer.close()


def test_concurrent_writers_of_one_key(store):
    """Two builds writing the same entry: the reader sees one whole value, never a mix."""
    key = "56" * 32
    values = ["a" * 100_000, "b" * 100_000, "c" * 100_000, "d" * 100_000]
    store.put("math", key, values[0])
    store.flush()
    # Two other processes and two threads of this one, each flushing after every write.
    children = []
    for value in values[2:]:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            code = 1
            try:
                _write_many(store.root, key, value, 20)
                code = 0
            finally:
                os._exit(code)
        children.append(pid)
    threads = [
        threading.Thread(target=_write_many, args=(store.root, key, value, 20))
        for value in values[:2]
    ]
    for t in threads:
        t.start()
    reader = other_store(store)
    try:
        read = [reader.get("math", key) for _ in range(100)]
    finally:
        reader.close()
    for t in threads:
        t.join()
    for pid in children:
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
    assert all(r in values for r in read)
    assert reader.misses == 0  # never a damaged or missing row
    assert store.get("math", key) in values
    assert store.keys("math") == [key]
    with database(store) as conn:
        assert conn.execute("SELECT count(*) FROM entries").fetchone() == (1,)


def test_a_forked_child_opens_its_own_connection(store):
    """A forked worker: the parent's connection is never used by the child, the parent's
    unwritten entries are written once (by the parent), and each sees the other's entries."""
    store.put("notes", "aa" * 32, "parent, written")
    store.flush()
    inherited = store._conn
    store.put("notes", "bb" * 32, "parent, in memory at the fork")
    with database(store) as conn:  # count the rows written, by whom
        conn.execute("CREATE TABLE writes (key TEXT)")
        conn.execute(
            "CREATE TRIGGER counted AFTER INSERT ON entries"
            " BEGIN INSERT INTO writes VALUES (new.key); END"
        )
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 1
        try:
            assert store._conn is None
            assert store._buffer == {}
            assert store.get("notes", "aa" * 32) == "parent, written"
            assert store._conn is not None
            assert store._conn is not inherited
            assert any(kept is inherited for kept in cache._inherited)  # kept, unused
            assert store.get("notes", "bb" * 32) is None  # the parent's, not written yet
            store.put("notes", "cc" * 32, "child")
            cache.flush()
            code = 0
        finally:
            os._exit(code)  # no atexit: only what the child flushed is written
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert store._conn is inherited  # the parent's own, still working
    assert store.get("notes", "cc" * 32) == "child"
    assert store.get("notes", "bb" * 32) == "parent, in memory at the fork"
    store.flush()
    with database(store) as conn:
        writes = sorted(key for (key,) in conn.execute("SELECT key FROM writes"))
    assert writes == ["bb" * 32, "cc" * 32]  # the parent's entry once, the child's once
    assert store.keys("notes") == ["aa" * 32, "bb" * 32, "cc" * 32]


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_fork_while_another_thread_holds_the_store(store):
    """The background typesetting thread may be writing when a worker is forked: the child
    must not wait for a lock whose holder did not come along."""
    store.put("notes", "aa" * 32, "written")
    store.flush()
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with store._lock:
            held.set()
            release.wait(30)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(30)
    try:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            code = 1
            try:
                signal.alarm(20)  # a deadlock ends the child
                assert store.get("notes", "aa" * 32) == "written"
                code = 0
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
    finally:
        release.set()
        thread.join()


def test_prune_keeps_the_recently_used(store):
    keys = [f"{i:02d}" * 32 for i in range(10)]
    for key in keys:
        store.put("math", key, "x" * 1000)
    store.flush()
    with database(store) as conn:
        for i, key in enumerate(keys):
            stamp = time.time() - 10_000 + i * 100  # older first
            conn.execute("UPDATE entries SET used = ? WHERE key = ?", (stamp, key))
        (size,) = conn.execute("SELECT size FROM entries WHERE key = ?", (keys[0],)).fetchone()
    # What an older version kept: a file per entry, and a temporary file of a killed build.
    old = store.root / "math" / "00" / keys[0]
    old.parent.mkdir(parents=True)
    old.write_bytes(b"an entry of the file-per-entry cache")
    stale = old.parent / ".tmp-left-by-a-killed-build"
    stale.write_bytes(b"half")
    removed = store.prune(max_bytes=5 * size)
    left = store.keys("math")
    assert not stale.exists()
    assert not old.exists()
    assert not (store.root / "math").exists()  # its folders too
    assert left == keys[-len(left) :]
    assert len(left) <= 5 * 3 // 4 + 1
    assert removed == 2 + len(keys) - len(left)
    assert store.prune(max_bytes=5 * size) == 0  # under the bound: nothing to do
    with database(store) as conn:
        assert conn.execute("PRAGMA freelist_count").fetchone() == (0,)  # the space given back


def test_a_hit_refreshes_an_old_entry(store):
    key = "78" * 32
    store.put("math", key, "v")
    store.flush()
    old = time.time() - 2 * cache.TOUCH_SECONDS
    with database(store) as conn:
        conn.execute("UPDATE entries SET used = ?", (old,))
    assert store.get("math", key) == "v"
    with database(store) as conn:  # not at once: with the next batch
        assert conn.execute("SELECT used FROM entries").fetchone() == (old,)
    store.flush()
    with database(store) as conn:
        (used,) = conn.execute("SELECT used FROM entries").fetchone()
    assert used > old + cache.TOUCH_SECONDS
    assert store.get("math", key) == "v"  # a recent entry: nothing to refresh
    assert store._touched == {}


def test_the_cache_folder_is_git_ignored():
    # The project's, and the one beside a docs folder elsewhere in the tree (a test vault's).
    for folder in (ROOT / ".cache" / "rectified", ROOT / "tests" / ".cache" / "rectified"):
        for name in (cache.DB_NAME, cache.DB_NAME + "-wal", cache.DB_NAME + "-shm"):
            probe = (folder / name).relative_to(ROOT)
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
    clear(store, "math")
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
    filler = cache.Store(tmp_path / ".cache" / "rectified")
    made: list[cache.Store] = [filler]
    try:
        for i in range(10):
            filler.put("math", f"{i:02d}" * 32, "x" * 500)
        filler.flush()
        cache._current = None
        made.append(store := cache.configure(tmp_path))
        assert len(entries(store, "math")) < 10  # pruned on first use
        assert (store.root / cache.PRUNE_STAMP).is_file()
        for i in range(10):
            filler.put("math", f"{i:02d}" * 32, "x" * 500)
        filler.flush()
        monkeypatch.setattr(cache, "_pruned", set())
        cache._current = None
        made.append(store := cache.configure(tmp_path))
        assert len(entries(store, "math")) == 10  # the stamp is fresh: no pruning this time
        old = time.time() - 2 * cache.PRUNE_EVERY
        os.utime(store.root / cache.PRUNE_STAMP, (old, old))
        monkeypatch.setattr(cache, "_pruned", set())
        cache._current = None
        made.append(store := cache.configure(tmp_path))
        assert len(entries(store, "math")) < 10
    finally:
        cache._current = before
        for each in made:
            each.close()


def test_a_removed_folder_is_made_again(store):
    """``rm -rf .cache/rectified`` while a long-running serve keeps its store."""
    import shutil

    store.put("notes", "9a" * 32, 1)
    store.flush()
    removed = store._conn
    shutil.rmtree(store.root)
    store.put("notes", "9a" * 32, 2)
    assert store.get("notes", "9a" * 32) == 2
    store.flush()
    assert (store.root / cache.DB_NAME).is_file()  # a new database, not the removed one
    assert store._conn is not removed
    assert cache._decode(stored(store, "notes", "9a" * 32)) == 2
    reader = other_store(store)
    try:
        assert reader.get("notes", "9a" * 32) == 2
    finally:
        reader.close()


def test_formulas_typeset_in_the_background_are_what_pages_get(store, monkeypatch):
    formulas = [(f"y_{{{i}}}^2", i % 3 == 0) for i in range(math.BATCH + 40)]
    alone = {f: math.render_tex(*f) for f in formulas[:5] + formulas[-5:]}
    monkeypatch.setattr(math, "_memory", {})
    clear(store, "math")
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
