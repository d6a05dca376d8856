"""Audio, video, PDF, canvas and other file embeds (rectified.markdown.media, embeds)."""

from __future__ import annotations

from collections.abc import Iterator

import markdown
import pytest
from markdown.treeprocessors import Treeprocessor

from rectified import context
from rectified.errors import NoteError
from rectified.markdown.embeds import EmbedExtension
from rectified.markdown.media import MEDIA_RE, MediaExtension, kind_of, makeExtension
from rectified.vault import Vault

VAULT = Vault.from_texts(
    {
        "Host.md": "# Host\n",
        "Other.md": "![[tone.ogg]]\n",
        "sounds/tone.ogg": "",
        "sounds/My Talk.MP3": "",
        "clips/clip.webm": "",
        "clips/clip.mov": "",
        "papers/paper.pdf": "",
        "boards/Board.canvas": "",
        "data/points.csv": "",
        "a/same.wav": "",
        "b/same.wav": "",
        "views/Table.base": "",
    }
)


@pytest.fixture(autouse=True)
def no_page() -> Iterator[None]:
    context.set_page(None)
    yield
    context.set_page(None)


def convert(text: str, *extra) -> str:
    exts = [MediaExtension(vault=VAULT, source="Host.md"), *extra]
    html = markdown.Markdown(extensions=[*exts, "tables"]).convert(text)
    return "".join(line.strip() for line in html.splitlines())


def box(kind: str, src: str, label: str, inner: str, *, download: bool = True) -> str:
    save = ' download=""' if download else ""
    link = f'<a{save} href="/{src}">{label}</a>'
    return (
        f'<div class="embed embed-file embed-{kind}" data-embed-src="{src}">'
        f'<p class="embed-title">{link}</p>{inner}</div>'
    )


def audio(src: str) -> str:
    return f'<audio controls="" preload="metadata" src="/{src}"></audio>'


def video(src: str) -> str:
    return f'<video controls="" playsinline="" preload="metadata" src="/{src}"></video>'


def pdf(label: str, src: str, fragment: str = "", height: str = "") -> str:
    h = f' height="{height}"' if height else ""
    return (
        f'<div class="embed embed-file embed-pdf" data-embed-src="{src}"><p class="embed-title">'
        f'<a href="/{src}">{label}</a> · <a download="" href="/{src}">Download</a></p>'
        f'<iframe{h} loading="lazy" src="/{src}{fragment}" title="{label}"></iframe></div>'
    )


