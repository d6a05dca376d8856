"""A second process that converts pages ahead into the page cache, so a cold build uses two cores.

Why: at 1000 notes, converting pages (Python-Markdown and the project's extensions) is more than
half of a cold MkDocs build, and MkDocs converts one page after another in one process; a
machine has two cores or more. A warm build, whose pages come from :mod:`rectified.pagecache`,
costs little more than plain Material; this makes the cold build half warm.

How: once MkDocs has its pages (the plugin's ``on_nav``), :func:`start` forks a helper. The
helper converts the pages from the end of MkDocs' order backwards, by running MkDocs' own
``_populate_page`` for each (the same events and conversion the build runs), and so fills the
page cache; the build converts from the start forwards and finds the helper's pages there as a
warm build does (same key, same page, the stored log records emitted again). The two stop where
they meet: the build tells the helper which page it is at through a few bytes of shared memory
(:meth:`Helper.at`), and the helper stops at a page the build has reached.

The helper only ever adds cache entries: it writes no page, its log records reach no terminal
(they are kept with the entry, as every conversion's are), and a page it fails on is not stored,
so the build converts that page itself and reports what is wrong. A helper that dies, hangs or
is slow costs time, never a wrong page: :meth:`Helper.stop` (every page converted, or the build
failed) ends it.

When: only where it is safe and pays (:func:`reason_not_to`): ``os.fork`` exists (not on
Windows), the persistent cache is on (the helper's only output), the build is not ``serve``
(a served rebuild converts a few pages; its process has threads), this process runs no other
thread (a fork copies only the calling one, and Python 3.12 warns), KaTeX's V8 has not started
in this process (V8 does not survive a fork: the helper starts its own), there are at least
:data:`MIN_PAGES` pages, and the cache is not warm (it held the last note's index entry: a
rebuild after an edit converts a few pages, and a page the cache holds costs the build the same
whoever found it first). ``RECTIFIED_JOBS=1`` turns it off.

Known limits: MkDocs only, because Zensical runs its own page loop (it converts in parallel
itself); the helper uses MkDocs' private ``_populate_page`` (MkDocs is pinned by the lock file;
a test builds a site both ways and compares them byte for byte); the helper typesets the
formulas of its pages (and of the notes whose sentences their "Linked from" lists quote) with
its own V8, the build's background prefetch those of the pages it will reach (from
:meth:`Helper.wanted`), so some formulas are typeset in both processes.
"""

from __future__ import annotations

import contextlib
import logging
import mmap
import os
import signal
import struct
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from rectified import cache

__all__ = ["MIN_PAGES", "Helper", "reason_not_to", "start"]

log = logging.getLogger(__name__)

ENV = "RECTIFIED_JOBS"
MIN_PAGES = 40  # below this a fork and a second V8 cost more than they save
CHUNK = 25  # pages whose formulas the helper typesets in one go
LEAD = 100  # pages ahead of the build whose formulas its background prefetch typesets
STOP_WAIT = 2.0  # seconds the build waits for the helper to notice it should stop

# The shared bytes: the build's page index, the helper's page index, the stop flag. Each
# process writes only its own fields, each whole (an aligned 4-byte store).
_LAYOUT = struct.Struct("<iii")
_FIELD = struct.Struct("<i")
_BUILT, _HELPER, _STOP = 0, 4, 8


def reason_not_to(pages: int, *, serving: bool, warm: bool = False) -> str | None:
    """Why no helper should be started now, or None (``warm``: the build cache holds what the
    helper would make: a page that is a hit costs the build the same either way)."""
    if not hasattr(os, "fork"):
        return "no fork on this platform"
    if os.environ.get(ENV, "").strip() == "1":
        return f"{ENV}=1"
    if (os.cpu_count() or 1) < 2:
        return "one core"
    if cache.current() is None:
        return "the build cache is off"
    if serving:
        return "serving"
    if warm:
        return "the build cache is warm"
    if pages < MIN_PAGES:
        return f"{pages} pages"
    if threading.active_count() > 1:
        return "this process runs other threads"
    from rectified.markdown import math

    if math.katex_started():
        return "KaTeX already runs in this process"
    return None


