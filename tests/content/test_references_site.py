"""The built site, under both builders: the References page offers the .bib, links every work
to its DOI, arXiv page or URL, and a citation in a note shows the full reference on hover.

Checked twice: on a small vault of its own (two works, two citing notes, its References page
generated as the real one is), which does not depend on the state of the other notes, and on
the real site (the session's builds, shared with the other site tests)."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from rectified import bibliography
from rectified.pages import write_missing_stubs
from rectified.vault import Vault
from tests.site.project import build, make_project, page_path

pytestmark = pytest.mark.site

DOCS = Path(__file__).resolve().parents[2] / "docs"


SMALL_BIB = """@inproceedings{dugas2001,
  author = {Dugas, Charles and Bengio, Yoshua and Nadeau, Claude and Garcia, Rene},
  title = {Incorporating Second-Order Functional Knowledge for Better Option Pricing},
  booktitle = {Advances in Neural Information Processing Systems 13},
  pages = {472--478},
  year = {2001},
  url = {https://papers.nips.cc/paper/1920-incorporating-second-order-functional-knowledge-for-better-option-pricing},
  annotation = {Softplus.},
}
@misc{hendrycks2016,
  author = {Hendrycks, Dan and Gimpel, Kevin},
  title = {Gaussian Error Linear Units ({GELUs})},
  howpublished = {Preprint},
  year = {2016},
  eprint = {1606.08415},
  archiveprefix = {arXiv},
  annotation = {GELU.},
}
"""
SMALL_NOTES = {
    "Softplus.md": (
        '---\nintroduced_by:\n  - "[[References#Dugas et al. (2001)|Dugas et al., 2001]]"\n---\n'
        "# Softplus\n\nAs [[References#Dugas et al. (2001)|Dugas et al., 2001]] do.\n"
    ),
    "Folder/GELU.md": (
        "# GELU\n\n[[References#Hendrycks and Gimpel (2016)|Hendrycks and Gimpel, 2016]] and "
        "[Dugas](../References.md#Dugas%20et%20al.%20(2001)).\n"
    ),
}


_SMALL: dict[str, tuple[Path, str, Path]] = {}


def _small_site(builder: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Path]:
    """The small vault, its References page generated, built by ``builder`` (once a session)."""
    if builder not in _SMALL:
        base = tmp_path_factory.mktemp(f"references-{builder}")
        config = make_project(base, {**SMALL_NOTES, bibliography.BIB_FILE: SMALL_BIB})
        docs = base / "docs"
        if builder == "zensical":
            write_missing_stubs(docs)
        assert bibliography.write_page(docs)
        proc = build(config, base / "site", builder)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        _SMALL[builder] = (base / "site", builder, docs)
    return _SMALL[builder]


@pytest.fixture(
    params=[("small", "mkdocs"), ("small", "zensical"), ("real", "mkdocs"), ("real", "zensical")],
    ids=lambda p: "-".join(p),
)
def site(request: pytest.FixtureRequest, tmp_path_factory) -> tuple[Path, str, Path]:
    """(site folder, builder, docs folder) of the small vault or of the real notes."""
    vault, builder = request.param
    if vault == "small":
        return _small_site(builder, tmp_path_factory)
    fixture = "built_site" if builder == "mkdocs" else "zensical_site"
    return request.getfixturevalue(fixture), builder, DOCS


def _page(site: Path, builder: str, rel: str) -> tuple[BeautifulSoup, str]:
    path = page_path(builder, rel)
    html = (site / path).read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser"), path


def _target(page: str, href: str) -> str:
    """The site path an href on ``page`` points to (its folder's index.html for a folder)."""
    path = unquote(urlsplit(href).path)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    return joined + "/index.html" if href.split("#")[0].endswith("/") else joined


def test_the_bib_is_offered_for_download(site: tuple[Path, str, Path]):
    root, builder, docs = site
    soup, page = _page(root, builder, bibliography.PAGE_FILE)
    links = [a["href"] for a in soup.select("article a[href]") if "references.bib" in a["href"]]
    assert links, "the References page has no link to references.bib"
    for href in links:
        target = root / _target(page, href)
        assert target.is_file(), f"{href} from {page} is not a file of the site"
        assert target.read_bytes() == (docs / bibliography.BIB_FILE).read_bytes()


def test_every_work_has_its_heading_and_link(site: tuple[Path, str, Path]):
    root, builder, docs = site
    soup, _ = _page(root, builder, bibliography.PAGE_FILE)
    hrefs = {a["href"] for a in soup.select("article a[href]")}
    for entry in bibliography.load(docs):
        heading = soup.find(id=entry.anchor)
        assert heading is not None, f"no heading #{entry.anchor}"
        assert heading.name == "h3"
        assert entry.link in hrefs, f"{entry.heading}: no link to {entry.link}"


def test_a_citation_shows_the_full_reference_on_hover(site: tuple[Path, str, Path]):
    root, builder, docs = site
    entries = bibliography.load(docs)
    citations = bibliography.citations(Vault.from_dir(docs))
    assert citations
    for c in citations:
        entry = next((e for e in entries if e.anchor == c.anchor), None)
        if entry is None:
            continue
        soup, page = _page(root, builder, c.source)
        cites = [
            a
            for a in soup.select("article a[href]")
            if urlsplit(a["href"]).fragment == entry.anchor
            and _target(page, a["href"]).startswith(page_path(builder, "References.md")[:-10])
        ]
        assert cites, f"{c.source}: no link to #{entry.anchor}"
        assert all(a.get("title") == entry.reference_text() for a in cites), (
            c.source,
            [a.get("title") for a in cites],
        )
