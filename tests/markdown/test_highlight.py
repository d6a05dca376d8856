"""Obsidian ==highlights== -> <mark> (rectified.markdown.highlight)."""

from __future__ import annotations

import markdown
import pytest

from rectified.markdown.highlight import HighlightExtension, makeExtension
from rectified.markdown.math import MathExtension
from rectified.markdown.wikilinks import WikilinkExtension
from rectified.vault import Vault

VAULT = Vault.from_texts({"ReLU.md": ""})


def convert(text: str) -> str:
    links = WikilinkExtension(vault=VAULT, source="ReLU.md")
    extensions = [HighlightExtension(), links, MathExtension(), "fenced_code", "tables"]
    html = markdown.Markdown(extensions=extensions).convert(text)
    return "".join(line.strip() for line in html.splitlines())


# (id, Markdown, expected HTML)
CASES = [
    ("simple", "==marked==", "<p><mark>marked</mark></p>"),
    ("in-text", "a ==b c== d", "<p>a <mark>b c</mark> d</p>"),
    ("two", "==a== and ==b==", "<p><mark>a</mark> and <mark>b</mark></p>"),
    ("intraword", "1==2==3", "<p>1<mark>2</mark>3</p>"),
    ("equals-inside", "==a = b==", "<p><mark>a = b</mark></p>"),
    ("strong-inside", "==**bold** text==", "<p><mark><strong>bold</strong> text</mark></p>"),
    ("inside-strong", "**==b==**", "<p><strong><mark>b</mark></strong></p>"),
    ("em-inside", "==*x*==", "<p><mark><em>x</em></mark></p>"),
    ("link-inside", "==[l](https://e.org)==", '<p><mark><a href="https://e.org">l</a></mark></p>'),
    (
        "wikilink-inside",
        "==see [[ReLU]]==",
        '<p><mark>see <a class="wikilink" data-preview="" href="/ReLU.md">ReLU</a></mark></p>',
    ),
    ("code-inside", "==`x`==", "<p><mark><code>x</code></mark></p>"),
    ("across-lines", "==a\nb==", "<p><mark>ab</mark></p>"),
    (
        "in-table",
        "| a |\n|---|\n| ==1== |",
        "<table><thead><tr><th>a</th></tr></thead>"
        "<tbody><tr><td><mark>1</mark></td></tr></tbody></table>",
    ),
    # stays text
    ("spaced-comparison", "a == b", "<p>a == b</p>"),
    ("chained-comparison", "x == y == z", "<p>x == y == z</p>"),
    ("space-after-opening", "== a==", "<p>== a==</p>"),
    ("space-before-closing", "==a ==", "<p>==a ==</p>"),
    ("triple", "a===b===", "<p>a===b===</p>"),
    ("unclosed", "==open", "<p>==open</p>"),
    ("empty", "====", "<p>====</p>"),
    ("code-span", "`==x==`", "<p><code>==x==</code></p>"),
    ("fenced", "```\n==x==\n```", "<pre><code>==x==</code></pre>"),
    ("math", "$a==b$", '<p><span class="katex">'),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_render(text: str, expected: str) -> None:
    html = convert(text)
    if expected.endswith('"katex">'):
        assert html.startswith(expected)
        assert "<mark>" not in html
    else:
        assert html == expected


def test_make_extension() -> None:
    assert isinstance(makeExtension(), HighlightExtension)
    assert markdown.markdown("==x==", extensions=["rectified.markdown.highlight"]) == (
        "<p><mark>x</mark></p>"
    )
