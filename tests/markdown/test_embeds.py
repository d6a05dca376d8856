"""Obsidian note embeds ![[Note#Heading]] -> a box with the content (rectified.markdown.embeds)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.etree.ElementTree import Element

import markdown
import pytest
from markdown.treeprocessors import Treeprocessor

from rectified import context
from rectified.errors import NoteError
from rectified.markdown.blockids import BlockIdExtension
from rectified.markdown.callouts import CalloutExtension
from rectified.markdown.comments import CommentExtension
from rectified.markdown.embeds import EmbedExtension, excerpt, makeExtension
from rectified.markdown.highlight import HighlightExtension
from rectified.markdown.math import MathExtension
from rectified.markdown.tags import TagExtension
from rectified.markdown.wikilinks import WikilinkExtension
from rectified.vault import Vault

NOTE = """\
---
title: The note
---
# Note

Intro.

## Section

Text ^para

### Sub

Sub text.

## Other

- one
- two ^item
    - child
- three

> [!note] Callout
> body ^in-callout

| a |
|---|
| 1 |

^table
"""

VAULT = Vault.from_texts(
    {
        "Host.md": "## Section\n",
        "Note.md": NOTE,
        "Small.md": "---\ntags: [x]\n---\n# Small\n\nBody %%hidden%% text.\n",
        "Rich.md": "## F\n\n$x$ ==hi== #tag\n\n> [!tip] T\n> [[Small]]\n",
        "Links.md": "## Top\n\n[[#Bottom]] [[#Top]] [[Note#Other|o]]\n\n## Bottom\n\nx[^1]\n\n"
        "[^1]: foot\n",
        "Outer.md": "## O\n\n![[Note#Sub]]\n",
        "Self.md": "## Part\n\ntext\n\n## Use\n\n![[#Part]]\n",
        "Loop.md": "## H\n\n![[#H]]\n",
        "A.md": "# A\n\n![[B]]\n",
        "B.md": "intro\n\n![[C#Back]]\n",
        "C.md": "## Back\n\n![[A]]\n",
        "Bad.md": "# Bad\n\ntext\n\n[[Note#Gone]]\n",
        "assets/paper.pdf": "",
        "Version 2.txt.md": "Dotted name.",
    }
)


def extensions() -> list:
    return [
        EMBEDS,
        WikilinkExtension(vault=VAULT),
        BlockIdExtension(),
        CalloutExtension(),
        CommentExtension(),
        HighlightExtension(),
        TagExtension(vault=VAULT),
        MathExtension(),
        "toc",
        "tables",
        "footnotes",
    ]


EMBEDS = EmbedExtension(
    vault=VAULT, new_markdown=lambda: markdown.Markdown(extensions=extensions())
)


@pytest.fixture(autouse=True)
def no_page() -> Iterator[None]:
    context.set_page(None)
    yield
    context.set_page(None)


def norm(html: str) -> str:
    return "".join(line.strip() for line in html.splitlines())


def convert(text: str, source: str = "Host.md") -> str:
    context.set_page(context.Page(path=f"docs/{source}", markdown=text))
    return norm(markdown.Markdown(extensions=extensions()).convert(text))


def box(src: str, href: str, label: str, content: str = "") -> str:
    return (
        f'<div class="embed" data-embed-src="{src}"><p class="embed-title">'
        f'<a href="{href}">{label}</a></p>{content}</div>'
    )


SECTION = (
    '<h2 id="embed1-section">Section</h2><p id="embed1-^para">Text</p>'
    '<h3 id="embed1-sub">Sub</h3><p>Sub text.</p>'
)
ITEM = '<ul><li id="embed1-^item">two<ul><li>child</li></ul></li></ul>'
CALLOUT = (
    '<div class="admonition note callout-note"><p class="admonition-title">Callout</p>'
    '<p id="embed1-^in-callout">body</p></div>'
)
TABLE = "<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>"

# (id, Markdown in Host.md, expected HTML)
CASES = [
    (
        "whole-note-without-front-matter",
        "![[Small]]",
        box("Small.md", "/Small.md", "Small", '<h1 id="embed1-small">Small</h1><p>Body  text.</p>'),
    ),
    (
        "heading-section",
        "![[Note#Section]]",
        box("Note.md", "/Note.md#section", "Note › Section", SECTION),
    ),
    (
        "nested-heading",
        "![[Note#Section#Sub]]",
        box(
            "Note.md",
            "/Note.md#sub",
            "Note › Section › Sub",
            '<h3 id="embed1-sub">Sub</h3><p>Sub text.</p>',
        ),
    ),
    (
        "block-paragraph",
        "![[Note#^para]]",
        box("Note.md", "/Note.md#^para", "Note › Section", '<p id="embed1-^para">Text</p>'),
    ),
    ("block-list-item", "![[Note#^item]]", box("Note.md", "/Note.md#^item", "Note › Other", ITEM)),
    (
        "block-in-callout",
        "![[Note#^in-callout]]",
        box("Note.md", "/Note.md#^in-callout", "Note › Other", CALLOUT),
    ),
    (
        "block-alone-after-table",
        "![[Note#^table]]",
        box("Note.md", "/Note.md#^table", "Note › Other", TABLE),
    ),
    (
        "md-written",
        "![[Note.md#^para]]",
        box("Note.md", "/Note.md#^para", "Note › Section", '<p id="embed1-^para">Text</p>'),
    ),
    (
        "alias",
        "![[Note#^para|The text]]",
        box("Note.md", "/Note.md#^para", "The text", '<p id="embed1-^para">Text</p>'),
    ),
    (
        "wanted",
        "![[Missing]]",
        '<div class="embed wanted"><p class="embed-title"><a class="wikilink wanted" '
        'href="/wanted.md#missing" title="Not written yet">Missing</a></p></div>',
    ),
    (
        "attachment",
        "![[paper.pdf]]",
        '<div class="embed embed-file" data-embed-src="assets/paper.pdf"><p class="embed-title">'
        '<a href="/assets/paper.pdf">paper.pdf</a></p></div>',
    ),
    (
        "text-around-splits-the-paragraph",
        "before ![[Note#^para]] after",
        "<p>before</p>"
        + box("Note.md", "/Note.md#^para", "Note › Section", '<p id="embed1-^para">Text</p>')
        + "<p>after</p>",
    ),
    (
        "in-list-item",
        "- ![[Note#^para]]",
        "<ul><li>"
        + box("Note.md", "/Note.md#^para", "Note › Section", '<p id="embed1-^para">Text</p>')
        + "</li></ul>",
    ),
    (
        "twice-is-no-cycle",
        "![[Note#^para]]\n\n![[Note#^para]]",
        box("Note.md", "/Note.md#^para", "Note › Section", '<p id="embed1-^para">Text</p>')
        + box("Note.md", "/Note.md#^para", "Note › Section", '<p id="embed2-^para">Text</p>'),
    ),
    (
        "nested-embed",
        "![[Outer]]",
        box(
            "Outer.md",
            "/Outer.md",
            "Outer",
            '<h2 id="embed1-o">O</h2>'
            + box(
                "Note.md",
                "/Note.md#sub",
                "Note › Sub",
                '<h3 id="embed2-sub">Sub</h3><p>Sub text.</p>',
            ),
        ),
    ),
    (
        "same-note-section",
        "![[Self#Part]]",
        box("Self.md", "/Self.md#part", "Self › Part", '<h2 id="embed1-part">Part</h2><p>text</p>'),
    ),
    (
        "links-inside-follow-the-box-or-the-note",
        "![[Links#Top]]",
        box(
            "Links.md",
            "/Links.md#top",
            "Links › Top",
            '<h2 id="embed1-top">Top</h2><p>'
            '<a class="wikilink" data-preview="" href="/Links.md#bottom">Bottom</a> '
            '<a class="wikilink" href="#embed1-top">Top</a> '
            '<a class="wikilink" data-preview="" href="/Note.md#other">o</a></p>',
        ),
    ),
    (
        "footnotes-inside",
        "![[Links#Bottom]]",
        box(
            "Links.md",
            "/Links.md#bottom",
            "Links › Bottom",
            '<h2 id="embed1-bottom">Bottom</h2><p>'
            'x<sup id="embed1-fnref:1"><a class="footnote-ref" href="#embed1-fn:1">1</a></sup></p>'
            '<div class="footnote"><hr /><ol><li id="embed1-fn:1"><p>foot&#160;'
            '<a class="footnote-backref" href="#embed1-fnref:1" title="Jump back to footnote 1 in '
            'the text">&#8617;</a></p></li></ol></div>',
        ),
    ),
    (
        "note-named-like-a-file",
        "![[Version 2.txt]]",
        box("Version 2.txt.md", "/Version%202.txt.md", "Version 2.txt", "<p>Dotted name.</p>"),
    ),
    # not embeds of notes
    ("code-span", "`![[Note]]`", "<p><code>![[Note]]</code></p>"),
    ("image-is-not-ours", "![[plot.svg]]", "<p>![[plot.svg]]</p>"),
    (
        "link",
        "[[Note#Other]]",
        '<p><a class="wikilink" data-preview="" href="/Note.md#other">Note &gt; Other</a></p>',
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_render(text: str, expected: str) -> None:
    assert convert(text) == expected


def test_page_extensions_work_inside() -> None:
    html = convert("![[Rich]]")
    assert '<span class="katex">' in html
    assert "<mark>hi</mark>" in html
    assert '<a class="tag" href="/tags.md#tag">#tag</a>' in html
    assert '<div class="admonition tip callout-tip"><p class="admonition-title">T</p>' in html
    assert '<a class="wikilink" data-preview="" href="/Small.md">Small</a>' in html


def test_embedded_headings_stay_out_of_the_host_toc() -> None:
    text = "## Section\n\n![[Note#Section]]\n\n## After"
    context.set_page(context.Page(path="docs/Host.md", markdown=text))
    md = markdown.Markdown(extensions=extensions())
    html = md.convert(text)
    assert [t["id"] for t in md.toc_tokens] == ["section", "after"]
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert "embed1-section" in ids


def test_the_embed_is_recorded_as_a_link_and_a_wanted_note() -> None:
    text = "![[Note#Other]]\n\n![[Missing]]"
    links = WikilinkExtension(vault=VAULT)
    context.set_page(context.Page(path="docs/Host.md", markdown=text))
    markdown.Markdown(extensions=[EMBEDS, links]).convert(text)
    assert [(s, t, a, line) for s, t, a, line, _ in links.links] == [
        ("Host.md", "Note.md", "other", 1)
    ]
    assert links.wanted == [("Missing", "Host.md", 3)]


def test_what_the_embedded_note_holds_is_not_recorded_for_the_host() -> None:
    text = "![[Rich]]"
    tags, links = TagExtension(vault=VAULT), WikilinkExtension(vault=VAULT)
    context.set_page(context.Page(path="docs/Host.md", markdown=text))
    markdown.Markdown(extensions=[EMBEDS, tags, links]).convert(text)
    assert tags.tags == {}
    assert [t for _, t, *_ in links.links] == ["Rich.md"]


class _Collect(Treeprocessor):
    """Stands in for MkDocs' per-page processors ("relpath", "mkdocs_extract_anchors")."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: list[str] = []

    def run(self, root: Element) -> None:
        self.hrefs += [a.get("href") for a in root.iter("a")]
        self.ids += [el.get("id") for el in root.iter() if el.get("id")]


