"""Obsidian's inline footnotes ^[...] in the one footnotes list (markdown.inline_footnotes)."""

from __future__ import annotations

import re

import markdown
import pytest
from markdown.extensions.footnotes import FootnoteExtension

from rectified.markdown.inline_footnotes import (
    InlineFootnoteExtension,
    inline_footnotes,
    makeExtension,
)
from rectified.markdown.math import MathExtension
from rectified.markdown.wikilinks import WikilinkExtension
from rectified.vault import Vault

VAULT = Vault.from_texts({"Note.md": "# Note\n", "Host.md": ""})

# (id, Markdown, Markdown after the preprocessor)
CASES = [
    ("none", "plain text", "plain text"),
    ("one", "Text.^[A note.]", "Text.[^inline-1]\n\n[^inline-1]: A note.\n"),
    (
        "two-and-a-usual-one",
        "a^[one] b[^x] c^[two]\n\n[^x]: ex",
        "a[^inline-1] b[^x] c[^inline-2]\n\n[^x]: ex\n\n[^inline-1]: one\n\n[^inline-2]: two\n",
    ),
    (
        "brackets-inside",
        "a^[see [[Note]] and [x](y)]",
        "a[^inline-1]\n\n[^inline-1]: see [[Note]] and [x](y)\n",
    ),
    ("escaped-bracket", "a^[x \\] y]", "a[^inline-1]\n\n[^inline-1]: x \\] y\n"),
    ("over-lines", "a^[one\ntwo] b", "a[^inline-1] b\n\n[^inline-1]: one two\n"),
    ("unclosed", "a^[never closed", "a^[never closed"),
    ("unclosed-before-a-blank-line", "a^[x\n\ny]", "a^[x\n\ny]"),
    ("in-a-code-span", "`a^[x]`", "`a^[x]`"),
    ("in-fenced-code", "```\na^[x]\n```", "```\na^[x]\n```"),
    ("in-math", "$a^[x]$", "$a^[x]$"),
    ("code-inside", "a^[`]` is a bracket]", "a[^inline-1]\n\n[^inline-1]: `]` is a bracket\n"),
    ("label-taken", "a^[x] b[^inline-1]", "a[^inline-2] b[^inline-1]\n\n[^inline-2]: x\n"),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rewrite(text: str, expected: str) -> None:
    assert inline_footnotes(text) == expected


def convert(text: str) -> str:
    exts = [
        InlineFootnoteExtension(),
        WikilinkExtension(vault=VAULT, source="Host.md"),
        MathExtension(),
        FootnoteExtension(USE_DEFINITION_ORDER=False),
    ]
    return markdown.Markdown(extensions=exts).convert(text)


def test_inline_and_usual_footnotes_share_one_list_in_reading_order() -> None:
    html = convert("One.^[First, see [[Note]].] Two.[^b] Three.^[Third, $x$.]\n\n[^b]: Second.")
    refs = re.findall(r'<a class="footnote-ref" href="#fn:([^"]+)">(\d+)</a>', html)
    assert refs == [("inline-1", "1"), ("b", "2"), ("inline-2", "3")]
    items = re.findall(r'<li id="fn:([^"]+)">', html)
    assert items == ["inline-1", "b", "inline-2"]
    assert 'class="wikilink"' in html.split('<div class="footnote">')[1]
    assert 'class="katex"' in html.split('<div class="footnote">')[1]
    assert "^[" not in html


def test_make_extension() -> None:
    assert isinstance(makeExtension(), InlineFootnoteExtension)
