"""The source layer (rectified.source): one table of edge cases, one scanner for everyone."""

from __future__ import annotations

import pytest

from rectified.errors import NoteError
from rectified.source import (
    BLOCK_ID,
    CODE,
    COMMENT,
    FENCE,
    FRONT_MATTER,
    INDENTED,
    MATH,
    front_matter,
    parse,
)

# (id, note text, expected [(kind, exact text of the span)]) — every span, in order.
CASES = [
    ("plain", "Just text.", []),
    ("front-matter", "---\ntitle: T\n---\nbody", [(FRONT_MATTER, "---\ntitle: T\n---")]),
    ("front-matter-dots", "---\na: 1\n...\nbody", [(FRONT_MATTER, "---\na: 1\n...")]),
    ("front-matter-unclosed", "---\na: 1\nbody", []),
    (
        "yaml-block-scalar-with-dashes",
        "---\nnote: |\n  one\n  ---\n  two\n---\n$x$",
        [(FRONT_MATTER, "---\nnote: |\n  one\n  ---\n  two\n---"), (MATH, "$x$")],
    ),
    ("dashes-not-first-line", "\n---\na: 1\n---", []),
    ("fence-backticks", "```\n$x$ %%c%% ^id\n```", [(FENCE, "```\n$x$ %%c%% ^id\n```")]),
    ("fence-tildes", "~~~python\n`a`\n~~~", [(FENCE, "~~~python\n`a`\n~~~")]),
    ("fence-four-closes-only-four", "````\n```\n$x$\n````", [(FENCE, "````\n```\n$x$\n````")]),
    ("fence-longer-close-is-text", "```\n$x$\n````\n", [(MATH, "$x$")]),
    ("fence-other-char-does-not-close", "```\n~~~\n```", [(FENCE, "```\n~~~\n```")]),
    ("fence-unclosed-is-text", "```\n$x$ and `c`", [(MATH, "$x$"), (CODE, "`c`")]),
    ("fence-with-options", '```py title="a.py"\nx\n```', [(FENCE, '```py title="a.py"\nx\n```')]),
    ("fence-with-attrs", "``` {.py #id}\nx\n```", [(FENCE, "``` {.py #id}\nx\n```")]),
    # Not a fence (backtick in the info string): a paragraph whose ``` runs pair as a code span.
    ("backtick-fence-info-with-backtick", "```a`b\n$x$\n```", [(CODE, "```a`b\n$x$\n```")]),
    ("fence-in-quote", "> ```\n> $x$\n> ```", [(FENCE, "> ```\n> $x$\n> ```")]),
    ("fence-in-nested-quote", "> > ~~~\n> > %%\n> > ~~~", [(FENCE, "> > ~~~\n> > %%\n> > ~~~")]),
    # A line outside the quote ends the "fence"; the lazy paragraph's ``` runs make a code span.
    ("fence-leaves-its-quote", "> ```\nout $x$\n> ```", [(CODE, "```\nout $x$\n> ```")]),
    ("fence-leaves-its-quote-then-blank", "> ```\n\n$x$\n> ```", [(MATH, "$x$")]),
    ("fence-in-list", "- a\n\n    ```\n    $x$\n    ```", [(FENCE, "    ```\n    $x$\n    ```")]),
    ("indented-code", "para\n\n    $x$ %%c%%\n\nafter", [(INDENTED, "    $x$ %%c%%")]),
    ("indented-needs-blank-line", "para\n    $x$", [(MATH, "$x$")]),
    ("indented-tab", "p\n\n\t$x$", [(INDENTED, "\t$x$")]),
    ("list-continuation-not-code", "- item\n\n    $x$", [(MATH, "$x$")]),
    ("code-in-list-needs-eight", "- item\n\n        $x$", [(INDENTED, "        $x$")]),
    ("code-span", "a `$x$ %%c%%` b", [(CODE, "`$x$ %%c%%`")]),
    ("code-span-double", "``a ` b`` c", [(CODE, "``a ` b``")]),
    ("code-span-unmatched-run", "``a` $x$", [(MATH, "$x$")]),
    ("code-span-escaped", r"\`$x$\`", [(MATH, "$x$")]),
    ("code-span-two-lines", "a `b\nc` d", [(CODE, "`b\nc`")]),
    ("code-span-not-across-blank", "a `b\n\nc` $d$", [(MATH, "$d$")]),
    ("comment-inline", "a %%hidden $x$%% b", [(COMMENT, "%%hidden $x$%%")]),
    ("comment-block", "a\n%%\n```\nx\n```\n%%\nb", [(COMMENT, "%%\n```\nx\n```\n%%")]),
    ("comment-after-code", "`%%` %%c%%", [(CODE, "`%%`"), (COMMENT, "%%c%%")]),
    ("comment-hides-backtick", "%% ` %% `c`", [(COMMENT, "%% ` %%"), (CODE, "`c`")]),
    ("comment-empty", "a%%%%b", [(COMMENT, "%%%%")]),
    ("percent-not-comment", "50% and 100 %", []),
    ("comment-in-math-wins", "$a %%b$ c%%", [(COMMENT, "%%b$ c%%")]),
    ("math-inline", "if $x > 0$ then", [(MATH, "$x > 0$")]),
    ("math-display-inline", "then $$x^2$$ done", [(MATH, "$$x^2$$")]),
    ("math-display-lines", "$$\na\n= b\n$$", [(MATH, "$$\na\n= b\n$$")]),
    ("math-display-in-quote", "> $$\n> a\n> $$", [(MATH, "$$\n> a\n> $$")]),
    ("math-not-across-blank", "$$\na\n\n$$", []),
    ("math-money", "$5 and $6", []),
    ("math-space-inside", "a $ b $ c", []),
    ("math-digit-after", "$x$2", []),
    ("math-escaped", r"\$x\$ and $y$", [(MATH, "$y$")]),
    ("math-not-across-code", "$a `b` c$", [(CODE, "`b`")]),
    ("math-single-dollar-in-display", r"$$\text{if $x$}$$", [(MATH, r"$$\text{if $x$}$$")]),
    ("block-id", "A paragraph. ^abc-1", [(BLOCK_ID, "^abc-1")]),
    ("block-id-alone", "para\n^id", [(BLOCK_ID, "^id")]),
    ("block-id-after-embed", "![[image.png]]^img", [(BLOCK_ID, "^img")]),
    ("block-id-after-link", "[a](b.md)^l", [(BLOCK_ID, "^l")]),
    ("block-id-after-code", "`x`^c", [(CODE, "`x`"), (BLOCK_ID, "^c")]),
    ("block-id-glued-to-word-is-text", "x^2", []),
    ("block-id-in-code", "`a ^b`", [(CODE, "`a ^b`")]),
    ("block-id-in-comment", "a %%^b%%", [(COMMENT, "%%^b%%")]),
    ("block-id-in-math", "$a ^b$", [(MATH, "$a ^b$")]),
    ("block-id-in-fence", "```\na ^b\n```", [(FENCE, "```\na ^b\n```")]),
    ("block-id-bad-chars", "para ^a_b", []),
    ("block-id-in-quote", "> quoted ^q", [(BLOCK_ID, "^q")]),
    ("inline-footnote-is-no-block-id", "Said.^[a note]", []),
    ("block-id-after-inline-footnote", "Said.^[a `b`] ^f", [(CODE, "`b`"), (BLOCK_ID, "^f")]),
    ("block-id-after-sized-embed", "![[x.png#frag|40]]^small", [(BLOCK_ID, "^small")]),
    ("mermaid-fence", "```mermaid\nA[[x]] --> B\n```", [(FENCE, "```mermaid\nA[[x]] --> B\n```")]),
    ("footnote-is-not-block-id", "a[^1]", []),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_classification(text: str, expected: list[tuple[str, str]]) -> None:
    src = parse(text)
    assert [(s.kind, text[s.start : s.end]) for s in src.spans] == expected


def test_lines_and_quote_depth() -> None:
    text = "---\na: 1\n---\n> one\n> > two\n```\ncode\n```\nend"
    src = parse(text)
    assert [(ln.number, ln.quote, ln.code) for ln in src.lines] == [
        (1, 0, True),
        (2, 0, True),
        (3, 0, True),
        (4, 1, False),
        (5, 2, False),
        (6, 0, True),
        (7, 0, True),
        (8, 0, True),
        (9, 0, False),
    ]
    assert src.body_line == 4
    assert src.body_offset == text.index("> one")
    assert src.content(src.lines[4]) == "two"


def test_span_lines_and_data() -> None:
    src = parse("x\n$$\na\n$$ ^id\n`c` $y$")
    display, block, code, inline = src.spans
    assert (display.line, display.end_line, display.data) == (2, 4, "display")
    assert (block.line, block.data) == (4, "id")
    assert (code.line, code.kind) == (5, CODE)
    assert inline.data == "inline"
    assert src.line_at(src.text.index("$y$")) == 5


def test_masked_and_without_keep_lines() -> None:
    text = "a `b` c\n%%\nx\n%%\nd $e$"
    src = parse(text)
    masked = src.masked([CODE, MATH])
    assert masked == "a     c\n%%\nx\n%%\nd    "
    assert len(masked) == len(text)
    assert src.without([COMMENT]) == "a `b` c\n\n\n\nd $e$"


def test_unclosed_comment_is_a_problem_with_its_line() -> None:
    problem = (3, "unclosed %% comment: add the closing %%")
    assert parse("a\n\nb %%open\nmore").problems == (problem,)
    assert parse("`%%` fine").problems == ()


def test_fragment_has_no_front_matter() -> None:
    assert parse("---\na: 1\n---", front_matter=False).front_matter is None


@pytest.mark.parametrize(
    ("text", "meta", "lines"),
    [
        ("---\ntitle: T\ntags: [a]\n---\nx", {"title": "T", "tags": ["a"]}, 4),
        ("---\n---\nx", {}, 2),
        ("no front matter", {}, 0),
    ],
)
def test_front_matter(text: str, meta: dict, lines: int) -> None:
    assert front_matter(text, "docs/N.md") == (meta, lines)


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("---\na: [1\n---\n", "malformed front matter", 2),
        ("---\nok: 1\ndate: 2024-13-01\n---\n", "front matter holds a date that does not exist", 3),
        ("---\n- a\n---\n", "front matter must be a mapping", 1),
    ],
)
def test_front_matter_errors(text: str, message: str, line: int) -> None:
    with pytest.raises(NoteError) as info:
        front_matter(text, "docs/N.md")
    assert info.value.message.startswith(message)
    assert (info.value.path, info.value.line) == ("docs/N.md", line)


def test_parse_is_cached() -> None:
    text = "cached $x$"
    assert parse(text) is parse(text)


def test_a_note_stays_cached_however_many_fragments_follow() -> None:
    note = "---\na: 1\n---\nA note with $x$ and a [[link]]."
    first = parse(note)
    for i in range(5000):  # more fragments than the cache holds
        parse(f"fragment {i} with $y_{i}$", front_matter=False)
    assert parse(note) is first


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "A plain sentence with a [[Link|label]] and **bold** text.",
        "> quoted\n> > deeper\n>\n> back",
        "- item\n  continued\n\n1. first\n2) second",
        "a\n\nb\n   three spaces\n",
        "---\nnot: front matter in a fragment\n---",
        "<div>html</div> and [a](b.md) ==mark==",
    ],
)
def test_a_fragment_without_span_characters_parses_as_the_scanner_does(text: str) -> None:
    from rectified import source

    fast = parse(text, front_matter=False)
    full = source._scan(text, False)
    assert fast == full
    assert fast._starts == full._starts
    assert [fast.line_at(i) for i in range(len(text) + 1)] == [
        full.line_at(i) for i in range(len(text) + 1)
    ]
