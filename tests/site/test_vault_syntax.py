"""The test vault's ``Syntax/`` notes, built by both builders: the constructs real vaults use.

Media embeds (audio, video, PDF, canvas, other files) resolved by bare name and copied into the
site; image embeds with fragments and sizes; inline footnotes; task statuses; headings with
punctuation in links and embeds; links written ``<…>`` or with ``%20``; Markdown inside HTML
blocks; Mermaid diagrams with the library served from the site, on diagram pages only. The
link checker and the raw-syntax check of ``test_vault_site.py`` cover these notes too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.site import test_vault_site as vault_tests
from tests.site.test_vault_site import (
    NOTES,
    VAULT,
    article,
    link,
    page_of,
    resolves_to,
    soup,
    target_of,
)

vault_site = vault_tests.vault_site  # the same fixture: the test vault built by each builder

pytestmark = pytest.mark.site

MEDIA = "Syntax/Media Shelf.md"


def file_behind(site: Path, rel: str, src: str) -> Path:
    target, _ = target_of(site, page_of(site, rel), src)
    assert target is not None, src
    assert target.is_file(), src
    return target


@pytest.mark.parametrize(
    ("tag", "name"),
    [
        ("audio", "tone.ogg"),
        ("audio", "tone.mp3"),
        ("audio", "click.wav"),
        ("video", "clip.webm"),
        ("video", "clip.mp4"),
    ],
)
def test_audio_and_video_play_the_vault_file(vault_site: Path, tag: str, name: str):
    players = [
        el for el in article(vault_site, MEDIA).select(tag) if el["src"].endswith("/" + name)
    ]
    assert len(players) == 1, name
    player = players[0]
    assert player.has_attr("controls")
    target = file_behind(vault_site, MEDIA, player["src"])
    assert target.read_bytes() == (VAULT / "Syntax" / "files" / name).read_bytes()
    box = player.find_parent("div", class_="embed-file")
    assert box["data-embed-src"] == f"Syntax/files/{name}"
    if name == "tone.mp3":  # written ![The tone as MP3](tone.mp3)
        assert box.select_one("p.embed-title a").get_text() == "The tone as MP3"
    save = box.select_one("p.embed-title a[download]")
    assert file_behind(vault_site, MEDIA, save["href"]) == target


def test_a_pdf_is_shown_in_a_viewer_with_its_fragment_and_a_download_link(vault_site: Path):
    whole, page = article(vault_site, MEDIA).select("div.embed-pdf")
    for box in (whole, page):
        frame = box.select_one("iframe")
        target = file_behind(vault_site, MEDIA, frame["src"].partition("#")[0])
        assert target.read_bytes() == (VAULT / "Syntax/files/relu-sheet.pdf").read_bytes()
        save = box.select_one("a[download]")
        assert file_behind(vault_site, MEDIA, save["href"]) == target
    assert "#" not in whole.select_one("iframe")["src"]
    assert page.select_one("iframe")["src"].endswith("relu-sheet.pdf#page=1")
    assert page.select_one("iframe")["height"] == "300"


@pytest.mark.parametrize(("name", "download"), [("board.canvas", False), ("points.csv", True)])
def test_a_canvas_and_other_files_are_links(vault_site: Path, name: str, download: bool):
    (box,) = [
        b
        for b in article(vault_site, MEDIA).select("div.embed-file")
        if b["data-embed-src"].endswith(name)
    ]
    a = box.select_one("p.embed-title a")
    assert a.has_attr("download") == download
    if name.endswith(".canvas"):  # the board itself, drawn at build time
        svg = box.select_one("div.canvas-board svg.canvas")
        assert svg is not None
        texts = [t.get_text(" ", strip=True) for t in svg.select("text")]
        assert texts[0] == "The positive part"  # the group's label
        assert "Output zero" in texts
        assert "Images.md" in texts
        assert "max" in texts
        assert any("a random variable" in t for t in texts)  # a wikilink as its label
        assert len(svg.select("line.canvas-edge")) == 2
    target = file_behind(vault_site, MEDIA, a["href"])
    assert target.read_bytes() == (VAULT / "Syntax" / "files" / name).read_bytes()


def test_image_embeds_take_fragments_and_sizes(vault_site: Path):
    art = article(vault_site, "Syntax/Images.md")
    imgs = [
        (i.get("alt"), i.get("width"), i.get("height"), i.get("data-fragment"))
        for i in art.select("img")
    ]
    assert ("die-five", None, None, "icon") in imgs
    assert ("coin", "120", None, None) in imgs
    assert ("coin", "100", "145", None) in imgs
    assert ("A coin seen from above", "80", None, "face") in imgs
    assert ("A small coin", "64", None, None) in imgs  # ![A small coin|64](coin.png)
    assert ("die-five", "40", None, None) in imgs  # in a table, \|
    for img in art.select("img"):
        file_behind(vault_site, "Syntax/Images.md", img["src"].partition("#")[0])
    figure = art.select_one("figure#figure-relu")  # a generated figure keeps both palettes
    assert [i["src"].rsplit("/", 1)[-1] for i in figure.select("img")] == [
        "relu.svg#only-light",
        "relu.dark.svg#only-dark",
    ]
    assert {i["width"] for i in figure.select("img")} == {"300"}


def test_a_block_id_glued_to_an_image_embed_names_it(vault_site: Path):
    block = article(vault_site, "Syntax/Images.md").find(id="^small-coin")
    assert block is not None
    assert block.name == "p"
    assert block.select_one("img")["width"] == "40"
    assert "^small-coin" not in block.get_text()


def test_inline_footnotes_join_the_footnote_list_in_reading_order(vault_site: Path):
    art = article(vault_site, "Syntax/Footnotes and Tasks.md")
    refs = [a.get_text() for a in art.select("sup a.footnote-ref")]
    assert refs == ["1", "2", "3"]
    items = art.select("div.footnote li")
    texts = [li.get_text(" ", strip=True) for li in items]
    assert texts[0].startswith("Fair means every face")
    assert texts[1].startswith("Ordered pairs")
    assert texts[2].startswith("Six of the thirty-six")
    assert items[0].select_one("a.wikilink") is not None
    shown = "".join(t for t in art.find_all(string=True) if t.parent.name != "code")
    assert "^[" not in shown


def test_task_statuses(vault_site: Path):
    art = article(vault_site, "Syntax/Footnotes and Tasks.md")
    items = art.select("ul.task-list > li.task-list-item")
    states = [
        (
            li["data-task"],
            li.select_one("input")["type"],
            li.select_one("input").has_attr("checked"),
        )
        for li in items
    ]
    assert states == [
        ("x", "checkbox", True),
        (" ", "checkbox", False),
        ("/", "checkbox", True),
        ("-", "checkbox", True),
        ("?", "checkbox", True),
    ]
    assert not any(li.get_text().lstrip().startswith("[") for li in items)


HEADINGS = "Syntax/Headings and Links.md"


@pytest.mark.parametrize(
    ("text", "note", "fragment"),
    [
        ("A: b, c", HEADINGS, "a-b-c"),
        ("question itself", HEADINGS, "why-really"),
        ("the same heading", HEADINGS, "a-b-c"),
        ("a note with spaces, in angle brackets", "Syntax/Footnotes and Tasks.md", ""),
        ("the same note, spaces encoded", "Syntax/Footnotes and Tasks.md", ""),
        (
            "a heading of it, written like a wikilink",
            "Syntax/Footnotes and Tasks.md",
            "reading-list",
        ),
        ("a heading with a question mark", HEADINGS, "why-really"),
        ("the media shelf, its name encoded", MEDIA, ""),
        ("the small coin", "Syntax/Images.md", "^small-coin"),  # ![[coin.png|40]]^small-coin
    ],
)
def test_links_with_punctuation_and_encoded_names(vault_site: Path, text, note, fragment):
    assert resolves_to(vault_site, HEADINGS, link(vault_site, HEADINGS, text)) == (note, fragment)


def test_sections_with_punctuation_are_embedded(vault_site: Path):
    own, other = article(vault_site, HEADINGS).select("div.embed")
    assert own.select_one("h2").get_text(strip=True).removesuffix("¶") == "Why? (really)"
    assert other["data-embed-src"] == "Syntax/Diagrams and HTML.md"
    assert other.select_one("h2").get_text(strip=True).removesuffix("¶") == "Steps: one, two"
    assert "Maximum Likelihood" in other.get_text()
    for box in (own, other):
        title = box.select_one("p.embed-title a")
        assert resolves_to(vault_site, HEADINGS, title)[1] in ("why-really", "steps-one-two")


def test_markdown_inside_html_blocks(vault_site: Path):
    art = article(vault_site, "Syntax/Diagrams and HTML.md")
    box = art.select_one("div.note-box")
    assert box.select_one("p strong").get_text() == "bold"
    assert box.select_one("a.wikilink").get_text() == "Variance"
    assert box.select_one(".katex") is not None
    assert box.select_one("ul li") is not None
    details = art.select_one("details:not(.figure-code)")
    assert details.select_one("summary").get_text() == "More on estimators"
    assert details.select_one("p mark").get_text() == "a function of the sample"


def mermaid_scripts(site: Path, rel: str) -> list[str]:
    return [
        s["src"] for s in soup(page_of(site, rel)).select("script[src]") if "mermaid" in s["src"]
    ]


def test_mermaid_is_served_from_the_site_on_diagram_pages_only(vault_site: Path):
    rel = "Syntax/Diagrams and HTML.md"
    pre = article(vault_site, rel).select_one("pre.mermaid")
    assert pre is not None
    assert "flowchart LR" in pre.get_text()
    (src,) = mermaid_scripts(vault_site, rel)
    assert not src.startswith(("http:", "https:", "//"))
    script = file_behind(vault_site, rel, src)
    library = Path(__file__).resolve().parents[2] / "rectified/theme/assets/mermaid/mermaid.min.js"
    assert script.read_bytes() == library.read_bytes()
    others = [r for r in NOTES if r != rel and mermaid_scripts(vault_site, r)]
    assert others == []
