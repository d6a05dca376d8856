"""The vault index (rectified.vault): slugs, URLs, front matter, headings, block ids, resolution."""

from __future__ import annotations

import re

import markdown
import pytest
from pymdownx.slugs import slugify as pymdownx_slugify

from rectified.errors import NoteError
from rectified.vault import Vault, slugify, url_slug, wikilink_label

# The shape of a real note (front matter, callouts with math, block ids after them).
SEED = """\
---
tags:
  - concept
  - machine_learning/models
keywords:
  - relu_activation
topics:
date of note: 2024-05-12
---

## Concept Definition

>[!important]
>**Name**: Rectified Linear Unit as Activation for Deep Learning

### ReLU


>[!important] Definition
>The **rectified linear unit (ReLU)** is defined by
>$$
>\\sigma(x) = \\max\\left\\{ 0, x \\right\\}
>$$

^8da7d6

- [[Hinge Loss as Surrogate Loss Function]]

### Leaky ReLU

>[!quote]
>Hidden units with linear self-connections can behave similarly to such running averages.
>
>-- [[Deep Learning by Goodfellow]] pp 396
^9ae94a

- [[Strategies for Multiple Time Scales Sequential Network]]
"""

TOC = {"toc": {"slugify": pymdownx_slugify(case="lower")}}


def toc_ids(text: str, extensions: list | None = None, configs: dict | None = None) -> list[str]:
    """Heading ids as the site's toc extension assigns them."""
    md = markdown.Markdown(
        extensions=["toc", *(extensions or [])], extension_configs={**TOC, **(configs or {})}
    )
    return re.findall(r"<h[1-6] id=\"([^\"]*)\"", md.convert(text))


# --- slugify: must equal toc's ids --------------------------------------------------------

# (id, heading text, expected slug)
SLUG_CASES = [
    ("simple", "Leaky ReLU", "leaky-relu"),
    ("parentheses", "Rectified Linear Unit (ReLU)", "rectified-linear-unit-relu"),
    ("punctuation", "What is ReLU? A: max(0, x)!", "what-is-relu-a-max0-x"),
    ("unicode-kept", "Größe und Ableitung", "größe-und-ableitung"),
    ("greek", "σ-Funktion", "σ-funktion"),
    ("trailing-dot", "ReLU.", "relu"),
    ("underscore-kept", "leaky_relu", "leaky_relu"),
    ("hyphens-kept", "Soft-plus - smooth", "soft-plus---smooth"),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in SLUG_CASES], ids=[c[0] for c in SLUG_CASES]
)
def test_slugify_equals_toc(text: str, expected: str) -> None:
    assert slugify(text) == expected
    assert toc_ids(f"## {text}") == [expected]


HEADINGS_NOTE = """\
# Leaky ReLU
## The gradient
text
## The gradient
## The gradient_1
## **Bold** and *emphasis*
## `relu(x)` in code
## Link [Softplus](Softplus.md) here
## Wiki [[Softplus#Definition]] here
## Wiki [[Softplus|soft plus]] alias
## Ampersand &amp; AT&T <b>html</b>
## Größe (σ)
## Two  spaces	and a tab
## Closed heading ##
## C#
## Escaped C\\#
#
## Custom { #my-id }
## Custom

Setext one
==========

Setext two
---

- a
---
## The gradient
"""


def test_heading_anchors_equal_toc_ids() -> None:
    vault = Vault.from_texts({"H.md": HEADINGS_NOTE, "Softplus.md": "## Definition\n"})
    from rectified.markdown.wikilinks import WikilinkExtension

    wikilinks = WikilinkExtension(vault=vault, source="H.md")
    expected = toc_ids(HEADINGS_NOTE, [wikilinks, "attr_list"])
    assert [h.anchor for h in vault.note("H.md").headings] == expected
    assert expected[:4] == ["leaky-relu", "the-gradient", "the-gradient_1", "the-gradient_2"]