class Helper:
    """The build's side of a helper process: where the build is, and ending the helper."""

    def __init__(self, pid: int, shared: mmap.mmap, index: dict[str, int]) -> None:
        self.pid = pid
        self._shared = shared
        self._index = index
        self._ended = False
        self._reached = 0

    def at(self, src_uri: str) -> None:
        """The build is converting ``src_uri``: the helper stops before it."""
        i = self._index.get(src_uri)
        if i is not None and not self._ended and i > _FIELD.unpack_from(self._shared, _BUILT)[0]:
            _FIELD.pack_into(self._shared, _BUILT, i)

    def wanted(self, i: int) -> bool:
        """Whether the build will convert page ``i`` itself (so should typeset its formulas).

        Waits while the build is more than :data:`LEAD` pages before ``i``: by then the helper
        may have reached it. False once the helper has reached ``i`` or has ended.
        """
        while not self._ended:
            try:
                built, helper, _stop = _LAYOUT.unpack_from(self._shared)
            except ValueError:  # closed by stop() meanwhile
                return False
            if i >= helper:
                return False
            if i <= built + LEAD:
                return True
            time.sleep(0.02)
        return False

    def stop(self) -> int:
        """Ask the helper to stop, wait a little for it, then end it; reap it. Idempotent.

        Returns how many pages the helper reached (from the last one backwards; the page it
        was at when it stopped counts, converted or not).
        """
        if self._ended:
            return self._reached
        self._ended = True
        _FIELD.pack_into(self._shared, _STOP, 1)
        deadline = time.monotonic() + STOP_WAIT
        while True:
            with contextlib.suppress(ChildProcessError):
                pid, _status = os.waitpid(self.pid, os.WNOHANG)
                if pid == 0 and time.monotonic() < deadline:
                    time.sleep(0.01)
                    continue
                if pid == 0:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(self.pid, signal.SIGKILL)
                    os.waitpid(self.pid, 0)
            break
        self._reached = len(self._index) - _LAYOUT.unpack_from(self._shared)[1]
        self._shared.close()
        return self._reached


def start(
    pages: Sequence[Any],
    convert: Callable[[Any], None],
    groups: Callable[[Any], list[list[tuple[str, bool]]]],
    key: Callable[[Any], str],
) -> Helper | None:
    """Fork a helper that runs ``convert(page)`` from the last page backwards.

    ``groups(page)`` gives the groups of formulas a page shows (each a note's, typeset by the
    helper many pages at a time, before those pages); ``key(page)`` the name :meth:`Helper.at`
    is told. The caller has checked :func:`reason_not_to`. Returns None if the fork failed.
    """
    shared = mmap.mmap(-1, _LAYOUT.size)
    _LAYOUT.pack_into(shared, 0, -1, len(pages), 0)
    index = {key(page): i for i, page in enumerate(pages)}
    try:
        pid = os.fork()
    except OSError as exc:
        log.debug("no helper process: %s", exc)
        shared.close()
        return None
    if pid == 0:  # the helper: never returns
        try:
            _quiet()
            _run(pages, convert, groups, shared)
        finally:
            os._exit(0)
    log.debug("a helper process (%d) converts pages from the last one backwards", pid)
    return Helper(pid, shared, index)


def _quiet() -> None:
    """Send this process's log records nowhere (each page's are kept with its cache entry)."""
    loggers = [logging.root] + [
        lg for lg in logging.root.manager.loggerDict.values() if isinstance(lg, logging.Logger)
    ]
    for logger in loggers:
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
    logging.root.addHandler(logging.NullHandler())
    for logger in loggers:
        if isinstance(logger, logging.Logger) and not logger.propagate:
            logger.addHandler(logging.NullHandler())
    with contextlib.suppress(OSError):  # and nothing printed reaches the build's terminal
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        sys.stdout = sys.stderr = open(devnull, "w", closefd=False)  # noqa: SIM115 (until exit)


def _run(pages, convert, groups, shared: mmap.mmap) -> None:
    from rectified.markdown import math

    parent = os.getppid()

    def stopped(i: int) -> bool:
        built, _helper, stop = _LAYOUT.unpack_from(shared)
        return bool(stop) or i <= built or os.getppid() != parent  # the build ended: so do we

    last = len(pages) - 1
    for top in range(last, -1, -CHUNK):
        chunk = range(top, max(top - CHUNK, -1), -1)
        if stopped(top):
            return
        with contextlib.suppress(Exception):  # a page with bad TeX reports it in the build
            math.prefetch([group for i in chunk for group in groups(pages[i])])
        for i in chunk:
            if stopped(i):
                return
            _FIELD.pack_into(shared, _HELPER, i)
            with contextlib.suppress(Exception):
                convert(pages[i])
            cache.flush()  # the build looks for this page's entries now
