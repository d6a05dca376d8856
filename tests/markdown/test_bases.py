"""Embedded bases ![[X.base]] -> a table, cards or a list of the vault's notes (markdown/bases)."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from rectified import context
from rectified.errors import NoteError
from rectified.markdown.bases import BasesExtension, makeExtension
from rectified.markdown.embeds import EmbedExtension
from rectified.markdown.figures import FigureExtension
from rectified.markdown.wikilinks import WikilinkExtension
from rectified.vault import Vault

NOTES = {
    "Home.md": "# Home\n\nSee [[Nowhere]].\n",
    "Papers/Alpha.md": (
        "---\ntags: [paper]\nyear: 2010\npeer_reviewed: true\nscore: 0.25\n"
        'published: 2010-06-21\nauthors: [Ada, Bob]\ncites: "[[Beta#Method]]"\n'
        'wants: "[[Nowhere]]"\nalso: "[[Elsewhere]]"\ncover: "[[a.png]]"\n---\n# Alpha\n'
    ),
    "Papers/Beta.md": (
        "---\ntags: [paper]\nyear: 2012\npeer_reviewed: false\nscore: 2\n---\n# Beta\n\n## Method\n"
    ),
    "Papers/Shelf.base": """\
filters: file.hasTag("paper")
formulas:
  made: 'link("Made up")'
views:
  - type: table
    name: Table
    order: [file.name, year, peer_reviewed, score, published, authors, cites, wants, also]
    summaries:
      year: Max
      peer_reviewed: Checked
    sort:
      - property: year
        direction: ASC
  - type: cards
    name: Cards
    image: cover
    filters: cover
    order: [file.name, year]
  - type: list
    name: List
    order: [file.name, year, missing]
  - type: table
    name: None
    filters: year > 3000
  - type: table
    name: Made
    order: [file.name, formula.made]
