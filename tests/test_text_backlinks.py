"""Backlink context and embed captions as a reader sees them (rectified.text, rectified.vault)."""

from __future__ import annotations

import pytest

from rectified.pages.backlinks import sentence_html
from rectified.text import link_sentence, plain_sentence, reader_text, table_cells
from rectified.vault import Vault, embed_label

# (case, the linking note's text, the sentence "Linked from" shows, its HTML, or None)
SENTENCES = [
    (
        "code stays code",
        "To use them, disable `Use [[Wikilinks]]` in [[A]] settings.\n",
        "To use them, disable `Use [[Wikilinks]]` in A settings.",
        "To use them, disable <code>Use [[Wikilinks]]</code> in A settings.",
    ),
    (
        "callout marker in code",
        "Start by adding `[!info]` to a quote; see [[A]].\n",
        "Start by adding `[!info]` to a quote; see A.",
        "Start by adding <code>[!info]</code> to a quote; see A.",
    ),
    (
        "table row: its cells",
        "| Syntax | Page |\n| --- | --- |\n| `> [!note]` | [[A]] |\n",
        "`> [!note]` · A",
        "<code>&gt; [!note]</code> · A",
    ),
    (
        "table row: a pipe in code or an alias ends no cell",
        "| a | b |\n| - | - |\n| `x|y` | [[A\\|the A]] |\n",
        "`x|y` · the A",
        "<code>x|y</code> · the A",
    ),
    (
        "callout title: no marker",
        "> [!note]- See [[A]]\n> The body goes on.\n",
        "See A",
        None,
    ),
    (
        "callout body: not the title",
        "> [!tip] Read this\n> The body cites [[A]] here. Then more.\n",
        "The body cites A here.",
        None,
    ),
    (
        "math stays math",
        "The value $\\max(0, x)$ in [[A]] is small.\n",
        "The value $\\max(0, x)$ in A is small.",
        None,
    ),
    (
        "heading: no #s",
        "## See [[A]] first ##\n\nText.\n",
        "See A first",
        "See A first",
    ),
    (
        "footnote: its text, no label; references dropped",
        "Text[^1].\n\n[^1]: As in [[A]], roughly.\n",
        "As in A, roughly.",
        "As in A, roughly.",
    ),
    (
        "comment, HTML tags, footnote references dropped",
        "Press <kbd>Ctrl</kbd>[^n] %%not [[C]]%% to open [[A]].\n\n[^n]: A note.\n",
        "Press Ctrl to open A.",
        "Press Ctrl to open A.",
    ),
    (
        "emphasis rendered, escapes as their character",
        "Line **bold [[A]] text** and _it_ with \\*stars\\* and snake_case.\n",
        "Line **bold A text** and _it_ with \\*stars\\* and snake_case.",
        "Line <strong>bold A text</strong> and <em>it</em> with *stars* and snake_case.",
    ),
    (
        "an embed on its own: its caption",
        "Before.\n\n![[A#^blk]]\n",
        "A › H",
        "A › H",
    ),
    (
        "property link",
        '---\ntitle: B\nrelated: "[[A]]"\n---\n\nText.\n',
        "related: A",
        None,
    ),
    (
        "property list",
        '---\nup:\n  - "[[A|the A]]"\n  - plain words\n---\n\nText.\n',
        "up: the A, plain words",
        None,
    ),
    (
        "property flow list",
        '---\nup: ["[[A]]", "[[C]]"]\n---\n\nText.\n',
        "up: A, C",
        None,
    ),
]


@pytest.mark.parametrize(
    ("text", "sentence", "html"), [c[1:] for c in SENTENCES], ids=[c[0] for c in SENTENCES]
)
def test_backlink_sentence(text, sentence, html):
    vault = Vault.from_texts({"A.md": "# A\n\n## H\n\nText. ^blk\n", "C.md": "# C\n", "B.md": text})
    links = [link for link in vault.links() if link.target == "A.md"]
    assert [link.sentence for link in links] == [sentence]
    shown = sentence_html(links[0].sentence)
    if html is not None:
        assert shown == html
    else:
        assert "[!" not in shown
        assert "[[" not in shown
        if "$" in sentence:
            assert 'class="katex"' in shown


