"""The live preview settles and is fast: one edit while ``mkdocs serve`` runs causes exactly one
rebuild, which renders the pages the edit changes and no other, and leaves the site as a full
build would make it.

The server runs as ``nox -s serve`` runs it (``mkdocs serve --strict --dirty``, the real
``mkdocs.yml`` and plugin) on a throw-away project in a temporary folder: the test vault and a
one-figure snippets package, so that editing files never touches the working tree (other people
edit it) and a rebuild takes seconds. The test reads the server's log and counts rebuilds by
mkdocs' own lines ("Detected file changes", "Building documentation...", "Reloading browsers");
the server's own site folder (found through its ``TMPDIR``) shows which pages a rebuild wrote.

No timed assertions: the test waits for events with generous time limits, and calls the server
settled after a quiet spell with no new log line; only then does it count. Known limit: a loop
slower than the quiet spell (a rebuild triggered more than ``QUIET`` seconds after the last one)
would go unseen; the loop this guards against (issue 15) rebuilt about once a second.
"""

from __future__ import annotations

import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from benchmarks.serve import stop_session
from rectified import serve
from rectified.vault import Vault, url_slug
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


# As noxfile's serve session runs it.
SERVE = [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dirty"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``mkdocs serve`` in ``project``, its output (stdout and stderr) read line by line."""

    def __init__(self, project: Path, tmp: Path) -> None:
        self.port = _free_port()
        self.tmp = tmp  # the server's TMPDIR: its site folder is made there
        env = {
            **os.environ,
            "PYTHONHASHSEED": "0",  # as noxfile's serve session
            "RECTIFIED_GIT_DATES": "false",  # the throw-away project is no git repository
            "JUPYTER_PLATFORM_DIRS": "1",
            "TMPDIR": str(tmp),
        }
        address = f"127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [*SERVE, "--dev-addr", address],
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

    @property
    def site(self) -> Path:
        """The folder the server builds into (``mkdocs serve`` makes it in its TMPDIR)."""
        (found,) = self.tmp.glob("mkdocs_*")
        return found

    def count(self, text: str, since: int = 0) -> int:
        return sum(text in line for line in self.lines[since:])

    def log(self, since: int = 0) -> str:
        return "\n".join(self.lines[since:][-80:])

    def stop(self) -> None:
        stop_session(self.proc)
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
def server(project: Path, tmp_path_factory: pytest.TempPathFactory):
    srv = Server(project, tmp_path_factory.mktemp("serve-tmp"))
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


def _pages(site: Path) -> dict[str, int]:
    """Every page of ``site`` with its modification time (ns); not 404.html, a theme template
    MkDocs renders in every build."""
    pages = [p for p in site.rglob("*.html") if p.name != "404.html"]
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in pages}


def _search_index(site: Path) -> dict[str, list[dict]]:
    """Page URL -> its entries in the search index."""
    data = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    out: dict[str, list[dict]] = {}
    for entry in data["docs"]:
        out.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
    return out


def _page(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / url_slug(rel) / "index.html").read_text("utf-8"), "html.parser")


EDITED = "Markov Inequality.md"  # gains a link to LINKED; UNTOUCHED is near neither
LINKED = "Théorème de Bayes.md"
UNTOUCHED = "Estimation/Overview.md"
NEW_SENTENCE = "The same tail bound, read backwards, is [[Théorème de Bayes|Bayes' rule]] at work."


def test_an_edit_renders_the_pages_it_changes_and_no_other(server: Server, project: Path) -> None:
    server.settle()
    site = server.site
    before, index_before = _pages(site), _search_index(site)
    assert "markov-inequality" not in str(_page(site, LINKED).select("section.backlinks"))

    note = project / "docs" / EDITED
    text = note.read_text(encoding="utf-8")
    rebuilds, log = _edit_and_count(server, note, text, text + f"\n{NEW_SENTENCE}\n")
    assert rebuilds == 1, log

    after, index_after = _pages(site), _search_index(site)
    rendered = {page for page in after if after[page] != before.get(page)}
    # The edited page shows the edit.
    assert url_slug(EDITED) + "index.html" in rendered, log
    assert "read backwards" in _page(site, EDITED).get_text()
    # The note it now links to lists it, with the sentence, under "Linked from".
    assert url_slug(LINKED) + "index.html" in rendered, log
    backlinks = _page(site, LINKED).select_one("section.backlinks")
    assert backlinks is not None, log
    assert "Markov Inequality" in backlinks.get_text(), log
    assert "read backwards" in backlinks.get_text()
    # A page the edit does not change was not written again, and far fewer pages than all were.
    assert url_slug(UNTOUCHED) + "index.html" not in rendered, log
    assert len(rendered) < len(after) / 2, sorted(rendered)
    # The search index still lists every page, once, the edited one as it is now.
    assert index_after.keys() == index_before.keys()
    edited_url = url_slug(EDITED)
    assert any("read backwards" in e["text"] for e in index_after[edited_url])
    for url, entries in index_before.items():
        if url + "index.html" not in rendered:
            assert index_after[url] == entries, url


