"""The page cache's pieces: stable keys of settings, the docs folder's digest, log records kept
and emitted again. Whole builds are in tests/site/test_pagecache_site.py."""

from __future__ import annotations

import functools
import logging
from pathlib import Path

import pytest
from markdown.extensions.toc import TocExtension

from rectified import pagecache


def _slug(value: str, separator: str) -> str:
    return value


def _partial(separator: str) -> list:
    return [functools.partial(_slug, separator=separator)]


def _closure(n: int):
    def inner() -> int:
        return n

    return inner


class _Thing:
    def __init__(self, n: int) -> None:
        self.n = n


# Values built twice (so at other addresses) that must give the same key both times.
SETTINGS = [
    ("strings and numbers", lambda: ["toc", {"permalink": True, "depth": 3}]),
    ("an extension object", lambda: [TocExtension(permalink="#")]),
    ("a function", lambda: [{"slugify": _slug}]),
    ("a partial", lambda: _partial("-")),
    ("a closure", lambda: [_closure(1)]),
    ("a set", lambda: [{"b", "a", "c"}]),
    ("an object", lambda: [_Thing(3)]),
]
DIFFERENT = [
    ("a setting's value", ["toc", {"depth": 3}], ["toc", {"depth": 4}]),
    ("an extension's setting", [TocExtension(permalink="#")], [TocExtension(permalink="¶")]),
    ("an object's field", [_Thing(3)], [_Thing(4)]),
    ("a partial's keyword", _partial("-"), _partial("_")),
    ("what a closure holds", [_closure(1)], [_closure(2)]),
    ("the order of extensions", ["toc", "tables"], ["tables", "toc"]),
]


@pytest.mark.parametrize(("name", "make"), SETTINGS, ids=[s[0] for s in SETTINGS])
def test_equal_settings_give_one_key(name, make):
    first, second = make(), make()
    assert pagecache.digest_of(first) == pagecache.digest_of(second)
    assert "0x" not in repr(pagecache._canon(first)), "a memory address in a key"


@pytest.mark.parametrize(("name", "a", "b"), DIFFERENT, ids=[d[0] for d in DIFFERENT])
def test_different_settings_give_different_keys(name, a, b):
    assert pagecache.digest_of(a) != pagecache.digest_of(b)


# (change in the docs folder, whether every page's key changes)
FOLDER_CHANGES = [
    ("a note's text", "Note.md", "# Note\n\nOther text.\n", False),  # its own key covers it
    ("a new note", "New.md", "# New\n", True),  # a link may now resolve
    ("the bibliography", "references.bib", "@book{b, title={Other}}\n", True),
    ("the figure manifest", "figures/manifest.json", '{"relu": {}}', True),
    ("a base", "Laws.base", "views: []\n", True),
    ("a hidden file", ".obsidian/workspace.json", "{}", False),
]


@pytest.mark.parametrize(
    ("name", "rel", "text", "changes"), FOLDER_CHANGES, ids=[c[0] for c in FOLDER_CHANGES]
)
def test_the_docs_folder_digest(name, rel, text, changes, tmp_path: Path):
    docs = tmp_path / "docs"
    files = {
        "Note.md": "# Note\n",
        "references.bib": "@book{a, title={A}}\n",
        "figures/manifest.json": "{}",
        "Laws.base": "views: [{type: table}]\n",
        ".obsidian/workspace.json": "[]",
    }
    for path, content in files.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(content, encoding="utf-8")
    before = pagecache._folder_digest(str(docs))
    (docs / rel).parent.mkdir(parents=True, exist_ok=True)
    (docs / rel).write_text(text, encoding="utf-8")
    assert (pagecache._folder_digest(str(docs)) != before) is changes


def test_log_records_are_emitted_again_through_their_logger(caplog):
    logger = logging.getLogger("rectified.test_pagecache")
    recorder = pagecache._Recorder()
    logging.root.addHandler(recorder)
    try:
        logger.warning("a link to %r is not found", "missing.txt")
        try:
            raise ValueError("boom")
        except ValueError:
            logger.exception("it failed")
    finally:
        logging.root.removeHandler(recorder)
    kept = [pagecache._kept(r) for r in recorder.records]
    caplog.clear()
    with caplog.at_level(logging.INFO):
        for record in kept:
            pagecache._replay(record)
    replayed = [(r.name, r.levelno, r.getMessage()) for r in caplog.records]
    assert replayed[0] == (
        "rectified.test_pagecache",
        logging.WARNING,
        "a link to 'missing.txt' is not found",
    )
    assert replayed[1][1] == logging.ERROR
    assert replayed[1][2].startswith("it failed\nTraceback")
    assert "ValueError: boom" in replayed[1][2]


def test_a_builder_without_hooks_is_never_cached():
    """MkDocs without the project's plugin: nothing puts its processors' findings back."""
    assert set(pagecache._hooks) >= {"zensical"}
    from markdown import Markdown

    md = Markdown()
    assert pagecache.page_key(md, "# A\n") is None  # no builder converts it


def test_the_vault_hash_given_to_zensical_is_not_in_the_key():
    """``python -m rectified.build`` busts Zensical's own page cache with a hash of the vault;
    a page's key has what the page shows instead, so one edit does not miss every page."""
    from rectified.builders import PageRef

    def ref(index_key: str, depth: int = 3) -> PageRef:
        configs = {"rectified.markdown.pages": {"index_key": index_key}, "toc": {"depth": depth}}
        return PageRef("A.md", "/docs", "zensical", ["toc", "rectified.markdown.pages"], configs)

    assert pagecache._settings_digest(ref("one")) == pagecache._settings_digest(ref("two"))
    assert pagecache._settings_digest(ref("one")) != pagecache._settings_digest(ref("one", 4))
