"""Properties under both builders: the table on the page, its links as page URLs, and a link in a
property listed under "Linked from" on the note it names."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from rectified.pages import write_missing_stubs
from tests.site.project import build, make_project, page_file

pytestmark = pytest.mark.site

NOTES = {
    "index.md": "# Home\n\nSee [[Law]].\n",
    "Law.md": (
        "---\ntitle: Law\ntags: [law]\nkind: discrete\nmean: 0.5\nfair: true\n"
        'added: 2024-01-15\nrelated: "[[Other#Part]]"\nup:\n  - "[[Other]]"\n  - plain\n'
        "---\n\n# Law\n\nText.\n"
    ),
    "Other.md": "# Other\n\n## Part\n\nWords.\n",
}


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def site(request, tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp(f"properties-{request.param}")
    config = make_project(base, NOTES)
    if request.param == "zensical":
        write_missing_stubs(base / "docs")
    proc = build(config, base / "site", request.param)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return base / "site"


def soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup(page_file(site, rel).read_text("utf-8"), "html.parser")


def test_the_table_is_under_the_title_with_every_type(site: Path):
    page = soup(site, "Law.md")
    table = page.select_one("article table.properties")
    assert table is not None
    assert table.find_previous_sibling("h1") is not None
    cells = {tr.th.get_text(): tr.td for tr in table.select("tr")}
    assert list(cells) == ["kind", "mean", "fair", "added", "related", "up"]  # title, tags hidden
    assert cells["kind"].get_text() == "discrete"
    assert cells["mean"]["data-type"] == "number"
    box = cells["fair"].input
    assert box.has_attr("checked")
    assert box.has_attr("disabled")
    assert cells["added"].time["datetime"] == "2024-01-15"
    assert cells["added"].get_text() == "15 January 2024"
    assert [li.get_text() for li in cells["up"].select("ul.property-list > li")] == [
        "Other",
        "plain",
    ]
    related = cells["related"].a
    assert related.get_text() == "Other > Part"
    target = (page_file(site, "Law.md").parent / related["href"].split("#")[0]).resolve()
    assert target in {
        page_file(site, "Other.md").resolve(),
        page_file(site, "Other.md").parent.resolve(),
    }
    assert related["href"].endswith("#part")


def test_a_link_in_a_property_shows_under_linked_from(site: Path):
    section = soup(site, "Other.md").select_one("section.backlinks")
    assert section is not None
    contexts = [q.get_text() for q in section.select("blockquote.backlink-context")]
    assert contexts == ["related: Other > Part", "up: Other, plain"]