def test_a_hidden_file_renders_no_page(server: Server, project: Path) -> None:
    """Obsidian rewrites ``.obsidian/workspace.json`` as one moves around the vault: MkDocs
    rebuilds, and no page needs to change (the site does not read hidden folders)."""
    server.settle()
    before = _pages(server.site)
    start = len(server.lines)
    workspace = project / "docs" / ".obsidian" / "workspace.json"
    workspace.parent.mkdir(exist_ok=True)
    workspace.write_text('{"active": "Variance.md"}\n', encoding="utf-8")
    server.wait_for(RELOADED, server.count(RELOADED) + 1)
    server.settle()
    assert server.count(BUILDING, start) == 1, server.log(start)
    assert _pages(server.site) == before, server.log(start)


FAILED = "An error happened during the rebuild"


def _break_and_fix(server: Server, note: Path, broken: str) -> str:
    """Save ``broken`` as the note, wait for the failed build, put the note back, wait for the
    rebuild; return the log since the first save."""
    server.settle()
    start, text = len(server.lines), note.read_text(encoding="utf-8")
    note.write_text(broken, encoding="utf-8")
    server.wait_for(FAILED, server.count(FAILED) + 1)
    server.settle()
    note.write_text(text, encoding="utf-8")
    server.wait_for(RELOADED, server.count(RELOADED) + 1)
    server.settle()
    return server.log(start)


@pytest.mark.parametrize(
    "broken",
    [
        pytest.param("\nSee [[Variance#No such heading]].\n", id="page-error"),
        pytest.param("---\ntitle: [unclosed\n---\n", id="front-matter"),
    ],
)
def test_a_failed_build_is_made_good_by_the_next_edit(
    server: Server, project: Path, broken: str
) -> None:
    """A note saved broken fails the build (strict); saved again, the site is rebuilt from the
    last good build: the pages the failed build wrote, and nothing else, not every page."""
    note = project / "docs" / "Variance.md"
    text = note.read_text(encoding="utf-8")
    log = _break_and_fix(server, note, text + broken if broken.startswith("\n") else broken + text)
    assert "Rendering every page" not in log, log
    assert "No such heading" not in _page(server.site, "Variance.md").get_text()


def test_after_edits_the_site_is_what_a_full_build_makes(
    server: Server, project: Path, tmp_path: Path
) -> None:
    """Every page and the search index, byte for byte, against ``mkdocs build`` of the same
    notes (with the server's address as the site's, as serve sets it)."""
    server.settle()
    full = tmp_path / "full"
    env = {
        **os.environ,
        "RECTIFIED_GIT_DATES": "false",
        "SITE_URL": f"http://127.0.0.1:{server.port}/",
    }
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(full)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    served = server.site
    pages = sorted(p.relative_to(full).as_posix() for p in full.rglob("*.html"))
    assert pages == sorted(p.relative_to(served).as_posix() for p in served.rglob("*.html"))
    differ = [p for p in pages if (full / p).read_bytes() != (served / p).read_bytes()]
    assert not differ, differ
    assert _search_index(served) == _search_index(full)


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


# --------------------------------------------------------------------------- the plan, no server

NOTES = {
    "A.md": "# A\n\nA leans on [[B]] for its proof.\n\nAnother paragraph.\n",
    "B.md": "---\ntags: [core]\n---\n\n# B\n\nB stands alone.\n\n## Proof\n\nHere.\n",
    "C.md": "# C\n\nC cites [[B#Lemma]] before it exists.\n",
    "D.md": "# D\n\n![[B#Proof]]\n",
    "E.md": "# E\n\n![[D]]\n",
    "F.md": "# F\n\nF is far from everything.\n",
    "G.md": "# G\n\n![[Laws.base]]\n",
    "Laws.base": "views:\n  - type: table\n",
}


def _vaults(tmp_path: Path, edits: dict[str, str]) -> tuple[Vault, Vault | None, set[str]]:
    """The vault of NOTES, and that vault after ``edits`` as ``serve`` updates it (or None)."""
    for rel, text in NOTES.items():
        (tmp_path / rel).write_text(text, encoding="utf-8")
    before = Vault.from_dir(tmp_path)
    for rel, text in edits.items():
        (tmp_path / rel).write_text(text, encoding="utf-8")
    return before, serve.refreshed_vault(before, tmp_path, set(edits)), set(edits)


