"""Numbers in notes agree with the code, and no number goes unaccounted for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.content.claims import NOTES

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
NOTEBOOKS = ROOT / "notebooks"
# Notes by vault path; notebook pages by their source path in the repository.
ALL_NOTES = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")) + sorted(
    p.relative_to(ROOT).as_posix() for p in NOTEBOOKS.glob("*.py")
)

STRIP = [
    re.compile(r"\A---\n.*?\n---\n", re.S),  # front matter
    re.compile(r"^(```|~~~).*?^\1", re.S | re.M),  # fenced code
    re.compile(r"`[^`\n]*`"),  # inline code
    re.compile(r"\$\$.*?\$\$", re.S),  # display math
    re.compile(r"%%.*?%%", re.S),  # Obsidian comments
    re.compile(r"<!--.*?-->", re.S),  # HTML comments
    re.compile(r"\]\([^)]*\)"),  # Markdown link targets
    re.compile(r"!\[\[[^\]]*\]\]"),  # embeds (file names)
    re.compile(r"\[\[[^\]|]*\|"),  # wikilink targets when an alias follows
    re.compile(r"(?:^|\s)\^[A-Za-z0-9-]+\s*$", re.M),  # block ids
]
NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w])")


INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\s)[^$\n]+?(?<!\s)\$")
DECIMAL = re.compile(r"\d+\.\d+")


def prose(text: str) -> str:
    """The note's text where numbers are stated: no code, links, display math or comments.

    Inline math keeps only its decimals (a measured 709.78), not the integers of formulas.
    """
    for pattern in STRIP:
        text = pattern.sub(" ", text)
    return INLINE_MATH.sub(lambda m: " " + " ".join(DECIMAL.findall(m.group(0))) + " ", text)


def markdown_cells(script: str) -> str:
    """The Markdown cells of a jupytext percent script, without their comment markers."""
    out, in_markdown = [], False
    for line in script.splitlines():
        if line.startswith("# %%"):
            in_markdown = "[markdown]" in line
            continue
        if in_markdown and line.startswith("#"):
            out.append(line[2:] if line.startswith("# ") else line[1:])
    return "\n".join(out)


def numbers_in(rel: str) -> list[str]:
    if rel.startswith("notebooks/"):
        return NUMBER.findall(prose(markdown_cells((ROOT / rel).read_text("utf-8"))))
    return NUMBER.findall(prose((DOCS / rel).read_text("utf-8")))


def test_every_note_has_a_numbers_entry():
    missing = sorted(set(ALL_NOTES) - set(NOTES))
    assert not missing, f"add these notes to tests/content/claims.py: {missing}"
    stale = sorted(set(NOTES) - set(ALL_NOTES))
    assert not stale, f"tests/content/claims.py lists notes that do not exist: {stale}"


CLAIMS = [(rel, c) for rel, n in NOTES.items() for c in n.checked]


@pytest.mark.parametrize(("rel", "claim"), CLAIMS, ids=[f"{r}:{c.text}" for r, c in CLAIMS])
def test_claim_is_what_the_code_computes(rel, claim):
    assert claim.compute() == claim.text, f"{rel}: {claim.what}"


@pytest.mark.parametrize(("rel", "claim"), CLAIMS, ids=[f"{r}:{c.text}" for r, c in CLAIMS])
def test_claim_appears_in_the_note(rel, claim):
    assert claim.text in numbers_in(rel), f"{rel} no longer states {claim.text} ({claim.what})"


@pytest.mark.parametrize("rel", ALL_NOTES)
def test_no_number_goes_unchecked(rel):
    entry = NOTES.get(rel)
    if entry is None:
        pytest.fail(f"{rel} has no entry in tests/content/claims.py")
    known = {c.text for c in entry.checked} | set(entry.given)
    unknown = sorted(set(numbers_in(rel)) - known)
    assert not unknown, (
        f"{rel} states {unknown} but tests/content/claims.py neither checks them against "
        "code nor gives a reason they need none"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\ntitle: 3\n---\nAbout 50 % of 1000 units.", ["50", "1000"]),
        ("Math $x^2$ and $$\n1.5\n$$ skipped; 0.25 kept.", ["0.25"]),
        ("Overflow once $x > 709.78$, not at $2x$.", ["709.78"]),
        ("`code 7` and [[Note 5|alias 6]] and [t](x9.md)", ["6"]),
        ("A block. ^ab12cd\n", []),
        ("![[relu-2.svg]] but 3.14 stays", ["3.14"]),
        ("x1 and v2.0 are names, 12 is a number", ["12"]),
    ],
)
def test_number_scanner(text, expected):
    assert NUMBER.findall(prose(text)) == expected
