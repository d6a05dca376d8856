"""Obsidian block ids -> HTML ids (rectified.markdown.blockids)."""

from __future__ import annotations

import markdown
import pytest

from rectified import context
from rectified.errors import NoteError
from rectified.markdown.blockids import BlockIdExtension, makeExtension
from rectified.markdown.callouts import CalloutExtension
from rectified.markdown.wikilinks import WikilinkExtension
from rectified.vault import Vault
from tests.test_vault import SEED


def convert(text: str) -> str:
    extensions = [
        BlockIdExtension(),
        CalloutExtension(),
        "tables",
        "fenced_code",
        "pymdownx.details",
    ]
    html = markdown.Markdown(extensions=extensions).convert(text)
    return "".join(line.strip() for line in html.splitlines())


def callout(attrs: str, body: str, title: str = "T") -> str:
    return (
        f'<div class="admonition note callout-note"{attrs}>'
        f'<p class="admonition-title">{title}</p>{body}</div>'
    )


TABLE = "<thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>"

# (id, Markdown, expected HTML)
CASES = [
    ("paragraph-end", "Some text ^abc", '<p id="^abc">Some text</p>'),
    ("paragraph-next-line", "one\n^two-lines", '<p id="^two-lines">one</p>'),
    ("paragraph-alone-after-blank", "para\n\n^p1", '<p id="^p1">para</p>'),
    ("digits-and-hyphens", "x ^A1-b2", '<p id="^A1-b2">x</p>'),
    ("list-item", "- one ^li1\n- two", '<ul><li id="^li1">one</li><li>two</li></ul>'),
    (
        "loose-list-item",
        "- loose ^lo\n\n- two",
        '<ul><li id="^lo"><p>loose</p></li><li><p>two</p></li></ul>',
    ),
    (
        "nested-list-item",
        "- item\n    - nested ^n1\n",
        '<ul><li>item<ul><li id="^n1">nested</li></ul></li></ul>',
    ),
    (
        "item-with-sublist",
        "- item ^it\n    - sub\n",
        '<ul><li id="^it">item<ul><li>sub</li></ul></li></ul>',
    ),
    ("whole-list", "- a\n- b\n\n^l1", '<ul id="^l1"><li>a</li><li>b</li></ul>'),
    ("blockquote-after-blank", "> quote\n\n^q1", '<blockquote id="^q1"><p>quote</p></blockquote>'),
    ("blockquote-next-line", "> quote\n^q2", '<blockquote id="^q2"><p>quote</p></blockquote>'),
    (
        "blockquote-then-text",
        "> a\n^q3\nnext para",
        '<blockquote id="^q3"><p>a</p></blockquote><p>next para</p>',
    ),
    (
        "inside-nested-quote",
        "> a\n> > b ^nq",
        '<blockquote><p>a</p><blockquote><p id="^nq">b</p></blockquote></blockquote>',
    ),
    ("callout-after-blank", "> [!note] T\n> body\n\n^c1", callout(' id="^c1"', "<p>body</p>")),
    ("callout-next-line", "> [!note] T\n> body\n^c2", callout(' id="^c2"', "<p>body</p>")),
    (
        "foldable-callout",
        "> [!note]- T\n> body\n\n^c3",
        '<details class="note callout-note" id="^c3"><summary>T</summary><p>body</p></details>',
    ),
    ("table-after-blank", "| a |\n|---|\n| 1 |\n\n^t1", f'<table id="^t1">{TABLE}'),
    ("table-next-line", "| a |\n|---|\n| 1 |\n^t2", f'<table id="^t2">{TABLE}'),
    (
        "fenced-code-block",
        "```\ncode\n```\n\n^f1",
        '<div id="^f1"><pre><code>code</code></pre></div>',
    ),
    ("alone-first", "^first", '<p id="^first"></p>'),
    # stays text
    ("in-fence", "```\ncode ^x\n```\n", "<pre><code>code ^x</code></pre>"),
    ("in-quoted-text-fence", "```\n> a\n^x\n```\n", "<pre><code>&gt; a^x</code></pre>"),
    ("in-code-span", "`x ^no`", "<p><code>x ^no</code></p>"),
    ("indented-code", "    code ^ind\n", "<pre><code>code ^ind</code></pre>"),
    ("no-space", "text^no", "<p>text^no</p>"),
    ("bad-chars", "text ^no_way", "<p>text ^no_way</p>"),
    ("in-middle", "a ^b c", "<p>a ^b c</p>"),
    ("heading", "## H ^h", "<h2>H ^h</h2>"),
    (
        "table-cell",
        "| a ^x |\n|---|\n| 1 |",
        "<table><thead><tr><th>a ^x</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>",
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_block_ids(text: str, expected: str) -> None:
    assert convert(text) == expected


def test_duplicate_id_is_an_error() -> None:
    text = "one ^abc\n\n> two\n\n^abc"
    context.set_page(context.Page(path="docs/N.md", markdown=text, line_offset=2))
    try:
        with pytest.raises(NoteError) as info:
            convert(text)
    finally:
        context.set_page(None)
    assert str(info.value) == "docs/N.md:3: duplicate block id ^abc in this note"


def test_make_extension() -> None:
    assert isinstance(makeExtension(), BlockIdExtension)
    html = markdown.markdown("x ^a", extensions=["rectified.markdown.blockids"])
    assert html == '<p id="^a">x</p>'


def test_seed_note_ids_and_links_agree_with_the_vault() -> None:
    """The ids in the page are those the vault indexes, so [[ReLU#^id]] lands."""
    vault = Vault.from_texts({"ReLU.md": SEED})
    body = SEED.split("---\n", 2)[2]
    ext = WikilinkExtension(vault=vault, source="ReLU.md")
    md = markdown.Markdown(extensions=[ext, BlockIdExtension(), CalloutExtension(), "toc"])
    html = md.convert(body + "\n\n[[#^8da7d6]] [[ReLU#^9ae94a|q]]\n")
    for key in vault.note("ReLU.md").block_ids:
        assert f'id="^{key}"' in html
        assert f"^{key}\n" not in html
    assert '<div class="admonition tip callout-important" id="^8da7d6">' in html
    assert '<div class="admonition quote callout-quote" id="^9ae94a">' in html
    assert 'href="#^8da7d6"' in html
    assert 'href="#^9ae94a"' in html
    assert len(ext.wanted) == 3
