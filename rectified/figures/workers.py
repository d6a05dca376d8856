"""Figure workers: processes that import matplotlib and numpy once and draw many figures.

Starting a Python process and importing matplotlib costs about as much as drawing a simple
figure, so the runner no longer starts one process per figure: it starts one worker per core,
each imports the libraries once and then draws figure after figure, sent to it one at a time
(the next figure goes to whichever worker is free first).

What a worker guarantees, so that a figure's bytes never depend on which figures the same worker
drew before it (``tests/figures/test_runner.py`` checks each point):

- **rcParams**: before each figure they are restored to a snapshot taken when the worker started,
  right after :func:`matplotlib.rcdefaults` (so a user's ``matplotlibrc`` never reaches the site
  either); inside the drawing, :data:`~rectified.figures.render.BASE_RC` and the palette's style
  sheet apply, and every change is undone when it returns. A snippet that changes rcParams when
  its module is imported, or while it draws, changes only its own figure.
- **random state**: numpy's and Python's global generators are seeded right before each palette
  is drawn.
- **snippet modules**: every module of the figure's package (``snippets`` and ``snippets.*``) is
  removed from ``sys.modules`` before each figure and imported afresh, so module globals, caches
  (``functools.cache``) and in-place mutations of module data start as in a new process. The
  light and dark drawings of one figure share that import, as they always did.
- **process state**: the working directory, ``sys.path`` and numpy's floating-point error
  settings are restored before each figure; open pyplot figures are closed.
- **timeout**: each figure has ``timeout`` seconds from the moment its worker receives it; a
  worker that overruns is killed and replaced, and the other workers go on. A worker that dies
  (a crash in C code, ``os._exit``) costs only the figure it was drawing.
- **output**: a worker only returns bytes; the runner writes them (atomically) where they belong.
  A worker's standard output goes to standard error, so a snippet's ``print`` never mixes with a
  report on stdout (``--json``).

Known limits: state outside the figure's package and outside the list above is not reset between
figures (matplotlib's colormap, unit and font registries, other libraries' module globals,
environment variables, files, threads a snippet starts). The figure contract in
``snippets/registry.py`` (a pure function returning a new Figure) keeps snippets away from all of
it. Sharing a ``functools.cache`` between figures, as one long-lived process would, is
deliberately given up: it would make a figure depend on which figures ran before it.
"""

from __future__ import annotations

import collections
import contextlib
import copy
import logging
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait

log = logging.getLogger(__name__)

# A worker that cannot even import matplotlib within this many seconds is stuck.
MIN_STARTUP_SECONDS = 60.0


@dataclass(frozen=True)
class Task:
    """One figure to draw: ``module.function`` in each palette of ``styles``."""

    name: str
    module: str  # e.g. "snippets.basics"
    function: str  # e.g. "relu_plot"
    styles: tuple[tuple[str, str], ...]  # (variant, style sheet path), in drawing order

    @property
    def package(self) -> str:
        """The top-level package whose modules are imported afresh before this figure."""
        return self.module.split(".")[0]


@dataclass
class Outcome:
    """What became of one task."""

    name: str
    status: str  # ok | error (it raised) | crashed (its worker died) | timeout
    seconds: float = 0.0  # from the moment its worker received it
    outputs: dict[str, bytes] = field(default_factory=dict)  # variant -> SVG bytes (ok only)
    error: str = ""  # the traceback (error) or what happened to the worker


# ----------------------------------------------------------------------------- in the worker


class Isolation:
    """The state a worker restores before each figure (see the module's docstring)."""

    def __init__(self) -> None:
        import matplotlib
        import numpy as np

        matplotlib.rcdefaults()  # matplotlib's own defaults, whatever matplotlibrc says
        self.rc = copy.deepcopy(dict(matplotlib.rcParams))
        self.np_err = np.geterr()
        self.cwd = os.getcwd()
        self.sys_path = list(sys.path)

    def reset(self, package: str) -> None:
        import matplotlib
        import numpy as np

        os.chdir(self.cwd)
        sys.path[:] = self.sys_path
        for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[name]
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")
        # Bypass validation (as rc_context does): every value in the snapshot is valid.
        dict.update(matplotlib.rcParams, copy.deepcopy(self.rc))
        np.seterr(**self.np_err)