def test_heading_anchors_with_site_extensions() -> None:
    """Extensions that change heading text (the site's math) are passed to the vault."""
    math = pytest.importorskip("rectified.markdown.math")
    text = "## Softplus $\\log(1+e^x)$\n## Plain\n"
    vault = Vault.from_texts({"M.md": text}, heading_extensions=[math.MathExtension()])
    assert [h.anchor for h in vault.note("M.md").headings] == toc_ids(text, [math.MathExtension()])


def test_heading_anchors_keep_math_tex_without_extensions() -> None:
    vault = Vault.from_texts({"M.md": "## Gradient $x_1 * y_2$\n"})
    assert vault.note("M.md").headings[0].anchor == "gradient-x_1--y_2"


def test_headings_fields_and_code_fences() -> None:
    text = (
        "---\ntitle: T\n---\n# One\n```\n# not a heading\n```\n"
        "> ## In a quote\n#tag\n~~~\n## no\n~~~\n### Three ###\n"
    )
    note = Vault.from_texts({"N.md": text}).note("N.md")
    assert [tuple(h) for h in note.headings] == [
        (1, "One", "one", 4),
        (2, "In a quote", "in-a-quote", 8),
        (3, "Three", "three", 13),
    ]


# --- URLs ------------------------------------------------------------------------------------

# (id, rel_path, url)
URL_CASES = [
    ("spaces", "Leaky ReLU.md", "leaky-relu/"),
    ("folder-and-parentheses", "Folder/Sub Note (draft).md", "folder/sub-note-draft/"),
    ("root-index", "index.md", ""),
    ("folder-index", "Folder/index.md", "folder/"),
    ("readme-is-index", "Folder/README.md", "folder/"),
    ("unicode-lowercase", "Größe/Ärger Ü.md", "größe/ärger-ü/"),
    ("runs-collapse", "A - B -- C.md", "a-b-c/"),
    ("symbols-only", "∑.md", "u2211/"),
    ("underscore", "leaky_relu.md", "leaky_relu/"),
]


@pytest.mark.parametrize(("path", "url"), [c[1:] for c in URL_CASES], ids=[c[0] for c in URL_CASES])
def test_url_slug(path: str, url: str) -> None:
    assert url_slug(path) == url
    assert url_slug(path) == url_slug(path)  # deterministic


def test_colliding_urls_get_a_suffix() -> None:
    vault = Vault.from_texts(
        {"relu.md": "", "ReLU.md": "", "Leaky ReLU.md": "", "leaky-relu.md": ""}
    )
    assert sorted(n.url for n in vault.notes.values()) == [
        "leaky-relu-2/",
        "leaky-relu/",
        "relu-2/",
        "relu/",
    ]


# --- front matter ----------------------------------------------------------------------------

# (id, note text, (title, aliases, tags))
META_CASES = [
    ("none", "# x\n", ("N", [], [])),
    ("title", "---\ntitle: Leaky ReLU\n---\n", ("Leaky ReLU", [], [])),
    ("aliases-list", "---\naliases: [LReLU, leaky]\n---\n", ("N", ["LReLU", "leaky"], [])),
    ("aliases-string", "---\naliases: Leaky, rectifier\n---\n", ("N", ["Leaky, rectifier"], [])),
    (
        "tags-list",
        "---\ntags:\n  - concept\n  - '#ml/models'\n---\n",
        ("N", [], ["concept", "ml/models"]),
    ),
    ("tags-string", "---\ntags: concept, ml\n---\n", ("N", [], ["concept", "ml"])),
    ("empty-front-matter", "---\n---\ntext\n", ("N", [], [])),
    ("null-values", "---\ntitle:\naliases:\ntags:\n---\n", ("N", [], [])),
    ("unclosed-is-text", "---\ntitle: x\n", ("N", [], [])),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in META_CASES], ids=[c[0] for c in META_CASES]
)
def test_front_matter(text: str, expected: tuple) -> None:
    note = Vault.from_texts({"F/N.md": text}).note("F/N.md")
    assert (note.title, note.aliases, note.tags) == expected
    assert (note.rel_path, note.name, note.url) == ("F/N.md", "N", "f/n/")