# (id, Markdown in Host.md, expected HTML)
CASES = [
    ("ogg", "![[tone.ogg]]", box("audio", "sounds/tone.ogg", "tone.ogg", audio("sounds/tone.ogg"))),
    (
        "mp3-upper-case-and-space",
        "![[My Talk.MP3|The talk]]",
        box("audio", "sounds/My%20Talk.MP3", "The talk", audio("sounds/My%20Talk.MP3")).replace(
            'data-embed-src="sounds/My%20Talk.MP3"', 'data-embed-src="sounds/My Talk.MP3"'
        ),
    ),
    (
        "by-path",
        "![[sounds/tone.ogg]]",
        box("audio", "sounds/tone.ogg", "tone.ogg", audio("sounds/tone.ogg")),
    ),
    (
        "webm",
        "![[clip.webm]]",
        box("video", "clips/clip.webm", "clip.webm", video("clips/clip.webm")),
    ),
    ("mov", "![[clip.mov]]", box("video", "clips/clip.mov", "clip.mov", video("clips/clip.mov"))),
    ("pdf", "![[paper.pdf]]", pdf("paper.pdf", "papers/paper.pdf")),
    ("pdf-page", "![[paper.pdf#page=3]]", pdf("paper.pdf", "papers/paper.pdf", "#page=3")),
    ("pdf-height", "![[paper.pdf#height=400]]", pdf("paper.pdf", "papers/paper.pdf", "", "400")),
    (
        "pdf-page-and-height",
        "![[paper.pdf#page=2&height=300]]",
        pdf("paper.pdf", "papers/paper.pdf", "#page=2", "300"),
    ),
    (
        "canvas",
        "![[Board.canvas]]",
        box("canvas", "boards/Board.canvas", "Board.canvas", "", download=False),
    ),
    (
        "beside-text",
        "Listen: ![[tone.ogg]]",
        "<p>Listen:</p>" + box("audio", "sounds/tone.ogg", "tone.ogg", audio("sounds/tone.ogg")),
    ),
    (
        "in-a-table",
        "| a |\n|---|\n| ![[tone.ogg\\|t]] |",
        "<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>"
        + box("audio", "sounds/tone.ogg", "t", audio("sounds/tone.ogg"))
        + "</td></tr></tbody></table>",
    ),
    ("in-code", "`![[tone.ogg]]`", "<p><code>![[tone.ogg]]</code></p>"),
    ("a-base-is-not-ours", "![[Table.base]]", "<p>![[Table.base]]</p>"),
    ("other-file-is-not-ours", "![[points.csv]]", "<p>![[points.csv]]</p>"),
    # Markdown image syntax
    (
        "markdown-audio",
        "![The tone](tone.ogg)",
        box("audio", "sounds/tone.ogg", "The tone", audio("sounds/tone.ogg")),
    ),
    (
        "markdown-pdf-page",
        "![](papers/paper.pdf#page=2)",
        pdf("paper.pdf", "papers/paper.pdf", "#page=2"),
    ),
    (
        "markdown-encoded",
        "![](My%20Talk.MP3)",
        box("audio", "sounds/My%20Talk.MP3", "My Talk.MP3", audio("sounds/My%20Talk.MP3")).replace(
            'data-embed-src="sounds/My%20Talk.MP3"', 'data-embed-src="sounds/My Talk.MP3"'
        ),
    ),
    ("markdown-missing-left", "![x](gone.ogg)", '<p><img alt="x" src="gone.ogg" /></p>'),
    ("markdown-ambiguous-left", "![x](same.wav)", '<p><img alt="x" src="same.wav" /></p>'),
    (
        "markdown-external-left",
        "![x](https://example.org/a.ogg)",
        '<p><img alt="x" src="https://example.org/a.ogg" /></p>',
    ),
    ("markdown-image-left", "![x](a.png)", '<p><img alt="x" src="a.png" /></p>'),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_render(text: str, expected: str) -> None:
    assert convert(text) == expected


def test_other_files_get_a_download_link_from_note_embeds() -> None:
    html = convert("![[points.csv]]", EmbedExtension(vault=VAULT, source="Host.md"))
    assert html == (
        '<div class="embed embed-file" data-embed-src="data/points.csv"><p class="embed-title">'
        '<a download="" href="/data/points.csv">points.csv</a></p></div>'
    )


def test_note_embeds_leave_base_files_alone() -> None:
    html = convert("![[Table.base]]", EmbedExtension(vault=VAULT, source="Host.md"))
    assert html == "<p>![[Table.base]]</p>"


class _Relative(Treeprocessor):
    """A builder's link rewriting (MkDocs' relpath runs at 0): a and img only."""

    def run(self, root) -> None:
        for a in root.iter("a"):
            a.set("href", "../" + a.get("href").lstrip("/"))


def test_players_take_the_address_the_builder_gave_the_link() -> None:
    md = markdown.Markdown(extensions=[MediaExtension(vault=VAULT, source="Host.md")])
    md.treeprocessors.register(_Relative(md), "relpath", 0)
    html = md.convert("![[tone.ogg]]\n\n![[paper.pdf#page=2]]")
    assert 'src="../sounds/tone.ogg"' in html
    assert 'src="../papers/paper.pdf#page=2"' in html
    assert "data-rectified-player" not in html


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("![[gone.ogg]]", "embedded file 'gone.ogg' does not exist in the vault"),
        ("![[same.wav]]", "ambiguous link 'same.wav'"),
    ],
)
def test_errors(text: str, message: str) -> None:
    with pytest.raises(NoteError, match=message):
        convert(text)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.mp3", "audio"),
        ("a.FLAC", "audio"),
        ("a.3gp", "audio"),
        ("a.m4a", "audio"),
        ("a.mkv", "video"),
        ("a.ogv", "video"),
        ("a.mp4", "video"),
        ("a.pdf", "pdf"),
        ("a.canvas", "canvas"),
        ("a.base", None),
        ("a.csv", None),
        ("a.png", None),
    ],
)
def test_kinds(name: str, kind: str | None) -> None:
    assert kind_of(name) == kind


def test_the_pattern_never_takes_a_base() -> None:
    import re

    assert re.search(MEDIA_RE, "![[x.base]]") is None
    assert re.search(MEDIA_RE, "![[x.pdf.base]]") is None


def test_make_extension() -> None:
    assert isinstance(makeExtension(), MediaExtension)