def test_mkdocs_page_processors_also_see_the_embedded_tree() -> None:
    text = "![[Links#Top]]"
    context.set_page(context.Page(path="docs/Host.md", markdown=text))
    md = markdown.Markdown(extensions=extensions())
    relpath, anchors = _Collect(), _Collect()
    md.treeprocessors.register(relpath, "relpath", 0)
    md.treeprocessors.register(anchors, "mkdocs_extract_anchors", 5)
    md.convert(text)
    assert "/Links.md#bottom" in relpath.hrefs  # made relative to the host page by MkDocs
    assert "/Links.md#top" in relpath.hrefs  # the title, in the host tree
    assert "embed1-top" in anchors.ids


def test_without_a_markdown_factory_plain_markdown_is_used() -> None:
    ext = EmbedExtension(vault=VAULT, source="Host.md")
    html = markdown.Markdown(extensions=[ext]).convert("![[Note#^item]]\n\n![[Nowhere]]")
    assert norm(html) == (
        box(
            "Note.md",
            "/Note.md#^item",
            "Note › Other",
            "<ul><li>two ^item<ul><li>child</li></ul></li></ul>",
        )
        + '<div class="embed wanted"><p class="embed-title"><a class="wikilink wanted" '
        'href="/wanted.md#nowhere" title="Not written yet">Nowhere</a></p></div>'
    )


