"""Obsidian links -> <a> (rectified.markdown.wikilinks), resolved through the vault."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import markdown
import pytest

from rectified import context
from rectified.errors import NoteError
from rectified.markdown.blockids import BlockIdExtension
from rectified.markdown.callouts import CalloutExtension
from rectified.markdown.wikilinks import WikilinkExtension
from rectified.vault import Vault

VAULT = Vault.from_texts(
    {
        "Leaky ReLU.md": (
            "---\naliases: [LReLU]\n---\n# Leaky ReLU\n## The gradient\ntext ^grad\n"
            "## Variants\n### Parametric\n"
        ),
        "ReLU.md": "# ReLU\n## Definition\ntext ^def-1\n",
        "Softplus (smooth).md": "",
        "Größe.md": "## Ableitung\n",
        "A/Note.md": "",
        "B/Note.md": "",
        "Folder/Sub Note.md": "## Part\n",
        "Case/sigmoid.md": "",
        "Case/Sigmoid.md": "",
        "assets/paper.pdf": "",
        "Punct.md": "## Why? (really)\n\n## A: b, c\n",
    }
)


@pytest.fixture(autouse=True)
def no_page() -> Iterator[None]:
    context.set_page(None)
    yield
    context.set_page(None)


def convert(text: str, source: str = "ReLU.md", **config) -> tuple[str, WikilinkExtension]:
    ext = WikilinkExtension(vault=VAULT, source=source, **config)
    extensions = [ext, BlockIdExtension(), CalloutExtension(), "tables", "fenced_code"]
    return markdown.Markdown(extensions=extensions).convert(text), ext


def a(href: str, text: str) -> str:
    """A resolved wikilink; links to other notes carry Material's hover-preview marker."""
    preview = ' data-preview=""' if href.split("#")[0].endswith(".md") else ""
    return f'<a class="wikilink"{preview} href="{href}">{text}</a>'


def wanted(slug: str, text: str) -> str:
    return f'<a class="wikilink wanted" href="/wanted.md#{slug}" title="Not written yet">{text}</a>'


LEAKY = "/Leaky%20ReLU.md"

