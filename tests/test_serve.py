"""The live preview settles: one edit while ``mkdocs serve`` runs causes exactly one rebuild.

The server runs as ``nox -s serve`` runs it (``mkdocs serve --strict``, the real ``mkdocs.yml``
and plugin) on a throw-away project in a temporary folder: the test vault and a one-figure
snippets package, so that editing files never touches the working tree (other people edit it)
and a rebuild takes seconds. The test reads the server's log and counts rebuilds by mkdocs' own
lines ("Detected file changes", "Building documentation...", "Reloading browsers").

No timed assertions: the test waits for events with generous time limits, and calls the server
settled after a quiet spell with no new log line; only then does it count. Known limit: a loop
slower than the quiet spell (a rebuild triggered more than ``QUIET`` seconds after the last one)
would go unseen; the loop this guards against (issue 15) rebuilt about once a second.
"""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.site.project import copy_vault

ROOT = Path(__file__).resolve().parent.parent
VAULT = ROOT / "tests" / "vault"

QUIET = 10.0  # seconds without a new log line: the server has settled
START_LIMIT = 300.0  # generous: first figure render, first build, on a loaded machine
EVENT_LIMIT = 180.0

DETECTED = "Detected file changes"
BUILDING = "Building documentation..."
RELOADED = "Reloading browsers"
SERVING = "Serving on http://"

# A one-figure snippets package: the figure the test vault embeds (relu.svg), drawn from few
# points so that the edit below changes its picture.
SNIPPETS = {
    "__init__.py": '"""Snippets of the serve test."""\n',
    "probe.py": '''"""The serve test's only figure."""

import numpy as np
from matplotlib.figure import Figure


def relu_plot() -> Figure:
    """ReLU on a few points

    The rectifier drawn through a handful of points.
    """
    fig = Figure()
    ax = fig.add_subplot()
    x = np.linspace(-2.0, 2.0, POINTS)
    ax.plot(x, np.maximum(x, 0.0))
    ax.set_title("ReLU")
    ax.set_xlabel("x")
    ax.set_ylabel("relu(x)")
    return fig


POINTS = 5
''',
    "registry.py": '''"""The serve test's registry."""

from snippets import probe

FIGURES = {"relu": probe.relu_plot}
''',
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``mkdocs serve`` in ``project``, its output (stdout and stderr) read line by line."""

    def __init__(self, project: Path) -> None:
        self.port = _free_port()
        env = {
            **os.environ,
            "PYTHONHASHSEED": "0",  # as noxfile's serve session
            "RECTIFIED_GIT_DATES": "false",  # the throw-away project is no git repository
            "JUPYTER_PLATFORM_DIRS": "1",
        }
        address = f"127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", address],
            cwd=project,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its figure runner too is stopped with it
        )
        self.lines: list[str] = []
        self._quiet_at = -1  # len(lines) at the end of the last quiet spell
        self._new: queue.Queue[str] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._new.put(line.rstrip("\n"))
        self._new.put("")  # end of output

    def _pull(self, timeout: float) -> bool:
        """Take the next line (False if none came within ``timeout``)."""
        try:
            line = self._new.get(timeout=timeout)
        except queue.Empty:
            return False
        if line == "" and self.proc.poll() is not None:
            pytest.fail(f"the server stopped (exit {self.proc.returncode}):\n{self.log()}")
        self.lines.append(line)
        return True

    def wait_for(self, text: str, count: int, limit: float = EVENT_LIMIT) -> None:
        """Wait until ``text`` has appeared ``count`` times in the log."""
        deadline = time.monotonic() + limit
        while self.count(text) < count:
            left = deadline - time.monotonic()
            if left <= 0:
                pytest.fail(f"no {text!r} (#{count}) within {limit:.0f} s:\n{self.log()}")
            self._pull(min(left, 1.0))

    def settle(self, limit: float = EVENT_LIMIT) -> None:
        """Wait for a quiet spell: ``QUIET`` seconds in which the server logs nothing.

        At once if it has logged nothing since the last quiet spell.
        """
        if self._quiet_at == len(self.lines) and self._new.empty():
            return
        deadline = time.monotonic() + limit
        while self._pull(QUIET):
            if time.monotonic() > deadline:
                pytest.fail(f"the server never settled within {limit:.0f} s:\n{self.log()}")
        self._quiet_at = len(self.lines)

    def count(self, text: str, since: int = 0) -> int:
        return sum(text in line for line in self.lines[since:])

    def log(self, since: int = 0) -> str:
        return "\n".join(self.lines[since:][-80:])

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self._reader.join(timeout=10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("serve")
    copy_vault(VAULT, base, manifest={})  # no figures yet: the server's runner draws them
    (base / "snippets").mkdir()
    for name, text in SNIPPETS.items():
        (base / "snippets" / name).write_text(text, encoding="utf-8")
    return base


@pytest.fixture(scope="module")
def server(project: Path):
    srv = Server(project)
    try:
        srv.wait_for(SERVING, 1, START_LIMIT)
        srv.settle()
        yield srv
    finally:
        srv.stop()


def _edit_and_count(server: Server, path: Path, old: str, new: str) -> tuple[int, str]:
    """Replace ``old`` by ``new`` in ``path``, wait for the rebuild and for the server to settle;
    return the rebuilds the edit caused and the log since the edit."""
    server.settle()
    start = len(server.lines)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    server.wait_for(RELOADED, server.count(RELOADED) + 1)
    server.settle()
    log = server.log(start)
    rebuilds = server.count(BUILDING, start)
    # Each rebuild is one change detected, one build, one reload; anything else is a loop or a
    # failed build.
    assert server.count(DETECTED, start) == rebuilds, log
    assert server.count(RELOADED, start) == rebuilds, log
    return rebuilds, log


def test_the_server_starts_and_builds_once(server: Server) -> None:
    assert server.count(BUILDING) == 1, server.log()
    assert server.count(DETECTED) == 0, server.log()


def test_one_note_edit_rebuilds_once(server: Server, project: Path) -> None:
    note = project / "docs" / "Variance.md"
    text = note.read_text(encoding="utf-8")
    rebuilds, log = _edit_and_count(server, note, text, text + "\n")
    assert rebuilds == 1, log


# The plugin renders figures when snippets/ changes, outside any build (rendering inside the
# build once landed the new figure while it ran, and a second, identical build followed).
def test_one_snippet_edit_rerenders_its_figure_and_rebuilds_once(
    server: Server, project: Path
) -> None:
    figure = project / "docs" / "figures" / "relu.svg"
    before = figure.read_bytes()
    snippet = project / "snippets" / "probe.py"
    rebuilds, log = _edit_and_count(server, snippet, "POINTS = 5", "POINTS = 9")
    assert figure.read_bytes() != before, "relu.svg was not re-rendered"
    # The runner's table names the figure it drew afresh.
    assert any(line.split()[:2] == ["relu", "rendered"] for line in log.splitlines()), log
    assert rebuilds == 1, log
