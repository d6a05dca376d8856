"""A generated figure's HTML, from its manifest entry: the one definition notes and notebooks share.

A bottom module, beside :mod:`rectified.figures.manifest`: the Markdown extensions
(:mod:`rectified.markdown.figures`, :mod:`rectified.markdown.explore`) and the notebook helper
(:mod:`rectified.figures.display`) all build a figure with it, so a note and a notebook page show
the same element; it imports nothing of theirs (only the standard library, and Pygments when a
figure's code is highlighted).

- :func:`figure_element`: both palettes' images, the caption from the snippet's docstring, and
  the code that drew it one click away, with download links;
- :func:`add_controls`: for a figure the registry declares explorable (its manifest entry has
  ``explore`` and ``files["data"]``, see :mod:`rectified.figures.explore`), the labelled slider,
  its value as text, the switch, the numbers it shows and a link to the data file;
- :data:`SCRIPT`: where the site serves the script that draws them (``rectified/theme/``).

Known limits: elements are :mod:`xml.etree.ElementTree` elements (what Python-Markdown's tree
holds); HTML that must survive serialisation verbatim (the highlighted code) goes through the
caller's ``raw`` function, a stash placeholder in a page and a marker replaced after
serialisation elsewhere.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from pathlib import Path
from urllib.parse import quote
from xml.etree.ElementTree import Element, SubElement

__all__ = [
    "SCRIPT",
    "add_controls",
    "explorable",
    "figure_element",
    "highlight_python",
]

SCRIPT = "assets/explore.js"  # in the theme folder (rectified/theme/), served at the site root


def figure_element(
    entry: dict,
    name: str,
    base: str,
    *,
    alt: str | None = None,
    width: str | None = None,
    height: str | None = None,
    raw: Callable[[str], str],
) -> Element:
    """A generated figure: both palettes, caption, and its code one click away.

    ``entry`` is the figure's manifest entry, ``base`` the URL of the figures folder, and
    ``raw`` turns an HTML string into text that survives serialisation (Python-Markdown's
    stash in a page; a placeholder elsewhere).
    """
    alt_text = alt or f"{entry['title']}: {entry['summary']}"
    fig = Element("figure", {"class": "rectified-figure", "id": f"figure-{name}"})
    for variant, only in (("light", "only-light"), ("dark", "only-dark")):
        img = SubElement(fig, "img")
        img.set("src", f"{base}{quote(entry['files'][variant])}#{only}")
        img.set("alt", alt_text)
        w, h = entry.get("width"), entry.get("height")
        if width:
            w, h = int(width), int(height) if height else (int(width) * h // w if w else None)
        if w:
            img.set("width", str(w))
        if h:
            img.set("height", str(h))
        img.set("loading", "lazy")
        img.set("decoding", "async")
    cap = SubElement(fig, "figcaption")
    strong = SubElement(cap, "strong")
    strong.text = entry["title"] + "."
    strong.tail = " " + entry["summary"]
    details = SubElement(fig, "details", {"class": "figure-code"})
    summary = SubElement(details, "summary")
    summary.text = "Code: "
    code = SubElement(summary, "code")
    code.text = f"{entry['function']}()"
    code.tail = f" in {entry['source_path']}"
    holder = SubElement(details, "div", {"class": "figure-source"})
    holder.text = raw(highlight_python(entry["source"]))
    links = SubElement(details, "p", {"class": "figure-downloads"})
    a = SubElement(links, "a", {"href": f"{base}{quote(entry['code'])}", "download": ""})
    a.text = f"Download {Path(entry['code']).name}"
    for variant in ("light", "dark"):
        a.tail = " · "
        a = SubElement(
            links, "a", {"href": f"{base}{quote(entry['files'][variant])}", "download": ""}
        )
        a.text = f"SVG ({variant})"
    return fig


@functools.lru_cache(maxsize=256)
def highlight_python(source: str) -> str:
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    return highlight(source, PythonLexer(), HtmlFormatter(cssclass="highlight", wrapcode=True))


def explorable(entry: Mapping | None) -> tuple[dict, str] | None:
    """(the manifest's ``explore`` fields, the data file's name) of an explorable figure.

    None for a static figure, and for an explorable one whose data file the runner did not
    write (its frame function failed): that figure stays static.
    """
    if not isinstance(entry, Mapping) or not isinstance(entry.get("explore"), dict):
        return None
    files = entry.get("files")
    data = files.get("data") if isinstance(files, Mapping) else None
    return (entry["explore"], data) if isinstance(data, str) else None


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def add_controls(fig: Element, name: str, explore: dict, data_href: str) -> None:
    """Add the slider, value label, switch, numbers and data link to a figure element.

    Each control carries its initial text (the manifest's), so the figure reads right before
    any script runs. The box goes after the images, between the picture and its caption; the
    data link joins the figure's downloads (or the box, for a figure without them).
    """
    fig.set("class", f"{fig.get('class', '')} rectified-explorable".strip())
    ident = fig.get("id") or f"figure-{name}"
    box = Element("div", {"class": "rectified-explore"})
    row = SubElement(box, "p", {"class": "rectified-explore-slider"})
    slider_id = f"{ident}-slider"
    label = SubElement(row, "label", {"for": slider_id})
    label.text = _capitalised(explore["label"])
    SubElement(
        row,
        "input",
        {
            "type": "range",
            "id": slider_id,
            "min": "0",
            "max": str(int(explore["count"]) - 1),
            "step": "1",
            "value": str(int(explore["initial"])),
            "aria-valuetext": explore["initial_text"],
        },
    )
    out = SubElement(row, "output", {"for": slider_id, "class": "rectified-explore-value"})
    out.text = explore["initial_text"]
    toggle = explore.get("toggle")
    if toggle:
        line = SubElement(box, "p", {"class": "rectified-explore-toggle"})
        switch = SubElement(line, "input", {"type": "checkbox", "id": f"{ident}-toggle"})
        if toggle.get("initial"):
            switch.set("checked", "")
        text = SubElement(line, "label", {"for": f"{ident}-toggle"})
        text.text = _capitalised(toggle["label"])
    for k, number in enumerate(explore.get("numbers", [])):
        line = SubElement(box, "p", {"class": "rectified-explore-number"})
        line.text = _capitalised(number["label"]) + ": "
        value = SubElement(line, "output", {"data-number": str(k), "aria-live": "polite"})
        value.text = number["initial_text"]
    children = list(fig)
    last_img = max(i for i, child in enumerate(children) if child.tag == "img")
    fig.insert(last_img + 1, box)
    downloads = next(
        (p for p in fig.iter("p") if "figure-downloads" in (p.get("class") or "").split()),
        None,
    )
    holder = downloads if downloads is not None else box
    if len(holder):
        holder[-1].tail = (holder[-1].tail or "") + " · "
    link = SubElement(
        holder, "a", {"href": data_href, "download": "", "class": "rectified-explore-data"}
    )
    link.text = "Slider data (JSON)"
