"""A real MkDocs build whose helper process converts pages ahead (rectified.prerender) is byte
for byte the build without one, cold and warm, and the helper did convert pages."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.synthetic import site_config, synthetic_vault, write_texts
from rectified import cache, prerender
from tests.site.test_pagecache_site import _differences

ROOT = Path(__file__).resolve().parents[2]
NOTES = 2 * prerender.MIN_PAGES

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


def _mkdocs(config: Path, site: Path, store: Path, **env: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-v", "-f", str(config), "-d", site],
        cwd=config.parent,
        capture_output=True,
        text=True,
        env={**os.environ, "RECTIFIED_GIT_DATES": "false", cache.ENV: str(store), **env},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout + proc.stderr


def _reached(output: str) -> int | None:
    found = re.search(r"a helper process converted pages ahead: it reached (\d+)", output)
    return int(found.group(1)) if found else None


@pytest.fixture(scope="module")
def vault(tmp_path_factory) -> Path:
    if not (ROOT / "docs" / "figures" / "relu.svg").is_file():
        pytest.skip("the figures are not rendered (nox -s figures)")
    base = tmp_path_factory.mktemp("prerender")
    docs = base / "docs"
    write_texts(docs, synthetic_vault(NOTES))
    shutil.copytree(ROOT / "docs" / "figures", docs / "figures")
    config = base / "mkdocs.yml"
    config.write_text(site_config(ROOT, docs, prune_nav=True), encoding="utf-8")
    return config


def test_a_build_with_a_helper_is_the_build_without(vault: Path, tmp_path: Path):
    env = {prerender.ENV: ""}
    alone = _mkdocs(vault, tmp_path / "alone", tmp_path / "cache-alone", RECTIFIED_JOBS="1")
    assert _reached(alone) is None
    helped = _mkdocs(vault, tmp_path / "helped", tmp_path / "cache-helped", **env)
    reached = _reached(helped)
    assert reached is not None, helped[-2000:]
    assert 0 < reached <= NOTES
    assert _differences(tmp_path / "alone", tmp_path / "helped") == []
    # Warm: every page from the cache the helper and the build filled together, and no
    # helper (the cache holds the last note: a hit costs the build the same either way).
    warm = _mkdocs(vault, tmp_path / "warm", tmp_path / "cache-helped", **env)
    assert _reached(warm) is None
    assert "pages are converted in this process only: the build cache is warm" in warm
    assert _differences(tmp_path / "alone", tmp_path / "warm") == []


def test_a_broken_note_is_reported_as_without_a_helper(vault: Path, tmp_path: Path):
    """The helper converts the broken page too and keeps nothing; the build reports the error
    (and the warnings it causes on other pages) exactly as a build without a helper does."""
    docs = tmp_path / "docs"
    shutil.copytree(vault.parent / "docs", docs)
    config = tmp_path / "mkdocs.yml"
    config.write_text(vault.read_text(encoding="utf-8").replace(str(vault.parent), str(tmp_path)))
    last = sorted(p for p in docs.rglob("*.md") if p.name != "index.md")[-1]
    last.write_text(last.read_text(encoding="utf-8") + "\n$$\\frac{1}{$$\n", encoding="utf-8")

    def output(name: str, **env: str) -> list[str]:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "--strict",
                "-f",
                config,
                "-d",
                tmp_path / name,
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env={**os.environ, "RECTIFIED_GIT_DATES": "false", cache.ENV: str(tmp_path / name)}
            | {**env, cache.ENV: str(tmp_path / f"cache-{name}")},
        )
        assert proc.returncode != 0
        return [line for line in proc.stderr.splitlines() if "WARNING" in line or ".md:" in line]

    alone = output("alone", RECTIFIED_JOBS="1")
    assert any(f"{last.name}:" in line and "bad math" in line for line in alone), alone
    assert output("helped", RECTIFIED_JOBS="") == alone
