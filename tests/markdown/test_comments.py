"""Obsidian %%comments%% removed before anything reads them (rectified.markdown.comments)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import markdown
import pytest

from rectified import context
from rectified.errors import NoteError
from rectified.markdown.blockids import BlockIdExtension
from rectified.markdown.comments import CommentExtension, makeExtension, strip_comments
from rectified.markdown.wikilinks import WikilinkExtension
from rectified.vault import Vault

VAULT = Vault.from_texts({"Note.md": "## Real\n", "ReLU.md": ""})


@pytest.fixture(autouse=True)
def no_page() -> Iterator[None]:
    context.set_page(None)
    yield
    context.set_page(None)


def convert(text: str) -> tuple[str, WikilinkExtension]:
    links = WikilinkExtension(vault=VAULT, source="Note.md")
    extensions = [CommentExtension(), links, BlockIdExtension(), "fenced_code", "toc"]
    html = markdown.Markdown(extensions=extensions).convert(text)
    return re.sub(r">\s+<", "><", html.strip()), links


# (id, Markdown, expected HTML)
CASES = [
    ("inline", "Visible %%hidden%% text.", "<p>Visible  text.</p>"),
    ("two-inline", "a %%x%% b %%y%% c", "<p>a  b  c</p>"),
    ("whole-line", "%%hidden%%", ""),
    ("at-end-no-trailing-break", "text  %%c%%\nmore", "<p>text\nmore</p>"),
    ("block", "before\n\n%%\nhidden\nlines\n%%\n\nafter", "<p>before</p><p>after</p>"),
    ("spans-lines-in-a-paragraph", "a %%starts\nends%% b", "<p>a\nb</p>"),
    ("heading-inside", "%%\n## Not a heading\n%%\ntext", "<p>text</p>"),
    ("wikilink-inside", "x %%[[Missing]]%% y", "<p>x  y</p>"),
    ("block-id-inside", "para %%^id%%", "<p>para</p>"),
    ("code-span", "`%%not a comment%%`", "<p><code>%%not a comment%%</code></p>"),
    ("code-span-double", "``a %% b`` and `%%`", "<p><code>a %% b</code> and <code>%%</code></p>"),
    ("code-span-then-comment", "`x` %%gone%% y", "<p><code>x</code>  y</p>"),
    ("unclosed-backtick", "` %%gone%%", "<p>`</p>"),
    ("fenced", "```\n%%\nkept\n```", "<pre><code>%%\nkept\n</code></pre>"),
    ("tilde-fence", "~~~\na %% b\n~~~", "<pre><code>a %% b\n</code></pre>"),
    ("fence-inside-comment", "%%\n```\ncode\n```\n%%\nend", "<p>end</p>"),
    ("no-indent-from-the-gap", "para\n\n%%c%%     text", "<p>para</p><p>text</p>"),
    ("percent-alone", "100% sure, 50 %", "<p>100% sure, 50 %</p>"),
    ("empty-comment", "a%%%%b", "<p>ab</p>"),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_render(text: str, expected: str) -> None:
    assert convert(text)[0] == expected


def test_links_in_comments_are_not_recorded() -> None:
    _, links = convert("%%[[Missing]]%%\n\n[[ReLU]]")
    assert links.wanted == []
    assert [link[1] for link in links.links] == ["ReLU.md"]


# (id, text, expected): strip_comments keeps every line on its number
STRIP = [
    ("no-comment", "a\nb", "a\nb"),
    ("inline", "a %%b%% c", "a  c"),
    ("block-keeps-lines", "a\n%%\nb\n%%\nc", "a\n\n\n\nc"),
    ("trailing", "text %%c%%", "text"),
    ("code", "`%%` x", "`%%` x"),
    ("fence", "```\n%%\n```", "```\n%%\n```"),
    ("quoted-fence", "> ```\n> %%\n> ```", "> ```\n> %%\n> ```"),
    ("reopen-same-line", "%%a%% b %%c\nd%%", "b\n"),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in STRIP], ids=[c[0] for c in STRIP])
def test_strip_comments(text: str, expected: str) -> None:
    assert strip_comments(text) == expected


@pytest.mark.parametrize(
    ("text", "line"),
    [("a\n\nb %%open", 3), ("%%\nnever closed", 1), ("%%a%%\n%%b%% %%c\nd", 2)],
    ids=["inline", "block", "after-closed-ones"],
)
def test_unclosed_is_an_error(text: str, line: int) -> None:
    with pytest.raises(NoteError) as info:
        strip_comments(text)
    assert info.value.line == line
    assert "unclosed %% comment" in info.value.message


def test_unclosed_names_the_note_and_line() -> None:
    text = "intro\n\n%%\nforgot to close"
    context.set_page(context.Page(path="docs/N.md", markdown=text, line_offset=3))
    with pytest.raises(NoteError) as info:
        markdown.Markdown(extensions=[CommentExtension()]).convert(text)
    assert str(info.value) == "docs/N.md:6: unclosed %% comment: add the closing %%"


def test_vault_ignores_what_comments_hide() -> None:
    text = (
        "---\ntitle: T\n---\n## Kept\n\n%%\n## Hidden heading\npara ^hidden\n%%\n"
        "text %%^inline%% ^kept\n"
    )
    note = Vault.from_texts({"N.md": text}).note("N.md")
    assert [h.text for h in note.headings] == ["Kept"]
    assert note.block_ids == {"kept": 10}


def test_vault_reports_an_unclosed_comment() -> None:
    with pytest.raises(NoteError) as info:
        Vault.from_texts({"N.md": "---\ntitle: T\n---\n\n%%\nopen"})
    assert str(info.value) == "docs/N.md:5: unclosed %% comment: add the closing %%"


def test_make_extension() -> None:
    assert isinstance(makeExtension(), CommentExtension)
    html = markdown.markdown("a %%b%% c", extensions=["rectified.markdown.comments"])
    assert html == "<p>a  c</p>"