def test_seed_front_matter_and_block_ids() -> None:
    note = Vault.from_texts({"ReLU.md": SEED}).note("ReLU.md")
    assert note.tags == ["concept", "machine_learning/models"]
    assert note.meta["topics"] is None
    assert note.block_ids == {"8da7d6": 25, "9ae94a": 35}
    assert [h.anchor for h in note.headings][:3] == ["concept-definition", "relu", "leaky-relu"]


# (id, note text, message fragment, line)
META_ERRORS = [
    ("bad-yaml", "---\ntitle: ok\ntags: [a, b\n---\n", "malformed front matter", 3),
    ("bad-indent", "---\na: 1\n  b: 2\n---\n", "malformed front matter", 3),
    ("a-list", "---\n- a\n- b\n---\n", "must be a mapping", 1),
    ("a-scalar", "---\njust text\n---\n", "must be a mapping", 1),
]


@pytest.mark.parametrize(
    ("text", "message", "line"), [c[1:] for c in META_ERRORS], ids=[c[0] for c in META_ERRORS]
)
def test_front_matter_errors(text: str, message: str, line: int) -> None:
    with pytest.raises(NoteError, match=message) as info:
        Vault.from_texts({"Bad.md": text})
    assert (info.value.path, info.value.line) == ("docs/Bad.md", line)


# --- block ids -------------------------------------------------------------------------------

# (id, note text, {block id: line})
BLOCK_CASES = [
    ("end-of-line", "Some text ^abc-1\n", {"abc-1": 1}),
    ("alone", "> quote\n\n^q1\n", {"q1": 3}),
    ("in-quote-line", "> text ^inq\n", {"inq": 1}),
    ("list-item", "- item ^li1\n- two\n", {"li1": 1}),
    ("no-space-is-text", "text^abc\n", {}),
    ("not-id-chars", "text ^ab_c\n", {}),
    ("in-fence", "```\ncode ^abc\n```\n", {}),
    ("in-quoted-fence", "> ```\n> code ^abc\n> ```\n", {}),
    ("in-display-math", "$$\nx ^2\n$$\n", {}),
    ("heading-is-not-block", "## Heading ^h1\n", {}),
    ("trailing-space", "text ^t1  \n", {"t1": 1}),
]


@pytest.mark.parametrize(
    ("text", "ids"), [c[1:] for c in BLOCK_CASES], ids=[c[0] for c in BLOCK_CASES]
)
def test_block_ids(text: str, ids: dict) -> None:
    assert Vault.from_texts({"B.md": text}).note("B.md").block_ids == ids


def test_duplicate_block_id_is_an_error() -> None:
    with pytest.raises(NoteError, match=r"duplicate block id \^abc \(first on line 1\)") as info:
        Vault.from_texts({"B.md": "one ^abc\n\ntwo\n\n^abc\n"})
    assert str(info.value) == "docs/B.md:5: duplicate block id ^abc (first on line 1)"


# --- reading a folder ------------------------------------------------------------------------


def test_from_dir_skips_hidden_and_figures(tmp_path) -> None:
    docs = tmp_path / "docs"
    for rel in [
        "Note.md",
        "Sub/Other.md",
        ".obsidian/workspace.md",
        ".trash/Old.md",
        "figures/relu.md",
        "Sub/figures/kept.md",
        "images/plot.png",
    ]:
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text("# x\n", encoding="utf-8")
    vault = Vault.from_dir(docs)
    assert sorted(vault.notes) == ["Note.md", "Sub/Other.md", "Sub/figures/kept.md"]
    assert vault.attachments == ["images/plot.png"]
    assert vault.rel_path_of("docs/Sub/Other.md") == "Sub/Other.md"
    assert vault.rel_path_of(str(docs / "Sub/Other.md")) == "Sub/Other.md"


# --- resolution ------------------------------------------------------------------------------

