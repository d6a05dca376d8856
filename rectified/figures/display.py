"""Show a registered figure in a notebook exactly as a note shows it.

``show("sigmoid-sum")`` returns an object whose HTML is the site's figure (light and dark
variants that follow the palette toggle, caption from the docstring, code one click away), read
from the runner's manifest and built by :mod:`rectified.figures.markup`, as the Markdown
extensions build it. Jupyter and GitHub also get the light SVG itself, so a downloaded notebook
still displays the figure.

A figure the registry declares explorable gets what a note's gets from
:mod:`rectified.markdown.explore`: the slider, its value, the switch and the numbers under the
figure (from the manifest's ``explore`` fields) and the link to its data file, followed by a
``<script src=".../assets/explore.js" defer>``. The notebook page's finishing step
(:func:`rectified.notebook_page.finish`) removes every other script and keeps one of these, at
the end of the page, only on a page that has an explorable figure.

URLs are relative to the notebook's page on the site: the notebook runner sets
:data:`FIGURES_URL_ENV` (the figures folder) and :data:`ROOT_URL_ENV` (the site's root, where the
script is served) for the page it executes.

The same figure shown twice in one kernel gets the ids a note gives it (``figure-relu``,
``figure-relu-2``), so a page's ids stay unique.

Known limits: outside the site (JupyterLab, GitHub) the controls show but do nothing (the site's
script and stylesheet are not there).
"""

from __future__ import annotations

import os
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

from rectified.figures.manifest import MANIFEST, load_manifest
from rectified.figures.markup import (
    SCRIPT,
    add_controls,
    explorable,
    figure_element,
    highlight_python,
)

FIGURES_DIR_ENV = "RECTIFIED_FIGURES_DIR"  # where the runner wrote the figures
FIGURES_URL_ENV = "RECTIFIED_FIGURES_URL"  # how the notebook's page reaches them
ROOT_URL_ENV = "RECTIFIED_ROOT_URL"  # how the notebook's page reaches the site's root

_shown: dict[str, int] = {}  # figure name -> times shown in this kernel (one notebook)


class FigureOutput:
    def __init__(
        self, name: str, entry: dict, folder: Path, base: str, root: str = "", count: int = 1
    ):
        self.name, self.entry, self.folder, self.base, self.root = name, entry, folder, base, root
        self.count = count  # the how-manieth time this figure is shown: its id's suffix

    def html(self) -> str:
        """The figure element (with its slider when explorable) and, then, the script tag."""
        marker = f"rectified-code-{uuid.uuid4().hex}"
        element = figure_element(self.entry, self.name, self.base, raw=lambda _html: marker)
        if self.count > 1:
            element.set("id", f"figure-{self.name}-{self.count}")
        found = explorable(self.entry)
        script = ""
        if found is not None:
            explore, data = found
            add_controls(element, self.name, explore, self.base + quote(data))
            script = f'<script src="{self.root}{SCRIPT}" defer></script>'
        html = ET.tostring(element, encoding="unicode", method="html")
        return html.replace(marker, highlight_python(self.entry["source"])) + script

    def _repr_mimebundle_(self, include=None, exclude=None):
        svg = (self.folder / self.entry["files"]["light"]).read_text("utf-8")
        return {
            "text/html": self.html(),
            "image/svg+xml": svg,
            "text/plain": f"<figure {self.name!r}: {self.entry['title']}>",
        }


def show(name: str) -> FigureOutput:
    """The registered figure ``name`` (it must have been rendered by `nox -s figures`)."""
    folder = Path(os.environ.get(FIGURES_DIR_ENV, "docs/figures"))
    manifest = load_manifest(folder / MANIFEST)
    if name not in manifest:
        raise KeyError(f"no figure {name!r} in {folder}/{MANIFEST}; known: {sorted(manifest)}")
    _shown[name] = _shown.get(name, 0) + 1
    return FigureOutput(
        name,
        manifest[name],
        folder,
        os.environ.get(FIGURES_URL_ENV, "figures/"),
        os.environ.get(ROOT_URL_ENV, ""),
        _shown[name],
    )
