"""Image embeds: ``![[NAME.svg]]``, ``![[NAME.svg|400]]``, ``![[photo.png|alt text]]``.

Every mix Obsidian accepts (https://help.obsidian.md/Linking+notes+and+files/Embed+files):
``![[shot.png|400]]`` (width), ``![[shot.png|100x145]]`` (width and height),
``![[shot.png|alt text]]``, ``![[shot.png|alt text|300]]``, and a ``#fragment`` after the name,
``![[icon.svg#icon]]`` or ``![[x.png#frag|300]]``. Obsidian takes the fragment only as a hint
(themes style on it); the site shows the image and keeps the hint as ``data-fragment``. Markdown
image syntax takes a size the same way: ``![alt|300](x.png)`` or ``![alt|100x145](x.png)``
(the size leaves the alt text), and a local image that is not next to the note is found by name
anywhere in the vault, as Obsidian finds it.

Obsidian shows an embedded image by finding the file by name anywhere in the vault. The site does
the same, and when the name is a figure made by a snippet (listed in the runner's
``manifest.json``) it adds what Obsidian cannot: the dark-palette variant, a caption from the
snippet's docstring and, one click away, the code that drew it with a download link.

An embedded image that neither a snippet makes nor the vault holds fails the build with the note's
file and line. Hrefs are vault-absolute (``/figures/NAME.svg``): MkDocs, with
``validation.links.absolute_links: relative_to_docs``, turns them into page-relative URLs and
checks that the files exist.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from pathlib import Path
from urllib.parse import quote, unquote

from markdown import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from rectified import context
from rectified.context import error
from rectified.figures.manifest import (  # noqa: F401  (re-exported for the pages)
    FIGURE_EMBED,
    SHOW_CALL,
    embedded_figures,
    load_manifest,
)
from rectified.figures.markup import figure_element, highlight_python  # noqa: F401  (re-exported)
from rectified.site import Site, attachment_index, site_of

# Group 1: the file name; group 2: what follows the first ``|`` (size, alt text or both). The
# ``#fragment`` between them is not a group (the note linter reads groups 1 and 2).
EMBED_RE = (
    r"!\[\[([^\[\]\n|#]+?\.(?i:svg|png|jpe?g|gif|webp|avif|bmp))"
    r"(?:#[^\[\]\n|\\]*)?(?:\\?\|([^\[\]\n]*))?\]\]"
)
SIZE_RE = re.compile(r"^\s*(\d+)(?:\s*x\s*(\d+))?\s*$")
_FRAGMENT = re.compile(r"#([^\[\]\n|\\]*)")
_SIZED_ALT = re.compile(r"^(.*?)\\?\|\s*(\d+)(?:\s*x\s*(\d+))?\s*$", re.S)
_SCHEME = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")


def options(option: str | None) -> tuple[str | None, str | None, str | None]:
    """(alt, width, height) from what follows ``|``: ``400``, ``100x145``, ``alt``, ``alt|300``.

    Parts are split on ``|`` (``\\|`` in a table too); a part that is a size sets the size (the
    last one wins), the first other non-empty part is the alt text.
    """
    alt = width = height = None
    for part in re.split(r"\\?\|", option or ""):
        size = SIZE_RE.match(part)
        if size:
            width, height = size.group(1), size.group(2)
        elif part.strip() and alt is None:
            alt = part.strip()
    return alt, width, height


class ImageEmbedProcessor(InlineProcessor):
    def __init__(self, pattern: str, ext: FigureExtension):
        super().__init__(pattern)
        self.ext = ext

    def handleMatch(self, m: re.Match, data: str):
        target, option = m.group(1).strip(), m.group(2)
        alt, width, height = options(option)
        found = _FRAGMENT.match(m.group(0), m.end(1) - m.start(0))
        fragment = found.group(1).strip() if found else ""
        name = Path(target).name
        figure_name = name[: -len(".svg")] if name.endswith(".svg") else None
        if figure_name and figure_name in self.ext.manifest and "/" not in target:
            el = self.ext.figure(figure_name, alt, width, height)
            # The same figure twice on a page: ids stay unique (figure-relu, figure-relu-2).
            first_on_page = not self.ext.shown
            count = self.ext.shown[figure_name] = self.ext.shown.get(figure_name, 0) + 1
            if count > 1:
                el.set("id", f"figure-{figure_name}-{count}")
            if first_on_page:  # likely above the fold: fetch it at once (largest paint)
                for img in el.iter("img"):
                    img.set("loading", "eager")
        else:
            rel = self.ext.attachments.get(target.lower()) or self.ext.attachments.get(name.lower())
            if rel is None:
                hint = (
                    f" No snippet makes {name!r}: add it to snippets/registry.py and run "
                    "`nox -s figures`."
                    if figure_name
                    else ""
                )
                raise error(
                    f"embedded image {target!r} does not exist in the vault.{hint}",
                    m.group(0),
                    self.ext.md,
                )
            el = etree.Element("img", {"src": "/" + quote(rel), "alt": alt or Path(rel).stem})
            if width:
                el.set("width", width)
            if height:
                el.set("height", height)
            el.set("loading", "lazy")
            if fragment:
                el.set("data-fragment", fragment)
        return el, m.start(0), m.end(0)


class MarkdownImages(Treeprocessor):
    """``![alt|300](x.png)``: the size leaves the alt text; a bare name is found in the vault.

    Python-Markdown keeps ``alt|300`` as the alt text; Obsidian reads the part after the last
    ``|`` as a size. A relative ``src`` that names no file beside the note is looked up as
    Obsidian's other link formats write it: a bare name ("shortest path") among the vault's
    images, a path with a folder ("absolute path in vault") from the vault's root. One found in
    none of these places is left to the builder's link check.
    """

    def __init__(self, md, ext: FigureExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        for img in root.iter("img"):
            if "src" not in img.attrib:
                continue
            sized = _SIZED_ALT.match(img.get("alt") or "")
            if sized:
                img.set("alt", sized.group(1).strip())
                img.set("width", sized.group(2))
                if sized.group(3):
                    img.set("height", sized.group(3))
            self._find(img)

    def _find(self, img: etree.Element) -> None:
        src = img.get("src") or ""
        if not src or src.startswith(("/", "#", "data:")) or _SCHEME.match(src):
            return
        path, _, fragment = src.partition("#")
        path = unquote(path)
        page = context.current_page(self.md)
        rel = page.rel_path if page is not None else None
        if page is not None and rel is None and self.ext.site is not None:
            rel = self.ext.site.vault.rel_path_of(page.path)
        folder = posixpath.dirname(rel or "")
        here = posixpath.normpath(posixpath.join(folder, path))
        attachments = self.ext.attachments
        if attachments.get(here.lower()) == here:
            return  # a file beside the note (or below it): the builder's relative link
        if "/" in path:  # Obsidian's "absolute path in vault": from the vault's root
            if path.startswith(("./", "../")):
                return
            rel = attachments.get(posixpath.normpath(path).lower())
            if rel is None or rel.lower() != posixpath.normpath(path).lower():
                return  # no such path (a name key would match any folder): the builder checks
        else:
            rel = attachments.get(path.lower())  # a bare name: anywhere in the vault
        if rel is not None:
            img.set("src", "/" + quote(rel) + (f"#{fragment}" if fragment else ""))


class UnwrapFigures(Treeprocessor):
    """A paragraph holding only a figure becomes the figure (a <figure> can't sit in a <p>)."""

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for i, child in enumerate(list(parent)):
                if (
                    child.tag == "p"
                    and len(child) == 1
                    and child[0].tag == "figure"
                    and not (child.text or "").strip()
                    and not (child[0].tail or "").strip()
                ):
                    fig = child[0]
                    fig.tail = child.tail
                    parent.remove(child)
                    parent.insert(i, fig)


class FigureExtension(Extension):
    def __init__(self, **kwargs):
        # Objects are taken as arguments, not config: Python-Markdown would coerce them.
        manifest = kwargs.pop("manifest", None)
        self._manifest = manifest if isinstance(manifest, dict) else None
        self._attachments = kwargs.pop("attachments", None)  # image name -> vault path
        self.config = {
            "manifest": [
                manifest if isinstance(manifest, str) else "docs/figures/manifest.json",
                "path of the figure runner's manifest",
            ],
            "figures_url": ["/figures/", "vault-absolute folder of the generated figures"],
            "docs_dir": ["docs", "the vault, searched once for other embedded images"],
            "figures_dir": ["figures", "folder in the vault where `nox -s figures` writes"],
        }
        super().__init__(**kwargs)

    @property
    def site(self) -> Site | None:
        """Under a builder, the build's shared index (manifest and attachments come from it)."""
        return site_of(self.md, self.getConfig("figures_dir"))

    @property
    def manifest(self) -> dict:
        if self._manifest is not None:
            return self._manifest
        site = self.site
        if site is not None:
            return site.manifest
        self._manifest = load_manifest(self.getConfig("manifest"))
        return self._manifest

    @property
    def attachments(self) -> dict[str, str]:
        if self._attachments is not None:
            return self._attachments
        site = self.site
        if site is not None:
            return site.attachments
        self._attachments = attachment_index(self.getConfig("docs_dir"))
        return self._attachments

    @property
    def figures_url(self) -> str:
        site = self.site if self._manifest is None else None
        return site.figures_url if site is not None else self.getConfig("figures_url")

    def figure(self, name: str, alt: str | None, width: str | None, height: str | None):
        return figure_element(
            self.manifest[name],
            name,
            self.figures_url,
            alt=alt,
            width=width,
            height=height,
            raw=self.md.htmlStash.store,
        )

    def extendMarkdown(self, md):
        self.md = md
        context.install(md)
        self.shown: dict[str, int] = {}  # figure name -> times embedded on this page
        # Above wikilinks and below code spans (190), so `![[x.svg]]` in code stays literal.
        md.inlinePatterns.register(ImageEmbedProcessor(EMBED_RE, self), "image_embed", 187)
        md.treeprocessors.register(UnwrapFigures(md), "unwrap_figures", 1)
        # After inline (20) and wikilinks' Markdown links (15), before MkDocs' relpath (0).
        md.treeprocessors.register(MarkdownImages(md, self), "markdown_images", 14)


def makeExtension(**kwargs):
    return FigureExtension(**kwargs)
