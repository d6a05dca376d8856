"""Show a registered figure in a notebook exactly as a note shows it.

``show("sigmoid-sum")`` returns an object whose HTML is the site's figure (light and dark
variants that follow the palette toggle, caption from the docstring, code one click away), read
from the runner's manifest. Jupyter and GitHub also get the light SVG itself, so a downloaded
notebook still displays the figure.
"""

from __future__ import annotations

import os
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

from rectified.figures.manifest import MANIFEST, load_manifest
from rectified.markdown.figures import figure_element, highlight_python

FIGURES_DIR_ENV = "RECTIFIED_FIGURES_DIR"  # where the runner wrote the figures
FIGURES_URL_ENV = "RECTIFIED_FIGURES_URL"  # how the notebook's page reaches them


class FigureOutput:
    def __init__(self, name: str, entry: dict, folder: Path, base: str):
        self.name, self.entry, self.folder, self.base = name, entry, folder, base

    def _repr_mimebundle_(self, include=None, exclude=None):
        marker = f"rectified-code-{uuid.uuid4().hex}"
        element = figure_element(self.entry, self.name, self.base, raw=lambda _html: marker)
        html = ET.tostring(element, encoding="unicode", method="html")
        html = html.replace(marker, highlight_python(self.entry["source"]))
        svg = (self.folder / self.entry["files"]["light"]).read_text("utf-8")
        return {
            "text/html": html,
            "image/svg+xml": svg,
            "text/plain": f"<figure {self.name!r}: {self.entry['title']}>",
        }


def show(name: str) -> FigureOutput:
    """The registered figure ``name`` (it must have been rendered by `nox -s figures`)."""
    folder = Path(os.environ.get(FIGURES_DIR_ENV, "docs/figures"))
    manifest = load_manifest(folder / MANIFEST)
    if name not in manifest:
        raise KeyError(f"no figure {name!r} in {folder}/{MANIFEST}; known: {sorted(manifest)}")
    return FigureOutput(name, manifest[name], folder, os.environ.get(FIGURES_URL_ENV, "figures/"))
