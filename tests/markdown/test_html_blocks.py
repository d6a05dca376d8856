"""Markdown inside HTML blocks after a blank line, as Obsidian (rectified.markdown.html_blocks)."""

from __future__ import annotations

import markdown
import pytest

from rectified.markdown.html_blocks import HtmlBlockExtension, makeExtension, mark_markdown_blocks
from rectified.markdown.wikilinks import WikilinkExtension
from rectified.vault import Vault

VAULT = Vault.from_texts({"Note.md": "# Note\n", "Host.md": ""})

# (id, lines, lines after the preprocessor)
MARKS = [
    ("blank-inside", "<div>\n\n*a*\n\n</div>", '<div markdown="1">\n\n*a*\n\n</div>'),
    (
        "attributes-kept",
        '<div class="box" id="b">\n\nx\n\n</div>',
        '<div class="box" id="b" markdown="1">\n\nx\n\n</div>',
    ),
    ("no-blank-stays-html", "<div>\n*a*\n</div>", "<div>\n*a*\n</div>"),
    (
        "details-with-summary",
        "<details>\n<summary>S</summary>\n\nx\n\n</details>",
        '<details markdown="1">\n<summary>S</summary>\n\nx\n\n</details>',
    ),
    (
        "nested",
        "<div>\n<div>\n\nx\n\n</div>\n</div>",
        '<div markdown="1">\n<div markdown="1">\n\nx\n\n</div>\n</div>',
    ),
    ("explicit-kept", '<div markdown="0">\n\nx\n\n</div>', '<div markdown="0">\n\nx\n\n</div>'),
    ("never-closed", "<div>\n\nx", "<div>\n\nx"),
    ("inline-tag", "<span>\n\nx\n\n</span>", "<span>\n\nx\n\n</span>"),
    ("in-code", "```\n<div>\n\nx\n\n</div>\n```", "```\n<div>\n\nx\n\n</div>\n```"),
    ("indented-four", "    <div>\n\n    x\n\n    </div>", "    <div>\n\n    x\n\n    </div>"),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in MARKS], ids=[c[0] for c in MARKS])
def test_marks(text: str, expected: str) -> None:
    assert "\n".join(mark_markdown_blocks(text.split("\n"))) == expected


def convert(text: str) -> str:
    exts = [HtmlBlockExtension(), WikilinkExtension(vault=VAULT, source="Host.md"), "md_in_html"]
    html = markdown.Markdown(extensions=exts).convert(text)
    return "".join(line.strip() for line in html.splitlines())


RENDERS = [
    (
        "markdown-rendered",
        '<div class="box">\n\nA **b** [[Note]].\n\n- item\n\n</div>',
        '<div class="box"><p>A <strong>b</strong> <a class="wikilink" data-preview="" '
        'href="/Note.md">Note</a>.</p><ul><li>item</li></ul></div>',
    ),
    (
        "details",
        "<details>\n<summary>More</summary>\n\nAn *x*.\n\n</details>",
        "<details><summary>More</summary><p>An <em>x</em>.</p></details>",
    ),
    ("raw-stays-raw", "<div>\n*a*\n</div>", "<div>*a*</div>"),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in RENDERS], ids=[c[0] for c in RENDERS]
)
def test_render(text: str, expected: str) -> None:
    assert convert(text) == expected


def test_make_extension() -> None:
    assert isinstance(makeExtension(), HtmlBlockExtension)
