"""Canvas files drawn as SVG at build time (rectified.markdown.canvas), embedded by media."""

from __future__ import annotations

import json
import logging
import re
from xml.etree.ElementTree import Element

import markdown
import pytest

from rectified.markdown.canvas import canvas_svg
from rectified.markdown.media import MediaExtension
from rectified.vault import Vault

BOARD = {
    "nodes": [
        {"id": "g", "type": "group", "label": "Activations", "x": -10, "y": -10, "width": 520,
         "height": 100},
        {"id": "a", "type": "text", "text": "Below zero: see [[ReLU|the ReLU]] and ==this==",
         "x": 0, "y": 0, "width": 200, "height": 80, "color": "1"},
        {"id": "b", "type": "file", "file": "notes/Softplus.md", "x": 300, "y": 0, "width": 200,
         "height": 60, "color": "#12abEF"},
        {"id": "c", "type": "link", "url": "https://example.org", "x": 300, "y": 200,
         "width": 200, "height": 40},
    ],
    "edges": [
        {"id": "e1", "fromNode": "a", "fromSide": "right", "toNode": "b", "toSide": "left",
         "label": "smooth"},
        {"id": "e2", "fromNode": "b", "toNode": "c", "toEnd": "none", "fromEnd": "arrow"},
        {"id": "e3", "fromNode": "a", "toNode": "gone"},
    ],
}  # fmt: skip


def draw(data: object = BOARD) -> Element:
    svg = canvas_svg(json.dumps(data), "Board.canvas")
    assert svg is not None
    return svg


def test_the_board_is_drawn_to_scale() -> None:
    svg = draw()
    assert svg.get("viewBox") == "-30 -50 560 310"  # nodes' box, padded, room for a label
    assert svg.get("role") == "img"
    assert svg.get("aria-label") == "Canvas Board.canvas"
    nodes = svg.findall("g")
    assert [n.get("class") for n in nodes] == [
        "canvas-node canvas-group",  # groups first, behind the rest
        "canvas-node canvas-text",
        "canvas-node canvas-file",
        "canvas-node canvas-link",
    ]
    rect = nodes[1].find("rect")
    assert rect.attrib == {
        "x": "0",
        "y": "0",
        "width": "200",
        "height": "80",
        "rx": "8",
        "class": "canvas-color-1",
    }
    assert nodes[2].find("rect").get("style") == "stroke: #12abEF"


def test_node_text_is_plain_and_wrapped() -> None:
    texts = ["".join(t.itertext()) for t in draw().iter("text")]
    assert texts[0] == "Activations"  # the group's label
    assert texts[1] == "Below zero: see the ReLUand this"  # two tspans: wrapped
    spans = [s.text for s in draw().findall("g")[1].iter("tspan")]
    assert spans == ["Below zero: see the ReLU", "and this"]
    assert texts[2] == "Softplus.md"
    assert texts[3] == "https://example.org"
    assert "smooth" in texts  # an edge's label


def test_edges_join_the_sides_and_carry_arrows() -> None:
    svg = draw()
    lines = [(ln.get("x1"), ln.get("y1"), ln.get("x2"), ln.get("y2")) for ln in svg.iter("line")]
    assert lines == [("200", "40", "300", "30"), ("400", "60", "400", "200")]  # e3: no node
    heads = [p.get("points").split()[0] for p in svg.iter("polygon")]
    assert heads == ["300,30", "400,60"]  # at the "to" end of e1; at the "from" end of e2


def test_long_text_is_cut_to_its_box() -> None:
    data = {"nodes": [{"id": "a", "type": "text", "text": "word " * 200, "x": 0, "y": 0,
                       "width": 100, "height": 50}]}  # fmt: skip
    spans = [s.text for s in draw(data).iter("tspan")]
    assert len(spans) == 2
    assert spans[-1].endswith("…")


@pytest.mark.parametrize(
    "raw",
    ["not json", "[]", '{"nodes": []}', '{"nodes": [{"id": "a", "x": "left"}]}'],
)
def test_what_is_not_a_canvas_is_not_drawn(raw: str, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="rectified.markdown.canvas"):
        assert canvas_svg(raw, "Bad.canvas") is None
    assert "Bad.canvas is not drawn" in caplog.text


VAULT = Vault.from_texts({"Host.md": "", "boards/Board.canvas": "", "boards/Bad.canvas": ""})
FILES = {"boards/Board.canvas": json.dumps(BOARD), "boards/Bad.canvas": "{"}


def convert(text: str) -> str:
    ext = MediaExtension(vault=VAULT, source="Host.md", read=FILES.get)
    return markdown.Markdown(extensions=[ext]).convert(text)


def test_an_embedded_canvas_shows_its_link_and_the_board() -> None:
    html = convert("![[Board.canvas]]").replace("\n", "")
    assert html.startswith(
        '<div class="embed embed-file embed-canvas" data-embed-src="boards/Board.canvas">'
        '<p class="embed-title"><a href="/boards/Board.canvas">Board.canvas</a></p>'
        '<div class="canvas-board"><svg '
    )
    assert re.search(r'<svg [^>]*viewBox="-30 -50 560 310"', html)


def test_a_bad_canvas_shows_only_its_link() -> None:
    html = convert("![[Bad.canvas]]")
    assert "<svg" not in html
    assert '<a href="/boards/Bad.canvas">Bad.canvas</a>' in html
