"""Throw-away projects: the real mkdocs.yml pointed at a small vault of the test's own."""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path

from rectified.pages import write_missing_stubs
from rectified.plugin import GENERATED
from rectified.vault import url_slug

ROOT = Path(__file__).resolve().parents[2]


def make_project(base: Path, notes: dict[str, str], manifest: dict | None = None) -> Path:
    """Write ``notes`` (vault path -> text) and a config; return the config file."""
    docs = base / "docs"
    for rel, text in notes.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    figures = docs / "figures"
    figures.mkdir(parents=True, exist_ok=True)
    if manifest is None:
        manifest = json.loads((ROOT / "docs" / "figures" / "manifest.json").read_text())
        for entry in manifest.values():
            for filename in [*entry["files"].values(), entry["code"]]:
                target = figures / filename
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes((ROOT / "docs" / "figures" / filename).read_bytes())
    (figures / "manifest.json").write_text(json.dumps(manifest))
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "custom_dir: rectified/theme", f"custom_dir: {ROOT / 'rectified/theme'}"
    )
    # Relative, beside the config (Zensical 0.0.66 stops on an absolute docs_dir).
    config = config.replace("docs_dir: docs", f"docs_dir: {docs.relative_to(base).as_posix()}")
    # The test vault has no executed notebooks: drop nav entries that point to them.
    config = re.sub(r"(?m)^\s*- [^\n]*: notebooks/[^\n]*\.ipynb\n", "", config)
    # Nor the real vault's other pages (Writing Notes.md...): drop nav entries to missing notes.
    config = re.sub(
        r"(?m)^  - [^\n]*: ([^\n]*\.md)\n",
        lambda m: m.group(0) if (docs / m.group(1)).is_file() or m.group(1) in GENERATED else "",
        config,
    )
    path = base / "mkdocs.yml"
    path.write_text(config, encoding="utf-8")
    return path


def copy_vault(
    folder: Path, base: Path, manifest: dict | None = None, *, stubs: bool = False
) -> Path:
    """Copy a folder of notes (and attachments, any file) as the vault; return the config.

    ``stubs``: also write the stubs of the generated pages, as a Zensical vault needs (the MkDocs
    plugin adds missing ones by itself).
    """
    shutil.copytree(folder, base / "docs", dirs_exist_ok=True)
    if stubs:
        write_missing_stubs(base / "docs")
    return make_project(base, {}, manifest)


def page_path(builder: str, rel: str) -> str:
    """Where ``builder`` writes the page of note ``rel`` (relative to the site folder)."""
    if builder == "mkdocs":
        return url_slug(rel) + "index.html"
    stem, folder = posixpath.basename(rel)[:-3], posixpath.dirname(rel)
    if stem in ("index", "README"):
        return posixpath.join(folder, "index.html")
    return posixpath.join(folder, stem, "index.html")


BUILT_WITH: dict[Path, str] = {}  # site folder -> the builder that made it (see page_file)


def page_file(site: Path, rel: str) -> Path:
    """The HTML file of note ``rel`` in ``site``, wherever the builder that made it puts it."""
    return site / page_path(BUILT_WITH.get(site, "mkdocs"), rel)


def build(config: Path, site: Path, builder: str = "mkdocs") -> subprocess.CompletedProcess:
    """Run the atomic strict build the way `nox` does (``builder``: mkdocs or zensical)."""
    BUILT_WITH[site] = builder
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "rectified.build",
            "-f",
            str(config),
            "--site-dir",
            str(site),
            "--builder",
            builder,
        ],
        cwd=config.parent,
        capture_output=True,
        text=True,
        env={**os.environ, "RECTIFIED_GIT_DATES": "false"},  # a throw-away vault has no history
    )
