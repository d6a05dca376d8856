"""Properties (rectified.markdown.properties): every type of value, as Obsidian shows it."""

from __future__ import annotations

import markdown
import pytest

from rectified.errors import NoteError
from rectified.markdown.properties import PropertiesExtension
from rectified.vault import Vault

OTHER = "# Other\n\n## Part\n\nA block. ^blk\n"


def convert(front: str, body: str = "# Note\n\nText.\n", **config) -> str:
    text = f"---\n{front}---\n\n{body}" if front else body
    vault = Vault.from_texts({"Note.md": text, "Other.md": OTHER, "pic.png": ""})
    ext = PropertiesExtension(vault=vault, source="Note.md", **config)
    return markdown.Markdown(extensions=[ext]).convert(body)


def row(key: str, kind: str, cell: str) -> str:
    return f'<tr><th scope="row">{key}</th><td data-type="{kind}">{cell}</td></tr>'


def table(*rows: str) -> str:
    return (
        '<table class="properties"><caption class="properties-caption">Properties</caption>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def wikilink(href: str, text: str, preview: bool = True) -> str:
    """A link to a note (with Material's hover preview) or, ``preview=False``, to a file."""
    shown = ' data-preview=""' if preview else ""
    return f'<a class="wikilink"{shown} href="{href}">{text}</a>'


CHIPS = '<ul class="property-list">{}</ul>'

# (case, front matter, the table's rows)
CASES = [
    ("text", "kind: discrete\n", [row("kind", "text", "discrete")]),
    ("text escaped", "rule: a < b & c\n", [row("rule", "text", "a &lt; b &amp; c")]),
    ("integer", "outcomes: 2\n", [row("outcomes", "number", "2")]),
    ("float", "mean: 0.5\n", [row("mean", "number", "0.5")]),
    (
        "checkbox true",
        "fair: true\n",
        [
            row(
                "fair",
                "checkbox",
                '<input aria-label="fair" checked="checked" disabled="disabled" type="checkbox" />',
            )
        ],
    ),
    (
        "checkbox false",
        "fair: false\n",
        [
            row(
                "fair",
                "checkbox",
                '<input aria-label="fair" disabled="disabled" type="checkbox" />',
            )
        ],
    ),
    (
        "date",
        "added: 2024-01-15\n",
        [row("added", "date", '<time datetime="2024-01-15">15 January 2024</time>')],
    ),
    (
        "date quoted",
        "added: '2024-02-01'\n",
        [row("added", "date", '<time datetime="2024-02-01">1 February 2024</time>')],
    ),
    (
        "datetime",
        "at: 2024-01-15T14:30:00\n",
        [row("at", "datetime", '<time datetime="2024-01-15T14:30">15 January 2024, 14:30</time>')],
    ),
    (
        "datetime as Obsidian writes it",
        "at: 2024-01-15T14:30\n",
        [row("at", "datetime", '<time datetime="2024-01-15T14:30">15 January 2024, 14:30</time>')],
    ),
    (
        "datetime with seconds",
        "at: 2024-01-15 14:30:05\n",
        [
            row(
                "at",
                "datetime",
                '<time datetime="2024-01-15T14:30:05">15 January 2024, 14:30</time>',
            )
        ],
    ),
    ("not a date", "code: 2024-13-45x\n", [row("code", "text", "2024-13-45x")]),
    ("empty", "owner:\n", [row("owner", "text", "")]),
    (
        "list",
        "steps: [one, two]\n",
        [row("steps", "list", CHIPS.format("<li>one</li><li>two</li>"))],
    ),
    (
        "list of numbers and an empty item",
        "sizes:\n  - 1\n  - \n  - 2.5\n",
        [row("sizes", "list", CHIPS.format("<li>1</li><li>2.5</li>"))],
    ),
    ("empty list", "none: []\n", [row("none", "list", "")]),
    (
        "link",
        'related: "[[Other]]"\n',
        [row("related", "text", wikilink("/Other.md", "Other"))],
    ),
    (
        "link to a heading with an alias",
        'related: "[[Other#Part|the part]]"\n',
        [row("related", "text", wikilink("/Other.md#part", "the part"))],
    ),
    (
        "link to a block",
        'related: "[[Other#^blk]]"\n',
        [row("related", "text", wikilink("/Other.md#^blk", "Other &gt; ^blk"))],
    ),
    (
        "link to the note itself",
        'top: "[[#Note]]"\n',
        [row("top", "text", wikilink("#note", "Note", preview=False))],
    ),
    (
        "wanted link",
        'next: "[[Not Yet]]"\n',
        [
            row(
                "next",
                "text",
                '<a class="wikilink wanted" href="/wanted.md#not-yet" title="Not written yet">'
                "Not Yet</a>",
            )
        ],
    ),
    (
        "attachment link",
        'image: "[[pic.png]]"\n',
        [row("image", "text", '<a class="attachment" href="/pic.png">pic.png</a>')],
    ),
    (
        "links in a list",
        'up:\n  - "[[Other]]"\n  - plain\n',
        [
            row(
                "up",
                "list",
                CHIPS.format(f"<li>{wikilink('/Other.md', 'Other')}</li><li>plain</li>"),
            )
        ],
    ),
    (
        "text around links",
        'see: "[[Other]] and [site](https://example.org) or https://example.com/a."\n',
        [
            row(
                "see",
                "text",
                f"{wikilink('/Other.md', 'Other')} and "
                '<a href="https://example.org">site</a> or '
                '<a href="https://example.com/a.">https://example.com/a.</a>',
            )
        ],
    ),
    ("mapping", "size: {w: 3, h: 4}\n", [row("size", "text", "w: 3, h: 4")]),
    (
        "a key YAML reads as a number",
        "2024: true\n",
        [
            row(
                "2024",
                "checkbox",
                '<input aria-label="2024" checked="checked" disabled="disabled" type="checkbox" />',
            )
        ],
    ),
    ("site keys hidden", "title: T\naliases: [a]\ntags: [t]\nrectified: notes\nhide: [toc]\n", []),
    ("hidden case-insensitively", "Title: T\nTAGS: [x]\n", []),
    (
        "order kept, hidden left out",
        "b: 1\ntags: [x]\na: two\n",
        [row("b", "number", "1"), row("a", "text", "two")],
    ),
]


@pytest.mark.parametrize(("front", "rows"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_properties(front, rows):
    html = convert(front)
    if not rows:
        assert "properties" not in html
        return
    expected = table(*rows)
    assert html == "<h1>Note</h1>\n" + expected + "\n<p>Text.</p>"


def test_without_a_first_heading_the_table_comes_first():
    assert convert("a: 1\n", "Text.\n\n# Later\n").startswith('<table class="properties">')


def test_no_front_matter_no_table():
    assert "properties" not in convert("")


def test_hidden_is_an_option():
    html = convert("a: 1\nb: 2\n", hidden=["a"])
    assert '<th scope="row">a</th>' not in html
    assert '<th scope="row">b</th>' in html


@pytest.mark.parametrize(
    ("front", "line", "message"),
    [
        ('x: 1\nrelated: "[[Other#Absent]]"\n', 3, "'Other.md' has no heading 'Absent'"),
        ('up:\n  - "[[Other#^nope]]"\n', 3, "'Other.md' has no block ^nope"),
    ],
)
def test_a_broken_link_in_a_property_names_its_line(front, line, message):
    with pytest.raises(NoteError) as info:
        convert(front)
    assert info.value.path == "docs/Note.md"
    assert info.value.line == line
    assert info.value.message.startswith(message)


def test_links_in_properties_are_links_of_the_vault():
    text = '---\nrelated: "[[Other#Part]]"\nnext: "[[Not Yet]]"\n---\n\nText.\n'
    vault = Vault.from_texts({"Note.md": text, "Other.md": OTHER})
    assert [(lk.target, lk.anchor, lk.line) for lk in vault.links_to("Other.md")] == [
        ("Other.md", "part", 2)
    ]
    assert [w.title for w in vault.wanted()] == ["Not Yet"]


def test_a_generated_page_stub_shows_nothing():
    text = "---\nrectified: notes\nextra: 1\n---\n\n# All notes\n"
    vault = Vault.from_texts({"notes.md": text})
    ext = PropertiesExtension(vault=vault, source="notes.md")
    assert "properties" not in markdown.Markdown(extensions=[ext]).convert("# All notes\n")
