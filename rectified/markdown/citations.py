"""Citations show their full reference on hover: a link to a work gets it as its ``title``.

A citation is a link to a heading of the generated References page
(``[[References#Glorot, Bordes and Bengio (2011)|Glorot et al., 2011]]``; a Markdown link to
``References.md#...`` too). After the wikilinks extension has resolved it to
``/References.md#glorot-bordes-and-bengio-2011``, this treeprocessor sets the link's ``title``
to the work's full reference as plain text, from ``references.bib`` in the vault
(:mod:`rectified.bibliography`): every browser shows it on hover, offline, under MkDocs and
Zensical alike, and Material's instant preview (MkDocs) still shows the References section.
A title the link already has is kept. Without a ``.bib`` in the vault it does nothing.

Priority 5.5: after the wikilinks (inline, and Markdown links at 15) and the properties table
(6, whose ``introduced_by`` chips are citations too), before the generated pages' additions (5)
and before the builders make vault-absolute links relative (1) or MkDocs rewrites them (0).
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as etree
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from rectified import bibliography, context
from rectified.site import site_of

__all__ = ["CitationExtension", "makeExtension", "titles_for"]


def titles_for(bib_text: str, path: str = bibliography.BIB_FILE) -> dict[str, str]:
    """Heading anchor -> full reference as plain text, for every entry of a ``.bib`` text."""
    entries = bibliography.parse(bib_text, path)
    return {e.anchor: e.reference_text() for e in entries}


class CitationExtension(Extension):
    """Links to the References page's headings get the work's full reference as title."""

    def __init__(self, **kwargs: Any) -> None:
        # Not a config option (Python-Markdown would coerce it): anchor -> reference, for tests.
        self._titles: dict[str, str] | None = kwargs.pop("titles", None)
        self.config = {
            "page": [bibliography.PAGE_FILE, "The References page, from the docs root."],
            "bibliography": [bibliography.BIB_FILE, "The .bib file, from the docs root."],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        self.md = md
        context.install(md)
        md.registerExtension(self)
        md.treeprocessors.register(_Titles(md, self), "rectified_citations", 5.5)

    def titles(self) -> dict[str, str]:
        """The titles of the vault being built: the ``.bib`` read and parsed once per index.

        Each page costs one ``stat`` of the file: a ``.bib`` edited while the same index is
        served (size or modification time changed) is read again.
        """
        if self._titles is not None:
            return self._titles
        site = site_of(self.md)
        if site is None:
            return {}
        path = Path(site.docs_dir) / self.getConfig("bibliography")
        try:
            st = os.stat(path)
        except OSError:
            return {}
        key = ("citations", str(path), st.st_size, st.st_mtime_ns)
        if key not in site.derived:
            try:
                text = path.read_text(encoding="utf-8")
            except OSError:
                return {}
            shown = f"{Path(site.docs_dir).name}/{self.getConfig('bibliography')}"
            site.derived[key] = titles_for(text, shown)
        return site.derived[key]


class _Titles(Treeprocessor):
    def __init__(self, md: Markdown, ext: CitationExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        prefix = "/" + quote(self.ext.getConfig("page")) + "#"
        links = [a for a in root.iter("a") if (a.get("href") or "").startswith(prefix)]
        if not links:
            return
        titles = self.ext.titles()
        for a in links:
            anchor = unquote(a.get("href")[len(prefix) :])
            title = titles.get(anchor)
            if title and not a.get("title"):
                a.set("title", title)


def makeExtension(**kwargs: Any) -> CitationExtension:
    return CitationExtension(**kwargs)
