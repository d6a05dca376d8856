"""Bad input fails the build with file and line, and the last good site survives."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.site.project import build, make_project

pytestmark = pytest.mark.site

GOOD = """---
title: Good
tags: [test]
---

# Good

> [!important] Definition
> $$
> f(x) = \\max(0, x)
> $$

![[relu.svg]]
"""


@pytest.fixture
def good_site(tmp_path: Path) -> tuple[Path, Path]:
    config = make_project(tmp_path, {"index.md": GOOD})
    site = tmp_path / "site"
    proc = build(config, site)
    assert proc.returncode == 0, proc.stderr
    assert (site / "index.html").is_file()
    return config, site


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


BAD_NOTES = [
    (
        "unregistered-figure",
        "---\ntitle: Bad\n---\n\nText.\n\n![[no-such-figure.svg]]\n",
        "docs/bad.md:7: embedded image 'no-such-figure.svg' does not exist",
    ),
    (
        "malformed-front-matter",
        "---\ntitle: [unclosed\ntags: x\n---\n\nText.\n",
        "bad.md",
    ),
    (
        "impossible-date",
        "---\ntitle: Bad\ncreated: 2024-13-01\n---\n\nText.\n",
        "docs/bad.md:3: front matter holds a date that does not exist",
    ),
    (
        "bad-math",
        "---\ntitle: Bad\n---\n\nSome text.\n\n$$\n\\frac{1}{\n$$\n",
        "docs/bad.md:8: bad math",  # the line holding the bad TeX
    ),
    (
        "malformed-callout",
        "---\ntitle: Bad\n---\n\n> [!two words] Title\n> body\n",
        "docs/bad.md:5",
    ),
]


@pytest.mark.parametrize(
    ("text", "message"), [c[1:] for c in BAD_NOTES], ids=[c[0] for c in BAD_NOTES]
)
def test_bad_note_fails_naming_file_and_line_and_keeps_the_old_site(good_site, text, message):
    config, site = good_site
    before = snapshot(site)
    (config.parent / "docs" / "bad.md").write_text(text, encoding="utf-8")
    proc = build(config, site)
    assert proc.returncode != 0
    assert message in proc.stdout + proc.stderr
    assert snapshot(site) == before
    assert not list(site.parent.glob("site.tmp-*"))


def test_a_figure_removed_from_the_registry_fails_the_note_that_embeds_it(tmp_path: Path):
    config = make_project(tmp_path, {"index.md": GOOD}, manifest={})
    proc = build(config, tmp_path / "site")
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    assert "docs/index.md:13: embedded image 'relu.svg' does not exist" in out
    assert "snippets/registry.py" in out
