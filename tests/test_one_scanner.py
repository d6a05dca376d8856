"""One definition of "what is code" for the whole project (rectified.source).

The vault index, the renderer (the site's Markdown extensions) and the note linter must agree on
every edge case, because each asks the same scanner. Each case below puts a block id ``^blk``
and an active tag ``<script>`` in one place of a note; where that place is code, the vault
indexes no block id, the page has no ``id="^blk"`` and the linter does not complain; where it is
text, all three see it.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from rectified.lint import lint_text
from rectified.source import CODE_KINDS, parse
from rectified.vault import Vault

MARK = "<script>x</script> ^blk"

# (id, note with {} where MARK goes, "code" or "text")
CASES = [
    ("paragraph", "Intro.\n\nSome words {}\n", "text"),
    ("backtick-fence", "```\n{}\n```\n", "code"),
    ("tilde-fence", "~~~\n{}\n~~~\n", "code"),
    ("four-backtick-fence", "````\n{}\n````\n", "code"),
    ("fence-with-language", "```python\n{}\n```\n", "code"),
    ("fence-closed-by-longer-is-open", "```\ncode\n````\n\nAfter {}\n", "text"),
    ("unclosed-fence-is-text", "```\n\nMore {}\n", "text"),
    ("fence-in-quote", "> ```\n> {}\n> ```\n", "code"),
    ("fence-in-list", "- item\n\n    ```\n    {}\n    ```\n", "code"),
    ("indented-code", "Para.\n\n    {}\n\nAfter.\n", "code"),
    ("list-continuation", "- item\n\n    Continued {}\n", "text"),
    ("after-code-span", "A `span` then {}\n", "text"),
    ("mermaid-fence", "```mermaid\nflowchart LR\n{}\n```\n", "code"),
    ("markdown-in-an-html-block", '<div class="box">\n\nWords {}\n\n</div>\n', "text"),
    ("after-an-inline-footnote", "Said.^[a `note`] then {}\n", "text"),
]

RENDER_EXTENSIONS = [
    "rectified.markdown.comments",
    "attr_list",
    "md_in_html",
    "pymdownx.superfences",
    "rectified.markdown.math",
    "rectified.markdown.blockids",
    "rectified.markdown.html_blocks",
]


def classified_as(kind: str, text: str) -> str:
    return kind


@pytest.mark.parametrize(
    ("template", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_vault_renderer_and_linter_agree(template: str, expected: str) -> None:
    text = template.format(MARK)
    offset = text.index("<script>")
    src = parse(text)
    scanner = "code" if src.span_at(offset, CODE_KINDS) else "text"
    assert scanner == expected, "the scanner itself"
    vault = Vault.from_texts({"N.md": text}).note("N.md")
    assert ("blk" in vault.block_ids) == (expected == "text"), "the vault index"
    html = markdown.Markdown(extensions=RENDER_EXTENSIONS).convert(text)
    assert ('id="^blk"' in html) == (expected == "text"), f"the renderer: {html}"
    codes = {p.code for p in lint_text(text, "docs/N.md")}
    assert ("JS001" in codes) == (expected == "text"), "the linter"


PATTERNS = [r"`\{3", r"~\{3", r"\(`\+\)", r"`\+\.\+\?", r"\^\\s\*\(`"]


def test_no_other_fence_or_code_span_regex_in_the_package() -> None:
    """Only the source layer spells out what a fence or a code span looks like."""
    root = Path(__file__).resolve().parents[1] / "rectified"
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.name == "source.py":
            continue
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if any(re.search(p, line) for p in PATTERNS) and "re.compile" in line:
                found.append(f"{path.relative_to(root.parent)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)