def test_links_in_properties_count_as_links_with_their_line():
    text = '---\nrelated: "[[A#H]]"\nbad: [[A]]\n---\n\nText.\n'
    vault = Vault.from_texts({"A.md": "# A\n\n## H\n", "B.md": text})
    assert [(lk.line, lk.anchor) for lk in vault.links_to("A.md")] == [(2, "h")]


@pytest.mark.parametrize(
    ("row", "cells"),
    [
        ("| a | b |", ["a", "b"]),
        ("a | b", ["a", "b"]),
        ("| `a|b` | $x|y$ |", ["`a|b`", "$x|y$"]),
        ("| [[N\\|n]] | c \\| d |", ["[[N\\|n]]", "c \\| d"]),
    ],
)
def test_table_cells(row, cells):
    assert table_cells(row) == cells


def test_a_long_sentence_is_never_cut_inside_code():
    sentence = plain_sentence("word " * 58 + "`a code span that the cut would split` end")
    assert sentence.endswith("…")
    assert sentence.count("`") % 2 == 0


def test_link_sentence_of_a_plain_paragraph():
    text = "First one. Then [[A]] here. Last."
    assert link_sentence(text, text.index("[[A]]"), "[[A]]") == "Then A here."


NOTE = """\
Intro text. ^top

# Quick switcher

## Search

Type to search. ^search-autocomplete-large

## Open **bold** `code`

- an item ^item
"""

CAPTIONS = [
    (
        "block: the heading above",
        "Quick switcher#^search-autocomplete-large",
        "Quick switcher › Search",
    ),
    (
        "block: case-insensitive id",
        "Quick switcher#^SEARCH-autocomplete-large",
        "Quick switcher › Search",
    ),
    (
        "block: heading text as read",
        "Quick switcher#^item",
        "Quick switcher › Open bold code",
    ),
    ("block above every heading", "Quick switcher#^top", "Quick switcher"),
    ("written with .md", "Quick switcher.md#^search-autocomplete-large", "Quick switcher › Search"),
    (
        "heading and block: once",
        "Quick switcher#Search#^search-autocomplete-large",
        "Quick switcher › Search",
    ),
    ("heading", "Quick switcher#Search", "Quick switcher › Search"),
    ("note", "Quick switcher", "Quick switcher"),
    ("same note, block", "#^search-autocomplete-large", "Search"),
    ("same note, no heading", "#^top", "Quick switcher"),
]


@pytest.mark.parametrize(
    ("target", "caption"), [c[1:] for c in CAPTIONS], ids=[c[0] for c in CAPTIONS]
)
def test_embed_caption_names_note_and_heading_never_the_block_id(target, caption):
    vault = Vault.from_texts({"Quick switcher.md": NOTE})
    assert embed_label(target, vault.notes["Quick switcher.md"]) == caption


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Open **bold** `code`", "Open bold code"),
        ("The $\\max$ of *two* [[Note|values]]", "The \\max of two values"),
        ("snake_case_name ==marked==", "snake_case_name marked"),
        ("`**kept**`", "**kept**"),
    ],
)
def test_reader_text(text, shown):
    assert reader_text(text) == shown


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "*it* and _it_ and **b** and __b__",
            "<em>it</em> and <em>it</em> and <strong>b</strong> and <strong>b</strong>",
        ),
        ("~~gone~~ and snake_case_name", "<del>gone</del> and snake_case_name"),
        ("5 * 3 = 15", "5 * 3 = 15"),
        ("\\*not emphasis\\* and \\`tick", "*not emphasis* and `tick"),
        ("cut **short by the boundary", "cut short by the boundary"),
        ("a < b & c", "a &lt; b &amp; c"),
        ("`**code**` stays", "<code>**code**</code> stays"),
        ("a formula $$x$$ in text", "a formula … in text"),
        ("see $$ a cut formula", "see …"),
        ("$\\frac{1}{$ broken", "$\\frac{1}{$ broken"),
    ],
)
def test_sentence_html(sentence, expected):
    assert sentence_html(sentence) == expected


def test_sentence_html_typesets_math():
    shown = sentence_html("The value $x^2$ here.")
    assert shown.startswith('The value <span class="katex">')
    assert shown.endswith(" here.")