# (id, Markdown in the host, source, error)
ERRORS = [
    (
        "missing-heading",
        "text\n\n![[Note#Gone]]",
        "Host.md",
        "docs/Host.md:3: 'Note.md' has no heading 'Gone'",
    ),
    ("missing-block", "![[Note#^nope]]", "Host.md", "docs/Host.md:1: 'Note.md' has no block ^nope"),
    (
        "missing-file",
        "x\n![[slides.pdf]]",
        "Host.md",
        "docs/Host.md:2: embedded file 'slides.pdf' does not exist in the vault",
    ),
    ("cycle", VAULT.note("A.md").text, "A.md", "docs/A.md:3: embed cycle: A → B → C › Back → A"),
    (
        "cycle-from-inside",
        "![[B]]",
        "Host.md",
        "docs/Host.md:1: embed cycle: Host → B → C › Back → A → B",
    ),
    (
        "cycle-own-section",
        VAULT.note("Loop.md").text,
        "Loop.md",
        "docs/Loop.md:3: embed cycle: Loop → Loop › H → Loop › H",
    ),
    ("whole-note-in-itself", "![[Host]]", "Host.md", "docs/Host.md:1: embed cycle: Host → Host"),
    (
        "error-inside-names-the-embedded-note",
        "![[Bad]]",
        "Host.md",
        "docs/Bad.md:5: 'Note.md' has no heading 'Gone'",
    ),
]


