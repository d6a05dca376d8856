"""A base's views evaluated once per build (rectified.bases.runs), however many pages embed it.

Keyed on the ``.base`` file's content and the vault index: the same view embedded by several
notes of one index is evaluated once; a view that names ``this`` once per embedding note; a new
index, or new content, evaluates again, so nothing stale is shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from rectified.bases import runs
from rectified.errors import NoteError
from rectified.markdown.bases import BasesExtension
from rectified.vault import Vault

NOTES = {
    "A.md": "---\nkind: x\nscore: 1\n---\n# A\n\n![[Shelf.base]]\n",
    "B.md": "---\nkind: y\nscore: 2\n---\n# B\n\n![[Shelf.base]]\n",
    "C.md": "---\nkind: x\nscore: 3\n---\n# C\n",
}
SHELF = """\
filters: score > 0
views:
  - type: table
    name: All
    order: [file.name, score]
  - type: table
    name: Same kind
    filters: kind == this.kind
    order: [file.name]
"""
PLAIN = SHELF.replace("  - type: table\n    name: Same kind\n    filters: kind == this.kind\n"
                      "    order: [file.name]\n", "")  # fmt: skip


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    runs.clear()
    yield
    runs.clear()


def write(folder: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (folder / rel).write_text(text, encoding="utf-8")
    return folder


def names(vault: Vault, docs: Path, text: str, source: str) -> list[list[str]]:
    """The first cell of each row of each view the text embeds, converted as note ``source``."""
    ext = BasesExtension(vault=vault, docs_dir=docs, source=source)
    soup = BeautifulSoup(markdown.Markdown(extensions=[ext]).convert(text), "html.parser")
    return [[tr.td.get_text() for tr in table.select("tbody tr")] for table in soup.select("table")]


def test_one_view_embedded_by_many_notes_is_evaluated_once(tmp_path: Path):
    docs = write(tmp_path, {**NOTES, "Shelf.base": PLAIN})
    vault = Vault.from_dir(docs)
    shown = [names(vault, docs, "![[Shelf.base]]", note) for note in ("A.md", "B.md", "C.md")]
    assert shown == [[["A", "B", "C"]]] * 3
    assert runs.stats() == {"parsed": 1, "evaluated": 1, "reused": 2}


def test_a_view_that_names_this_is_evaluated_per_embedding_note(tmp_path: Path):
    docs = write(tmp_path, {**NOTES, "Shelf.base": SHELF})
    vault = Vault.from_dir(docs)
    text = "![[Shelf.base#Same kind]]"
    assert names(vault, docs, text, "A.md") == [["A", "C"]]
    assert names(vault, docs, text, "B.md") == [["B"]]
    assert names(vault, docs, text, "C.md") == [["A", "C"]]
    assert names(vault, docs, text, "A.md") == [["A", "C"]]
    assert runs.stats()["evaluated"] == 3  # A, B, C; A's second embed reuses its own
    # The other view of that base depends on `this` too (the file names it): conservative.
    assert names(vault, docs, "![[Shelf.base]]", "A.md") == [["A", "B", "C"]]


def test_a_new_index_or_new_content_is_evaluated_again(tmp_path: Path):
    docs = write(tmp_path, {**NOTES, "Shelf.base": PLAIN})
    vault = Vault.from_dir(docs)
    assert names(vault, docs, "![[Shelf.base]]", "A.md") == [["A", "B", "C"]]
    write(docs, {"C.md": "---\nkind: x\nscore: 0\n---\n# C\n"})  # C leaves the view
    changed = Vault.from_dir(docs)
    assert names(changed, docs, "![[Shelf.base]]", "A.md") == [["A", "B"]]
    write(docs, {"Shelf.base": PLAIN.replace("score > 0", "score > 1")})
    assert names(changed, docs, "![[Shelf.base]]", "A.md") == [["B"]]
    assert runs.stats() == {"parsed": 2, "evaluated": 3, "reused": 0}


def test_an_error_is_raised_by_every_embed_not_cached(tmp_path: Path):
    docs = write(tmp_path, {**NOTES, "Shelf.base": SHELF})
    vault = Vault.from_dir(docs)
    for _ in range(2):
        with pytest.raises(NoteError, match="'this' means the embedding note"):
            names(vault, docs, "![[Shelf.base#Same kind]]", "")  # no embedding note
    assert runs.stats()["evaluated"] == 0


@pytest.mark.parametrize(
    ("text", "uses_this"),
    [
        (PLAIN, False),
        (SHELF, True),
        ("formulas:\n  mine: this.file.name\nviews:\n  - type: table\n", True),
        ("filters:\n  and:\n    - file.hasLink(this.file)\nviews:\n  - type: list\n", True),
        ("filters: thistle > 0\nviews:\n  - type: list\n", False),  # a name, not `this`
    ],
)
def test_which_bases_depend_on_the_embedding_note(text, uses_this):
    assert runs.parsed(text, "X.base").uses_this is uses_this
