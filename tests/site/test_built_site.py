"""The built site: every note has its page, figure and math, and nothing comes from elsewhere."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from rectified.markdown.figures import embedded_figures
from rectified.vault import url_slug

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[2]
NOTES = sorted(p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md"))


def page_of(site: Path, rel: str) -> Path:
    return site / url_slug(rel) / "index.html"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def test_home_page_exists(built_site: Path):
    assert (built_site / "index.html").is_file()


@pytest.mark.parametrize("rel", NOTES)
def test_every_note_has_a_page(built_site: Path, rel: str):
    assert page_of(built_site, rel).is_file(), f"no page for docs/{rel}"


@pytest.mark.parametrize("rel", NOTES)
def test_no_raw_obsidian_or_math_syntax_left(built_site: Path, rel: str):
    doc = soup(page_of(built_site, rel))
    article = doc.select_one("article")
    for el in article.select(".katex, pre, code, .highlight"):
        el.decompose()
    text = article.get_text(" ")
    for raw in ("$$", "[[", "[!", "\\(", "\\["):
        assert raw not in text, f"raw {raw!r} visible on the page of docs/{rel}"


@pytest.mark.parametrize("rel", NOTES)
def test_embedded_figures_show_both_palettes_and_their_code(built_site: Path, rel: str):
    names = embedded_figures((ROOT / "docs" / rel).read_text("utf-8"))
    page = page_of(built_site, rel)
    doc = soup(page)
    for name in names:
        fig = doc.select_one(f"figure#figure-{name}")
        assert fig is not None, f"figure {name} missing on docs/{rel}"
        srcs = [img["src"] for img in fig.select("img")]
        assert any(s.endswith(f"{name}.svg#only-light") for s in srcs)
        assert any(s.endswith(f"{name}.dark.svg#only-dark") for s in srcs)
        for src in srcs:
            target = (page.parent / src.split("#")[0]).resolve()
            assert target.is_file(), f"{src} on docs/{rel} points nowhere"
            assert target.read_bytes().lstrip().startswith(b"<?xml")
        assert all(img.get("alt") for img in fig.select("img"))
        code = fig.select_one("details.figure-code .highlight code")
        assert code is not None
        assert "def " in code.get_text()


def test_notes_with_definitions_show_typeset_math(built_site: Path):
    notes = [r for r in NOTES if "$$" in (ROOT / "docs" / r).read_text("utf-8")]
    assert len(notes) >= 3
    for rel in notes:
        doc = soup(page_of(built_site, rel))
        assert doc.select(".katex-display .katex-mathml math"), f"no display math on docs/{rel}"


def test_manifest_is_not_published(built_site: Path):
    assert not (built_site / "figures" / "manifest.json").exists()


# --------------------------------------------------------------- nothing from another host

URL_ATTRS = {"script": "src", "link": "href", "img": "src", "source": "src", "iframe": "src"}
CSS_URL_RE = re.compile(r"url\(\s*['\"]?([^'\")]+)")
IMPORT_RE = re.compile(r"@import\s+['\"]([^'\"]+)")


def is_external(url: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "data")


def test_html_loads_nothing_from_another_host(built_site: Path):
    offenders = []
    pages = sorted(built_site.rglob("*.html"))
    assert pages
    for page in pages:
        doc = soup(page)
        for tag, attr in URL_ATTRS.items():
            for el in doc.find_all(tag):
                if tag == "link" and not set(el.get("rel", [])) & {
                    "stylesheet",
                    "preload",
                    "modulepreload",
                    "icon",
                    "manifest",
                    "prefetch",
                }:
                    continue  # rel=canonical and friends are links, not loads
                url = el.get(attr)
                if url and is_external(url):
                    offenders.append(f"{page.relative_to(built_site)}: <{tag} {attr}={url}>")
        for style in doc.find_all("style"):
            offenders += [
                f"{page.relative_to(built_site)}: <style> {u}"
                for u in CSS_URL_RE.findall(style.get_text())
                if is_external(u)
            ]
        for el in doc.find_all(style=True):
            offenders += [
                f"{page.relative_to(built_site)}: style= {u}"
                for u in CSS_URL_RE.findall(el["style"])
                if is_external(u)
            ]
    assert not offenders, "\n".join(offenders)


@pytest.mark.parametrize("builder", ["built_site", "zensical_site"])
def test_no_script_holds_up_the_first_paint(request: pytest.FixtureRequest, builder: str):
    """Every script file is deferred (or async), Material's bundle included: a script the
    parser must run before it paints delayed the Softplus page's largest paint by 0.5-0.8 s
    in Lighthouse's mobile run (performance 0.92 instead of 0.95-0.98)."""
    site = request.getfixturevalue(builder)
    blocking, seen = [], 0
    for page in sorted(site.rglob("*.html")):
        for el in soup(page).find_all("script", src=True):
            seen += 1
            if not (el.has_attr("defer") or el.has_attr("async")):
                blocking.append(f"{page.relative_to(site)}: {el['src']}")
    assert seen, "no script file found: is this a Material site?"
    assert not blocking, "\n".join(blocking[:20])


def test_css_loads_nothing_from_another_host(built_site: Path):
    offenders = []
    sheets = sorted(built_site.rglob("*.css"))
    assert sheets
    for sheet in sheets:
        text = sheet.read_text("utf-8", "replace")
        for url in CSS_URL_RE.findall(text) + IMPORT_RE.findall(text):
            if is_external(url):
                offenders.append(f"{sheet.relative_to(built_site)}: {url}")
    assert not offenders, "\n".join(offenders)


def test_math_fonts_are_served(built_site: Path):
    css = built_site / "assets" / "katex" / "katex.min.css"
    assert css.is_file()
    for url in CSS_URL_RE.findall(css.read_text("utf-8")):
        if url.endswith(".woff2"):
            assert (css.parent / url).is_file(), url


def test_search_index_lists_the_notes(built_site: Path):
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    titles = {d["title"] for d in index["docs"]}
    assert {"Rectified Linear Unit", "Softplus"} <= titles


def test_notebook_page_edit_link_opens_its_jupytext_source(built_site: Path):
    """The executed .ipynb is generated: "Edit this page" opens the script it is made from."""
    pages = sorted((built_site / "notebooks").glob("*/index.html"))
    assert pages, "no notebook page"
    for page in pages:
        edit = soup(page).select_one('a[title="Edit this page"]')
        assert edit is not None, page
        path = urlsplit(edit["href"]).path
        assert path.endswith(".py"), edit["href"]
        source = path.split("/edit/main/", 1)[1]
        assert (ROOT / unquote(source)).is_file(), f"{edit['href']} names no file of the repo"
