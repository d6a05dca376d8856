"""A ``.base`` file read once and each of its views evaluated once per build, however many
pages embed it.

Without this, every embed parsed the YAML again (unless the file's mtime and size were the
same) and evaluated its view over every file of the vault, so a base embedded in many notes
cost that many full passes. Now:

- :func:`parsed`: the file's text -> its :class:`~rectified.bases.query.Base`, keyed on the
  text's SHA-256 and the file's vault path (parsing depends on nothing else), kept for the
  process (a few recent versions of each file);
- :func:`evaluated`: a view's rows, keyed on the base's content (its digest), the view, the
  docs folder, the vault index *object* and, only when one of the base's expressions names
  ``this``, the embedding note. A build shares one index (:mod:`rectified.site`); any change to
  the vault gives a new index object (a full re-index, or ``serve``'s refreshed one), which
  empties the results, so a changed note never meets a stale row. Only the latest index's
  results are kept.

Errors are not cached: each embed raises its own, naming its own note and line. A cached
:class:`~rectified.bases.query.Result` is shared by the pages that show it: readers must not
change it (the renderer only reads).

Known limits: files' sizes and dates (``file.size``, ``file.mtime``) are read the first time a
view is evaluated against an index, so a non-note file edited during a build is seen by the
next index, as every other change is; the cache is per process (builders that render pages in
several processes evaluate once in each).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rectified.bases.query import Base, Result, View, load, run

if TYPE_CHECKING:
    from rectified.vault import Vault

__all__ = ["clear", "evaluated", "parsed", "per_vault", "stats"]

PARSED_MAX = 64  # parsed versions kept (a few per file: serve's edits, tests' variants)

_lock = threading.Lock()
_parsed: OrderedDict[tuple[str, str], Base] = OrderedDict()
_vault: Vault | None = None  # the index the results below were computed against
_results: dict[tuple, Result] = {}
_derived: dict[str, Any] = {}  # per_vault's values, for the same index
_stats = {"parsed": 0, "evaluated": 0, "reused": 0}


def parsed(text: str, path: str) -> Base:
    """The ``.base`` file ``path`` (vault path) whose text is ``text``, parsed once.

    Raises :class:`~rectified.bases.BaseError` (with the file's line) as :func:`load` does.
    """
    key = (path, hashlib.sha256(text.encode("utf-8")).hexdigest())
    with _lock:
        found = _parsed.get(key)
        if found is not None:
            _parsed.move_to_end(key)
            return found
    base = load(text, path)
    with _lock:
        _parsed[key] = base
        _stats["parsed"] += 1
        while len(_parsed) > PARSED_MAX:
            _parsed.popitem(last=False)
    return base


def _for(vault: Vault) -> None:
    """Forget results computed against another index (the caller holds the lock)."""
    global _vault
    if _vault is not vault:
        _vault = vault
        _results.clear()
        _derived.clear()


def evaluated(
    base: Base, view: View, vault: Vault, this: str | None, docs_dir: str | Path | None
) -> Result:
    """``run(base, view, vault, this, docs_dir)``, once per build for what decides it."""
    key = (
        base.path,
        base.digest,
        base.views.index(view),
        str(docs_dir) if docs_dir is not None else None,
        this if base.uses_this else None,
    )
    with _lock:
        _for(vault)
        found = _results.get(key)
        if found is not None:
            _stats["reused"] += 1
            return found
    result = run(base, view, vault, this, docs_dir)
    with _lock:
        _for(vault)
        _results[key] = result
        _stats["evaluated"] += 1
    return result


def per_vault(vault: Vault, name: str, compute):
    """``compute()``, once for the index ``vault`` (forgotten with its results)."""
    with _lock:
        _for(vault)
        if name in _derived:
            return _derived[name]
    value = compute()
    with _lock:
        _for(vault)
        _derived[name] = value
    return value


def stats() -> dict[str, int]:
    """How many files were parsed and views evaluated, and how many evaluations were reused."""
    with _lock:
        return dict(_stats)


def clear() -> None:
    """Forget everything (tests; a builder need not call it)."""
    global _vault
    with _lock:
        _parsed.clear()
        _results.clear()
        _derived.clear()
        _vault = None
        for key in _stats:
            _stats[key] = 0
