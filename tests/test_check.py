"""The vault check (rectified.check) and the collected conversion errors (rectified.context)."""

from __future__ import annotations

import json
from pathlib import Path

import markdown
import pytest

from rectified import context
from rectified.check import vault_problems
from rectified.errors import NoteError

TARGET = "# Target\n\n## Present\n\nA block. ^real\n"

# (case, note text, expected "line: message" start, or None for no problem)
CASES = [
    ("good link", "See [[Target#Present]].\n", None),
    ("good block", "See [[Target#^real]].\n", None),
    (
        "missing heading",
        "Text.\n\nSee [[Target#Absent]].\n",
        "3: 'Target.md' has no heading 'Absent'",
    ),
    (
        "heading hint",
        "See [[Target#Presnt]].\n",
        "1: 'Target.md' has no heading 'Presnt' (did you mean 'Present'?)",
    ),
    (
        "missing block",
        "See ![[Target#^reel]].\n",
        "1: 'Target.md' has no block ^reel (did you mean 'real'?)",
    ),
    ("bad front matter", "---\ntitle: [x\n---\n\nText.\n", "2: malformed front matter"),
    (
        "missing figure",
        "![[nothing.svg]]\n",
        "1: embedded image 'nothing.svg' does not exist in the vault. No snippet makes",
    ),
    ("known figure", "![[relu.svg|300]]\n", None),
    ("known image", "![[pic.png]] and ![[Pics/pic.png]]\n", None),
    (
        "missing image",
        "![[other.png|a plot]]\n",
        "1: embedded image 'other.png' does not exist in the vault.",
    ),
    (
        "missing file",
        "![[paper.pdf]]\n",
        "1: embedded file 'paper.pdf' does not exist in the vault",
    ),
    ("wanted note is no error", "See [[Not yet written]].\n", None),
    ("link in code is no link", "`[[Target#Absent]]`\n", None),
    ("markdown link left to the builder", "[t](Target.md#absent)\n", None),
]


def _vault(tmp_path: Path, text: str) -> Path:
    docs = tmp_path / "docs"
    (docs / "Pics").mkdir(parents=True)
    (docs / "Target.md").write_text(TARGET, encoding="utf-8")
    (docs / "Pics" / "pic.png").write_bytes(b"png")
    (docs / "Note.md").write_text(text, encoding="utf-8")
    return docs


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_vault_check_finds_what_a_build_stops_on(tmp_path, text, expected):
    found = vault_problems(_vault(tmp_path, text), figures={"relu"})
    if expected is None:
        assert found == []
    else:
        assert [e.path for e in found] == ["docs/Note.md"]
        assert f"{found[0].line}: {found[0].message}".startswith(expected)


def test_vault_check_lists_every_problem_of_every_note_sorted(tmp_path):
    docs = _vault(tmp_path, "See [[Target#A]].\n\nAnd [[Target#^b]].\n")
    (docs / "Bad.md").write_text("---\ntags: [x\n---\n", encoding="utf-8")
    (docs / "Fig.md").write_text("Text.\n![[gone.svg]]\n", encoding="utf-8")
    found = [(e.path, e.line, e.code) for e in vault_problems(docs, figures=set())]
    assert found == [
        ("docs/Bad.md", 2, None),
        ("docs/Fig.md", 2, "LK002"),
        ("docs/Note.md", 1, "LK001"),
        ("docs/Note.md", 3, "LK001"),
    ]


# --- a page's error, collected while the build goes on ----------------------------------------


class _Fails(markdown.extensions.Extension):
    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        context.install(md)

        class Boom(markdown.preprocessors.Preprocessor):
            def run(self, lines):
                raise context.error("broken here", "second", self.md)

        md.preprocessors.register(Boom(md), "boom", 10)


@pytest.fixture
def page():
    context.set_page(context.Page(path="docs/A.md", markdown="first\nsecond\n", line_offset=2))
    yield
    context.set_page(None)
    context.collect_errors(False)


def _convert() -> str:
    md = markdown.Markdown(extensions=[_Fails()])
    md.rectified_page = context.current_page()  # as the builder adapter would set it
    md.rectified_inner_page = md.rectified_page
    return md.convert("first\nsecond\n")


def test_without_collection_a_note_error_stops_the_conversion(page, monkeypatch):
    monkeypatch.delenv(context.ERRORS_ENV, raising=False)
    with pytest.raises(NoteError, match="broken here"):
        _convert()


def test_collected_error_is_kept_once_written_to_the_file_and_shown(page, tmp_path, monkeypatch):
    sink = tmp_path / "errors.jsonl"
    monkeypatch.setenv(context.ERRORS_ENV, str(sink))
    context.collect_errors(True)
    html = _convert()
    _convert()  # the same error again: reported once
    assert "docs/A.md:4: broken here" in html
    assert "note-error" in html
    assert [str(e) for e in context.collected()] == ["docs/A.md:4: broken here"]
    assert [json.loads(line)["line"] for line in sink.read_text().splitlines()] == [4]
    assert [str(e) for e in context.read_reported(sink)] == ["docs/A.md:4: broken here"]
    assert context.read_reported(tmp_path / "none.jsonl") == []


def test_a_built_page_that_shows_an_error_is_found(tmp_path):
    from rectified.build import _error_pages

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        f'<div class="admonition failure {context.ERROR_MARKER}">x</div>', encoding="utf-8"
    )
    (tmp_path / "index.html").write_text("<p>fine</p>", encoding="utf-8")
    assert [e.path for e in _error_pages(tmp_path)] == ["a/index.html"]
