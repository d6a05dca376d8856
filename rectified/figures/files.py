"""Writing generated files: atomically, and only when their content changes.

Two rules every generator in the project follows (the figure runner, the notebook runner):

- a file is written to a temporary name in its folder and renamed over the target, so a crash or
  a kill never leaves half a file where a reader (the site build, Obsidian) would find it;
- a file whose bytes would not change is not written at all, so its modification time stays and
  a watcher (``mkdocs serve``) sees nothing: one edit causes one rebuild, a no-op run none.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename (readable by all)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o644)  # mkstemp makes 0600; the site serves these files
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, data: bytes) -> bool:
    """Atomically write ``data`` unless ``path`` already holds exactly it; say whether it wrote.

    Known limit: the comparison reads the whole file (generated files here are at most a few
    hundred kilobytes, so that costs less than the write it saves).
    """
    try:
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass  # unreadable: write it
    atomic_write(path, data)
    return True


def is_temporary(name: str) -> bool:
    """Whether a file name is one of :func:`atomic_write`'s temporary names (``.NAME.xxx.tmp``)."""
    return name.startswith(".") and name.endswith(".tmp")
