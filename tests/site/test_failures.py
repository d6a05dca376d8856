"""Bad input fails the build with file and line, and the last good site survives."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.site.project import ROOT, build, make_project

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


# --- strict mode: a MkDocs warning fails the build ------------------------------------------

# A link to a heading of the same page that does not exist: MkDocs' anchor validation warns
# (the project's own link check covers links to other notes, and fails without --strict).
BROKEN_ANCHOR = "---\ntitle: Bad\n---\n\nSee [the missing part](#no-such-heading).\n"
ANCHOR_WARNING = "contains a link '#no-such-heading', but there is no such anchor on this page"


@pytest.fixture
def warning_project(tmp_path: Path) -> Path:
    """A vault whose only fault is a MkDocs warning: a link to a heading that does not exist."""
    return make_project(tmp_path, {"index.md": GOOD, "bad.md": BROKEN_ANCHOR})


def _run(args: list[str], config: Path) -> subprocess.CompletedProcess:
    """``args`` with this vault's config and a site folder next to it, as project.build runs."""
    args = [*args, "-f", str(config), "--site-dir", str(config.parent / "site")]
    env = {**os.environ, "RECTIFIED_GIT_DATES": "false"}
    return subprocess.run(args, cwd=config.parent, capture_output=True, text=True, env=env)


def test_a_broken_anchor_is_only_a_warning_without_strict(warning_project: Path):
    """The control: without ``--strict`` the vault builds, so the tests below test strictness."""
    proc = _run([sys.executable, "-m", "rectified.build", "--no-strict"], warning_project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert ANCHOR_WARNING in proc.stdout + proc.stderr


def test_a_broken_anchor_fails_the_build(warning_project: Path):
    site = warning_project.parent / "site"
    proc = build(warning_project, site)
    assert proc.returncode != 0, "python -m rectified.build is no longer strict"
    assert ANCHOR_WARNING in proc.stdout + proc.stderr
    assert not site.exists()


def _session_runs(session: str) -> list[list[str]]:
    """The literal argument lists of ``session.run(...)`` in a nox session of noxfile.py."""
    tree = ast.parse((ROOT / "noxfile.py").read_text("utf-8"))
    func = next(
        (n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == session), None
    )
    assert func is not None, f"noxfile.py has no session {session!r}"
    runs = []
    for node in ast.walk(func):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "run"
        ):
            args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
            runs.append(args)
    return runs


def _site_build(runs: list[list[str]]) -> list[str]:
    builds = [r for r in runs if "rectified.build" in r or "mkdocs" in r]
    assert len(builds) == 1, f"expected one site build in the nox session, found {builds}"
    assert None not in builds[0], f"the nox build's arguments are not all literals: {builds[0]}"
    return builds[0]


def test_the_nox_build_fails_on_a_broken_anchor(warning_project: Path):
    """``nox``'s own build command, with this vault's config and site folder swapped in."""
    command = _site_build(_session_runs("build"))
    args, skip = [], False
    for arg in command:
        if skip:
            skip = False
        elif arg in ("-f", "--config-file", "-d", "--site-dir"):
            skip = True
        else:
            args.append(sys.executable if arg == "python" else arg)
    proc = _run(args, warning_project)
    assert proc.returncode != 0, f"`{' '.join(command)}` (nox -s build) is no longer strict"
    assert ANCHOR_WARNING in proc.stdout + proc.stderr


def test_the_live_preview_is_strict_too():
    serve = [r for r in _session_runs("serve") if "serve" in r]
    assert len(serve) == 1, serve
    assert "--strict" in serve[0], f"nox -s serve runs {serve[0]} without --strict"
