"""Embedded audio, video, PDF and canvas files: ``![[talk.ogg]]``, ``![[paper.pdf#page=3]]``.

Obsidian plays an embedded audio or video file in place, shows a PDF in its viewer and a canvas
as a board (https://help.obsidian.md/Linking+notes+and+files/Embed+files). The site does the
same with what a browser has, in a box like a note embed's (``div.embed``, so a paragraph
holding embeds is split around them by :mod:`rectified.markdown.embeds`' step, which this
extension registers too)::

    <div class="embed embed-file embed-audio" data-embed-src="sounds/talk.ogg">
      <p class="embed-title"><a href="/sounds/talk.ogg" download="">talk.ogg</a></p>
      <audio controls="" preload="metadata" src="…"></audio>
    </div>

* audio (``.mp3 .wav .m4a .flac .ogg .oga .opus .3gp``): ``<audio controls>``;
* video (``.mp4 .webm .mov .mkv .ogv .m4v``): ``<video controls>``;
* PDF: an ``<iframe>`` of the file with the fragment Obsidian passes on (``#page=3``), and a
  download link; ``#height=400`` sets the viewer's height, as in Obsidian;
* canvas (``.canvas``, JSON Canvas): a link to the file and, below it, the board drawn as an SVG
  at build time by :mod:`rectified.markdown.canvas` (only its link when the file is not a
  canvas, or cannot be read outside a builder).

Markdown image syntax naming such a file (``![label](talk.ogg)``, ``![](paper.pdf#page=2)``)
gives the same box, as in Obsidian.

The title's link is written vault-absolute, like every link of the site, so each builder
rewrites it (MkDocs: ``relpath``; Zensical: :mod:`rectified.builders`) and checks it. Neither
builder rewrites ``src`` on ``<audio>``, ``<video>`` or ``<iframe>``, so a last treeprocessor
(priority -10, after both builders' link rewriting) copies the title link's final address into
the player's ``src``. Files are resolved by the vault's rule (a bare name anywhere in the vault, a
path from the root or the note's folder); a missing one is a NoteError naming the note and line.
Every builder copies non-Markdown files of the docs folder into the site unchanged.

Priority: the pattern is 189, after code spans (190) and before note embeds (188), which leave
these suffixes alone. ``.base`` files are not matched (Bases are another extension's business).
Known limits: the fragment of an audio or video embed (Obsidian has none) is ignored; a PDF
viewer depends on the browser (one without a viewer shows the download link); see
:mod:`rectified.markdown.canvas` for what a drawn canvas leaves out.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from rectified import context
from rectified.errors import NoteError
from rectified.markdown.canvas import canvas_svg
from rectified.markdown.vaultpage import VaultPage
from rectified.site import site_of
from rectified.vault import Vault

__all__ = [
    "AUDIO",
    "CANVAS",
    "MEDIA_RE",
    "PDF",
    "VIDEO",
    "MediaExtension",
    "kind_of",
    "makeExtension",
]

AUDIO = (".mp3", ".wav", ".m4a", ".flac", ".ogg", ".oga", ".opus", ".3gp")
VIDEO = (".mp4", ".webm", ".mov", ".mkv", ".ogv", ".m4v")
PDF = (".pdf",)
CANVAS = (".canvas",)
_SUFFIXES = "|".join(s[1:] for s in (*AUDIO, *VIDEO, *PDF, *CANVAS))
# ![[name.ext]], ![[name.ext#fragment]], ![[name.ext|label]] (``\|`` in a table).
MEDIA_RE = (
    rf"!\[\[([^\[\]\n|#]+?\.(?i:{_SUFFIXES}))[ \t]*(?:#([^\[\]\n|\\]*))?(?:\\?\|([^\[\]\n]*))?\]\]"
)
_PLAYER = "data-rectified-player"  # marks the element whose src the last step fills


def kind_of(name: str) -> str | None:
    """``audio``, ``video``, ``pdf`` or ``canvas`` for a file name (None: another file)."""
    lower = name.lower()
    for kind, suffixes in (("audio", AUDIO), ("video", VIDEO), ("pdf", PDF), ("canvas", CANVAS)):
        if lower.endswith(suffixes):
            return kind
    return None


def _pdf_fragment(fragment: str) -> tuple[str, str | None]:
    """(fragment for the viewer, height) from Obsidian's ``page=3``, ``height=400`` or both."""
    keep, height = [], None
    for part in filter(None, (p.strip() for p in fragment.split("&"))):
        key, _, value = part.partition("=")
        if key.strip().lower() == "height" and value.strip().isdigit():
            height = value.strip()
        else:
            keep.append(part)
    return "&".join(keep), height