""",
    "attachments/a.png": "",
}


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    for rel, text in NOTES.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def convert(docs: Path, text: str, source: str = "Home.md", extra=()) -> BeautifulSoup:
    vault = Vault.from_dir(docs)
    exts = [
        BasesExtension(vault=vault, docs_dir=docs, source=source),
        WikilinkExtension(vault=vault, source=source),
        *extra,
    ]
    html = markdown.Markdown(extensions=exts).convert(text)
    return BeautifulSoup(html, "html.parser")


def cells(view) -> list[list[str]]:
    out = []
    for tr in view.select("tbody tr"):
        row = []
        for td in tr.select("td"):
            box = td.select_one("input[type=checkbox]")
            items = td.select("li")
            if box is not None:
                row.append("[x]" if box.has_attr("checked") else "[ ]")
            elif items:
                row.append(" | ".join(li.get_text(strip=True) for li in items))
            else:
                row.append(td.get_text(strip=True))
        out.append(row)
    return out


def test_a_table_shows_each_value_as_obsidian_does(docs: Path):
    soup = convert(docs, "![[Shelf.base]]")
    view = soup.select_one("div.bases-view.bases-table")
    assert view.parent.name == "[document]"  # not inside a <p>
    assert view["data-view"] == "Table"
    assert [th.get_text() for th in view.select("thead th")] == [
        "file name",
        "year",
        "peer_reviewed",
        "score",
        "published",
        "authors",
        "cites",
        "wants",
        "also",
    ]
    assert cells(view) == [
        [
            "Alpha",
            "2010",
            "[x]",
            "0.25",
            "2010-06-21",
            "Ada | Bob",
            "Beta > Method",
            "Nowhere",
            "Elsewhere",
        ],
        ["Beta", "2012", "[ ]", "2", "", "", "", "", ""],
    ]
    assert view.select_one("time")["datetime"] == "2010-06-21"
    # Summaries: the last row, under their columns.
    foot = [td.get_text(" ", strip=True) for td in view.select("tfoot td")]
    assert foot == ["", "Max 2012", "Checked 1", "", "", "", "", "", ""]
    # The rows are sorted by year, ascending: its header says so (the other headers do not).
    assert [th.get("aria-sort") for th in view.select("thead th")][:3] == [None, "ascending", None]


def test_links_in_cells_are_written_as_wikilinks_writes_them(docs: Path):
    view = convert(docs, "![[Shelf.base]]").select_one("div.bases-view")
    first = view.select("tbody tr")[0].select("td")
    assert first[0].a["href"] == "/Papers/Alpha.md"
    assert first[0].a["class"] == ["wikilink"]
    assert first[0].a.has_attr("data-preview")
    assert first[6].a["href"] == "/Papers/Beta.md#method"
    # Wanted notes: the Wanted page lists links in text and in properties, so these lead there.
    assert first[7].a["href"] == "/wanted.md#nowhere"
    assert first[7].a["class"] == ["wikilink", "wanted"]
    assert first[8].a["href"] == "/wanted.md#elsewhere"


def test_a_wanted_link_that_the_wanted_page_does_not_list_is_styled_without_a_link(docs: Path):
    # link("Made up") in a formula: no note links to it, so the Wanted page has no such entry.
    view = convert(docs, "![[Shelf.base#Made]]").select_one("div.bases-view")
    span = view.select("tbody tr")[0].select("td")[1].select_one("span.wikilink.wanted")
    assert span is not None
    assert span["title"] == "Not written yet"
    assert span.get_text() == "Made up"


def test_a_named_view_cards_and_list(docs: Path):
    soup = convert(docs, "![[Shelf.base#Cards]]\n\n![[Papers/Shelf.base#List]]")
    cards = soup.select_one("div.bases-cards")
    assert [c.select_one(".bases-card-title").get_text() for c in cards.select(".bases-card")] == [
        "Alpha"
    ]
    assert cards.select_one("img")["src"] == "/attachments/a.png"
    assert [dt.get_text() for dt in cards.select("dt")] == ["year"]
    items = soup.select("ul.bases-list > li")
    assert [li.get_text(" ", strip=True) for li in items] == ["Alpha · 2010", "Beta · 2012"]


def test_an_empty_view_says_so(docs: Path):
    view = convert(docs, "![[Shelf.base#None]]").select_one("div.bases-view")
    assert view.select_one("table") is None
    assert view.select_one(".bases-empty").get_text().startswith("No results")
    assert view.select_one(".bases-count").get_text() == "0 results"


def test_in_code_the_embed_stays_text(docs: Path):
    soup = convert(docs, "Write `![[Shelf.base]]` to show it.")
    assert soup.select_one("div.bases-view") is None
    assert soup.code.get_text() == "![[Shelf.base]]"


def test_bases_run_before_note_embeds_and_image_embeds(docs: Path):
    vault = Vault.from_dir(docs)
    extra = [EmbedExtension(vault=vault, source="Home.md"), FigureExtension(manifest={})]
    soup = convert(docs, "![[Shelf.base]]\n\n![[Alpha]]", extra=extra)
    assert soup.select_one("div.bases-view") is not None
    assert soup.select_one("div.embed")["data-embed-src"] == "Papers/Alpha.md"
    assert soup.select_one("div.embed-file") is None  # the base is not a file box


ERRORS = [
    ("![[Gone.base]]", "docs/Home.md:3: embedded base 'Gone.base' does not exist in the vault"),
    (
        "![[Shelf.base#Tabel]]",
        "docs/Home.md:3: 'Papers/Shelf.base' has no view 'Tabel' (did you "
        "mean 'Table'?); its views: Table, Cards, List, None, Made",
    ),
]


@pytest.mark.parametrize(("text", "message"), ERRORS, ids=["no-base", "no-view"])
def test_a_missing_base_or_view_names_the_embedding_note_and_line(docs: Path, text, message):
    vault = Vault.from_dir(docs)
    context.set_page(context.Page(path="docs/Home.md", markdown="\n\n" + text, rel_path="Home.md"))
    try:
        with pytest.raises(NoteError) as info:
            markdown.Markdown(extensions=[BasesExtension(vault=vault, docs_dir=docs)]).convert(
                "\n\n" + text
            )
    finally:
        context.set_page(None)
    assert str(info.value) == message


def test_a_bad_link_in_a_property_names_the_note_it_is_in(docs: Path):
    (docs / "Papers/Alpha.md").write_text(
        NOTES["Papers/Alpha.md"].replace("Beta#Method", "Beta#Methods"), encoding="utf-8"
    )
    with pytest.raises(NoteError) as info:
        convert(docs, "![[Shelf.base]]")
    assert info.value.path.endswith("Papers/Alpha.md")
    assert "has no heading 'Methods' (did you mean 'Method'?)" in info.value.message


def test_an_error_in_the_base_names_its_file_and_line(docs: Path):
    (docs / "Papers/Shelf.base").write_text(
        NOTES["Papers/Shelf.base"].replace("year > 3000", "year > duration(3000)"),
        encoding="utf-8",
    )
    with pytest.raises(NoteError) as info:
        convert(docs, "![[Shelf.base]]")
    assert str(info.value) == f"{docs.name}/Papers/Shelf.base:24: unsupported function duration()"


def test_make_extension():
    assert isinstance(makeExtension(), BasesExtension)