VAULT = {
    "Leaky ReLU.md": (
        "---\naliases: [LReLU]\n---\n# Leaky ReLU\n## The gradient\ntext ^grad-1\n"
        "## Variants\n### Parametric\n## Other\n### Parametric\n#### Deep\n"
    ),
    "ReLU.md": "# ReLU\n## Definition\n> [!important]\n> x\n\n^8da7d6\n",
    "Softplus (smooth).md": "# Softplus\n",
    "Größe.md": "## Ableitung\n",
    "A/Note.md": "## In A\n",
    "B/Note.md": "## In B\n",
    "A/Sub/Deep.md": "",
    "B/Only.md": "",
    "Case/sigmoid.md": "",
    "Case/Sigmoid.md": "",
    "Notes/index.md": "",
    "assets/paper.pdf": "",
}


@pytest.fixture(scope="module")
def vault() -> Vault:
    return Vault.from_texts(VAULT)


# (id, target, source, expected (rel_path, anchor) or ("wanted", title))
RESOLVE_CASES = [
    ("bare-name", "ReLU", "B/Only.md", ("ReLU.md", None)),
    ("with-md", "ReLU.md", "B/Only.md", ("ReLU.md", None)),
    ("case-insensitive", "leaky relu", "ReLU.md", ("Leaky ReLU.md", None)),
    ("alias", "lrelu", "ReLU.md", ("Leaky ReLU.md", None)),
    ("parentheses", "Softplus (smooth)", "ReLU.md", ("Softplus (smooth).md", None)),
    ("unicode", "größe#Ableitung", "ReLU.md", ("Größe.md", "ableitung")),
    ("heading", "Leaky ReLU#The gradient", "ReLU.md", ("Leaky ReLU.md", "the-gradient")),
    (
        "heading-case-and-slug",
        "Leaky ReLU#the-GRADIENT",
        "ReLU.md",
        ("Leaky ReLU.md", "the-gradient"),
    ),
    ("first-of-duplicates", "Leaky ReLU#Parametric", "ReLU.md", ("Leaky ReLU.md", "parametric")),
    ("nested-heading", "Leaky ReLU#Other#Parametric", "ReLU.md", ("Leaky ReLU.md", "parametric_1")),
    ("nested-deeper", "Leaky ReLU#Other#Deep", "ReLU.md", ("Leaky ReLU.md", "deep")),
    ("block", "Leaky ReLU#^grad-1", "ReLU.md", ("Leaky ReLU.md", "^grad-1")),
    ("block-after-callout", "ReLU#^8da7d6", "B/Only.md", ("ReLU.md", "^8da7d6")),
    ("same-page-heading", "#Definition", "ReLU.md", ("ReLU.md", "definition")),
    ("same-page-block", "#^8da7d6", "ReLU.md", ("ReLU.md", "^8da7d6")),
    ("empty-fragment", "ReLU#", "B/Only.md", ("ReLU.md", None)),
    ("folder-path", "A/Note", "ReLU.md", ("A/Note.md", None)),
    ("folder-path-md-heading", "B/Note.md#In B", "ReLU.md", ("B/Note.md", "in-b")),
    ("relative-to-source", "Sub/Deep", "A/Note.md", ("A/Sub/Deep.md", None)),
    ("dot-relative", "./Deep", "A/Sub/Deep.md", ("A/Sub/Deep.md", None)),
    ("parent-relative", "../Only", "B/Sub/X.md", ("B/Only.md", None)),
    ("root-slash", "/B/Only", "A/Note.md", ("B/Only.md", None)),
    ("bare-name-any-folder", "Deep", "ReLU.md", ("A/Sub/Deep.md", None)),
    ("folder-index", "Notes/index", "ReLU.md", ("Notes/index.md", None)),
    ("attachment", "paper.pdf", "ReLU.md", ("assets/paper.pdf", None)),
    ("wanted", "Swish", "ReLU.md", ("wanted", "Swish")),
    ("wanted-ignores-fragment", "Swish#Definition", "ReLU.md", ("wanted", "Swish")),
    ("path-never-other-folder", "A/Only", "ReLU.md", ("wanted", "A/Only")),
    ("path-not-partial-suffix", "Sub/Deep", "ReLU.md", ("wanted", "Sub/Deep")),
    ("root-slash-not-relative", "/Sub/Deep", "A/Note.md", ("wanted", "/Sub/Deep")),
]


