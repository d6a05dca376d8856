"""Obsidian callouts -> Material admonition HTML (rectified.markdown.callouts)."""

from __future__ import annotations

import re

import markdown
import pytest

from rectified import context
from rectified.errors import NoteError
from rectified.markdown.callouts import MATERIAL_CLASS, CalloutExtension, makeExtension


def render(text: str, extensions: list | None = None) -> str:
    if extensions is None:
        extensions = [CalloutExtension(), "tables"]
    return markdown.Markdown(extensions=extensions).convert(text)


def norm(html: str) -> str:
    """Whitespace-insensitive form: nothing between tags, runs of whitespace as one space."""
    html = re.sub(r">\s+<", "><", html.strip())
    return re.sub(r"\s+", " ", html)


def div(cls: str, title: str, body: str = "") -> str:
    return f'<div class="admonition {cls}"><p class="admonition-title">{title}</p>{body}</div>'


def details(cls: str, title: str, body: str = "", *, open_: bool = False) -> str:
    attrs = f'class="{cls}"' + (' open="open"' if open_ else "")
    return f"<details {attrs}><summary>{title}</summary>{body}</details>"


# (id, Obsidian Markdown, expected HTML)
CASES = [
    # --- markers and titles
    ("default-title", "> [!note]\n> Body.", div("note callout-note", "Note", "<p>Body.</p>")),
    (
        "custom-title-and-alias",
        "> [!important] Definition\n> The **rectified linear unit** is defined by",
        div(
            "tip callout-important",
            "Definition",
            "<p>The <strong>rectified linear unit</strong> is defined by</p>",
        ),
    ),
    (
        "title-inline-markdown",
        "> [!tip] Custom *title* with [link](x.md) and `code`\n> b",
        div(
            "tip callout-tip",
            'Custom <em>title</em> with <a href="x.md">link</a> and <code>code</code>',
            "<p>b</p>",
        ),
    ),
    ("no-space-after-gt", ">[!info]\n>Body", div("info callout-info", "Info", "<p>Body</p>")),
    ("upper-case-type", "> [!NOTE]\n> b", div("note callout-note", "Note", "<p>b</p>")),
    (
        "mixed-case-type-with-title",
        "> [!Warning] Careful\n> b",
        div("warning callout-warning", "Careful", "<p>b</p>"),
    ),
    ("trailing-space-after-marker", ">[!info] \n>b", div("info callout-info", "Info", "<p>b</p>")),
    ("indented-marker", ">   [!tip] T\n> b", div("tip callout-tip", "T", "<p>b</p>")),
    ("title-only", "> [!abstract] Just a title", div("abstract callout-abstract", "Just a title")),
    ("todo-is-info", "> [!todo]\n> b", div("info callout-todo", "Todo", "<p>b</p>")),
    (
        "unknown-type-is-note",
        "> [!definition]\n> b",
        div("note callout-definition", "Definition", "<p>b</p>"),
    ),
    (
        "unknown-type-with-hyphen",
        "> [!My-Type] Mine\n> b",
        div("note callout-my-type", "Mine", "<p>b</p>"),
    ),
    # --- folding
    (
        "foldable-collapsed",
        "> [!tip]- Hidden\n> b",
        details("tip callout-tip", "Hidden", "<p>b</p>"),
    ),
    (
        "foldable-expanded",
        "> [!tip]+ Shown\n> b",
        details("tip callout-tip", "Shown", "<p>b</p>", open_=True),
    ),
    (
        "foldable-default-title-alias",
        "> [!faq]-\n> b",
        details("question callout-faq", "Faq", "<p>b</p>"),
    ),
    (
        "foldable-title-markdown",
        "> [!bug]+ A **bad** one\n> b",
        details("bug callout-bug", "A <strong>bad</strong> one", "<p>b</p>", open_=True),
    ),
    # --- bodies
    (
        "paragraphs-with-empty-quote-line",
        "> [!note]\n> First\n> line.\n>\n> Second.",
        div("note callout-note", "Note", "<p>First line.</p><p>Second.</p>"),
    ),
    (
        "lists",
        "> [!example]\n> Items:\n>\n> - a\n> - *b*\n>\n> Steps:\n>\n> 1. one\n> 2. two",
        div(
            "example callout-example",
            "Example",
            "<p>Items:</p><ul><li>a</li><li><em>b</em></li></ul>"
            "<p>Steps:</p><ol><li>one</li><li>two</li></ol>",
        ),
    ),
    (
        "indented-code-block",
        "> [!note]\n> Code:\n>\n>     x = 1 * 2\n>     y = x",
        div(
            "note callout-note",
            "Note",
            "<p>Code:</p><pre><code>x = 1 * 2\ny = x\n</code></pre>",
        ),
    ),
    (
        "table",
        "> [!info]\n> | a | b |\n> |---|---|\n> | 1 | 2 |",
        div(
            "info callout-info",
            "Info",
            "<table><thead><tr><th>a</th><th>b</th></tr></thead>"
            "<tbody><tr><td>1</td><td>2</td></tr></tbody></table>",
        ),
    ),
    (
        "heading",
        "> [!note] T\n> ## Part\n> text",
        div("note callout-note", "T", "<h2>Part</h2><p>text</p>"),
    ),
    (
        "display-math-lines-kept",
        "> [!important] Definition\n> The ReLU is\n> $$\n> \\sigma(x) = \\max(0, x)\n> $$",
        div(
            "tip callout-important",
            "Definition",
            "<p>The ReLU is\n$$\n\\sigma(x) = \\max(0, x)\n$$</p>",
        ),
    ),
    (
        "inline-math-in-title-and-body",
        "> [!note] Slope $\\alpha$\n> where $\\alpha \\in (0,1)$ and $\\alpha$",
        div(
            "note callout-note",
            "Slope $\\alpha$",
            "<p>where $\\alpha \\in (0,1)$ and $\\alpha$</p>",
        ),
    ),
    (
        "block-id-line-in-body",
        "> [!note]\n> text\n>\n> ^8da7d6",
        div("note callout-note", "Note", "<p>text</p><p>^8da7d6</p>"),
    ),
    # --- nesting
    (
        "nested-callout",
        "> [!note] Outer\n> before\n>\n> > [!warning] Inner\n> > inner text\n>\n> after",
        div(
            "note callout-note",
            "Outer",
            "<p>before</p>"
            + div("warning callout-warning", "Inner", "<p>inner text</p>")
            + "<p>after</p>",
        ),
    ),
    (
        "nested-foldable-with-paragraphs",
        "> [!note]\n> > [!tip]+\n> > a\n> >\n> > b",
        div(
            "note callout-note",
            "Note",
            details("tip callout-tip", "Tip", "<p>a</p><p>b</p>", open_=True),
        ),
    ),
    (
        "three-levels",
        "> [!note]\n> > [!tip]\n> > > [!bug]\n> > > deep",
        div(
            "note callout-note",
            "Note",
            div("tip callout-tip", "Tip", div("bug callout-bug", "Bug", "<p>deep</p>")),
        ),
    ),
    (
        "plain-quote-inside-callout",
        "> [!quote]\n> > words\n>\n> -- someone",
        div(
            "quote callout-quote",
            "Quote",
            "<blockquote><p>words</p></blockquote><p>-- someone</p>",
        ),
    ),
    (
        "callout-inside-plain-quote",
        "> said:\n> > [!cite]\n> > x",
        "<blockquote><p>said:</p>"
        + div("quote callout-cite", "Cite", "<p>x</p>")
        + "</blockquote>",
    ),
    # --- where a callout starts and ends
    (
        "plain-blockquote",
        "> just a quote\n> more",
        "<blockquote><p>just a quote\nmore</p></blockquote>",
    ),
    (
        "marker-not-on-first-line",
        "> text\n> [!note]",
        "<blockquote><p>text\n[!note]</p></blockquote>",
    ),
    (
        "unclosed-marker-is-plain",
        "> [!note\n> b",
        "<blockquote><p>[!note\nb</p></blockquote>",
    ),
    (
        "unprefixed-line-ends-callout",
        "> [!note]\n> a\nafter",
        div("note callout-note", "Note", "<p>a</p>") + "<p>after</p>",
    ),
    (
        "block-id-after-callout",
        "> [!note]\n> a\n\n^8da7d6",
        div("note callout-note", "Note", "<p>a</p>") + "<p>^8da7d6</p>",
    ),
    (
        "blank-line-ends-callout",
        "> [!note]\n> a\n\n> b",
        div("note callout-note", "Note", "<p>a</p>") + "<blockquote><p>b</p></blockquote>",
    ),
    (
        "quote-then-callout",
        "> a\n\n> [!tip]\n> b",
        "<blockquote><p>a</p></blockquote>" + div("tip callout-tip", "Tip", "<p>b</p>"),
    ),
    (
        "consecutive-callouts",
        "> [!info]\n> a\n\n> [!quote]\n> b",
        div("info callout-info", "Info", "<p>a</p>")
        + div("quote callout-quote", "Quote", "<p>b</p>"),
    ),
    (
        "callout-interrupts-paragraph",
        "Intro\n> [!note]\n> a",
        "<p>Intro</p>" + div("note callout-note", "Note", "<p>a</p>"),
    ),
    (
        "indented-code-after-callout",
        "> [!note]\n> a\n\n    code",
        div("note callout-note", "Note", "<p>a</p>") + "<pre><code>code\n</code></pre>",
    ),
    (
        "in-list-item",
        "- item\n\n    > [!note]\n    > x",
        "<ul><li><p>item</p>" + div("note callout-note", "Note", "<p>x</p>") + "</li></ul>",
    ),
]