@pytest.mark.parametrize(
    ("edits", "rendered", "not_rendered"),
    [
        pytest.param(  # a linking sentence: the note it links to lists it with that sentence
            {"A.md": NOTES["A.md"].replace("leans on", "builds on")},
            {"A.md", "B.md"},
            {"C.md", "F.md", "graph.md", "notes.md"},
            id="sentence",
        ),
        pytest.param(  # elsewhere in the note: nothing but the note (and base pages)
            {"A.md": NOTES["A.md"].replace("Another", "One more")},
            {"A.md"},
            {"B.md", "F.md", "graph.md"},
            id="prose",
        ),
        pytest.param(  # a new link: the target's backlinks, both graphs, the Graph page
            {"F.md": NOTES["F.md"] + "\nNow F cites [[A]].\n"},
            {"F.md", "A.md", "graph.md"},
            {"C.md", "notes.md", "tags.md"},
            id="new-link",
        ),
        pytest.param(  # a new title: neighbours' graphs and backlinks, All notes, Tags, Graph
            {"B.md": NOTES["B.md"].replace("tags: [core]", "title: Bee\ntags: [core]")},
            {"B.md", "A.md", "D.md", "notes.md", "tags.md", "graph.md"},
            {"F.md"},
            id="title",
        ),
        pytest.param(  # a heading that a link waited for: the linking note resolves it now
            {"B.md": NOTES["B.md"] + "\n## Lemma\n\nSmall.\n"},
            {"B.md", "C.md", "D.md", "E.md"},
            {"F.md"},
            id="heading",
        ),
        pytest.param(  # embeds of embeds: E shows D, which shows B
            {"B.md": NOTES["B.md"].replace("Here.", "Here, in full.")},
            {"B.md", "D.md", "E.md"},
            {"F.md", "graph.md"},
            id="embed-chain",
        ),
        pytest.param(  # a tag: the Tags and All notes pages (rectified.changes counts the
            # Graph page too, whose layout, unchanged, comes from the build cache)
            {"F.md": "---\ntags: [far]\n---\n" + NOTES["F.md"]},
            {"F.md", "tags.md", "notes.md"},
            {"A.md", "B.md"},
            id="tag",
        ),
    ],
)
def test_plan_renders_what_an_edit_changes(
    tmp_path: Path, edits: dict[str, str], rendered: set[str], not_rendered: set[str]
) -> None:
    before, after, edited = _vaults(tmp_path, edits)
    assert after is not None
    plan = serve.plan(before, after, edited)
    assert not plan.full
    assert rendered <= plan.pages, sorted(plan.pages)
    assert "G.md" in plan.pages  # a base queries the whole vault: always rendered again
    assert not (not_rendered & plan.pages), sorted(plan.pages)


@pytest.mark.parametrize(
    "edits",
    [
        pytest.param({"H.md": "# H\n"}, id="new-note"),
        pytest.param({"A.md": "---\naliases: [Ay]\n---\n" + NOTES["A.md"]}, id="aliases"),
        pytest.param({"Laws.base": "views: []\n"}, id="not-a-note"),
    ],
)
def test_anything_but_an_edit_of_notes_is_indexed_whole(
    tmp_path: Path, edits: dict[str, str]
) -> None:
    _, after, _ = _vaults(tmp_path, edits)
    assert after is None


def test_an_updated_index_keeps_the_unchanged_notes(tmp_path: Path) -> None:
    before, after, _ = _vaults(tmp_path, {"A.md": NOTES["A.md"] + "\nMore.\n"})
    assert after is not None
    assert after.notes["F.md"] is before.notes["F.md"]
    assert after.notes["A.md"].text.endswith("More.\n")
    fresh = Vault.from_dir(tmp_path)
    assert after.links() == fresh.links()
    assert [n.url for n in after.notes.values()] == [n.url for n in fresh.notes.values()]


def test_a_deletion_is_seen_in_the_snapshots(tmp_path: Path) -> None:
    (tmp_path / "A.md").write_text("a", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.md").write_text("x", encoding="utf-8")
    first = serve.snapshot(tmp_path)
    assert set(first) == {"A.md"}
    (tmp_path / "A.md").unlink()
    assert serve.changed_files(first, serve.snapshot(tmp_path)) == {"A.md"}


def test_the_serve_bench_edits_a_linking_sentence_of_every_synthetic_note() -> None:
    """benchmarks/serve.py's sentence edit relies on the synthetic note's first link."""
    from benchmarks.serve import _FIRST_LINK
    from benchmarks.synthetic import note_name, synthetic_note

    names = {note_name(i) for i in range(1000)}
    for i in range(0, 1000, 37):
        found = _FIRST_LINK.search(synthetic_note(i, 1000))
        assert found is not None, i
        assert found.group(3).strip() in names


def test_pages_the_navigation_names_by_their_title() -> None:
    """An edit of such a page changes every page's navigation: the plugin rebuilds them all."""
    from rectified.plugin import _untitled_nav_entries

    nav = ["a.md", {"Titled": "b.md"}, {"Section": ["c.md", {"Also titled": "d.md"}]}]
    assert _untitled_nav_entries(nav) == {"a.md", "c.md"}