@pytest.mark.parametrize(
    ("target", "source", "expected"),
    [c[1:] for c in RESOLVE_CASES],
    ids=[c[0] for c in RESOLVE_CASES],
)
def test_resolve(vault: Vault, target: str, source: str, expected: tuple) -> None:
    res = vault.resolve(target, source)
    if expected[0] == "wanted":
        assert res.wanted
        assert res.target == expected[1]
    else:
        assert not res.wanted
        assert (res.path, res.anchor) == expected


# (id, target, source, message pattern)
RESOLVE_ERRORS = [
    (
        "ambiguous-name",
        "Note",
        "ReLU.md",
        r"ambiguous link 'Note': it matches 'A/Note.md', 'B/Note.md'",
    ),
    ("ambiguous-case-only", "sigmoid", "Case/sigmoid.md", r"'Case/Sigmoid.md', 'Case/sigmoid.md'"),
    ("ambiguous-case-exact", "Case/Sigmoid", "ReLU.md", r"'Case/Sigmoid.md', 'Case/sigmoid.md'"),
    (
        "missing-heading",
        "Leaky ReLU#Gradient",
        "ReLU.md",
        r"'Leaky ReLU.md' has no heading 'Gradient'",
    ),
    ("heading-hint", "Leaky ReLU#The gradiant", "ReLU.md", r"did you mean 'The gradient'\?"),
    ("nested-not-under", "Leaky ReLU#Variants#Deep", "ReLU.md", r"no heading 'Variants > Deep'"),
    ("missing-block", "ReLU#^nope", "B/Only.md", r"'ReLU.md' has no block \^nope"),
    ("same-page-missing", "#Nope", "ReLU.md", r"'ReLU.md' has no heading 'Nope'"),
    ("same-page-without-note", "#Definition", None, r"same-page link '#Definition' outside"),
]


@pytest.mark.parametrize(
    ("target", "source", "message"),
    [c[1:] for c in RESOLVE_ERRORS],
    ids=[c[0] for c in RESOLVE_ERRORS],
)
def test_resolve_errors(vault: Vault, target: str, source: str | None, message: str) -> None:
    with pytest.raises(NoteError, match=message):
        vault.resolve(target, source)


def test_path_relative_and_root_both_existing_is_ambiguous() -> None:
    vault = Vault.from_texts({"Sub/X.md": "", "A/Sub/X.md": "", "A/Y.md": ""})
    with pytest.raises(NoteError, match=r"'A/Sub/X\.md', 'Sub/X\.md'"):
        vault.resolve("Sub/X", "A/Y.md")
    assert vault.resolve("Sub/X", "Sub/X.md").path == "Sub/X.md"


def test_name_wins_over_alias() -> None:
    vault = Vault.from_texts({"ReLU.md": "", "Other.md": "---\naliases: [ReLU]\n---\n"})
    assert vault.resolve("relu", None).path == "ReLU.md"


# --- default link text -----------------------------------------------------------------------

# (id, inside [[...]], label)
LABEL_CASES = [
    ("note", "Leaky ReLU", "Leaky ReLU"),
    ("md-dropped", "Leaky ReLU.md", "Leaky ReLU"),
    ("heading", "Leaky ReLU#The gradient", "Leaky ReLU > The gradient"),
    ("nested", "Note#A#B", "Note > A > B"),
    ("block", "Note#^abc", "Note > ^abc"),
    ("same-page", "#Heading", "Heading"),
    ("same-page-block", "#^abc", "^abc"),
    ("alias", "Note#h|the text", "the text"),
    ("empty-alias", "Note#h|", "Note > h"),
    ("escaped-pipe", "Note#h\\|alias", "alias"),
    ("folder", "Folder/Note", "Folder/Note"),
]


@pytest.mark.parametrize(
    ("inner", "label"), [c[1:] for c in LABEL_CASES], ids=[c[0] for c in LABEL_CASES]
)
def test_wikilink_label(inner: str, label: str) -> None:
    assert wikilink_label(inner) == label
