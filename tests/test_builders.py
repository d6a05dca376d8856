"""The builder adapters (rectified.builders): links each builder reads, pages each one names."""

from __future__ import annotations

import markdown
import pytest

from rectified import builders, context
from rectified.markdown.wikilinks import WikilinkExtension
from rectified.vault import Vault

# (page being converted, vault-absolute href, href relative to the page, as Zensical reads it)
RELATIVE = [
    ("Note.md", "/Other.md", "Other.md"),
    ("Note.md", "/Other.md#a-heading", "Other.md#a-heading"),
    ("Note.md", "/Folder/Deep%20Note.md", "Folder/Deep%20Note.md"),
    ("Folder/Note.md", "/Other.md", "../Other.md"),
    ("Folder/Note.md", "/Folder/Sister.md#%5Eid", "Sister.md#%5Eid"),
    ("Folder/Sub/Note.md", "/Folder/x.png", "../x.png"),
    ("Note.md", "/figures/relu.svg#only-light", "figures/relu.svg#only-light"),
    ("Note.md", "/Théorème de Bayes.md", "Th%C3%A9or%C3%A8me%20de%20Bayes.md"),
    ("index.md", "/index.md", "./"),  # Zensical would make "index.md" an empty link
    ("index.md", "/index.md#top", "./#top"),
    ("Note.md", "/index.md", "index.md"),
    ("Folder/index.md", "/Folder/index.md", "./"),
    ("Note.md", "/wanted.md#central-limit-theorem", "wanted.md#central-limit-theorem"),
]


@pytest.mark.parametrize(("page", "href", "expected"), RELATIVE)
def test_relative_href(page: str, href: str, expected: str) -> None:
    assert builders.relative_href(href, page) == expected


@pytest.mark.parametrize("href", ["https://example.org/x", "//cdn.example/x", "#anchor", "x.md"])
def test_other_links_are_left_alone(href: str) -> None:
    assert builders.relative_href(href, "Note.md") is None


def test_no_builder_no_page() -> None:
    md = markdown.Markdown()
    assert builders.page_ref(md) is None


def test_page_is_held_per_markdown_not_globally() -> None:
    """Two conversions side by side keep their own pages (no module-global current page)."""
    vault = Vault.from_texts({"A.md": "", "B.md": "", "Folder/C.md": ""})
    exts = [WikilinkExtension(vault=vault) for _ in range(2)]
    first, second = (markdown.Markdown(extensions=[ext]) for ext in exts)
    context.set_inner_page(first, context.Page("docs/A.md", "", rel_path="A.md"))
    context.set_inner_page(second, context.Page("docs/Folder/C.md", "", rel_path="Folder/C.md"))
    first.convert("[[B]]")
    second.convert("[[B]]")
    first.convert("[[Folder/C]]")
    assert [(link[0], link[1]) for link in exts[0].links] == [
        ("A.md", "B.md"),
        ("A.md", "Folder/C.md"),
    ]
    assert [(link[0], link[1]) for link in exts[1].links] == [("Folder/C.md", "B.md")]
    assert context.current_page() is None  # nothing was declared globally