# (id, Markdown in ReLU.md, expected HTML)
CASES = [
    ("note", "[[Leaky ReLU]]", f"<p>{a(LEAKY, 'Leaky ReLU')}</p>"),
    ("alias", "[[Leaky ReLU|leaky]]", f"<p>{a(LEAKY, 'leaky')}</p>"),
    ("md-written", "[[Leaky ReLU.md]]", f"<p>{a(LEAKY, 'Leaky ReLU')}</p>"),
    ("case-insensitive", "[[leaky relu]]", f"<p>{a(LEAKY, 'leaky relu')}</p>"),
    ("via-alias", "[[LReLU]]", f"<p>{a(LEAKY, 'LReLU')}</p>"),
    (
        "heading",
        "[[Leaky ReLU#The gradient]]",
        f"<p>{a(LEAKY + '#the-gradient', 'Leaky ReLU &gt; The gradient')}</p>",
    ),
    (
        "heading-alias",
        "[[Leaky ReLU#The gradient|grad]]",
        f"<p>{a(LEAKY + '#the-gradient', 'grad')}</p>",
    ),
    (
        "heading-empty-alias",
        "[[Leaky ReLU#The gradient|]]",
        f"<p>{a(LEAKY + '#the-gradient', 'Leaky ReLU &gt; The gradient')}</p>",
    ),
    (
        "nested-heading",
        "[[Leaky ReLU#Variants#Parametric]]",
        f"<p>{a(LEAKY + '#parametric', 'Leaky ReLU &gt; Variants &gt; Parametric')}</p>",
    ),
    ("block", "[[Leaky ReLU#^grad]]", f"<p>{a(LEAKY + '#^grad', 'Leaky ReLU &gt; ^grad')}</p>"),
    ("block-alias", "[[Leaky ReLU#^grad|see]]", f"<p>{a(LEAKY + '#^grad', 'see')}</p>"),
    ("same-page-heading", "[[#Definition]]", f"<p>{a('#definition', 'Definition')}</p>"),
    ("same-page-block", "[[#^def-1]]", f"<p>{a('#^def-1', '^def-1')}</p>"),
    ("own-name-is-same-page", "[[ReLU#Definition|d]]", f"<p>{a('#definition', 'd')}</p>"),
    ("own-name-no-anchor", "[[ReLU]]", f"<p>{a('/ReLU.md', 'ReLU')}</p>"),
    (
        "unicode",
        "[[Größe#Ableitung]]",
        f"<p>{a('/Gr%C3%B6%C3%9Fe.md#ableitung', 'Größe &gt; Ableitung')}</p>",
    ),
    (
        "parentheses",
        "[[Softplus (smooth)]]",
        f"<p>{a('/Softplus%20%28smooth%29.md', 'Softplus (smooth)')}</p>",
    ),
    (
        "folder-path",
        "[[Folder/Sub Note#Part]]",
        f"<p>{a('/Folder/Sub%20Note.md#part', 'Folder/Sub Note &gt; Part')}</p>",
    ),
    ("attachment", "[[paper.pdf]]", f"<p>{a('/assets/paper.pdf', 'paper.pdf')}</p>"),
    (
        "in-text",
        "See [[ReLU]] and [[LReLU|this]].",
        f"<p>See {a('/ReLU.md', 'ReLU')} and {a(LEAKY, 'this')}.</p>",
    ),
    ("alias-markdown", "[[ReLU|*the* unit]]", f"<p>{a('/ReLU.md', '<em>the</em> unit')}</p>"),
    ("in-heading", "## About [[ReLU]]", f"<h2>About {a('/ReLU.md', 'ReLU')}</h2>"),
    ("in-list", "- [[ReLU]]\n- x", f"<ul><li>{a('/ReLU.md', 'ReLU')}</li><li>x</li></ul>"),
    (
        "in-blockquote",
        "> see [[ReLU]]",
        f"<blockquote><p>see {a('/ReLU.md', 'ReLU')}</p></blockquote>",
    ),
    (
        "in-callout",
        "> [!note]\n> see [[ReLU#Definition]]",
        '<div class="admonition note callout-note"><p class="admonition-title">Note</p>'
        f"<p>see {a('#definition', 'ReLU &gt; Definition')}</p></div>",
    ),
    (
        "in-table",
        "| a | b |\n|---|---|\n| [[ReLU]] | 2 |",
        f"<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>{a('/ReLU.md', 'ReLU')}"
        "</td><td>2</td></tr></tbody></table>",
    ),
    (
        "in-table-escaped-pipe",
        "| a | b |\n|---|---|\n| [[Leaky ReLU#The gradient\\|grad]] | 2 |",
        "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr>"
        f"<td>{a(LEAKY + '#the-gradient', 'grad')}</td><td>2</td></tr></tbody></table>",
    ),
    ("code-span", "`[[ReLU]]`", "<p><code>[[ReLU]]</code></p>"),
    (
        "fenced-code",
        "```\n[[ReLU]] and [[Nope#x]]\n```",
        "<pre><code>[[ReLU]] and [[Nope#x]]</code></pre>",
    ),
    ("embed-not-ours", "![[ReLU]]", "<p>![[ReLU]]</p>"),
    ("escaped", "\\[[ReLU]]", "<p>[[ReLU]]</p>"),
    ("wanted", "[[Swish]]", f"<p>{wanted('swish', 'Swish')}</p>"),
    (
        "wanted-heading-alias",
        "[[Swish Unit#Definition|swish]]",
        f"<p>{wanted('swish-unit', 'swish')}</p>",
    ),
    ("wanted-path", "[[A/Only]]", f"<p>{wanted('aonly', 'A/Only')}</p>"),
    # Markdown links as Obsidian writes them
    ("md-link", "[t](Leaky%20ReLU.md)", f'<p><a data-preview="" href="{LEAKY}">t</a></p>'),
    ("md-link-no-ext", "[t](Leaky%20ReLU)", f'<p><a data-preview="" href="{LEAKY}">t</a></p>'),
    (
        "md-link-angle",
        "[t](<Leaky ReLU.md#The gradient>)",
        f'<p><a data-preview="" href="{LEAKY}#the-gradient">t</a></p>',
    ),
    (
        "md-link-heading-encoded",
        "[t](Leaky%20ReLU.md#The%20gradient)",
        f'<p><a data-preview="" href="{LEAKY}#the-gradient">t</a></p>',
    ),
    (
        "md-link-block",
        "[t](Leaky%20ReLU.md#%5Egrad)",
        f'<p><a data-preview="" href="{LEAKY}#^grad">t</a></p>',
    ),
    (
        "md-link-folder",
        "[t](Folder/Sub%20Note.md)",
        '<p><a data-preview="" href="/Folder/Sub%20Note.md">t</a></p>',
    ),
    ("md-link-same-note", "[t](ReLU.md#Definition)", '<p><a href="#definition">t</a></p>'),
    (
        "md-link-wanted",
        "[t](Swish.md)",
        '<p><a class="wanted" href="/wanted.md#swish" title="Not written yet">t</a></p>',
    ),
    ("md-link-attachment", "[t](paper.pdf)", '<p><a href="/assets/paper.pdf">t</a></p>'),
    ("md-link-other-file", "[t](img/x.png)", '<p><a href="img/x.png">t</a></p>'),
    (
        "md-link-http",
        "[t](https://example.org/ReLU.md)",
        '<p><a href="https://example.org/ReLU.md">t</a></p>',
    ),
    (
        "autolink-email",
        "<a@b.c>",
        '<p><a href="&#109;&#97;&#105;&#108;&#116;&#111;&#58;&#97;&#64;&#98;&#46;&#99;">'
        "&#97;&#64;&#98;&#46;&#99;</a></p>",
    ),
    ("md-link-anchor-only", "[t](#Definition)", '<p><a href="#Definition">t</a></p>'),
    ("md-link-absolute", "[t](/ReLU.md)", '<p><a href="/ReLU.md">t</a></p>'),
    ("md-link-folder-url", "[t](Folder/)", '<p><a href="Folder/">t</a></p>'),
    ("image-not-ours", "![x](Leaky%20ReLU.png)", '<p><img alt="x" src="Leaky%20ReLU.png" /></p>'),
    # Real vaults: names percent-encoded in wikilinks, "?" and ":" in headings, <...> paths
    ("percent-encoded-name", "[[Leaky%20ReLU]]", f"<p>{a('/Leaky%20ReLU.md', 'Leaky%20ReLU')}</p>"),
    (
        "percent-encoded-name-and-heading",
        "[[Leaky%20ReLU#The%20gradient|g]]",
        f"<p>{a('/Leaky%20ReLU.md#the-gradient', 'g')}</p>",
    ),
    (
        "percent-encoded-wanted",
        "[[Not%20There]]",
        f"<p>{wanted('not-there', 'Not%20There')}</p>",
    ),
    (
        "heading-with-punctuation",
        "[[Punct#Why? (really)]]",
        f"<p>{a('/Punct.md#why-really', 'Punct &gt; Why? (really)')}</p>",
    ),
    ("heading-without-the-colon", "[[Punct#A b, c|x]]", f"<p>{a('/Punct.md#a-b-c', 'x')}</p>"),
    (
        "md-link-question-mark-in-heading",
        "[t](<Punct.md#Why? (really)>)",
        '<p><a data-preview="" href="/Punct.md#why-really">t</a></p>',
    ),
    (
        "md-link-angle-brackets",
        "[t](<Folder/Sub Note.md>)",
        '<p><a data-preview="" href="/Folder/Sub%20Note.md">t</a></p>',
    ),
    ("md-link-query-stays", "[t](ReLU.md?x=1)", '<p><a href="ReLU.md?x=1">t</a></p>'),
]


