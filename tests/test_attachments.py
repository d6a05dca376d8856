"""A contributor's pasted image is committed, survives the figure runner, and reaches the site.

Obsidian saves an image pasted into a note in the vault's attachment folder
(``attachmentFolderPath`` in ``docs/.obsidian/app.json``). That folder must be one git tracks
and the figure runner never writes to: were it the runner's output folder (git-ignored, and
cleaned of what the runner did not make), the image would never be committed and the next
``nox -s figures`` would delete it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.site.project import build, make_project

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
FIGURES_OUT = DOCS / "figures"  # `python -m rectified.figures` writes here (its --out default)

# A real image (the test vault's), so the site build copies a real file.
PNG = (ROOT / "tests" / "vault" / "attachments" / "coin.png").read_bytes()

SNIPPET = '''
from matplotlib.figure import Figure


def line_plot():
    """A straight line

    The identity function drawn over three points.
    """
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot([0, 1, 2], [0, 1, 2])
    ax.set_title("Identity")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    return fig
'''

NOTE = """---
title: Pasted
tags: [test]
---

# Pasted

A screenshot pasted in Obsidian:

![[pasted.png|A pasted screenshot]]
"""


def attachment_folder() -> str:
    """The vault-relative folder Obsidian saves pasted files in."""
    config = json.loads((DOCS / ".obsidian" / "app.json").read_text(encoding="utf-8"))
    folder = config.get("attachmentFolderPath", "/")
    # "/" is the vault root, "./x" is next to the note: neither is one known folder.
    assert folder not in ("", "/", "."), folder
    assert not folder.startswith("./"), folder
    return folder


def git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)


def test_the_attachment_folder_is_committed_and_not_the_runners():
    folder = DOCS / attachment_folder()
    assert folder.is_dir()
    assert not folder.resolve().is_relative_to(FIGURES_OUT.resolve())
    pasted = (folder / "pasted.png").relative_to(ROOT).as_posix()
    # git check-ignore exits 1 when the path is not ignored (0: ignored, 128: error).
    assert git("check-ignore", "--no-index", "-q", pasted).returncode == 1, (
        f"{pasted} would be git-ignored: a contributor's image would never be committed"
    )
    # A fresh clone has the folder (a placeholder keeps it), so Obsidian saves into it.
    assert git("ls-files", folder.relative_to(ROOT).as_posix()).stdout.strip()


def test_a_pasted_image_survives_the_figure_runner(tmp_path: Path):
    """`python -m rectified.figures` with its defaults, run in a project of the test's own."""
    pkg = tmp_path / "snips_attachments"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "lines.py").write_text(textwrap.dedent(SNIPPET))
    (pkg / "registry.py").write_text(
        'from snips_attachments import lines\n\nFIGURES = {"line": lines.line_plot}\n'
    )
    docs = tmp_path / "docs"
    pasted = docs / attachment_folder() / "pasted.png"
    pasted.parent.mkdir(parents=True)
    pasted.write_bytes(PNG)
    (docs / "Pasted.md").write_text(NOTE + "\n![[line.svg]]\n", encoding="utf-8")

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    cmd = [sys.executable, "-m", "rectified.figures", "--registry", "snips_attachments.registry"]
    for _ in range(2):  # a first run renders; a second, cached, run cleans up stale outputs
        proc = subprocess.run(
            [*cmd, "--jobs", "1"], cwd=tmp_path, env=env, capture_output=True, text=True
        )
        assert proc.returncode == 0, proc.stderr
    assert (docs / "figures" / "line.svg").is_file()  # the runner did run, beside the image
    assert pasted.read_bytes() == PNG


@pytest.mark.site
def test_a_note_embedding_a_pasted_image_builds(tmp_path: Path):
    folder = attachment_folder()
    config = make_project(tmp_path, {"index.md": NOTE})
    docs = tmp_path / "docs"
    (docs / folder).mkdir(parents=True)
    (docs / folder / "pasted.png").write_bytes(PNG)
    (docs / folder / ".gitkeep").write_bytes(b"")  # the committed placeholder
    site = tmp_path / "site"
    proc = build(config, site)
    assert proc.returncode == 0, proc.stderr
    html = (site / "index.html").read_text(encoding="utf-8")
    assert f'src="{folder}/pasted.png"' in html
    assert 'alt="A pasted screenshot"' in html
    assert (site / folder / "pasted.png").read_bytes() == PNG
    assert not (site / folder / ".gitkeep").exists()  # dot files are not published
