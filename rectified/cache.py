"""A persistent build cache: what a build computed for one note, kept for the next build.

Why: at 1000 notes most of a build's own time goes to work whose result depends only on a
note's text (its index entry, its page), on one formula (KaTeX's HTML) or on one small graph
(its layout). A rebuild after editing one note should redo that work for that note only, under
MkDocs and Zensical alike, so the cache sits below both builders: the vault index, the math
extension, the graph and the page cache ask it, no builder hook does. Where many small values
are made together (a note's formulas, every note's neighbourhood layout) they are one entry.

Where: one SQLite database, ``cache.sqlite3`` (with its ``-wal`` and ``-shm`` files while in
use) in ``.cache/rectified/`` next to the docs folder (the project root; git-ignored), or in the
folder ``RECTIFIED_CACHE`` names; ``RECTIFIED_CACHE=off`` turns it off. :func:`configure` is
called by :mod:`rectified.site` when it indexes a vault; until then (a bare ``Markdown`` in a
test, say) nothing is stored and every lookup misses. One database, not a file per entry: a
cold build of 1000 notes writes about 4000 entries (90 MB), and on ext4 creating and renaming a
file costs about 1 ms of system time, which made that build 2-4 s slower (21-23 s against
18.6-19.1 s with the same build skipping the cache's file writes; 5 s of system time against
2 s). 4000 entries of 22 KB through :class:`Store`: 1.2-2.8 s as files (1.0-2.6 s of it system
time), 0.34-0.38 s in the database (0.13 s); reading them back takes the same in both (0.12 s,
most of it checking and unpickling).

Correctness: an entry's key is a SHA-256 of everything that changes the value: the inputs (a
note's path and text, a formula's TeX and KaTeX options, a graph's nodes and edges), the hash
of the KaTeX script for math, and :func:`code_version`, a hash of every source file of the
``rectified`` package and the versions of the libraries whose output is cached (Python-Markdown,
pymdownx, PyYAML, numpy). Editing any of them misses every entry; nothing is ever looked up by
name or by time. Values that depend on other notes (backlinks, the sentences around links to a
note) are never stored under one note's key: they are recomputed from the index every build,
so a backlink cannot be stale.

Safety: :meth:`Store.put` keeps the entry in this process's memory (a lookup of it answers
from there); up to 256 entries or 16 MB are then written in one transaction, as are those left
at :func:`flush` (a build's end; a forked worker after each page, so that other processes see
its entries) and at the interpreter's exit. The journal is SQLite's write-ahead log
(``synchronous=NORMAL``: a power cut may lose the last transactions, never corrupt the file),
so concurrent builds never read half an entry, readers never wait for a writer, and a writer
waits up to :data:`BUSY_SECONDS` for another. Each value carries a magic header and a SHA-256
of its payload; a damaged row is ignored (a miss) and deleted, and a file that is not a
database is deleted and made again. A write that fails (a lock held too long, a read-only
folder, a full disk) is logged at DEBUG and dropped: the cache only ever saves work. The
connection and the entries not yet written belong to the process that made them: in a forked
child the store opens its own connection on first use, never touches the inherited one (that
could damage the parent's), and drops the inherited entries (the parent writes them); threads
share the connection under a lock. Values are pickled: the cache folder is as trusted as the
source tree beside it.

Bounded: :meth:`Store.prune` (run when a process first uses the folder, at most once an hour
per folder, so the folder may outgrow its bound by an hour of builds) deletes the
least recently used entries (a hit refreshes an entry's last use, at most once an hour, written
with the next batch) once the values add up to more than ``max_bytes`` (default 512 MB,
``RECTIFIED_CACHE_MB``), down to three quarters of it, and gives the freed pages back to the
file system. It also deletes what an older version kept as a file per entry
(``NAMESPACE/ab/abcdef…`` and the ``.tmp-*`` files of a killed build).

Known limits: the code version covers the ``rectified`` package and the libraries named above,
not every library Python-Markdown loads; a change to one of those (say a new Pygments) needs
``rm -rf .cache/rectified``. Pruning is by size, not by which vault an entry came from, and
counts the values, not the file: a value fills whole pages of 16 KB, so the file is some
10-15 % larger. Entries a process has not written yet are lost if it is killed (or ends with
``os._exit`` without :func:`flush`), and another process does not see them until they are
written. The write-ahead log needs shared memory, so the folder must be on a local file system
(not NFS).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import json
import logging
import os
import pickle
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

__all__ = [
    "CACHE_DIR",
    "Store",
    "code_version",
    "configure",
    "current",
    "digest",
    "flush",
    "memo",
    "sha256_json",
]

log = logging.getLogger(__name__)

CACHE_DIR = Path(".cache") / "rectified"
DB_NAME = "cache.sqlite3"
ENV = "RECTIFIED_CACHE"
ENV_MB = "RECTIFIED_CACHE_MB"
MAGIC = b"RECTIFIED-CACHE-1\n"
_HASH_LEN = 32
DEFAULT_MAX_BYTES = 512 * 1024 * 1024
TOUCH_SECONDS = 3600.0  # a hit refreshes an older entry's last use (what pruning orders by)
PRUNE_EVERY = 3600.0  # seconds between two prunings of one folder
PRUNE_STAMP = ".last-prune"
BUFFER_ENTRIES = 256  # entries kept in memory before they are written in one transaction
BUFFER_BYTES = 16 * 1024 * 1024  # or this many bytes of them
BUSY_SECONDS = 5.0  # how long a write waits for another process's transaction
LIBRARIES = ("markdown", "pymdown-extensions", "pyyaml", "numpy")

T = TypeVar("T")

_SCHEMA = (
    # Sizes and times before the value: pruning reads them without the value's overflow pages.
    "CREATE TABLE IF NOT EXISTS entries (namespace TEXT NOT NULL, key TEXT NOT NULL,"
    " size INTEGER NOT NULL, used REAL NOT NULL, value BLOB NOT NULL,"
    " PRIMARY KEY (namespace, key))",
    "CREATE INDEX IF NOT EXISTS entries_by_use ON entries (used, size)",
)
_UPSERT = (
    "INSERT OR REPLACE INTO entries (namespace, key, size, used, value) VALUES (?, ?, ?, ?, ?)"
)
_TOUCH = "UPDATE entries SET used = ? WHERE namespace = ? AND key = ? AND used < ?"
_CORRUPT_CODES = (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB


# -- keys ---------------------------------------------------------------------------------------


@functools.cache
def code_version() -> str:
    """A hash of the ``rectified`` package's source files and the cached libraries' versions.

    Read once per process (about a hundred small files). Compiled files, the theme's assets and
    ``__pycache__`` are left out: they do not change what is cached here.
    """
    package = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix not in (".py", ".js") or "__pycache__" in path.parts:
            continue
        if path.suffix == ".js" and "vendor" not in path.parts:
            continue  # the theme's scripts run in the browser, not in the build
        h.update(path.relative_to(package).as_posix().encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{name}={version}\0".encode())
    return h.hexdigest()


def digest(*parts: Any) -> str:
    """A key: SHA-256 of ``parts`` (JSON-encodable; tuples become lists) and the code version."""
    return sha256_json([code_version(), *parts])


def sha256_json(
    value: Any, *, sort_keys: bool = False, default: Callable[[Any], Any] | None = None
) -> str:
    """SHA-256 of ``value`` as compact JSON: how every key of the build is made (``default``:
    what to encode instead of a value JSON cannot; the page cache passes its canonical form)."""
    text = json.dumps(
        value, ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys, default=default
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- the store ----------------------------------------------------------------------------------


class Store:
    """Entries in ``root/cache.sqlite3``, one row per (namespace, key), written in batches."""

    def __init__(self, root: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.root = Path(root)
        self.max_bytes = max_bytes
        self.hits = 0
        self.misses = 0
        self._base = str(self.root)
        self._db = os.path.join(self._base, DB_NAME)
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._identity: tuple[int, int] | None = None  # the database file's (device, inode)
        self._buffer: dict[tuple[str, str], bytes] = {}
        self._buffered_bytes = 0
        self._touched: dict[tuple[str, str], float] = {}
        _stores.add(self)

    # -- the public interface

    def get(self, namespace: str, key: str) -> Any | None:
        """The value stored under ``key``, or None (missing, unreadable or corrupt)."""
        _check(namespace, key)
        with self._lock:
            blob = self._buffer.get((namespace, key))
            used = None
            if blob is None:
                row = self._read(namespace, key)
                if row is not None:
                    blob, used = row
        if blob is None:
            self.misses += 1
            return None
        value = _decode(blob)
        if value is _CORRUPT:
            log.debug("ignoring a corrupt cache entry %s/%s in %s", namespace, key, self._db)
            self._delete(namespace, key, blob)
            self.misses += 1
            return None
        if used is not None:
            now = time.time()
            if now - used > TOUCH_SECONDS:
                with self._lock:
                    self._touched[(namespace, key)] = now
                    _pending.add(self)
                    if self._full():
                        self._flush()
        self.hits += 1
        return value

    def put(self, namespace: str, key: str, value: Any) -> None:
        """Store ``value`` (picklable) under ``key``: kept in memory, written with the next batch.

        A failure to write (a lock held too long, a read-only folder, a full disk) is logged
        and otherwise ignored: the cache only ever saves work.
        """
        _check(namespace, key)
        blob = _encode(value)
        with self._lock:
            old = self._buffer.get((namespace, key))
            if old is not None:
                self._buffered_bytes -= len(old)
            self._buffer[(namespace, key)] = blob
            self._buffered_bytes += len(blob)
            _pending.add(self)
            if self._full():
                self._flush()

    def flush(self) -> None:
        """Write the entries kept in memory (and the hits' refreshed times) in one transaction."""
        with self._lock:
            self._flush()

    def keys(self, namespace: str) -> list[str]:
        """The keys stored in ``namespace`` (written or not yet), sorted."""
        if not namespace.isidentifier():
            raise ValueError(f"bad cache namespace or key: {namespace!r}")
        with self._lock:
            found = {k for ns, k in self._buffer if ns == namespace}
            conn = self._connection(create=False)
            if conn is not None:
                try:
                    rows = conn.execute(
                        "SELECT key FROM entries WHERE namespace = ?", (namespace,)
                    ).fetchall()
                except sqlite3.Error as exc:
                    self._failed("listed", exc)
                else:
                    found.update(k for (k,) in rows)
        return sorted(found)

    def close(self) -> None:
        """Write what is kept in memory and close the connection (the next use opens it again)."""
        with self._lock:
            self._flush()
            self._close()

    def prune(self, max_bytes: int | None = None) -> int:
        """Delete least recently used entries while the values exceed ``max_bytes``.

        It goes down to three quarters of the bound, so that pruning is rare, and gives the
        freed pages back to the file system. The files an older version kept (a file per entry,
        temporary files) go too. Returns how many entries (rows and files) were deleted.
        """
        limit = self.max_bytes if max_bytes is None else max_bytes
        removed = self._remove_files_of_old_versions()
        with self._lock:
            self._flush()
            conn = self._connection(create=False)
            if conn is None:
                return removed
            try:
                return removed + self._prune(conn, limit)
            except sqlite3.Error as exc:
                self._failed("pruned", exc)
                return removed

    # -- the database

    def _connection(self, *, create: bool) -> sqlite3.Connection | None:
        """This process's connection (under the lock), opened on first use; None if there is
        no database yet and ``create`` is false, or it cannot be opened."""
        if self._conn is not None:
            return self._conn
        if not create and not os.path.exists(self._db):
            return None
        try:
            self._conn = self._open()
        except sqlite3.Error as exc:
            if not _is_corrupt(exc):
                self._failed("opened", exc)
                return None
            log.debug("cache database %s is damaged (%s): made again", self._db, exc)
            self._remove_database()
            try:
                self._conn = self._open()
            except sqlite3.Error as again:
                self._failed("opened", again)
                return None
        except OSError as exc:  # the folder cannot be made
            log.debug("cache folder %s not made: %s", self._base, exc)
            return None
        return self._conn

    def _open(self) -> sqlite3.Connection:
        os.makedirs(self._base, exist_ok=True)
        conn = sqlite3.connect(
            self._db, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False
        )
        try:
            # Reading the schema is where a file that is not a database shows. A database made
            # already needs no write (another process may hold the write lock for seconds).
            made = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'entries'"
            ).fetchone()[0]
            if not made:
                # Before the first table only: pages of 16 KB (a value of 50 KB spans 4 of
                # them; half the system time of 4 KB pages), and pages freed by pruning given
                # back to the file system.
                conn.execute("PRAGMA page_size = 16384")
                conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
                conn.execute("PRAGMA journal_mode = WAL").fetchall()
                for statement in _SCHEMA:
                    conn.execute(statement)
            conn.execute("PRAGMA synchronous = NORMAL")
            st = os.stat(self._db)
        except BaseException:
            conn.close()
            raise
        self._identity = (st.st_dev, st.st_ino)
        return conn

    def _close(self) -> None:
        if self._conn is None:
            return
        conn, self._conn = self._conn, None
        try:  # SQLite leaves alone the files at the path if the database was removed since
            conn.close()
        except sqlite3.Error as exc:
            log.debug("cache database %s not closed cleanly: %s", self._db, exc)

    def _remove_database(self) -> None:
        self._close()
        for suffix in ("", "-wal", "-shm"):
            try:
                os.unlink(self._db + suffix)
            except FileNotFoundError:
                pass
            except OSError as exc:
                log.debug("cache database %s not removed: %s", self._db + suffix, exc)

    def _failed(self, what: str, exc: sqlite3.Error) -> None:
        """Log a failed operation; a damaged database is deleted (the next use makes it anew)."""
        log.debug("cache database %s not %s: %s", self._db, what, exc)
        if _is_corrupt(exc):
            self._remove_database()

    def _read(self, namespace: str, key: str) -> tuple[bytes, float] | None:
        conn = self._connection(create=False)
        if conn is None:
            return None
        try:
            row = conn.execute(
                "SELECT value, used FROM entries WHERE namespace = ? AND key = ?",
                (namespace, key),
            ).fetchone()
        except sqlite3.Error as exc:
            self._failed("read", exc)
            return None
        return None if row is None else (bytes(row[0]), float(row[1]))

    def _delete(self, namespace: str, key: str, blob: bytes) -> None:
        """Delete a damaged row (unless another process has written it afresh since)."""
        with self._lock:
            conn = self._connection(create=False)
            if conn is None:
                return
            try:
                conn.execute(
                    "DELETE FROM entries WHERE namespace = ? AND key = ? AND value = ?",
                    (namespace, key, blob),
                )
            except sqlite3.Error as exc:
                self._failed("cleaned", exc)

    def _full(self) -> bool:
        return (
            len(self._buffer) + len(self._touched) >= BUFFER_ENTRIES
            or self._buffered_bytes >= BUFFER_BYTES
        )

    def _flush(self) -> None:
        """Write the buffer in one transaction (under the lock); on failure it is dropped."""
        if not self._buffer and not self._touched:
            _pending.discard(self)
            return
        now = time.time()
        rows = [(ns, k, len(b), now, b) for (ns, k), b in self._buffer.items()]
        touches = [(t, ns, k, t - TOUCH_SECONDS) for (ns, k), t in self._touched.items()]
        self._buffer, self._buffered_bytes, self._touched = {}, 0, {}
        _pending.discard(self)
        if self._conn is not None and not self._same_file():
            self._close()  # the folder was removed or replaced: a new database
        for attempt in (1, 2):
            conn = self._connection(create=True)
            if conn is None:
                return
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    conn.executemany(_UPSERT, rows)
                    conn.executemany(_TOUCH, touches)
                except BaseException:
                    _rollback(conn)
                    raise
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self._failed("written", exc)
                if attempt == 1 and _is_corrupt(exc):
                    continue  # into a database made anew
                log.debug("%d cache entries dropped", len(rows))
            return

    def _same_file(self) -> bool:
        try:
            st = os.stat(self._db)
        except OSError:
            return False
        return (st.st_dev, st.st_ino) == self._identity

    def _prune(self, conn: sqlite3.Connection, limit: int) -> int:
        (total,) = conn.execute("SELECT coalesce(sum(size), 0) FROM entries").fetchone()
        if total <= limit:
            return 0
        target = limit * 3 // 4
        doomed = []
        for rowid, size in conn.execute("SELECT rowid, size FROM entries ORDER BY used, rowid"):
            if total <= target:
                break
            doomed.append((rowid,))
            total -= size
        # By rowid: a row written afresh by another build since (a new rowid) stays.
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany("DELETE FROM entries WHERE rowid = ?", doomed)
        except BaseException:
            _rollback(conn)
            raise
        conn.execute("COMMIT")
        conn.execute("PRAGMA incremental_vacuum").fetchall()
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        return len(doomed)

    def _remove_files_of_old_versions(self) -> int:
        """Delete ``NAMESPACE/ab/abcdef…`` entries and ``.tmp-*`` files (a file per entry)."""
        removed = 0
        try:
            tops = [e for e in os.scandir(self._base) if e.is_dir(follow_symlinks=False)]
        except OSError:
            return 0
        for top in tops:
            if not top.name.isidentifier():
                continue
            for folder, _dirs, files in os.walk(top.path, topdown=False):
                for name in files:
                    if name.startswith(".tmp-") or (len(name) >= 8 and name.isalnum()):
                        try:
                            os.unlink(os.path.join(folder, name))
                        except OSError:
                            continue
                        removed += 1
                with contextlib.suppress(OSError):  # not empty: something that is not ours
                    os.rmdir(folder)
        return removed


