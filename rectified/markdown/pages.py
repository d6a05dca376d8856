"""Pages from the whole vault: fill the generated pages' stubs, add backlinks and local graphs.

Under any builder, when the page being converted is a vault note:

- a stub of a generated page (front matter ``rectified: NAME``) gets what the module
  ``rectified.pages.NAME`` renders (All notes, Gallery, Graph, Tags, Wanted notes); an unknown
  NAME fails the build with the note's file and a did-you-mean;
- every other note gets the per-note additions (its neighbourhood graph, "Linked from"), each
  switched off by its option (``local_graph: false``, ``backlinks: false``).

Everything comes from the vault index (:mod:`rectified.site`), never from other pages' HTML, so
a page is complete however the builder orders its work. Embedded conversions get nothing.

Priority: a treeprocessor at 5, after inline processing (20), so the appended elements are
final, and right after toc (also 5, registered earlier), so the page's table of contents stays
the note's own (no "Linked from" in it, no permalinks on the tags page's headings); still
before MkDocs' anchor collection (5, registered after every extension), so links to the
appended ids are checked, and before the builders' link rewriting (0).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from rectified import context, pages
from rectified.site import site_of

__all__ = ["PagesExtension", "makeExtension"]


class _Append(Treeprocessor):
    def __init__(self, md: Markdown, ext: PagesExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        md = self.md
        page = context.current_page(md)
        if page is None or page.rel_path is None or getattr(md, "rectified_inner_page", None):
            return
        site = site_of(md)
        if site is None:
            return
        note = site.vault.note(page.rel_path)
        # A stub the builder holds only in memory (the MkDocs plugin adds missing ones).
        generated = note.generated if note else pages.generated_at(page.rel_path)
        if note is None and generated is None:
            return
        ctx = pages.PageContext(site, page.rel_path, md.htmlStash.store, self.ext.getConfigs())
        if generated is not None:
            try:
                module = pages.emitter(generated)
            except KeyError as exc:
                raise context.error(exc.args[0], "rectified:", md) from None
            root.extend(module.render(ctx))
            return
        for module in pages.ADDITIONS:
            if self.ext.getConfig(module.OPTION):
                root.extend(module.render(ctx))


class _XlinkHref(Treeprocessor):
    """Graph links become ``xlink:href`` once the builder has rewritten them (priority -1).

    They are written as ``href`` so that MkDocs and Zensical turn them into page URLs like any
    other link; Material's scripts then assign ``el.href`` on every ``[href]`` element, which
    throws on an SVG link (its ``href`` is read-only), so the finished link moves to
    ``xlink:href``, which every browser follows.
    """

    def run(self, root: etree.Element) -> None:
        for svg in root.iter("svg"):
            if "note-graph" not in (svg.get("class") or "").split():
                continue
            for a in svg.iter("a"):
                href = a.attrib.pop("href", None)
                if href is not None:
                    a.set("xlink:href", href)


class PagesExtension(Extension):
    """Generated pages and per-note additions, from the vault index."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "backlinks": [True, "Add 'Linked from' (the notes that link here) to every note."],
            "local_graph": [True, "Add the note's neighbourhood graph to every note."],
            "index_key": [
                "",
                "A content hash of the vault (set by `python -m rectified.build`): a builder that "
                "caches pages by their settings renders every page again when any note changes.",
            ],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        context.install(md)
        md.treeprocessors.register(_Append(md, self), "rectified_pages", 5)
        md.treeprocessors.register(_XlinkHref(md), "rectified_graph_xlink", -1)


def makeExtension(**kwargs: Any) -> PagesExtension:
    return PagesExtension(**kwargs)
