"""A persistent build cache: what a build computed for one note, kept for the next build.

Why: at 1000 notes most of a build's own time goes to work whose result depends only on a
note's text (its index entry), on one formula (KaTeX's HTML) or on one small graph (its
layout). A rebuild after editing one note should redo that work for that note only, under
MkDocs and Zensical alike, so the cache sits below both builders: the vault index, the math
extension and the graph ask it, no builder hook does. Where many small values are made
together (a note's formulas, every note's neighbourhood layout) they are one entry: a file
per value cost more system time to write than the work it saved.

Where: ``.cache/rectified/`` next to the docs folder (the project root; git-ignored), or the
folder ``RECTIFIED_CACHE`` names; ``RECTIFIED_CACHE=off`` turns it off. :func:`configure` is
called by :mod:`rectified.site` when it indexes a vault; until then (a bare ``Markdown`` in a
test, say) nothing is stored and every lookup misses.

Correctness: an entry's key is a SHA-256 of everything that changes the value: the inputs (a
note's path and text, a formula's TeX and KaTeX options, a graph's nodes and edges), the hash
of the KaTeX script for math, and :func:`code_version`, a hash of every source file of the
``rectified`` package and the versions of the libraries whose output is cached (Python-Markdown,
pymdownx, PyYAML, numpy). Editing any of them misses every entry; nothing is ever looked up by
name or by time. Values that depend on other notes (backlinks, the sentences around links to a
note) are never stored under one note's key: they are recomputed from the index every build,
so a backlink cannot be stale.

Safety: every entry is written to a temporary file in its folder and renamed into place
(``os.replace`` is atomic on POSIX and Windows), so concurrent builds never read half an entry
and the last writer of identical content wins. Each entry carries a magic header and a SHA-256
of its payload; a truncated, corrupt or foreign file is ignored (treated as a miss) and
removed. Values are pickled: the cache folder is as trusted as the source tree beside it.

Bounded: :meth:`Store.prune` (run when a process first uses the folder, at most once an hour
per folder, so the folder may outgrow its bound by an hour of builds) deletes the
least recently used entries (a hit refreshes an entry's modification time, at most once an
hour) once the folder holds more than ``max_bytes`` (default 512 MB, ``RECTIFIED_CACHE_MB``),
down to three quarters of it, and temporary files older than an hour left by a killed build.

Known limits: the code version covers the ``rectified`` package and the libraries named above,
not every library Python-Markdown loads; a change to one of those (say a new Pygments) needs
``rm -rf .cache/rectified``. Pruning is by size, not by which vault an entry came from.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import pickle
import threading
import time
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
    "memo",
]

log = logging.getLogger(__name__)

CACHE_DIR = Path(".cache") / "rectified"
ENV = "RECTIFIED_CACHE"
ENV_MB = "RECTIFIED_CACHE_MB"
MAGIC = b"RECTIFIED-CACHE-1\n"
_HASH_LEN = 32
DEFAULT_MAX_BYTES = 512 * 1024 * 1024
TOUCH_SECONDS = 3600.0  # a hit refreshes an older entry's mtime (what pruning orders by)
STALE_TMP_SECONDS = 3600.0
PRUNE_EVERY = 3600.0  # seconds between two prunings of one folder
PRUNE_STAMP = ".last-prune"
LIBRARIES = ("markdown", "pymdown-extensions", "pyyaml", "numpy")

T = TypeVar("T")


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
    text = json.dumps([code_version(), *parts], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- the store ----------------------------------------------------------------------------------


class Store:
    """Entries in ``root/NAMESPACE/ab/abcdef…``, one file per key, written atomically."""

    def __init__(self, root: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.root = Path(root)
        self.max_bytes = max_bytes
        self.hits = 0
        self.misses = 0
        self._made: set[str] = set()
        self._base = str(self.root)
        self._written = 0

    def _path(self, namespace: str, key: str) -> str:
        # Plain strings, not pathlib: a build asks thousands of times.
        if not namespace.isidentifier() or len(key) < 8 or not key.isalnum():
            raise ValueError(f"bad cache namespace or key: {namespace!r} {key!r}")
        return os.path.join(self._base, namespace, key[:2], key)

    def get(self, namespace: str, key: str) -> Any | None:
        """The value stored under ``key``, or None (missing, unreadable or corrupt)."""
        path = self._path(namespace, key)
        try:
            with open(path, "rb") as fh:
                blob = fh.read()
                mtime = os.fstat(fh.fileno()).st_mtime
        except OSError:
            self.misses += 1
            return None
        value = _decode(blob)
        if value is _CORRUPT:
            log.debug("ignoring a corrupt cache entry %s", path)
            _remove(Path(path))
            self.misses += 1
            return None
        if time.time() - mtime > TOUCH_SECONDS:
            with contextlib.suppress(OSError):
                os.utime(path)
        self.hits += 1
        return value

    def put(self, namespace: str, key: str, value: Any) -> None:
        """Store ``value`` (picklable) under ``key``: a temporary file, then an atomic rename.

        A failure to write (read-only folder, full disk) is logged and otherwise ignored: the
        cache only ever saves work.
        """
        path = self._path(namespace, key)
        blob = _encode(value)
        folder = os.path.dirname(path)
        with _lock:
            self._written += 1
            # Unique to this process, thread and write; O_EXCL refuses any file already there.
            tmp = os.path.join(
                folder, f".tmp-{os.getpid()}-{threading.get_ident()}-{self._written}"
            )
        created = False
        try:
            if folder not in self._made:
                os.makedirs(folder, exist_ok=True)
                self._made.add(folder)
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY, 0o644)
            except FileNotFoundError:  # the folder was removed since (rm -rf .cache mid-serve)
                os.makedirs(folder, exist_ok=True)
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY, 0o644)
            created = True
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, path)
            created = False
        except OSError as exc:
            log.debug("cache entry %s not written: %s", path, exc)
        finally:
            if created:
                _remove(Path(tmp))

    def prune(self, max_bytes: int | None = None) -> int:
        """Delete least recently used entries while the folder exceeds ``max_bytes``.

        It goes down to three quarters of the bound, so that pruning is rare. Temporary files
        older than an hour (a build killed mid-write) go too. Returns the files deleted.
        """
        limit = self.max_bytes if max_bytes is None else max_bytes
        entries: list[tuple[float, int, str]] = []
        removed = 0
        now = time.time()
        for folder, _dirs, files in os.walk(self.root):
            for name in files:
                path = os.path.join(folder, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                if name.startswith(".tmp-"):
                    if now - st.st_mtime > STALE_TMP_SECONDS:
                        removed += _remove(Path(path))
                    continue
                if name.startswith("."):
                    continue  # the pruning stamp
                entries.append((st.st_mtime, st.st_size, path))
        total = sum(size for _, size, _ in entries)
        if total <= limit:
            return removed
        entries.sort()
        target = limit * 3 // 4
        for _, size, path in entries:
            if total <= target:
                break
            removed += _remove(Path(path))
            total -= size
        return removed


_CORRUPT = object()
_O_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


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


def _remove(path: Path) -> int:
    try:
        path.unlink()
    except OSError:
        return 0
    return 1


# -- the store of this build ---------------------------------------------------------------------

_lock = threading.Lock()
_current: Store | None = None
_pruned: set[Path] = set()


def configure(project_root: str | Path | None) -> Store | None:
    """Use ``project_root/.cache/rectified`` (or ``RECTIFIED_CACHE``) from now on in this process.

    ``None`` turns the cache off. The first time a folder is configured in a process it is
    pruned to its bound. Returns the store (None when off).
    """
    global _current
    setting = os.environ.get(ENV, "").strip()
    if project_root is None or setting.lower() in ("0", "off", "false", "no"):
        with _lock:
            _current = None
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
        _current = store
        first = root not in _pruned
        _pruned.add(root)
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
