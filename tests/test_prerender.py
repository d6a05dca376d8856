"""The helper process that converts pages ahead (rectified.prerender).

Unit tests with stand-in pages: when no helper starts, where the helper stops, that a page it
fails on does not stop it, that a hung helper is ended, that it prints nothing. A real build
with a helper, compared byte for byte with one without, is in tests/site/test_prerender_site.py.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from rectified import cache, prerender
from rectified.markdown import math

pytestmark = [
    pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform"),
    # Earlier tests in this process may have started KaTeX, whose V8 keeps a thread: the forks
    # here run nothing of V8's, as a build's helper never does.
    pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning"),
]


@pytest.fixture
def fresh_process(monkeypatch: pytest.MonkeyPatch):
    """This test process as a build's is when it forks: one thread, V8 not started (earlier
    tests may have started KaTeX, whose thread stays; nothing here uses it), no RECTIFIED_JOBS."""
    monkeypatch.delenv(prerender.ENV, raising=False)
    monkeypatch.setattr(prerender.threading, "active_count", lambda: 1)
    monkeypatch.setattr(math, "_context", None)


def _pages(n: int) -> list[str]:
    return [f"note-{i:03d}.md" for i in range(n)]


def _converted(folder: Path) -> list[int]:
    return sorted(int(p.stem) for p in folder.iterdir())


def _marker(folder: Path, *, fail: int | None = None, delay: float = 0.0):
    def convert(page: str) -> None:
        i = int(page[5:8])
        if i == fail:
            raise RuntimeError("this page is broken")
        time.sleep(delay)
        (folder / f"{i}.done").write_text(page, encoding="utf-8")

    return convert


def _no_formulas(page: str) -> list[tuple[str, bool]]:
    return []


def _wait_for(folder: Path, count: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while len(list(folder.iterdir())) < count:
        assert time.monotonic() < deadline, f"the helper converted {len(list(folder.iterdir()))}"
        time.sleep(0.01)


@pytest.mark.parametrize(
    ("setup", "pages", "serving", "warm", "reason"),
    [
        (lambda mp: None, 1000, False, False, None),
        (lambda mp: mp.setenv(prerender.ENV, "1"), 1000, False, False, "RECTIFIED_JOBS=1"),
        (
            lambda mp: mp.setattr(cache, "_current", None),
            1000,
            False,
            False,
            "the build cache is off",
        ),
        (lambda mp: None, 1000, True, False, "serving"),
        (lambda mp: None, 1000, False, True, "the build cache is warm"),
        (
            lambda mp: None,
            prerender.MIN_PAGES - 1,
            False,
            False,
            f"{prerender.MIN_PAGES - 1} pages",
        ),
        (lambda mp: mp.setattr(os, "cpu_count", lambda: 1), 1000, False, False, "one core"),
        (lambda mp: mp.setattr(math, "_context", object()), 1000, False, False, "KaTeX already"),
        (lambda mp: mp.delattr(os, "fork"), 1000, False, False, "no fork on this platform"),
    ],
    ids=["helps", "jobs-1", "off", "serving", "warm", "few", "one-core", "katex", "no-fork"],
)
def test_when_no_helper_starts(
    store, fresh_process, monkeypatch, setup, pages, serving, warm, reason
):
    setup(monkeypatch)
    found = prerender.reason_not_to(pages, serving=serving, warm=warm)
    assert found == reason or (reason is not None and found.startswith(reason))


def test_no_helper_while_another_thread_runs(store):
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert prerender.reason_not_to(1000, serving=False) == "this process runs other threads"
    finally:
        release.set()
        thread.join()


def test_the_helper_works_backwards_and_stops_where_the_build_is(tmp_path: Path):
    pages, done = _pages(200), tmp_path / "done"
    done.mkdir()
    helper = prerender.start(pages, _marker(done, delay=0.002), _no_formulas, str)
    assert helper is not None
    _wait_for(done, 20)
    for i, page in enumerate(pages):  # the build goes forwards until it meets a converted page
        if (done / f"{i}.done").exists():
            break
        helper.at(page)
    reached = helper.stop()
    got = _converted(done)
    assert got == list(range(len(pages) - len(got), len(pages))), "not contiguous from the end"
    assert 20 <= len(got) <= reached <= len(pages)
    assert helper.stop() == reached  # idempotent


def test_the_helper_never_converts_a_page_the_build_has_reached(tmp_path: Path):
    pages, done = _pages(100), tmp_path / "done"
    done.mkdir()
    helper = prerender.start(pages, _marker(done, delay=0.05), _no_formulas, str)
    helper.at(pages[97])  # the build is already far ahead: only 98 and 99 are left
    time.sleep(0.5)
    helper.stop()
    assert set(_converted(done)) <= {98, 99}


def test_a_page_the_helper_fails_on_is_left_to_the_build(tmp_path: Path):
    pages, done = _pages(60), tmp_path / "done"
    done.mkdir()
    helper = prerender.start(pages, _marker(done, fail=55), _no_formulas, str)
    _wait_for(done, 59)
    helper.stop()
    assert _converted(done) == [i for i in range(60) if i != 55]


def test_a_hung_helper_is_ended_and_reaped(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(prerender, "STOP_WAIT", 0.2)
    pages, done = _pages(60), tmp_path / "done"
    done.mkdir()

    def hang(page: str) -> None:
        (done / "started").write_text("", encoding="utf-8")
        time.sleep(3600)

    helper = prerender.start(pages, hang, _no_formulas, str)
    _wait_for(done, 1)
    helper.stop()
    with pytest.raises(ChildProcessError):  # reaped: no zombie left behind
        os.waitpid(helper.pid, os.WNOHANG)


def test_the_helper_prints_and_logs_nothing(tmp_path: Path, capfd, caplog):
    pages, done = _pages(50), tmp_path / "done"
    done.mkdir()

    def noisy(page: str) -> None:
        print("printed by the helper")
        os.write(2, b"written to stderr by the helper\n")
        prerender.log.warning("logged by the helper")
        (done / f"{int(page[5:8])}.done").write_text("", encoding="utf-8")

    helper = prerender.start(pages, noisy, _no_formulas, str)
    _wait_for(done, 50)
    helper.stop()
    out, err = capfd.readouterr()
    assert "helper" not in out + err
    assert "logged by the helper" not in caplog.text


def test_a_vault_parsed_with_a_helper_is_the_vault_parsed_alone(store, fresh_process, monkeypatch):
    """The helper parses notes from the last one backwards into the cache; the index built from
    its entries equals one parsed in this process alone (the cache off)."""
    from benchmarks.synthetic import synthetic_vault
    from rectified.vault import Vault

    texts = synthetic_vault(3 * prerender.MIN_PAGES)
    helped = Vault.from_texts(texts, ahead=True)
    assert store.hits > 0, "the build found no note the helper parsed"
    monkeypatch.setattr(cache, "_current", None)
    alone = Vault.from_texts(texts)
    assert list(helped.notes) == list(alone.notes)
    assert helped.notes == alone.notes
    assert helped.links() == alone.links()
    assert not helped.warm
    monkeypatch.setattr(cache, "_current", store)
    again = Vault.from_texts(texts, ahead=True)  # the cache holds every note: no helper
    assert again.warm
    assert again.notes == alone.notes


def test_the_background_prefetch_stops_at_the_first_unwanted_chunk(store, monkeypatch):
    """With a helper, the build typesets only the formulas of pages it will reach; a page past
    that point does not wait for a prefetch that will never come (it typesets its own)."""
    monkeypatch.setattr(math, "_memory", {})
    groups = [[(f"x_{{{i}}}^{{{i}}}", False)] for i in range(2 * math.CHUNK + 3)]
    asked: list[int] = []

    def wanted(i: int) -> bool:
        asked.append(i)
        return i < math.CHUNK

    math.prefetch_in_background(groups, wanted=wanted)
    math.wait_for_prefetch()
    assert asked == [0, math.CHUNK]
    assert all(group[0] in math._memory for group in groups[: math.CHUNK])
    assert not any(group[0] in math._memory for group in groups[math.CHUNK :])
    assert not math._pending
    tex, display = groups[-1][0]
    assert "katex" in math.render_tex(tex, display)
