"""A vault broken four ways: one build names all four with file and line, under either builder,
and the last good site survives."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.site.project import build, make_project

pytestmark = pytest.mark.site

GOOD = {
    "index.md": "---\ntitle: Home\n---\n\n# Home\n\nSee [[Target#Present]] here.\n",
    "Target.md": "# Target\n\n## Present\n\nA block worth quoting. ^real\n",
    "Blocky.md": "# Blocky\n\nSome words.\n\nAs [[Target#^real]] says.\n",
    "Front.md": "---\ntitle: Front\n---\n\n# Front\n\nPlain.\n",
    "Figure.md": "# Figure\n\nA plot:\n\n![[relu.svg]]\n",
}

# (note, its broken text, what the build must say about it)
BROKEN = [
    (
        "index.md",
        "---\ntitle: Home\n---\n\n# Home\n\nSee [[Target#Presnt part]] here.\n",
        "docs/index.md:7: 'Target.md' has no heading 'Presnt part'",
    ),
    (
        "Blocky.md",
        "# Blocky\n\nSome words.\n\nAs [[Target#^reel]] says.\n",
        "docs/Blocky.md:5: 'Target.md' has no block ^reel (did you mean 'real'?)",
    ),
    (
        "Front.md",
        "---\ntitle: [Front\n---\n\n# Front\n\nPlain.\n",
        "docs/Front.md:2: malformed front matter",
    ),
    (
        "Figure.md",
        "# Figure\n\nA plot:\n\n![[no-such-plot.svg]]\n",
        "docs/Figure.md:5: embedded image 'no-such-plot.svg' does not exist in the vault",
    ),
]


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _break(config: Path, cases) -> None:
    for note, text, _ in cases:
        (config.parent / "docs" / note).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_one_build_names_every_broken_note_and_keeps_the_old_site(tmp_path: Path, builder):
    config = make_project(tmp_path, GOOD)
    site = tmp_path / "site"
    proc = build(config, site, builder)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    before = snapshot(site)
    assert before
    _break(config, BROKEN)
    proc = build(config, site, builder)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    for _, _, message in BROKEN:
        assert f"error: {message}" in out, out
    assert "4 errors in notes" in out
    assert snapshot(site) == before
    assert not list(tmp_path.glob("site.tmp-*"))


def test_an_error_only_a_conversion_finds_is_listed_with_the_others(tmp_path: Path):
    """Bad TeX is found while a page converts; the pages after it still convert and report."""
    config = make_project(tmp_path, GOOD)
    bad_math = "# Front\n\nSome text.\n\n$$\n\\frac{1}{\n$$\n"
    cases = [c for c in BROKEN if c[0] != "Front.md"] + [("Front.md", bad_math, "")]
    _break(config, cases)
    proc = build(config, tmp_path / "site")
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "error: docs/Front.md:6: bad math" in out
    for _, _, message in cases[:3]:
        assert f"error: {message}" in out, out
    assert not (tmp_path / "site").exists()


def test_plain_mkdocs_strict_lists_every_error_too(tmp_path: Path):
    config = make_project(tmp_path, GOOD)
    _break(config, [c for c in BROKEN if c[0] != "Front.md"])
    env = {**os.environ, "RECTIFIED_GIT_DATES": "false", "NO_MKDOCS_2_WARNING": "1"}
    env.pop("RECTIFIED_NOTE_ERRORS", None)
    args = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)]
    proc = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, env=env)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "3 errors in notes" in out
    for note, _, message in BROKEN:
        if note != "Front.md":
            assert message in out, out
