"""Shared fixtures: the repository root and, built once per run, the site."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def _build_site(tmp_path_factory: pytest.TempPathFactory, builder: str) -> Path:
    """The real notes built strictly by ``builder`` into a temporary folder."""
    manifest = ROOT / "docs" / "figures" / "manifest.json"
    if not manifest.is_file():
        pytest.fail("figures are not rendered: run `nox -s figures` (nox -s test does it)")
    site = tmp_path_factory.mktemp(f"built-{builder}") / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "rectified.build", "--builder", builder, "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        pytest.fail(f"{builder} site build failed:\n{proc.stdout}\n{proc.stderr}")
    return site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built strictly by MkDocs from this checkout into a temporary folder.

    Set RECTIFIED_SITE to an already built site to test that one instead.
    """
    given = os.environ.get("RECTIFIED_SITE")
    if given:
        return Path(given)
    return _build_site(tmp_path_factory, "mkdocs")


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same notes built by Zensical (``python -m rectified.build --builder zensical``)."""
    return _build_site(tmp_path_factory, "zensical")


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A fresh build cache in ``tmp_path/.cache/rectified``, made current; the old one restored
    (tests of the cache, the page cache and the helper process)."""
    from rectified import cache, graph
    from rectified.markdown import math

    monkeypatch.delenv(cache.ENV, raising=False)
    monkeypatch.delenv(cache.ENV_MB, raising=False)
    before = cache.current()
    made = cache.configure(tmp_path)
    monkeypatch.setattr(math, "_memory", {})  # this process's memory must not answer
    monkeypatch.setattr(graph, "_memory", {})
    yield made
    math.wait_for_prefetch()
    made.close()
    cache._current = before