def norm(html: str) -> str:
    return "".join(line.strip() for line in html.splitlines())


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_render(text: str, expected: str) -> None:
    html, _ = convert(text)
    assert norm(html) == expected


def test_markdown_link_from_another_folder_is_vault_rooted() -> None:
    html, _ = convert("[t](Folder/Sub%20Note.md#Part) [u](../ReLU.md)", source="A/Note.md")
    assert html == (
        '<p><a data-preview="" href="/Folder/Sub%20Note.md#part">t</a> '
        '<a data-preview="" href="/ReLU.md">u</a></p>'
    )


def test_markdown_link_next_to_the_note_wins() -> None:
    """A relative Markdown link that exists next to the note means that file, as in MkDocs."""
    html, _ = convert("[t](Note.md)", source="A/Other.md")
    assert html == '<p><a data-preview="" href="/A/Note.md">t</a></p>'


# (id, Markdown, message pattern, line)
ERRORS = [
    (
        "missing-heading",
        "text\n\n[[Leaky ReLU#Gradient]]",
        r"'Leaky ReLU.md' has no heading 'Gradient'",
        3,
    ),
    ("missing-block", "a\nb [[Leaky ReLU#^nope]]", r"'Leaky ReLU.md' has no block \^nope", 2),
    ("missing-same-page", "[[#Nope]]", r"'ReLU.md' has no heading 'Nope'", 1),
    (
        "ambiguous",
        "x\n\n- [[Note]]",
        r"ambiguous link 'Note': it matches 'A/Note.md', 'B/Note.md'",
        3,
    ),
    ("case-only", "[[sigmoid]]", r"'Case/Sigmoid.md', 'Case/sigmoid.md'", 1),
    ("in-table", "| a |\n|---|\n| [[ReLU#Nope\\|x]] |", r"'ReLU.md' has no heading 'Nope'", 3),
    ("in-callout", "> [!note]\n> [[ReLU#^nope]]", r"no block \^nope", 2),
    ("md-link-missing-heading", "\n[t](ReLU.md#Nope)", r"'ReLU.md' has no heading 'Nope'", 2),
    ("md-link-ambiguous", "[t](Note.md)", r"ambiguous link 'Note.md'", 1),
]


