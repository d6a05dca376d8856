"""benchmarks/lighthouse.py without Lighthouse: which page it measures and how it serves it.

Scores themselves are measurements (the bench prints them, nothing asserts them); what can be
tested is that the page with the most sliders is chosen, that the server answers as a static
host does (gzip when asked), and that a missing tool is reported, not crashed on.
"""

from __future__ import annotations

import gzip
import json
import urllib.request
from pathlib import Path

import pytest

from benchmarks import lighthouse
from benchmarks.lighthouse import EXPLORABLE, PageScore, Run, pages_by_sliders, serve

FIGURE = f'<figure {EXPLORABLE} id="f"></figure>'

SITES = [
    # (pages: URL folder -> explorable figures on it, expected ranking)
    ({"": 0, "a": 1, "b": 2}, [("/b/", 2), ("/a/", 1)]),
    ({"": 1, "x/y": 1}, [("/", 1), ("/x/y/", 1)]),
    ({"": 0, "a": 0}, []),
]


@pytest.mark.parametrize(("pages", "expected"), SITES)
def test_pages_are_ranked_by_their_sliders(tmp_path: Path, pages, expected):
    for folder, n in pages.items():
        page = tmp_path / folder / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text("<html><body>" + FIGURE * n + "</body></html>", encoding="utf-8")
    assert pages_by_sliders(tmp_path) == expected


def _get(url: str, gzip_ok: bool) -> tuple[bytes, str | None]:
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as r:
        return r.read(), r.headers.get("Content-Encoding")


@pytest.mark.parametrize(
    ("name", "gzipped"), [("index.html", True), ("a.js", True), ("a.svg", True), ("a.png", False)]
)
def test_the_server_gzips_text_as_a_static_host_does(tmp_path: Path, name: str, gzipped: bool):
    body = b"<p>" + b"relu " * 200 + b"</p>"
    (tmp_path / name).write_bytes(body)
    with serve(tmp_path) as base:
        url = f"{base}/{'' if name == 'index.html' else name}"
        raw, encoding = _get(url, gzip_ok=True)
        assert encoding == ("gzip" if gzipped else None)
        assert (gzip.decompress(raw) if gzipped else raw) == body
        plain, encoding = _get(url, gzip_ok=False)
        assert (plain, encoding) == (body, None)


def test_missing_npm_is_reported(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(lighthouse.shutil, "which", lambda _name: None)
    with pytest.raises(lighthouse.LighthouseUnavailableError, match="npm"):
        lighthouse.install(tmp_path)


def test_the_lock_pins_lighthouse_exactly():
    here = lighthouse.HERE
    wanted = json.loads((here / "package.json").read_text())["dependencies"]["lighthouse"]
    lock = json.loads((here / "package-lock.json").read_text())
    assert wanted[0].isdigit(), "an exact version, not a range"
    assert lock["packages"]["node_modules/lighthouse"]["version"] == wanted


def test_medians_are_taken_per_score():
    names = lighthouse.METRICS.values()
    runs = [Run(p, 1.0, {m: 100.0 * p for m in names}) for p in (0.9, 1, 0.95)]
    score = PageScore("/softplus/", runs)
    assert score.median("performance") == 0.95
    assert score.as_dict()["metrics_median"]["LCP"] == 95.0
    assert "runs 0.90 1.00 0.95" in lighthouse.describe(score)


def test_cli_refuses_a_folder_that_is_not_a_site(tmp_path: Path):
    assert lighthouse.main([str(tmp_path)]) == 2
