"""An Obsidian canvas (``.canvas``, JSON Canvas 1.0) drawn as a static SVG at build time.

``![[Board.canvas]]`` shows the board in Obsidian. :mod:`rectified.markdown.media` gives the
embed its box; this module draws what the file holds (https://jsoncanvas.org/spec/1.0/):

* nodes (``text``, ``file``, ``link``, ``group``) as rounded boxes at their ``x``, ``y``,
  ``width``, ``height``; a text node shows its text as plain text (wikilinks as their label,
  Markdown marks left out by :func:`rectified.text.plain_sentence`), a file node its file
  name, a link node its URL, a group its label above the box;
* edges as lines from the middle of one node's side to the other's (``fromSide``/``toSide``,
  else the nearest sides), with an arrow head where ``toEnd`` (default) or ``fromEnd`` says
  ``arrow``, and their label at the middle;
* the six preset colours (``"1"`` … ``"6"``) as classes (``canvas-color-1``) the stylesheet
  colours; a ``#rrggbb`` colour as the stroke.

The SVG scales to the column (``viewBox``), is labelled for assistive technology (``role="img"``
with the canvas's name, every node's text kept as text) and links nowhere (the embed's title
links to the file). Known limits: Markdown in text nodes is shown as plain text, not rendered;
file nodes do not embed the file; long text is cut to what fits the box (four characters of
width per ten pixels, a line per twenty); a malformed file gives None (the embed shows its link
and the build logs a warning).
"""

from __future__ import annotations

import json
import logging
import re
import xml.etree.ElementTree as etree
from typing import Any

from rectified.text import plain_sentence

__all__ = ["canvas_svg"]

log = logging.getLogger(__name__)

PAD = 20
LINE = 20  # pixels per line of text
CHAR = 7.5  # pixels per character, roughly, at the stylesheet's size
_SIDES = ("top", "right", "bottom", "left")
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")


def _number(node: dict, key: str) -> float:
    value = node.get(key, 0)
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise ValueError(f"node {node.get('id')!r}: {key} is not a number")
    return float(value)


def _anchor(node: dict, side: str) -> tuple[float, float]:
    x, y = _number(node, "x"), _number(node, "y")
    w, h = _number(node, "width"), _number(node, "height")
    return {
        "top": (x + w / 2, y),
        "right": (x + w, y + h / 2),
        "bottom": (x + w / 2, y + h),
        "left": (x, y + h / 2),
    }[side]


def _nearest(a: dict, b: dict) -> tuple[str, str]:
    """The sides of ``a`` and ``b`` that face each other."""
    ax, ay = _anchor(a, "top")[0], _anchor(a, "left")[1]
    bx, by = _anchor(b, "top")[0], _anchor(b, "left")[1]
    if abs(bx - ax) >= abs(by - ay):
        return ("right", "left") if bx >= ax else ("left", "right")
    return ("bottom", "top") if by >= ay else ("top", "bottom")


def _lines(text: str, width: float, height: float) -> list[str]:
    """``text`` wrapped to the box, cut with an ellipsis when it does not fit."""
    per_line = max(int((width - 16) / CHAR), 4)
    most = max(int((height - 8) / LINE), 1)
    out: list[str] = []
    for paragraph in text.split("\n"):
        words, line = paragraph.split(), ""
        for word in words:
            if line and len(line) + 1 + len(word) > per_line:
                out.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        if line:
            out.append(line)
    if len(out) > most:
        out = [*out[: most - 1], out[most - 1][: per_line - 1] + "…"]
    return out


def _label(node: dict) -> str:
    kind = node.get("type")
    if kind == "text":
        return "\n".join(plain_sentence(p) for p in str(node.get("text", "")).split("\n"))
    if kind == "file":
        return str(node.get("file", "")).rsplit("/", 1)[-1]
    if kind == "link":
        return str(node.get("url", ""))
    return ""


def _color(el: etree.Element, value: Any) -> None:
    if value is None:
        return
    text = str(value)
    if text in {"1", "2", "3", "4", "5", "6"}:
        el.set("class", f"{el.get('class', '')} canvas-color-{text}".strip())
    elif _HEX.fullmatch(text):
        el.set(
            "style", f"stroke: {text}; fill: {text}" if el.tag == "polygon" else f"stroke: {text}"
        )


def canvas_svg(raw: str, name: str) -> etree.Element | None:
    """The SVG of a canvas file's text ``raw`` (None when it is not a canvas)."""
    try:
        data = json.loads(raw)
        return _draw(data, name)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        log.warning("canvas %s is not drawn (%s): the embed shows its link", name, exc)
        return None