@pytest.mark.parametrize(
    ("text", "source", "message"), [c[1:] for c in ERRORS], ids=[c[0] for c in ERRORS]
)
def test_errors(text: str, source: str, message: str) -> None:
    with pytest.raises(NoteError) as info:
        convert(text, source)
    assert str(info.value) == message
    assert context.current_page().path == f"docs/{source}"  # the host page is current again


def test_own_section_elsewhere_in_the_note_is_fine() -> None:
    html = convert(VAULT.note("Self.md").text, "Self.md")
    assert html.endswith(
        box("Self.md", "#part", "Part", '<h2 id="embed1-part">Part</h2><p>text</p>')
    )


BLOCKS = """\
para one
goes on ^p

- a
- b ^li
    - c
  more of b
- d

1. x
2. y ^ol

> [!tip] T
> line ^q
> last

| h |
|---|
| 1 |
^t

## H
Text under a heading ^h

```
code
```

^code
"""

# (id, block id, expected excerpt, its first line)
EXCERPTS = [
    ("paragraph", "p", "para one\ngoes on ^p", 1),
    ("list-item-with-children", "li", "- b ^li\n    - c\n  more of b", 5),
    ("ordered-item", "ol", "2. y ^ol", 11),
    ("whole-callout", "q", "> [!tip] T\n> line ^q\n> last", 13),
    ("id-under-a-table", "t", "| h |\n|---|\n| 1 |", 17),
    ("paragraph-under-heading", "h", "Text under a heading ^h", 23),
    ("fenced-code", "code", "```\ncode\n```", 25),
]


@pytest.mark.parametrize(
    ("key", "text", "line"), [c[1:] for c in EXCERPTS], ids=[c[0] for c in EXCERPTS]
)
def test_block_excerpts(key: str, text: str, line: int) -> None:
    note = Vault.from_texts({"N.md": BLOCKS}).note("N.md")
    assert excerpt(note, "^" + key) == (text, line)


def test_make_extension() -> None:
    assert isinstance(makeExtension(vault=VAULT), EmbedExtension)
    with pytest.raises(ValueError, match="needs vault"):
        markdown.markdown("![[Note]]", extensions=["rectified.markdown.embeds"])
