"""The figure manifest and figure embeds: what the runner made, and what notes show.

A bottom module: the figure runner (which writes ``manifest.json``), the Markdown extensions and
the generated pages (which read it) and the notebook helpers all import it; it imports nothing of
theirs (only :mod:`rectified.source`, the scanner that tells a note's code from its text).

``manifest.json`` sits in the runner's output folder (``docs/figures/``) and maps each figure
name to its title, sentence, source, size and the files the runner made for it::

    {"relu": {"files": {"light": "relu.svg", "dark": "relu.dark.svg"},
              "code": "code/basics.py", "title": ..., ...}, ...}

It is also the runner's record of ownership: a later run deletes only files an earlier manifest
lists, so anything else found in the folder (a contributor's pasted image) is never deleted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

from rectified.source import CODE_KINDS, COMMENT, parse

MANIFEST = "manifest.json"  # file name inside the figures folder
CODE_DIR = "code"  # sub-folder of the figures folder holding each snippet module's copy

# ``![[NAME.svg]]`` or ``![[NAME.svg|400]]`` where NAME is a figure name (lowercase, hyphens).
FIGURE_EMBED = re.compile(r"!\[\[([a-z0-9-]+)\.svg(?:\|[^\]\n]*)?\]\]")
# ``show("NAME")`` in a notebook page's source (rectified.figures.display.show).
SHOW_CALL = re.compile(r"""\bshow\(\s*["']([a-z0-9-]+)["']""")


def output_names(name: str) -> dict[str, str]:
    """File names of a figure's variants: the light one is the plain ``NAME.svg``.

    The light variant has the plain name because it is what Obsidian, GitHub and any other
    Markdown viewer show for ``![[NAME.svg]]``.
    """
    return {"light": f"{name}.svg", "dark": f"{name}.dark.svg"}


def load_manifest(manifest: str | Path | Mapping | None) -> dict:
    """The manifest as a dict: given as one, read from a path, or ``{}`` if there is none yet.

    A missing file is not an error (the figures have not been rendered yet: the build then
    reports each embed it cannot resolve, naming the note and line). A file that is not valid
    JSON raises :class:`json.JSONDecodeError`.
    """
    if manifest is None:
        return {}
    if isinstance(manifest, Mapping):
        return dict(manifest)
    path = Path(manifest)
    if not path.is_file():
        return {}
    return json.loads(path.read_text("utf-8"))


def read_manifest(folder: Path) -> dict:
    """The manifest of the figures folder ``folder`` (``{}`` if it has none or cannot be read).

    The runner uses it to know which files it made; a damaged manifest only means that it
    deletes nothing it cannot prove it made.
    """
    try:
        manifest = load_manifest(folder / MANIFEST)
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def manifest_bytes(manifest: Mapping[str, Mapping]) -> bytes:
    """The manifest's file content: sorted keys, so the same figures give the same bytes."""
    return json.dumps(manifest, indent=1, sort_keys=True).encode()


def made_files(manifest: Mapping[str, Mapping]) -> set[str]:
    """Paths (relative to the figures folder, ``/``-separated) of every file a manifest lists.

    The manifest itself is included. Entries of an unexpected shape contribute nothing, so a
    manifest written by a future runner cannot make this one delete what it does not know.
    """
    files = {MANIFEST}
    for entry in manifest.values():
        if not isinstance(entry, Mapping):
            continue
        variants = entry.get("files")
        if isinstance(variants, Mapping):
            files.update(v for v in variants.values() if isinstance(v, str))
        code = entry.get("code")
        if isinstance(code, str):
            files.add(code)
    return {f for f in files if f and not f.startswith("/") and ".." not in f.split("/")}


def embedded_figures(note_text: str) -> list[str]:
    """Names of the generated figures a note embeds (``![[NAME.svg]]``), in order, once each.

    Embeds inside code (fences, indented code, code spans) and ``%%comments%%`` do not count:
    the source layer decides what is code, as the site's renderer does.
    """
    visible = parse(note_text).masked(CODE_KINDS | {COMMENT})
    return list(dict.fromkeys(FIGURE_EMBED.findall(visible)))


def shown_figures(notebook_source: str) -> list[str]:
    """Names of the figures a notebook page's source shows with ``show("NAME")``."""
    return list(dict.fromkeys(SHOW_CALL.findall(notebook_source)))