def _draw(data: dict, name: str) -> etree.Element:
    nodes = [n for n in data.get("nodes", []) if isinstance(n, dict)]
    if not nodes:
        raise ValueError("no nodes")
    by_id = {str(n.get("id")): n for n in nodes}
    left = min(_number(n, "x") for n in nodes) - PAD
    top = min(_number(n, "y") for n in nodes) - PAD - LINE  # room for a group's label
    right = max(_number(n, "x") + _number(n, "width") for n in nodes) + PAD
    bottom = max(_number(n, "y") + _number(n, "height") for n in nodes) + PAD
    width, height = right - left, bottom - top
    svg = etree.Element(
        "svg",
        {
            "class": "canvas",
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"{left:g} {top:g} {width:g} {height:g}",
            "width": f"{width:g}",
            "role": "img",
            "aria-label": f"Canvas {name}",
        },
    )
    # Groups first (behind), then the other nodes, then the edges on top.
    for node in sorted(nodes, key=lambda n: n.get("type") != "group"):
        _node(svg, node)
    for edge in data.get("edges", []):
        a, b = by_id.get(str(edge.get("fromNode"))), by_id.get(str(edge.get("toNode")))
        if a is None or b is None:
            continue
        near = _nearest(a, b)
        start = _anchor(a, edge.get("fromSide") if edge.get("fromSide") in _SIDES else near[0])
        end = _anchor(b, edge.get("toSide") if edge.get("toSide") in _SIDES else near[1])
        line = etree.SubElement(
            svg,
            "line",
            {
                "class": "canvas-edge",
                "x1": f"{start[0]:g}",
                "y1": f"{start[1]:g}",
                "x2": f"{end[0]:g}",
                "y2": f"{end[1]:g}",
            },
        )
        _color(line, edge.get("color"))
        if edge.get("toEnd", "arrow") == "arrow":
            _arrow(svg, start, end, edge.get("color"))
        if edge.get("fromEnd", "none") == "arrow":
            _arrow(svg, end, start, edge.get("color"))
        if edge.get("label"):
            text = etree.SubElement(
                svg,
                "text",
                {
                    "class": "canvas-edge-label",
                    "x": f"{(start[0] + end[0]) / 2:g}",
                    "y": f"{(start[1] + end[1]) / 2 - 4:g}",
                    "text-anchor": "middle",
                },
            )
            text.text = str(edge["label"])
    return svg


def _arrow(
    svg: etree.Element, start: tuple[float, float], end: tuple[float, float], color: Any
) -> None:
    """An arrow head at ``end`` pointing away from ``start`` (a polygon: no ids to clash)."""
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = (dx * dx + dy * dy) ** 0.5 or 1.0
    ux, uy = dx / length, dy / length
    size = 10.0
    base = (end[0] - ux * size, end[1] - uy * size)
    points = [
        end,
        (base[0] - uy * size / 2, base[1] + ux * size / 2),
        (base[0] + uy * size / 2, base[1] - ux * size / 2),
    ]
    head = etree.SubElement(
        svg,
        "polygon",
        {"class": "canvas-arrow", "points": " ".join(f"{px:g},{py:g}" for px, py in points)},
    )
    _color(head, color)


def _node(svg: etree.Element, node: dict) -> None:
    kind = str(node.get("type", "text"))
    x, y = _number(node, "x"), _number(node, "y")
    w, h = _number(node, "width"), _number(node, "height")
    group = etree.SubElement(svg, "g", {"class": f"canvas-node canvas-{kind}"})
    rect = etree.SubElement(
        group,
        "rect",
        {"x": f"{x:g}", "y": f"{y:g}", "width": f"{w:g}", "height": f"{h:g}", "rx": "8"},
    )
    _color(rect, node.get("color"))
    if kind == "group":
        if node.get("label"):
            label = etree.SubElement(group, "text", {"x": f"{x + 4:g}", "y": f"{y - 6:g}"})
            label.text = str(node["label"])
        return
    lines = _lines(_label(node), w, h)
    if not lines:
        return
    text = etree.SubElement(group, "text", {"x": f"{x + 8:g}", "y": f"{y + 8:g}"})
    for i, line in enumerate(lines):
        span = etree.SubElement(text, "tspan", {"x": f"{x + 8:g}", "dy": f"{LINE if i else 16}"})
        span.text = line
