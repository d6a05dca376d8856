"""Obsidian inline #tags -> links to the tags page (rectified.markdown.tags)."""

from __future__ import annotations

from collections.abc import Iterator

import markdown
import pytest

from rectified import context
from rectified.markdown.math import MathExtension
from rectified.markdown.tags import TagExtension, makeExtension
from rectified.markdown.wikilinks import WikilinkExtension
from rectified.vault import Vault

VAULT = Vault.from_texts({"Note.md": "## Heading\n", "ReLU.md": ""})


@pytest.fixture(autouse=True)
def no_page() -> Iterator[None]:
    context.set_page(None)
    yield
    context.set_page(None)


def convert(text: str, **config) -> tuple[str, TagExtension]:
    tags = TagExtension(vault=VAULT, source="Note.md", **config)
    links = WikilinkExtension(vault=VAULT, source="Note.md")
    extensions = [tags, links, MathExtension(), "fenced_code", "tables", "attr_list"]
    html = markdown.Markdown(extensions=extensions).convert(text)
    return "".join(line.strip() for line in html.splitlines()), tags


def tag(name: str, slug: str | None = None) -> str:
    return f'<a class="tag" href="/tags.md#{slug or name}">#{name}</a>'


# (id, Markdown, expected HTML)
CASES = [
    ("simple", "#tag", f"<p>{tag('tag')}</p>"),
    ("in-text", "a #relu b", f"<p>a {tag('relu')} b</p>"),
    ("nested", "#nested/tag", f"<p>{tag('nested/tag', 'nestedtag')}</p>"),
    ("dash", "#tag-with-dash", f"<p>{tag('tag-with-dash')}</p>"),
    ("underscore-digit", "#tag_1", f"<p>{tag('tag_1')}</p>"),
    ("underscores-not-emphasis", "#a_b_ x_y_", f"<p>{tag('a_b_')} x_y_</p>"),
    ("letter-and-digits", "#y1984", f"<p>{tag('y1984')}</p>"),
    ("upper-case-slug", "#ReLU", f"<p>{tag('ReLU', 'relu')}</p>"),
    ("unicode", "#Größe", f"<p>{tag('Größe', 'größe')}</p>"),
    ("punctuation-ends-it", "(see #a, #b.)", f"<p>(see {tag('a')}, {tag('b')}.)</p>"),
    ("trailing-slash", "#a/b/", f"<p>{tag('a/b', 'ab')}/</p>"),
    ("two-on-a-line-start", "#relu #activation", f"<p>{tag('relu')} {tag('activation')}</p>"),
    ("line-start-in-paragraph", "text\n#tag more", f"<p>text{tag('tag')} more</p>"),
    ("in-list", "- #item", f"<ul><li>{tag('item')}</li></ul>"),
    ("in-quote", "> #quoted", f"<blockquote><p>{tag('quoted')}</p></blockquote>"),
    ("in-heading", "## Sec #draft", f"<h2>Sec {tag('draft')}</h2>"),
    ("in-emphasis", "*#em*", f"<p><em>{tag('em')}</em></p>"),
    (
        "in-table",
        "| a |\n|---|\n| #t |",
        "<table><thead><tr><th>a</th></tr></thead>"
        f"<tbody><tr><td>{tag('t')}</td></tr></tbody></table>",
    ),
    (
        "after-wikilink-with-heading",
        "[[Note#Heading]] #x",
        f'<p><a class="wikilink" href="#heading">Note &gt; Heading</a> {tag("x")}</p>',
    ),
    (
        "in-link-text",
        "[see #x](https://e.org)",
        '<p><a href="https://e.org">see <span class="tag">#x</span></a></p>',
    ),
    # stays text
    ("numeric", "#123", "<p>#123</p>"),
    ("numeric-nested", "#1/2", "<p>#1/2</p>"),
    ("numeric-line-start-not-heading", "#2024 x", "<p>#2024 x</p>"),
    ("heading", "# Heading", "<h1>Heading</h1>"),
    ("heading-h2", "## H", "<h2>H</h2>"),
    ("url-fragment", "http://x/#frag", "<p>http://x/#frag</p>"),
    ("link-fragment", "[a](http://x/#frag)", '<p><a href="http://x/#frag">a</a></p>'),
    ("autolink", "<http://x/#frag>", '<p><a href="http://x/#frag">http://x/#frag</a></p>'),
    ("mid-word", "C# and a#b", "<p>C# and a#b</p>"),
    ("entity", "&#35;x", "<p>&#35;x</p>"),
    ("escaped", "\\#esc", "<p>#esc</p>"),
    ("hash-alone", "a # b", "<p>a # b</p>"),
    ("code-span", "`#code`", "<p><code>#code</code></p>"),
    ("fenced", "```\n#c\n```", "<pre><code>#c</code></pre>"),
    ("indented-code", "text\n\n    #include", "<p>text</p><pre><code>#include</code></pre>"),
    ("math", "$\\#x$", '<p><span class="katex">'),
    ("html-attribute", '<span title="a #b">t</span>', '<p><span title="a #b">t</span></p>'),
    ("attr-list-id", "para\n{: #custom }", '<p id="custom">para</p>'),
    ("attr-list-heading", "## H { #hid .c }", '<h2 class="c" id="hid">H</h2>'),
    ("braces-then-tag", "{x} #t", f"<p>{{x}} {tag('t')}</p>"),
    (
        "wikilink-heading",
        "[[Note#Heading]]",
        '<p><a class="wikilink" href="#heading">Note &gt; Heading</a></p>',
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_render(text: str, expected: str) -> None:
    html, _ = convert(text)
    if expected.endswith('"katex">'):
        assert html.startswith(expected)
        assert 'class="tag"' not in html
    else:
        assert html == expected


def test_tags_are_recorded_per_note() -> None:
    _, ext = convert("#a and #b/c\n\n`#code` #123 #a")
    assert ext.tags == {"Note.md": {"a", "b/c"}}


def test_source_from_the_context() -> None:
    ext = TagExtension(vault=VAULT)
    md = markdown.Markdown(extensions=[ext])
    context.set_page(context.Page(path="docs/ReLU.md", markdown="#x"))
    md.convert("#x")
    context.set_page(None)
    md.convert("#unknown")  # no note: nothing recorded
    assert ext.tags == {"ReLU.md": {"x"}}


def test_tags_page_option() -> None:
    html, _ = convert("#x", tags_page="meta/all tags.md")
    assert html == '<p><a class="tag" href="/meta/all%20tags.md#x">#x</a></p>'


def test_make_extension() -> None:
    assert isinstance(makeExtension(), TagExtension)
    html = markdown.markdown("#x", extensions=["rectified.markdown.tags"])
    assert html == f"<p>{tag('x')}</p>"