class _MediaProcessor(InlineProcessor):
    def __init__(self, md: Markdown, ext: MediaExtension) -> None:
        super().__init__(MEDIA_RE, md)
        self.ext = ext

    def handleMatch(
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        written = m.group(1).strip()
        fragment = (m.group(2) or "").strip()
        label = (m.group(3) or "").strip() or written.rsplit("/", 1)[-1]
        vault = self.ext.vault_in(self.md)
        try:
            res = vault.resolve(written, self.ext.source_in(self.md))
        except NoteError as exc:
            raise self._fail(exc.message, m.group(0)) from None
        if res.attachment is None:
            raise self._fail(f"embedded file '{written}' does not exist in the vault", m.group(0))
        box = self.box(res.attachment, fragment, label)
        self.ext.draw_canvas(self.md, box, res.attachment)
        return box, m.start(0), m.end(0)

    def _fail(self, message: str, snippet: str) -> NoteError:
        if context.current_page(self.md) is not None:
            return context.error(message, snippet, self.md)
        return NoteError(message, path=self.ext.source_in(self.md))

    @staticmethod
    def box(attachment: str, fragment: str, label: str) -> etree.Element:
        """The box of one embedded file (``attachment``: its vault path)."""
        kind = kind_of(attachment) or "file"
        href = "/" + quote(attachment)
        box = etree.Element(
            "div", {"class": f"embed embed-file embed-{kind}", "data-embed-src": attachment}
        )
        title = etree.SubElement(box, "p", {"class": "embed-title"})
        link = etree.SubElement(title, "a", {"href": href})
        link.text = AtomicString(label)
        if kind in ("audio", "video"):
            link.set("download", "")
            player = etree.SubElement(box, kind, {"controls": "", "preload": "metadata"})
            player.set("src", href)
            player.set(_PLAYER, "")
            player.text = "\n"  # <audio></audio>, never a self-closed tag
            if kind == "video":
                player.set("playsinline", "")
        elif kind == "pdf":
            shown, height = _pdf_fragment(fragment)
            link.tail = " · "
            save = etree.SubElement(title, "a", {"href": href, "download": ""})
            save.text = "Download"
            frame = etree.SubElement(box, "iframe", {"title": label, "loading": "lazy"})
            frame.set("src", href + (f"#{shown}" if shown else ""))
            frame.set(_PLAYER, shown)
            frame.text = "\n"
            if height:
                frame.set("height", height)
        return box


class _MarkdownMedia(Treeprocessor):
    """``![label](talk.ogg)``, ``![](paper.pdf#page=2)``: Markdown image syntax, the same box.

    Obsidian embeds a file written this way as it does ``![[…]]``; Python-Markdown made an
    ``<img>`` of it, which a browser cannot show. The file is resolved by the vault as a link is
    (beside the note, from the vault's root, or by name); one the vault does not have is left.
    """

    def __init__(self, md: Markdown, ext: MediaExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index, img in enumerate(list(parent)):
                if img.tag != "img":
                    continue
                src = img.get("src") or ""
                path, _, fragment = src.partition("#")
                path = unquote(path)
                if not kind_of(path) or path.startswith("/") or "://" in path:
                    continue
                try:
                    res = self.ext.vault_in(self.md).resolve(path, self.ext.source_in(self.md))
                except NoteError:
                    continue  # ambiguous: left to the builder's link check
                if res.attachment is None:
                    continue
                label = (img.get("alt") or "").strip() or res.attachment.rsplit("/", 1)[-1]
                box = _MediaProcessor.box(res.attachment, unquote(fragment), label)
                self.ext.draw_canvas(self.md, box, res.attachment)
                box.tail = img.tail
                parent.remove(img)
                parent.insert(index, box)


class _FillSources(Treeprocessor):
    """The players' ``src`` set from their box's title link, as the builder left it."""

    def run(self, root: etree.Element) -> None:
        for box in root.iter("div"):
            if "embed-file" not in (box.get("class") or "").split():
                continue
            link = box.find("p/a")
            if link is None:
                continue
            address = (link.get("href") or "").partition("#")[0]
            for player in box:
                if player.get(_PLAYER) is None:
                    continue
                fragment = player.attrib.pop(_PLAYER)
                player.set("src", address + (f"#{fragment}" if fragment else ""))


class MediaExtension(VaultPage, Extension):
    """``![[x.ogg]]``, ``![[x.mp4]]``, ``![[x.pdf#page=3]]``, ``![[x.canvas]]`` in the page."""

    def __init__(self, **kwargs: Any) -> None:
        # Objects, not config options: the vault, and how to read a file of it (tests).
        self._vault: Vault | None = kwargs.pop("vault", None)
        self._read: Callable[[str], str | None] | None = kwargs.pop("read", None)
        self.config = {
            "source": ["", "Rel path of the note being converted (default: from the context)."],
        }
        super().__init__(**kwargs)

    def read(self, md: Markdown, attachment: str) -> str | None:
        """The text of a vault file (None: unknown outside a builder, or unreadable)."""
        if self._read is not None:
            return self._read(attachment)
        site = site_of(md)
        if site is None:
            return None
        try:
            return (Path(site.docs_dir) / attachment).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def draw_canvas(self, md: Markdown, box: etree.Element, attachment: str) -> None:
        """Under a canvas embed's title, the board itself (:mod:`rectified.markdown.canvas`)."""
        if kind_of(attachment) != "canvas":
            return
        raw = self.read(md, attachment)
        svg = canvas_svg(raw, attachment.rsplit("/", 1)[-1]) if raw is not None else None
        if svg is not None:
            holder = etree.SubElement(box, "div", {"class": "canvas-board"})
            holder.text = md.htmlStash.store(etree.tostring(svg, encoding="unicode"))

    def extendMarkdown(self, md: Markdown) -> None:
        context.install(md)
        md.inlinePatterns.register(_MediaProcessor(md, self), "rectified_media", 189)
        # After inline (20), before the paragraphs around boxes are split (18).
        md.treeprocessors.register(_MarkdownMedia(md, self), "rectified_media_markdown", 19)
        from rectified.markdown.embeds import _Unwrap  # embeds imports this module

        if "rectified_embed_unwrap" not in md.treeprocessors:  # the same step as note embeds'
            md.treeprocessors.register(_Unwrap(md), "rectified_embed_unwrap", 18)
        # After MkDocs' relpath (0) and Zensical's link rewriting (0).
        md.treeprocessors.register(_FillSources(md), "rectified_media_sources", -10)


def makeExtension(**kwargs: Any) -> MediaExtension:
    return MediaExtension(**kwargs)