@pytest.mark.parametrize(
    ("markdown_text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_callout(markdown_text: str, expected: str) -> None:
    assert norm(render(markdown_text)) == norm(expected)


def test_case_ids_are_unique() -> None:
    ids = [c[0] for c in CASES]
    assert len(ids) == len(set(ids))


# Every Obsidian type and alias -> Material class; the default title is the type as written.
TYPES = [
    ("note", "note"),
    ("abstract", "abstract"),
    ("summary", "abstract"),
    ("tldr", "abstract"),
    ("info", "info"),
    ("todo", "info"),
    ("tip", "tip"),
    ("hint", "tip"),
    ("important", "tip"),
    ("success", "success"),
    ("check", "success"),
    ("done", "success"),
    ("question", "question"),
    ("help", "question"),
    ("faq", "question"),
    ("warning", "warning"),
    ("caution", "warning"),
    ("attention", "warning"),
    ("failure", "failure"),
    ("fail", "failure"),
    ("missing", "failure"),
    ("danger", "danger"),
    ("error", "danger"),
    ("bug", "bug"),
    ("example", "example"),
    ("quote", "quote"),
    ("cite", "quote"),
    ("whatever", "note"),  # unknown: a note, as in Obsidian
]


@pytest.mark.parametrize(("kind", "material"), TYPES, ids=[t[0] for t in TYPES])
def test_type_maps_to_material_class(kind: str, material: str) -> None:
    expected = div(f"{material} callout-{kind}", kind.capitalize(), "<p>b</p>")
    assert norm(render(f"> [!{kind}]\n> b")) == norm(expected)
    folded = details(f"{material} callout-{kind}", kind.capitalize(), "<p>b</p>")
    assert norm(render(f"> [!{kind.upper()}]-\n> b")) == norm(folded)


def test_type_table_covers_the_extension() -> None:
    assert {k: v for k, v in TYPES if k in MATERIAL_CLASS} == MATERIAL_CLASS


# --- malformed markers fail loudly

MALFORMED = [
    ("empty-type", "> [!]\n> b", "has no type"),
    ("blank-type", "> [! ]\n> b", "has no type"),
    ("two-words", "> [!two words]\n> b", "must be one word"),
    ("punctuation", "> [!no/te] T\n> b", "must be one word"),
    ("nested", "> [!note]\n> > [!]\n> > b", "has no type"),
]


@pytest.fixture
def no_page():
    context.set_page(None)
    yield
    context.set_page(None)


@pytest.mark.usefixtures("no_page")
@pytest.mark.parametrize(
    ("markdown_text", "message"), [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED]
)
def test_malformed_marker_raises(markdown_text: str, message: str) -> None:
    with pytest.raises(NoteError, match=message):
        render(markdown_text)


@pytest.mark.usefixtures("no_page")
def test_malformed_marker_names_file_and_line() -> None:
    text = "Intro.\n\n> [!note]\n> ok\n\n> [!two words] Title\n> b\n"
    context.set_page(context.Page(path="docs/ReLU.md", markdown=text, line_offset=4))
    with pytest.raises(NoteError) as info:
        render(text)
    assert (info.value.path, info.value.line) == ("docs/ReLU.md", 10)
    assert str(info.value).startswith("docs/ReLU.md:10: callout marker '[!two words]'")


# --- alongside Material's own admonition extensions

MATERIAL_EXTENSIONS = ["admonition", "pymdownx.details"]

MATERIAL_CASES = [
    (
        "callout-and-admonition-and-details",
        '> [!tip] Callout\n> a\n\n!!! note "Material"\n    b\n\n???+ warning\n    c',
        div("tip callout-tip", "Callout", "<p>a</p>")
        + div("note", "Material", "<p>b</p>")
        + details("warning", "Warning", "<p>c</p>", open_=True),
    ),
    (
        "indented-code-after-callout-not-swallowed",
        "> [!note]\n> a\n\n    code",
        div("note callout-note", "Note", "<p>a</p>") + "<pre><code>code\n</code></pre>",
    ),
    (
        "indented-code-after-foldable-not-swallowed",
        "> [!note]-\n> a\n\n    code",
        details("note callout-note", "Note", "<p>a</p>") + "<pre><code>code\n</code></pre>",
    ),
    (
        "callout-inside-admonition",
        "!!! note\n    > [!tip]\n    > x\n\n    after",
        div("note", "Note", div("tip callout-tip", "Tip", "<p>x</p>") + "<p>after</p>"),
    ),
    (
        "admonition-after-callout-continues-itself",
        "> [!bug]\n> a\n\n!!! example\n    b\n\n    c",
        div("bug callout-bug", "Bug", "<p>a</p>") + div("example", "Example", "<p>b</p><p>c</p>"),
    ),
]


@pytest.mark.parametrize("callouts_first", [True, False], ids=["callouts-first", "callouts-last"])
@pytest.mark.parametrize(
    ("markdown_text", "expected"),
    [c[1:] for c in MATERIAL_CASES],
    ids=[c[0] for c in MATERIAL_CASES],
)
def test_with_material_extensions(markdown_text: str, expected: str, callouts_first: bool) -> None:
    extensions = [*MATERIAL_EXTENSIONS, CalloutExtension()]
    if callouts_first:
        extensions = extensions[::-1]
    assert norm(render(markdown_text, extensions)) == norm(expected)


def test_fenced_code_in_callout_with_superfences() -> None:
    text = "> [!example]\n> ```\n> x = 1\n> ```\n>\n> after"
    html = render(text, [*MATERIAL_EXTENSIONS, "pymdownx.superfences", CalloutExtension()])
    assert norm(html) == norm(
        div(
            "example callout-example",
            "Example",
            '<div class="highlight"><pre><span></span><code>x = 1\n</code></pre></div><p>after</p>',
        )
    )


def test_make_extension_and_html_output_format() -> None:
    md = markdown.Markdown(extensions=[makeExtension()], output_format="html")
    assert md.convert("> [!tip]+\n> b").startswith('<details class="tip callout-tip" open>')


def test_markdown_instance_is_reusable() -> None:
    md = markdown.Markdown(extensions=[CalloutExtension()])
    first = md.convert("> [!note]\n> a")
    md.reset()
    assert md.convert("> [!note]\n> a") == first
