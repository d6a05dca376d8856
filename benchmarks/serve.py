"""Serve latency: from saving one note of a 1000-note vault to the browser being able to show it.

``python -m benchmarks.serve`` measures it alone; ``python -m benchmarks.bench`` adds its rows
to the table. A throw-away project in a temporary folder: the synthetic vault of
:mod:`benchmarks.synthetic`, the real ``mkdocs.yml`` pointed at it, and a one-figure snippets
package (the ``relu.svg`` the notes embed, drawn once by the server's figure runner). The server
runs as ``nox -s serve`` runs it: ``python -m mkdocs serve --strict --dirty``.

Each edit appends to a note a sentence carrying a unique word and a link to another note, then
fetches from the server, every 20 ms, the note's page until it contains the word, and the linked
note's page until its "Linked from" lists the edited note with that sentence. Reported for each
edit: the time from the write until the edited page is served with the edit, until the backlink
is served (the browser shows both only after the whole rebuild), MkDocs' own build time and the
pages the plugin rendered; for an edit that adds a link, also the time until the Graph page,
which the plugin leaves to a rebuild of its own in a vault this large, is served. Aim: at most
2 s at 1000 notes, for each kind of edit, measured twice (each edit to another note; after each,
the server settles before the next). The first, full build is reported too.

The server's CPU time over the same span (from ``/proc``, on Linux) is printed next to it: it
hardly moves when other jobs share the machine, the wall-clock time does.

Known limits: the watcher polls the docs folder every half second (MkDocs' ``PollingObserver``),
so up to 0.5 s of each measurement is waiting for it to look; the CPU time includes that polling
and the answers to the benchmark's own page requests.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from benchmarks.synthetic import (
    BenchError,
    note_name,
    note_path,
    site_config,
    synthetic_vault,
    write_texts,
)
from rectified.vault import url_slug

GOAL_SERVE_S = 2.0
START_LIMIT = 900.0  # the first, full build of 1000 notes on a busy machine
EDIT_LIMIT = 120.0  # a missed aim still finishes (a full rebuild takes about 20 s)
POLL = 0.02
FAILED = "An error happened during the rebuild"
QUIET = 3.0  # seconds with no log line but page requests: the server is done with an edit
KINDS = ("sentence", "link")

# The figure the synthetic notes embed, drawn by the server's figure runner on start-up.
SNIPPETS = {
    "__init__.py": '"""Snippets of the serve benchmark."""\n',
    "probe.py": '''"""The serve benchmark's only figure."""

import numpy as np
from matplotlib.figure import Figure


def relu_plot() -> Figure:
    """ReLU

    The rectifier, for the notes of the synthetic vault to embed.
    """
    fig = Figure()
    ax = fig.add_subplot()
    x = np.linspace(-2.0, 2.0, 5)
    ax.plot(x, np.maximum(x, 0.0))
    return fig
''',
    "registry.py": '''"""The serve benchmark's registry."""

from snippets import probe