def worker_main(conn: Connection) -> None:
    """A worker's life: import, say ready, then draw each task received until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the runner stops its workers
    with contextlib.suppress(OSError):
        sys.stdout.flush()
        os.dup2(2, 1)  # a snippet's print goes to stderr, never into a report on stdout
    # One worker per core: numpy's BLAS threads would only compete with the other workers.
    # (Effective when numpy is imported here, as under the CLI, not when a fork inherits it.)
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    try:
        from rectified.figures.render import render_figure

        state = Isolation()
    except BaseException:
        conn.send(("fatal", traceback.format_exc()))
        return
    conn.send(("ready",))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        t0 = time.perf_counter()
        try:
            state.reset(task.package)
            outputs = render_figure(task.module, task.function, dict(task.styles))
        except BaseException:  # SystemExit from a snippet too: report it, keep working
            conn.send(("error", task.name, time.perf_counter() - t0, traceback.format_exc()))
        else:
            conn.send(("ok", task.name, time.perf_counter() - t0, outputs))


# ----------------------------------------------------------------------------- in the runner


def _context():
    """fork where it is safe, else spawn.

    fork starts a worker in milliseconds, but forking a process that runs other threads can
    deadlock the child (a lock held by a thread that does not exist there; Python 3.12 warns).
    So a runner called from a threaded program (a test session that ran a Jupyter kernel, a
    server) starts its workers in clean interpreters, as on platforms without fork: slower to
    start, same results (tasks carry everything a worker needs, style sheets included).
    """
    if "fork" in mp.get_all_start_methods() and threading.active_count() == 1:
        return mp.get_context("fork")
    return mp.get_context("spawn")


class _Worker:
    def __init__(self, ctx) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(
            target=worker_main, args=(child,), daemon=True, name="rectified-figure-worker"
        )
        self.proc.start()
        child.close()
        self.ready = False
        self.task: Task | None = None
        self.since = time.monotonic()  # when it started (until ready), then its task's start

    def send(self, task: Task) -> None:
        self.task = task
        self.since = time.monotonic()
        self.conn.send(task)

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join()
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)
        self.proc.join(timeout=5)
        self.kill()


def render_tasks(
    tasks: Iterable[Task],
    jobs: int,
    timeout: float,
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Draw every task on ``jobs`` workers; return one :class:`Outcome` per task.

    ``on_done`` is called in the runner's process as each task finishes (to save its outputs at
    once). Tasks are handed out in the order given.
    """
    queue = collections.deque(tasks)
    if not queue:
        return []
    ctx = _context()
    startup = max(timeout, MIN_STARTUP_SECONDS)
    outcomes: list[Outcome] = []

    def finish(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if on_done is not None:
            on_done(outcome)

    workers = [_Worker(ctx) for _ in range(max(1, min(jobs, len(queue))))]
    try:
        while queue or any(w.task is not None for w in workers):
            for w in workers:
                if w.ready and w.task is None and queue:
                    w.send(queue.popleft())
            now = time.monotonic()
            limits = [
                w.since + (timeout if w.ready else startup)
                for w in workers
                if w.task is not None or not w.ready
            ]
            wait([w.conn for w in workers], timeout=max(0.0, min(limits) - now) if limits else None)
            now = time.monotonic()
            kept: list[_Worker] = []
            for w in workers:
                if _handle(w, _message(w, now, timeout, startup), now, queue, finish):
                    kept.append(w)
                elif queue:  # it was killed or died: a fresh one takes its place
                    kept.append(_Worker(ctx))
            workers = kept
            if not workers and queue:  # every worker gone (they could not start)
                _fail_all(queue, "no figure worker is running", finish)
    finally:
        for w in workers:
            w.stop()
    return outcomes


def _message(w: _Worker, now: float, timeout: float, startup: float) -> tuple | None:
    """The worker's next message, or what its silence means (None: nothing yet)."""
    if w.conn.poll():
        try:
            return w.conn.recv()
        except (EOFError, OSError):
            return ("died",)
    if w.ready and w.task is not None and now - w.since > timeout:
        return ("timeout",)
    if not w.ready and now - w.since > startup:
        return ("fatal", f"a figure worker did not start within {startup:g} s")
    return None


def _handle(
    w: _Worker,
    message: tuple | None,
    now: float,
    queue: collections.deque,
    finish: Callable[[Outcome], None],
) -> bool:
    """Act on one message; return whether the worker lives on."""
    if message is None:
        return True
    kind = message[0]
    if kind == "ready":
        w.ready = True
        w.since = now
        return True
    if kind in ("ok", "error"):
        _, name, seconds, payload = message
        w.task = None
        if kind == "ok":
            finish(Outcome(name, "ok", seconds, outputs=payload))
        else:
            finish(Outcome(name, "error", seconds, error=payload))
        return True
    task, w.task = w.task, None
    elapsed = now - w.since
    w.kill()
    if kind == "timeout":
        finish(Outcome(task.name, "timeout", elapsed))
    elif kind == "died" and task is not None:
        finish(Outcome(task.name, "crashed", elapsed, error=_death(w.proc.exitcode)))
    elif kind == "died":  # it died while starting: the next one would too
        _fail_all(
            queue, f"a figure worker exited while starting ({_death(w.proc.exitcode)})", finish
        )
    else:  # fatal: it could not import what it needs
        _fail_all(queue, f"a figure worker could not start:\n{message[1]}", finish)
    return False


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        with contextlib.suppress(ValueError):
            return f"its worker process was killed by {signal.Signals(-exitcode).name}"
    return f"its worker process exited (code {exitcode})"


def _fail_all(queue: collections.deque, error: str, finish: Callable[[Outcome], None]) -> None:
    log.error(error)
    while queue:
        finish(Outcome(queue.popleft().name, "error", error=error))
