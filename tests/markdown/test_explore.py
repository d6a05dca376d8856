"""Sliders under explorable figures (rectified.markdown.explore), table-driven.

What a page gets for ``![[NAME.svg]]`` when the manifest says NAME is explorable: a labelled
range input over the positions with its value as text, the switch and numbers it declares, a
link to the data file, and the script once per page; nothing for any other figure.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from html.parser import HTMLParser
from types import SimpleNamespace

import markdown
import pytest

from rectified import context
from rectified.context import Page
from rectified.markdown.explore import ExploreExtension
from rectified.markdown.figures import FigureExtension


def entry(name: str, explore: dict | None = None) -> dict:
    files = {"light": f"{name}.svg", "dark": f"{name}.dark.svg"}
    if explore is not None:
        files["data"] = f"{name}.explore.json"
    found = {
        "title": name.title(),
        "summary": f"The {name} figure.",
        "files": files,
        "width": 600,
        "height": 400,
        "function": f"{name}_plot",
        "source_path": "snippets/basics.py",
        "source": "def f(): ...\n",
        "code": "code/basics.py",
    }
    if explore is not None:
        found["explore"] = explore
    return found


BETA = {
    "parameter": "β",
    "label": "sharpness β",
    "count": 40,
    "initial": 3,
    "initial_text": "β = 1",
    "toggle": None,
    "numbers": [{"label": "largest gap log(2)/β", "initial_text": "0.6931"}],
}
SUM = {
    "parameter": "N",
    "label": "number of sigmoids N",
    "count": 100,
    "initial": 99,
    "initial_text": "N = 100",
    "toggle": {"label": "the blog's scaling", "initial": True},
    "numbers": [],
}
MANIFEST = {
    "softplus": entry("softplus", BETA),
    "sigmoid-sum": entry("sigmoid-sum", SUM),
    "relu": entry("relu"),
}


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside each element, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: dict[int, str] = {}
        self.open: list[int] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in ("img", "input", "br"):
            self.open.append(len(self.tags) - 1)

    def handle_endtag(self, tag):
        if self.open:
            self.open.pop()

    def handle_data(self, data):
        for i in self.open:
            self.texts[i] = self.texts.get(i, "") + data

    def find(self, tag: str, **attrs: str) -> list[tuple[dict, str]]:
        return [
            (a, self.texts.get(i, ""))
            for i, (t, a) in enumerate(self.tags)
            if t == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())
        ]


@pytest.fixture(autouse=True)
def page() -> Iterator[None]:
    context.set_page(Page(path="docs/Host.md", markdown="", rel_path="Host.md"))
    yield
    context.set_page(None)


def convert(text: str, manifest: dict = MANIFEST) -> Elements:
    exts = [FigureExtension(manifest=copy.deepcopy(manifest)), ExploreExtension(manifest=manifest)]
    html = markdown.Markdown(extensions=exts).convert(text)
    parsed = Elements()
    parsed.feed(html)
    return parsed


# (id, Markdown, the figure ids that get a slider)
CASES = [
    ("explorable", "![[softplus.svg]]", ["figure-softplus"]),
    ("static", "![[relu.svg]]", []),
    ("both", "![[relu.svg]]\n\n![[softplus.svg]]", ["figure-softplus"]),
    ("twice", "![[softplus.svg]]\n\n![[softplus.svg]]", ["figure-softplus", "figure-softplus-2"]),
    ("in-a-list", "- item\n\n    ![[softplus.svg]]", ["figure-softplus"]),
    ("in-code", "`![[softplus.svg]]`", []),
]


@pytest.mark.parametrize(("text", "sliders"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_which_figures_get_a_slider(text, sliders):
    page = convert(text)
    ranges = page.find("input", type="range")
    assert [a["id"] for a, _ in ranges] == [f"{s}-slider" for s in sliders]
    scripts = page.find("script")
    assert len(scripts) == (1 if sliders else 0)  # once per page, and only where needed
    for fig, _ in page.find("figure"):
        explorable = fig["id"] in sliders
        assert ("rectified-explorable" in fig["class"].split()) == explorable


def test_the_slider_is_labelled_and_shows_its_value():
    page = convert("![[softplus.svg]]")
    ((slider, _),) = page.find("input", type="range")
    assert slider == {
        "type": "range",
        "id": "figure-softplus-slider",
        "min": "0",
        "max": "39",
        "step": "1",
        "value": "3",
        "aria-valuetext": "β = 1",
    }
    ((_, text),) = page.find("label", for_="figure-softplus-slider")
    assert text == "Sharpness β"
    ((_, value),) = page.find("output", for_="figure-softplus-slider")
    assert value == "β = 1"
    ((_, number),) = page.find("output", **{"data-number": "0"})
    assert number == "0.6931"
    ((link, text),) = page.find("a", class_="rectified-explore-data")
    assert link["href"] == "/figures/softplus.explore.json"
    assert text == "Slider data (JSON)"
    ((script, _),) = page.find("script")
    assert script["src"] == "/assets/explore.js"  # outside a builder: vault-absolute
    assert "defer" in script


def test_a_toggle_is_a_labelled_checkbox_in_its_initial_state():
    page = convert("![[sigmoid-sum.svg]]")
    ((box, _),) = page.find("input", type="checkbox")
    assert box["id"] == "figure-sigmoid-sum-toggle"
    assert "checked" in box
    ((_, text),) = page.find("label", for_="figure-sigmoid-sum-toggle")
    assert text == "The blog's scaling"


def test_a_manifest_without_the_data_file_adds_nothing():
    manifest = copy.deepcopy(MANIFEST)
    del manifest["softplus"]["files"]["data"]
    page = convert("![[softplus.svg]]", manifest)
    assert page.find("input") == []
    assert page.find("script") == []


@pytest.mark.parametrize(
    ("url", "src"),
    [
        ("softplus/", "../assets/explore.js"),
        ("", "assets/explore.js"),
        ("folder/note/", "../../assets/explore.js"),
        ("folder/note.html", "../assets/explore.js"),
    ],
)
def test_under_mkdocs_the_script_path_is_relative_to_the_page(url, src):
    ext = ExploreExtension(manifest=MANIFEST)
    md = markdown.Markdown(extensions=[ext])
    relpath = SimpleNamespace(file=SimpleNamespace(url=url))
    md.treeprocessors.register(relpath, "relpath", 0)  # what MkDocs registers, reduced
    assert ext.script_src() == src
