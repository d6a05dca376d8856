"""Finish a page that mkdocs-jupyter rendered, so it follows the site's rules.

mkdocs-jupyter (0.26) leaves three things behind that this site does not accept:

- about 600 KB of inline ``<style>`` per notebook page (JupyterLab's theme): moved to one
  shared stylesheet, fetched once and cached;
- ``<script>`` tags: an empty ``src=""`` MathJax loader, its configuration, and a module that
  would import Mermaid from a CDN: removed. The one script the site's own figures ask for
  (``assets/explore.js``, which :func:`rectified.figures.display.show` puts after an explorable
  figure) is kept once, at the end, and only when the page holds an explorable figure, as a
  note's page gets it from :mod:`rectified.markdown.explore`;
- math in Markdown cells left as ``$…$`` for MathJax: typeset here with the same build-time
  KaTeX as the notes.
"""

from __future__ import annotations

import hashlib
import html as htmllib
import posixpath
import re
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from rectified.figures.markup import SCRIPT
from rectified.markdown.math import render_tex
from rectified.source import MATH, parse

_PROTECTED = re.compile(r"(<(pre|code)\b.*?</\2>)", re.S)


def _site_script(src: str | None) -> bool:
    """``src`` is the site's explore script, reached by a path (no scheme, no other host)."""
    if not src:
        return False
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or parts.query or parts.fragment:
        return False
    path = posixpath.normpath(parts.path)
    return not path.startswith("/") and (path == SCRIPT or path.endswith("/" + SCRIPT))


def typeset(fragment: str) -> str:
    """Render ``$$…$$`` and ``$…$`` in an HTML fragment, leaving <pre> and <code> alone."""
    parts = _PROTECTED.split(fragment)
    out = []
    i = 0
    while i < len(parts):
        out.append(_typeset_text(parts[i]))
        if i + 1 < len(parts):
            out.append(parts[i + 1])  # the protected block, untouched
        i += 3
    return "".join(out)


def _typeset_text(text: str) -> str:
    """Math in a piece of HTML text, found by the source layer's rules, rendered by KaTeX."""
    out, pos = [], 0
    for span in parse(text, front_matter=False).of(MATH):
        display = span.data == "display"
        tex = htmllib.unescape(text[span.start : span.end].strip("$"))
        out += [text[pos : span.start], render_tex(tex.strip() if display else tex, display)]
        pos = span.end
    return "".join(out) + text[pos:]


def finish(content: str) -> tuple[str, str]:
    """Return (page HTML without styles and scripts but the explore script, math typeset; the CSS).

    The CSS is what the inline styles held (the caller serves it as one shared stylesheet).
    """
    soup = BeautifulSoup(content, "html.parser")
    css = "\n".join(style.get_text() for style in soup.find_all("style"))
    kept = next((s["src"] for s in soup.find_all("script") if _site_script(s.get("src"))), None)
    for tag in soup.find_all(["style", "script"]):
        tag.decompose()
    if kept is not None and soup.select_one("figure.rectified-explorable") is not None:
        soup.append(soup.new_tag("script", attrs={"src": kept, "defer": ""}))
    for cell in soup.select(".jp-RenderedMarkdown"):
        rendered = typeset(cell.decode_contents())
        cell.clear()
        cell.append(BeautifulSoup(rendered, "html.parser"))
    return str(soup), css


def stylesheet_name(css: str) -> str:
    """A content-addressed file name, so browsers may cache it forever."""
    return f"assets/notebook.{hashlib.sha256(css.encode()).hexdigest()[:12]}.css"