FIGURES = {"relu": probe.relu_plot}
''',
}


@dataclass
class Edit:
    kind: str  # "sentence" (a linking sentence changed) or "link" (a link added)
    note: str  # vault path of the edited note
    target: str  # vault path of the note it now links to
    page_s: float  # write -> edited page served with the edit
    backlink_s: float  # write -> the target's page served with the new backlink
    mkdocs_s: float | None  # MkDocs' "Documentation built in" for that rebuild
    rendered: str  # the plugin's "Rendering ..." line
    later_s: float | None = None  # write -> a second rebuild done (the deferred Graph page)
    cpu_s: float | None = None  # the server's CPU time from the write to the reload

    @property
    def seen_s(self) -> float:
        return max(self.page_s, self.backlink_s)


@dataclass
class ServeRun:
    notes: int
    start_s: float  # launch -> "Serving on" (figure runner and the first, full build)
    first_build_s: float | None  # MkDocs' time for the first build
    edits: list[Edit]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_project(root: Path, base: Path, n: int) -> Path:
    """A throw-away project of ``n`` synthetic notes under ``base``; returns its mkdocs.yml."""
    docs = base / "docs"
    write_texts(docs, synthetic_vault(n))
    (base / "snippets").mkdir(parents=True, exist_ok=True)
    for name, text in SNIPPETS.items():
        (base / "snippets" / name).write_text(text, encoding="utf-8")
    config = base / "mkdocs.yml"
    config.write_text(site_config(root, docs, prune_nav=True), encoding="utf-8")
    return config


class _Server:
    def __init__(self, base: Path, root: Path) -> None:
        self.port = _free_port()
        env = {
            **os.environ,
            "PYTHONHASHSEED": "0",
            "RECTIFIED_GIT_DATES": "false",
            "JUPYTER_PLATFORM_DIRS": "1",
            "NO_MKDOCS_2_WARNING": "1",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])),
        }
        cmd = [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dirty"]
        self.proc = subprocess.Popen(
            [*cmd, "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=base,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.lines: list[str] = []
        self.stamps: list[float] = []  # when each line arrived (time.monotonic())
        self._new: queue.Queue[tuple[float, str] | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._new.put((time.monotonic(), line.rstrip("\n")))
        self._new.put(None)

    def pump(self, timeout: float = 0.0) -> None:
        try:
            while True:
                item = self._new.get(timeout=timeout)
                if item is None:
                    raise BenchError(f"the server stopped:\n{self.tail()}")
                self.stamps.append(item[0])
                self.lines.append(item[1])
                timeout = 0.0
        except queue.Empty:
            pass

    def wait_for(self, text: str, count: int, limit: float) -> None:
        deadline = time.monotonic() + limit
        while sum(text in line for line in self.lines) < count:
            if time.monotonic() > deadline:
                raise BenchError(f"no {text!r} within {limit:.0f} s:\n{self.tail()}")
            self.pump(0.2)

    def settle(self, quiet: float = QUIET, limit: float = EDIT_LIMIT) -> None:
        """Wait until no build runs and the server has logged nothing but page requests for
        ``quiet`` seconds."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            self.pump(0.2)
            lines = zip(self.stamps, self.lines, strict=True)
            told = [stamp for stamp, line in lines if '"GET /' not in line]
            started = sum("Building documentation" in line for line in self.lines)
            ended = sum(("Reloading browsers" in x or FAILED in x) for x in self.lines)
            building = started > ended + 1  # the first build ends without a reload
            if not building and (not told or time.monotonic() - told[-1] >= quiet):
                return
        raise BenchError(f"the server did not settle in {limit:.0f} s:\n{self.tail()}")

    def get(self, url: str) -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{url}", timeout=30) as r:
                return r.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return ""

    def tail(self) -> str:
        return "\n".join([line for line in self.lines if '"GET /' not in line][-40:])

    def cpu(self) -> float | None:
        """The server process's CPU time so far (user + system), where /proc tells it."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        stop_session(self.proc)


def stop_session(proc: subprocess.Popen) -> None:
    """Stop a server started with ``start_new_session=True`` and everything it started.

    SIGINT first, as a user's Ctrl-C (MkDocs then shuts its watcher down), SIGKILL after 30 s.
    The serve test stops its server the same way.
    """
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _note_paths(docs: Path) -> list[str]:
    return [p.relative_to(docs).as_posix() for p in docs.rglob("*.md")]


_BUILT = re.compile(r"Documentation built in ([\d.]+) seconds")


def _built_times(lines: list[str]) -> list[float]:
    return [float(m.group(1)) for line in lines if (m := _BUILT.search(line))]


_FIRST_LINK = re.compile(r"(the) (rectifier described in \[\[([^\]|#]+)\]\])")


def _edit(server: _Server, docs: Path, kind: str, i: int, j: int, k: int) -> Edit:
    """Edit note ``i`` and time it until it and the note it links to are served with the edit.

    ``kind`` "sentence": a new word in the sentence of its first link (to a note of the synthetic
    vault's choice), so that note's "Linked from" changes and no link does; "link": a sentence
    appended with the new word and a link to note ``j`` (graph and neighbourhoods change too).
    """
    note = note_path(i)
    word = f"servebench{k}x{time.time_ns() % 10**9}"
    path = docs / note
    text = path.read_text(encoding="utf-8")
    if kind == "sentence":
        m = _FIRST_LINK.search(text)
        if m is None:
            raise BenchError(f"{note}: no first link to edit the sentence of")
        target = next(p for p in _note_paths(docs) if Path(p).stem == m.group(3).strip())
        new = text[: m.start()] + f"{m.group(1)} {word} {m.group(2)}" + text[m.end() :]
    else:
        target = note_path(j)
        new = text + f"\nThe {word} measurement links to [[{note_name(j)}]] once more.\n"
    built_before = len(_built_times(server.lines))
    rendered_before = sum("Rendering " in line for line in server.lines)
    reloaded_before = sum("Reloading browsers" in line for line in server.lines)
    cpu0 = server.cpu()
    t0 = time.monotonic()
    path.write_text(new, encoding="utf-8")
    page_s = backlink_s = None
    deadline = t0 + EDIT_LIMIT
    while page_s is None or backlink_s is None:
        if time.monotonic() > deadline:
            server.pump()
            raise BenchError(f"{note}: edit not served in {EDIT_LIMIT:.0f} s:\n{server.tail()}")
        if page_s is None and word in server.get(url_slug(note)):
            page_s = time.monotonic() - t0
        if backlink_s is None and word in server.get(url_slug(target)):
            backlink_s = time.monotonic() - t0
        time.sleep(POLL)
    server.wait_for("Reloading browsers", reloaded_before + 1, EDIT_LIMIT)
    cpu1 = server.cpu()
    start = len(server.lines)
    server.settle()  # a deferred Graph page is rebuilt now: time it, and let it finish
    times = _built_times(server.lines)
    rendered = [line for line in server.lines if "Rendering " in line][rendered_before:]
    later = zip(server.stamps[start:], server.lines[start:], strict=True)
    reloads = [stamp for stamp, line in later if "Reloading browsers" in line]
    return Edit(
        kind,
        note,
        target,
        page_s,
        backlink_s,
        times[built_before] if len(times) > built_before else None,
        rendered[0].split("Rendering ", 1)[-1] if rendered else "",
        reloads[-1] - t0 if reloads else None,
        None if cpu0 is None or cpu1 is None else cpu1 - cpu0,
    )


def measure(
    root: Path, tmp: Path, n: int = 1000, edits: int = 2, log: Path | None = None
) -> ServeRun:
    """Start the server on an ``n``-note vault; make ``edits`` edits of each kind, one at a
    time, alternating the kinds."""
    base = tmp / f"serve-{n}"
    make_project(root, base, n)
    server = _Server(base, root)
    try:
        t0 = time.monotonic()
        server.wait_for("Serving on http://", 1, START_LIMIT)
        start_s = time.monotonic() - t0
        first = _built_times(server.lines)
        time.sleep(3.0)  # let the plugin finish indexing the first build's pages, as a user would
        server.pump()
        kinds = [kind for _ in range(edits) for kind in KINDS]
        done = []
        for k, kind in enumerate(kinds):
            i, j = (1 + 7 * k) % n, (n // 2 + 11 * k) % n
            done.append(_edit(server, base / "docs", kind, i, j, k))
        return ServeRun(n, start_s, first[0] if first else None, done)
    finally:
        server.stop()
        if log is not None:
            with contextlib.suppress(BenchError):  # its output ends: that is all of it
                server.pump(1.0)
            log.write_text("\n".join(server.lines) + "\n", encoding="utf-8")


def bench_serve(
    root: Path, tmp: Path, res, n: int = 1000, edits: int = 2, log: Path | None = None
) -> ServeRun:
    """Measure and add the rows to ``res`` (a :class:`benchmarks.bench.Results`)."""
    run = measure(root, tmp, n, edits, log)
    res.section(f'Live preview (issue "Fast feedback"): serve --dirty, {n} notes')
    first = f"MkDocs says {run.first_build_s:.2f} s" if run.first_build_s else ""
    res.add("start-up: figures and the first, full build", f"{run.start_s:.2f} s", first)
    for k, e in enumerate(run.edits, 1):
        built = f"MkDocs says {e.mkdocs_s:.2f} s; " if e.mkdocs_s is not None else ""
        what = "linking sentence edited" if e.kind == "sentence" else "link added"
        res.goal(
            f"edit {k}, {what}: saved -> page + backlink served",
            f"{e.seen_s:.2f} s",
            e.seen_s <= GOAL_SERVE_S,
            f"aim ≤ {GOAL_SERVE_S:.0f} s",
            f"page {e.page_s:.2f} s; {built}"
            + (f"server CPU {e.cpu_s:.2f} s; " if e.cpu_s is not None else "")
            + f"rendered {e.rendered}"
            + (f"; Graph page, deferred: {e.later_s:.2f} s" if e.later_s is not None else ""),
        )
    res.data["serve"] = {
        "notes": run.notes,
        "start_s": round(run.start_s, 3),
        "first_build_s": run.first_build_s,
        "edits": [
            {
                "kind": e.kind,
                "note": e.note,
                "target": e.target,
                "page_s": round(e.page_s, 3),
                "backlink_s": round(e.backlink_s, 3),
                "mkdocs_s": e.mkdocs_s,
                "rendered": e.rendered,
                "deferred_graph_s": None if e.later_s is None else round(e.later_s, 3),
                "server_cpu_s": None if e.cpu_s is None else round(e.cpu_s, 3),
            }
            for e in run.edits
        ],
    }
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.serve",
        description="Time from saving one note to its page and backlinks served (serve --dirty).",
    )
    parser.add_argument("--notes", type=int, default=1000, help="vault size (default 1000)")
    parser.add_argument("--edits", type=int, default=2, help="edits of each kind (default 2)")
    parser.add_argument("--log", type=Path, metavar="PATH", help="write the server's log here")
    args = parser.parse_args(argv)
    root = Path.cwd()
    if not (root / "mkdocs.yml").is_file():
        print("error: run this from the repository root (mkdocs.yml)", file=sys.stderr)
        return 2
    from benchmarks.bench import Results, format_table

    res = Results()
    try:
        with tempfile.TemporaryDirectory(prefix="rectified-serve-") as name:
            bench_serve(root, Path(name), res, args.notes, args.edits, args.log)
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(format_table(res.rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
