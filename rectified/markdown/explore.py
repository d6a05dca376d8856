"""Explorable figures: a slider under a figure the registry declares explorable.

A note embeds a figure as usual (``![[softplus.svg]]``); when the registry declares that figure
explorable (``EXPLORABLE`` in ``snippets/registry.py``), the figure runner writes its data file
(``NAME.explore.json``: the curves at every slider position) and records it in the manifest.
This extension then finds the figure that :mod:`rectified.markdown.figures` rendered (a
``<figure class="rectified-figure">`` whose first image is ``NAME.svg``) and adds, with
:func:`rectified.figures.markup.add_controls` (which a notebook page's ``show()`` uses too):

- a labelled ``<input type="range">`` over the positions, the current value as text in an
  ``<output>``, an on/off switch when the figure has one, and the numbers it shows (largest
  error, gap...), each with its initial text, so the page reads right before any script runs;
- a link to the data file among the figure's downloads (an ``<a href>``, which both builders
  turn into a page-relative URL: the script reads its ``href``);
- once per page, ``<script src=".../assets/explore.js" defer>``, so the script loads only on
  pages with an explorable figure. Under MkDocs the path is made relative to the page's URL
  here (MkDocs rewrites only links and images); under Zensical it is vault-absolute and the
  builder adapter and Zensical make it relative, as for every other ``src``.

Without JavaScript, the stylesheet hides the controls (``@media (scripting: none)``): the static
figure stays as it was. The script (``rectified/theme/assets/explore.js``) fetches the data when
the figure comes into view and draws over the static image, in the same box, so nothing on the
page moves.

Priority 4: after the inline patterns (20) that make the figure and after the generated pages
(5), before the builders' link rewriting (1 and 0) and the paragraph unwrapping of figures (1,
which does not care what a figure holds).

Notebook pages are rendered outside Python-Markdown: there :func:`rectified.figures.display.show`
adds the same controls and script tag to the figure it outputs, and
:func:`rectified.notebook_page.finish` keeps that one script (it removes every other).

Known limits: a figure found by its image's file name, so the figure element's shape is
assumed (as :func:`rectified.figures.markup.figure_element` makes it).
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as etree
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from rectified import context
from rectified.figures.manifest import load_manifest
from rectified.figures.markup import SCRIPT, add_controls, explorable
from rectified.site import site_of

__all__ = ["SCRIPT", "ExploreExtension", "add_controls", "makeExtension"]


class ExploreProcessor(Treeprocessor):
    def __init__(self, md: Markdown, ext: ExploreExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        manifest = self.ext.manifest
        found = False
        for fig in list(root.iter("figure")):
            if "rectified-figure" not in (fig.get("class") or "").split():
                continue
            name = _figure_name(fig)
            found_entry = explorable(manifest.get(name)) if name else None
            if found_entry is None:
                continue
            explore, data = found_entry
            add_controls(fig, name, explore, self.ext.figures_url + quote(data))
            found = True
        if found:
            script = etree.SubElement(root, "script")
            script.set("src", self.ext.script_src())
            script.set("defer", "")


def _figure_name(fig: etree.Element) -> str | None:
    """The generated figure a ``<figure>`` shows: its first image's file name without .svg."""
    img = fig.find("img")
    if img is None:
        return None
    path = unquote(urlsplit(img.get("src", "")).path)
    base = posixpath.basename(path)
    return base[: -len(".svg")] if base.endswith(".svg") else None


class ExploreExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        manifest = kwargs.pop("manifest", None)
        self._manifest = manifest if isinstance(manifest, dict) else None
        self.config = {
            "manifest": [
                manifest if isinstance(manifest, str) else "docs/figures/manifest.json",
                "path of the figure runner's manifest (outside a builder)",
            ],
            "figures_url": ["/figures/", "vault-absolute folder of the generated figures"],
            "figures_dir": ["figures", "folder in the vault where `nox -s figures` writes"],
        }
        super().__init__(**kwargs)

    @property
    def manifest(self) -> dict:
        if self._manifest is not None:
            return self._manifest
        site = site_of(self.md, self.getConfig("figures_dir"))
        if site is not None:
            return site.manifest
        self._manifest = load_manifest(self.getConfig("manifest"))
        return self._manifest

    @property
    def figures_url(self) -> str:
        site = site_of(self.md, self.getConfig("figures_dir")) if self._manifest is None else None
        return site.figures_url if site is not None else self.getConfig("figures_url")

    def script_src(self) -> str:
        """The script's URL for this page: page-relative under MkDocs, vault-absolute otherwise.

        MkDocs rewrites only ``<a href>`` and ``<img src>``, so the path is made relative to the
        page's URL here (``softplus/`` -> ``../assets/explore.js``). Zensical, through the
        builder adapter, rewrites every ``src``; outside a builder the absolute path stays.
        """
        processors = self.md.treeprocessors
        relpath = processors["relpath"] if "relpath" in processors else None  # noqa: SIM401
        file = getattr(relpath, "file", None)
        url = getattr(file, "url", None)
        if isinstance(url, str):
            here = url if url.endswith("/") or not url else posixpath.dirname(url)
            return posixpath.relpath(SCRIPT, here.rstrip("/") or ".")
        return "/" + SCRIPT

    def extendMarkdown(self, md: Markdown) -> None:
        self.md = md
        context.install(md)
        md.treeprocessors.register(ExploreProcessor(md, self), "rectified_explore", 4)


def makeExtension(**kwargs: Any) -> ExploreExtension:
    return ExploreExtension(**kwargs)