@pytest.mark.parametrize(
    ("text", "message", "line"), [c[1:] for c in ERRORS], ids=[c[0] for c in ERRORS]
)
def test_errors(text: str, message: str, line: int) -> None:
    with pytest.raises(NoteError, match=message) as info:
        convert(text)
    assert (info.value.path, info.value.line) == ("ReLU.md", line)


def test_error_names_the_page_from_the_context() -> None:
    text = "intro\n\n[[Leaky ReLU#Nope]]"
    context.set_page(context.Page(path="docs/ReLU.md", markdown=text, line_offset=4))
    ext = WikilinkExtension(vault=VAULT)
    with pytest.raises(NoteError) as info:
        markdown.Markdown(extensions=[ext]).convert(text)
    assert str(info.value) == "docs/ReLU.md:7: 'Leaky ReLU.md' has no heading 'Nope'"


def test_records_wanted_and_links_with_lines() -> None:
    text = (
        "Intro line.\n\n"
        "The ReLU is cheap. Its leaky cousin [[Leaky ReLU#The gradient|keeps a gradient]] for\n"
        "negative inputs. See also [[Swish]].\n\n"
        "> [!note]\n> Another [[Swish]] mention and [[#Definition]].\n\n"
        "| a | b |\n|---|---|\n| [[Größe]] | two |\n"
    )
    _, ext = convert(text)
    assert ext.wanted == [("Swish", "ReLU.md", 4), ("Swish", "ReLU.md", 7)]
    assert ext.links == [
        (
            "ReLU.md",
            "Leaky ReLU.md",
            "the-gradient",
            3,
            "Its leaky cousin keeps a gradient for negative inputs.",
        ),
        ("ReLU.md", "ReLU.md", "definition", 7, "Another Swish mention and Definition."),
        ("ReLU.md", "Größe.md", None, 11, "Größe · two"),
    ]


