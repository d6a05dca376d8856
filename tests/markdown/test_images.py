"""Image embeds with #fragment and |size|alt; Markdown images with a size (markdown.figures)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import markdown
import pytest

from rectified import context
from rectified.context import Page
from rectified.errors import NoteError
from rectified.markdown.figures import EMBED_RE, FigureExtension, options

ATTACHMENTS = {
    "coin.png": "pics/coin.png",
    "pics/coin.png": "pics/coin.png",
    "icon.svg": "pics/icon.svg",
    "pics/icon.svg": "pics/icon.svg",
    "here.png": "Notes/here.png",
    "notes/here.png": "Notes/here.png",
    "photo.jpg": "pics/Photo.JPG",
    "pics/photo.jpg": "pics/Photo.JPG",
}
MANIFEST = {
    "relu": {
        "title": "ReLU",
        "summary": "The positive part.",
        "files": {"light": "relu.svg", "dark": "relu.dark.svg"},
        "width": 600,
        "height": 400,
        "function": "relu",
        "source_path": "snippets/relu.py",
        "source": "def relu(): ...\n",
        "code": "relu.py",
    }
}


@pytest.fixture(autouse=True)
def page() -> Iterator[None]:
    context.set_page(Page(path="docs/Notes/Host.md", markdown="", rel_path="Notes/Host.md"))
    yield
    context.set_page(None)


def convert(text: str) -> str:
    ext = FigureExtension(manifest=MANIFEST, attachments=ATTACHMENTS)
    html = markdown.Markdown(extensions=[ext, "tables"]).convert(text)
    return "".join(line.strip() for line in html.splitlines())


def img(src: str, alt: str, **attrs: str) -> str:
    """An <img> as the extension writes it (attributes in Python-Markdown's sorted order)."""
    found = {"alt": alt, "loading": "lazy", "src": src, **attrs}
    return "<img " + " ".join(f'{k}="{v}"' for k, v in sorted(found.items())) + " />"


# (id, Markdown, expected HTML)
CASES = [
    ("plain", "![[coin.png]]", f"<p>{img('/pics/coin.png', 'coin')}</p>"),
    ("width", "![[coin.png|400]]", f"<p>{img('/pics/coin.png', 'coin', width='400')}</p>"),
    (
        "width-and-height",
        "![[coin.png|100x145]]",
        f"<p>{img('/pics/coin.png', 'coin', width='100', height='145')}</p>",
    ),
    ("alt", "![[coin.png|A coin]]", f"<p>{img('/pics/coin.png', 'A coin')}</p>"),
    (
        "alt-and-width",
        "![[coin.png|A coin|300]]",
        f"<p>{img('/pics/coin.png', 'A coin', width='300')}</p>",
    ),
    (
        "fragment",
        "![[icon.svg#icon]]",
        f"<p>{img('/pics/icon.svg', 'icon', **{'data-fragment': 'icon'})}</p>",
    ),
    (
        "fragment-and-width",
        "![[coin.png#frag|300]]",
        f"<p>{img('/pics/coin.png', 'coin', width='300', **{'data-fragment': 'frag'})}</p>",
    ),
    (
        "fragment-alt-width",
        "![[coin.png#face|Seen from above|80]]",
        "<p>"
        + img("/pics/coin.png", "Seen from above", width="80", **{"data-fragment": "face"})
        + "</p>",
    ),
    ("by-path", "![[pics/coin.png|50]]", f"<p>{img('/pics/coin.png', 'coin', width='50')}</p>"),
    (
        "in-a-table",
        "| a |\n|---|\n| ![[coin.png\\|20]] |",
        "<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>"
        + img("/pics/coin.png", "coin", width="20")
        + "</td></tr></tbody></table>",
    ),
    (
        "upper-case-suffix",
        "![[Photo.JPG|30]]",
        f"<p>{img('/pics/Photo.JPG', 'Photo', width='30')}</p>",
    ),
    ("in-code", "`![[coin.png#x|3]]`", "<p><code>![[coin.png#x|3]]</code></p>"),
    # Markdown image syntax
    (
        "markdown-size",
        "![A coin|300](coin.png)",
        '<p><img alt="A coin" src="/pics/coin.png" width="300" /></p>',
    ),
    (
        "markdown-width-height",
        "![A coin|30x40](pics/coin.png)",
        '<p><img alt="A coin" height="40" src="/pics/coin.png" width="30" /></p>',
    ),
    ("markdown-beside-the-note", "![x](here.png)", '<p><img alt="x" src="here.png" /></p>'),
    (
        "markdown-path-from-the-vault-root",
        "![x](pics/coin.png)",
        '<p><img alt="x" src="/pics/coin.png" /></p>',
    ),
    (
        "markdown-relative-path-kept",
        "![x](../pics/coin.png)",
        '<p><img alt="x" src="../pics/coin.png" /></p>',
    ),
    (
        "markdown-missing-path-kept",
        "![x](other/coin.png)",
        '<p><img alt="x" src="other/coin.png" /></p>',
    ),
    (
        "markdown-encoded-name",
        "![x](Photo%2EJPG)",
        '<p><img alt="x" src="/pics/Photo.JPG" /></p>',
    ),
    (
        "markdown-external",
        "![x|10](https://example.org/a.png)",
        '<p><img alt="x" src="https://example.org/a.png" width="10" /></p>',
    ),
    ("markdown-alt-with-pipe", "![a|b](coin.png)", '<p><img alt="a|b" src="/pics/coin.png" /></p>'),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_render(text: str, expected: str) -> None:
    assert convert(text) == expected


@pytest.mark.parametrize(
    ("text", "width", "alt"),
    [
        ("![[relu.svg]]", "600", "ReLU: The positive part."),
        ("![[relu.svg|300]]", "300", "ReLU: The positive part."),
        ("![[relu.svg#wide|300]]", "300", "ReLU: The positive part."),
        ("![[relu.svg#wide|Our ReLU|200]]", "200", "Our ReLU"),
    ],
)
def test_a_generated_figure_keeps_both_palettes(text: str, width: str, alt: str) -> None:
    html = convert(text)
    assert html.startswith('<figure class="rectified-figure" id="figure-relu">')
    srcs = re.findall(r'src="([^"]+)"', html)
    assert srcs == ["/figures/relu.svg#only-light", "/figures/relu.dark.svg#only-dark"]
    assert set(re.findall(r'<img [^>]*width="(\d+)"', html)) == {width}
    assert set(re.findall(r'<img alt="([^"]+)"', html)) == {alt}


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        (None, (None, None, None)),
        ("400", (None, "400", None)),
        (" 100 x 145 ", (None, "100", "145")),
        ("alt text", ("alt text", None, None)),
        ("alt|300", ("alt", "300", None)),
        ("300|alt", ("alt", "300", None)),
        ("alt\\|300", ("alt", "300", None)),
        ("", (None, None, None)),
    ],
)
def test_options(option, expected) -> None:
    assert options(option) == expected


def test_the_pattern_keeps_name_and_options_as_groups_1_and_2() -> None:
    """The note linter reads group 1 (the file) and group 2 (what follows the first |)."""
    m = re.search(EMBED_RE, "![[shot.png#frag|alt|300]]")
    assert m.group(1, 2) == ("shot.png", "alt|300")
    assert re.search(EMBED_RE, "![[data.base]]") is None
    assert re.search(EMBED_RE, "![[clip.mp4]]") is None


def test_a_missing_image_names_the_note() -> None:
    with pytest.raises(NoteError, match=r"'gone\.png' does not exist"):
        convert("![[gone.png#x|30]]")
