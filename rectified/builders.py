"""The thin per-builder adapters: which page a ``Markdown`` converts, and links each builder reads.

Everything a note needs is done by Python-Markdown extensions (:mod:`rectified.markdown`), which
MkDocs and Zensical both run. What differs between the two is small and lives here:

- **which page is being converted.** MkDocs registers a per-page ``relpath`` treeprocessor that
  holds the page's ``File`` and the config; Zensical registers a ``ContextPreprocessor`` whose
  ``page.path`` is the page's path in the docs folder. :func:`page_ref` reads whichever is there.
- **links.** Extensions write links to notes and files as vault-absolute source paths
  (``/Folder/Note.md#anchor``, ``/figures/relu.light.svg``). MkDocs, with ``validation.links.
  absolute_links: relative_to_docs``, turns those into page URLs itself and checks them.
  Zensical leaves absolute paths alone and rewrites *relative* ``.md`` links; so under Zensical
  :func:`install` adds a treeprocessor and a postprocessor (for stashed raw HTML, like Zensical's
  own) that make each vault-absolute link relative to the page, just before Zensical's link
  rewriting runs. Each builder then makes its own URLs: clean slugs on MkDocs (the plugin),
  whatever Zensical makes on Zensical.

Known limit: Zensical's serve rebuilds a changed page, not the pages whose backlinks it changes.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

__all__ = ["PageRef", "install", "page_ref", "relative_href"]


@dataclass(frozen=True)
class PageRef:
    """What a builder says about the page it converts."""

    rel_path: str  # posix, relative to the docs folder
    docs_dir: str  # absolute
    builder: str  # "mkdocs" or "zensical"
    extensions: list[Any]
    extension_configs: dict[str, Any]

    @property
    def raw_text(self) -> str:
        path = Path(self.docs_dir) / self.rel_path
        try:
            return path.read_text(encoding="utf-8-sig")
        except OSError:
            return ""


def _zensical_context(md: Markdown) -> Any | None:
    for processor in md.preprocessors:
        if type(processor).__name__ == "ContextPreprocessor" and hasattr(processor, "page"):
            return processor
    return None


def page_ref(md: Markdown) -> PageRef | None:
    """Which page ``md`` converts, as its builder says (None outside a builder)."""
    if "relpath" in md.treeprocessors:  # MkDocs
        relpath = md.treeprocessors["relpath"]
        file, config = getattr(relpath, "file", None), getattr(relpath, "config", None)
        if file is not None and config is not None:
            return PageRef(
                file.src_uri,
                str(Path(config.docs_dir).resolve()),
                "mkdocs",
                list(config.markdown_extensions),
                dict(config.mdx_configs or {}),
            )
    ctx = _zensical_context(md)
    if ctx is not None:
        config = ctx.config
        return PageRef(
            Path(ctx.page.path).as_posix(),
            str(Path(config["docs_dir"]).resolve()),
            "zensical",
            list(config["markdown_extensions"]),
            dict(config["mdx_configs"]),
        )
    return None


def relative_href(href: str, page_rel_path: str) -> str | None:
    """A vault-absolute ``/path#frag`` as a link relative to ``page_rel_path`` (None: not one)."""
    if not href.startswith("/") or href.startswith("//"):
        return None
    parts = urlsplit(href)
    target = unquote(parts.path).lstrip("/")
    here = posixpath.dirname(page_rel_path)
    rel = posixpath.relpath(target or ".", here or ".") if target else ""
    if target.endswith("/") and rel and not rel.endswith("/"):
        rel += "/"
    if rel in ("index.md", "README.md") and posixpath.basename(page_rel_path) == rel:
        rel = "."  # the folder's own index page: Zensical would make "index.md" an empty link
    out = quote(rel) if rel != "." else "./"
    if parts.query:
        out += "?" + parts.query
    if parts.fragment:
        out += "#" + parts.fragment
    return out


class _RelativeLinks(Treeprocessor):
    def __init__(self, md: Markdown) -> None:
        super().__init__(md)

    def run(self, root: Element) -> None:
        page = getattr(self.md, "rectified_page", None)
        if page is None or page.rel_path is None or _inner(self.md):
            return
        for el in root.iter():
            for key in ("href", "src"):
                value = el.get(key)
                if value:
                    new = relative_href(value, page.rel_path)
                    if new is not None:
                        el.set(key, new)


_ATTR = re.compile(r'(?P<attr>href|src)=(?P<q>["\'])(?P<value>/[^"\']*)(?P=q)', re.IGNORECASE)


class _RelativeLinksInHtml(Postprocessor):
    def run(self, text: str) -> str:
        page = getattr(self.md, "rectified_page", None)
        if page is None or page.rel_path is None or _inner(self.md):
            return text
        blocks = self.md.htmlStash.rawHtmlBlocks

        def sub(m: re.Match[str]) -> str:
            new = relative_href(m.group("value"), page.rel_path)
            return (
                m.group(0)
                if new is None
                else f"{m.group('attr')}={m.group('q')}{new}{m.group('q')}"
            )

        for i, block in enumerate(blocks):
            if isinstance(block, str):
                blocks[i] = _ATTR.sub(sub, block)
        return text


def _inner(md: Markdown) -> bool:
    """An embedded conversion: its HTML lands in the host page, which makes the links relative."""
    return getattr(md, "rectified_inner_page", None) is not None


def install(md: Markdown) -> None:
    """Add what the builder converting ``md`` needs (called once per Markdown)."""
    if _zensical_context(md) is not None and "rectified_relative" not in md.treeprocessors:
        # After every extension's links (toc is 5, embeds' ids 3); before Zensical's (0, 31).
        md.treeprocessors.register(_RelativeLinks(md), "rectified_relative", 1)
        md.postprocessors.register(_RelativeLinksInHtml(md), "rectified_relative", 32)