def test_source_and_lines_from_the_context() -> None:
    text = "x\n\n[[Leaky ReLU]] and [[Nope]]"
    context.set_page(context.Page(path="docs/Folder/Sub Note.md", markdown=text, line_offset=3))
    ext = WikilinkExtension(vault=VAULT)
    markdown.Markdown(extensions=[ext]).convert(text)
    assert ext.links == [("Folder/Sub Note.md", "Leaky ReLU.md", None, 6, "Leaky ReLU and Nope")]
    assert ext.wanted == [("Nope", "Folder/Sub Note.md", 6)]


def test_relative_path_from_the_source_folder() -> None:
    html, _ = convert("[[Sub Note#Part]] [[./Sub Note]]", source="Folder/Other.md")
    assert html.count('href="/Folder/Sub%20Note.md') == 2


def test_string_name_and_configs() -> None:
    md = markdown.Markdown(
        extensions=["rectified.markdown.wikilinks"],
        extension_configs={
            "rectified.markdown.wikilinks": {
                "vault": VAULT,
                "source": "ReLU.md",
                "wanted_page": "meta/Wanted notes.md",
            }
        },
    )
    assert md.convert("[[Swish]]") == (
        '<p><a class="wikilink wanted" href="/meta/Wanted%20notes.md#swish" '
        'title="Not written yet">Swish</a></p>'
    )


def test_vault_is_required() -> None:
    with pytest.raises(ValueError, match="needs vault"):
        markdown.Markdown(extensions=[WikilinkExtension()]).convert("[[x]]")


def test_mkdocs_resolves_and_validates_the_hrefs(tmp_path: Path) -> None:
    """MkDocs (absolute_links: relative_to_docs) turns the hrefs into page URLs, anchors checked."""
    docs = tmp_path / "docs"
    (docs / "Folder").mkdir(parents=True)
    (docs / "index.md").write_text(
        "# Home\n\n[[Leaky ReLU#The gradient]] [[Leaky ReLU#^grad]] [[Folder/Sub Note]]\n"
        "[md](Leaky%20ReLU.md#%5Egrad) [[#Home]]\n",
        encoding="utf-8",
    )
    (docs / "Leaky ReLU.md").write_text(
        "# Leaky ReLU\n\n## The gradient\n\ntext ^grad\n", encoding="utf-8"
    )
    (docs / "Folder" / "Sub Note.md").write_text("# Sub\n\n[[index#Home|home]]\n", encoding="utf-8")
    (tmp_path / "hooks.py").write_text(
        textwrap.dedent(
            """
            from rectified import context
            from rectified.markdown.blockids import BlockIdExtension
            from rectified.markdown.wikilinks import WikilinkExtension
            from rectified.vault import Vault

            def on_config(config):
                vault = Vault.from_dir(config.docs_dir)
                ours = [WikilinkExtension(vault=vault), BlockIdExtension()]
                config.markdown_extensions[:0] = ours
                return config

            def on_page_markdown(markdown, page, config, files):
                context.set_page(context.Page("docs/" + page.file.src_uri, markdown))
            """
        ),
        encoding="utf-8",
    )
    (tmp_path / "mkdocs.yml").write_text(
        textwrap.dedent(
            """
            site_name: t
            hooks: [hooks.py]
            markdown_extensions:
              - toc:
                  slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}
            validation:
              links: {absolute_links: relative_to_docs, anchors: warn, not_found: warn}
            """
        ),
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(Path(__file__).resolve().parents[2]), "PATH": ""},
    )
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="Leaky%20ReLU/#the-gradient"' in page
    assert 'href="Leaky%20ReLU/#^grad"' in page
    assert 'href="Folder/Sub%20Note/"' in page
    assert 'href="#home"' in page
    sub = (tmp_path / "site" / "Folder" / "Sub Note" / "index.html").read_text(encoding="utf-8")
    assert 'href="../..#home"' in sub or 'href="../../#home"' in sub