def _rollback(conn: sqlite3.Connection) -> None:
    """Undo a failed transaction, if SQLite has not already (a full disk, say)."""
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


def _check(namespace: str, key: str) -> None:
    if not namespace.isidentifier() or len(key) < 8 or not key.isalnum():
        raise ValueError(f"bad cache namespace or key: {namespace!r} {key!r}")


def _is_corrupt(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _CORRUPT_CODES
    return type(exc) is sqlite3.DatabaseError  # before Python 3.11: no error code


_CORRUPT = object()


def _encode(value: Any) -> bytes:
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return MAGIC + hashlib.sha256(payload).digest() + payload


def _decode(blob: bytes) -> Any:
    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + _HASH_LEN:
        return _CORRUPT
    check = blob[len(MAGIC) : len(MAGIC) + _HASH_LEN]
    payload = blob[len(MAGIC) + _HASH_LEN :]
    if hashlib.sha256(payload).digest() != check:
        return _CORRUPT
    try:
        return pickle.loads(payload)
    except Exception:  # a class that moved since: as good as corrupt
        return _CORRUPT


# -- processes: exit and fork --------------------------------------------------------------------

_stores: weakref.WeakSet[Store] = weakref.WeakSet()  # every store of this process
_pending: set[Store] = set()  # stores with entries not yet written (kept alive until then)
_inherited: list[sqlite3.Connection] = []  # a forked child's copies of its parent's


def _at_exit() -> None:
    for store in list(_stores):
        try:
            store.close()
        except Exception as exc:  # never fail the interpreter's exit
            log.debug("cache store %s not closed at exit: %s", store.root, exc)


def _after_fork_in_child() -> None:
    """A forked child starts afresh: the parent's connection, buffer and locks are the parent's.

    The inherited connection is kept (so that its destructor, which would close the parent's
    database handle and may checkpoint or unlock it, never runs here) and never used.
    """
    global _lock
    _lock = threading.Lock()
    _pending.clear()
    for store in list(_stores):
        store._lock = threading.RLock()
        store._buffer, store._buffered_bytes, store._touched = {}, 0, {}
        if store._conn is not None:
            _keep_forever(store._conn)
            store._conn = None


def _keep_forever(conn: sqlite3.Connection) -> None:
    """Never use ``conn`` (a forked child's copy of its parent's connection) again, nor close
    it: SQLite's handles must not cross a fork; closing could release or checkpoint what is
    the parent's."""
    _inherited.append(conn)
    try:  # a reference no one drops: not even the interpreter's exit deallocates it
        import ctypes

        ctypes.pythonapi.Py_IncRef(ctypes.py_object(conn))
    except Exception as exc:  # pragma: no cover - an interpreter without ctypes
        log.debug("cannot pin an inherited cache connection: %s", exc)


atexit.register(_at_exit)
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


# -- the store of this build ---------------------------------------------------------------------

_lock = threading.Lock()
_current: Store | None = None
_pruned: set[Path] = set()


def configure(project_root: str | Path | None) -> Store | None:
    """Use ``project_root/.cache/rectified`` (or ``RECTIFIED_CACHE``) from now on in this process.

    ``None`` turns the cache off. The first time a folder is configured in a process it is
    pruned to its bound. The store used until now writes what it kept in memory. Returns the
    store (None when off).
    """
    global _current
    setting = os.environ.get(ENV, "").strip()
    if project_root is None or setting.lower() in ("0", "off", "false", "no"):
        with _lock:
            before, _current = _current, None
        if before is not None:
            before.flush()
        return None
    root = Path(setting) if setting else Path(project_root) / CACHE_DIR
    root = root.resolve()
    with _lock:
        if _current is not None and _current.root == root:
            return _current
        try:
            max_bytes = int(float(os.environ.get(ENV_MB, "")) * 1024 * 1024)
        except ValueError:
            max_bytes = DEFAULT_MAX_BYTES
        store = Store(root, max_bytes=max_bytes)
        before, _current = _current, store
        first = root not in _pruned
        _pruned.add(root)
    if before is not None:
        before.flush()
    if first and root.is_dir() and _prune_due(root):
        store.prune()
    return store


def _prune_due(root: Path) -> bool:
    """Whether the folder was last pruned more than :data:`PRUNE_EVERY` seconds ago (then
    the stamp is renewed): walking 10 000 entries on every build would cost more than it saves.
    """
    stamp = root / PRUNE_STAMP
    try:
        if time.time() - stamp.stat().st_mtime < PRUNE_EVERY:
            return False
    except OSError:
        pass
    try:
        stamp.touch()
    except OSError:
        return False
    return True


def current() -> Store | None:
    """The store :func:`configure` chose, or None (no persistent cache)."""
    return _current


def flush() -> None:
    """Write what the current store keeps in memory (nothing to do when there is none).

    Called at the end of a build, and by a forked worker after each page so that the other
    processes see its entries (a child that ends with ``os._exit`` never writes them otherwise).
    """
    store = _current
    if store is not None:
        store.flush()


def memo(namespace: str, key: str, compute: Callable[[], T]) -> T:
    """``compute()``, taken from the current store when it holds ``key`` and stored otherwise."""
    store = _current
    if store is None:
        return compute()
    found = store.get(namespace, key)
    if found is not None:
        return found
    value = compute()
    store.put(namespace, key, value)
    return value
