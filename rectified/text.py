"""Plain text from note source: the sentence around a link, and text as a reader sees it.

Used by the vault index (the sentence each link stands in, shown as backlink context) and by the
wikilinks extension. What is code, math or a block id is the source layer's answer.
"""

from __future__ import annotations

import functools
import re

from rectified.source import BLOCK_ID, CODE, COMMENT, MATH, parse

__all__ = [
    "WIKILINK",
    "link_sentence",
    "plain_sentence",
    "reader_text",
    "table_cells",
    "wikilink_label",
]

WIKILINK = re.compile(r"(!?)\[\[([^\[\]\n]+?)\]\]")


def wikilink_label(inner: str) -> str:
    """Default text of ``[[inner]]``: ``Note``, ``Note > Heading``, ``Note > ^id``, ``Heading``.

    An alias (``[[Note|text]]``, also ``\\|`` in tables) wins when it is not empty.
    """
    target, _, alias = re.sub(r"\\\|", "|", inner).partition("|")
    if alias.strip():
        return alias.strip()
    parts = [p.strip() for p in target.split("#")]
    if parts[0].lower().endswith(".md"):
        parts[0] = parts[0][:-3]
    return " > ".join(p for p in parts if p)


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_HEADING = re.compile(r"^\s{0,3}(?:>\s?)*#{1,6}(?:\s|$)")
_ITEM_START = re.compile(r"^\s*(?:>\s?)*\s*(?:[-*+]|\d+[.)])\s")
_PREFIX = re.compile(r"^\s{0,3}(?:>\s?)*\s*(?:(?:[-*+]|\d+[.)])\s+(?:\[.\]\s+)?)?")
_LINKS = re.compile(r"!?\[\[[^\]]*\]\]|!?\[[^\]]*\]\([^)]*\)")


_CLOSING = re.compile(r"\n(?:---|\.\.\.)[ \t]*(?=\n|$)")


def _property_sentence(text: str, offset: int) -> str | None:
    """``key: value, value`` for a link in a property (front matter); None outside it."""
    if not text.startswith("---"):
        return None
    end = _CLOSING.search(text, 3)
    if end is None or offset >= end.start():
        return None
    lines = text[: end.start()].split("\n")
    row = text.count("\n", 0, offset)
    first = row
    while first > 1 and lines[first][:1] in (" ", "\t", "-"):
        first -= 1
    last = row
    while last + 1 < len(lines) and lines[last + 1][:1] in (" ", "\t", "-"):
        last += 1
    key, _, value = lines[first].partition(":")
    rest = lines[first + 1 : last + 1]
    items = [value.strip()] + [line.strip().removeprefix("-") for line in rest]
    flat = " ".join(i for i in items if i.strip())
    if flat.startswith("[") and flat.endswith("]"):  # a flow list: ["[[A]]", "[[B]]"]
        parts = re.split(r",\s*(?=['\"]|\S)(?![^\[]*\]\])", flat[1:-1])
    else:
        parts = [i for i in items if i.strip()]
    values = [plain_sentence(p.strip().strip("'\"")) for p in parts]
    return f"{key.strip()}: {', '.join(v for v in values if v)}"


def link_sentence(text: str, offset: int, snippet: str) -> str:
    """The sentence around ``snippet`` (at ``offset``), links replaced by their text.

    A link in a property gives ``key: its values``; a link in a table row, the row's cells
    (``a · b``); one in a callout's title, the title (its ``[!type]`` marker dropped).
    """
    in_property = _property_sentence(text, offset)
    if in_property is not None:
        return in_property
    lines, contents = _split(text)
    row = text.count("\n", 0, offset)

    def content_of(i: int) -> str:
        """Line ``i`` without its quote, list or task marker (worked out once per note)."""
        found = contents[i]
        if found is None:
            found = contents[i] = _PREFIX.sub("", lines[i])
        return found

    def boundary(i: int) -> bool:
        content = content_of(i).strip()
        return not content or content.startswith("[!") or bool(_HEADING.match(lines[i]))

    content = content_of(row)
    if _HEADING.match(lines[row]):  # a heading is a sentence of its own, without its #s
        return plain_sentence(_ATX_MARKS.sub("", content))
    if content.startswith("|"):  # a table row is a sentence of its own: its cells
        return " · ".join(c for c in map(plain_sentence, table_cells(content)) if c)
    head = _CALLOUT_HEAD.match(content)
    if head:  # a callout's title is a sentence of its own, without its [!type]
        return plain_sentence(content[head.end() :])
    first = row
    while first > 0 and not _ITEM_START.match(lines[first]) and not boundary(first - 1):
        first -= 1
    last = row
    while last + 1 < len(lines) and not (boundary(last + 1) or _ITEM_START.match(lines[last + 1])):
        last += 1
    block = " ".join(content_of(i).strip() for i in range(first, last + 1))
    block = _FOOTNOTE_LABEL.sub("", block, count=1)  # a footnote's text, not its [^label]:
    at = max(block.find(snippet), 0)
    # Sentence ends are looked for outside links and math ("J. Bernoulli", "et al.", "$1.5$").
    masked = parse(block, front_matter=False).masked([MATH, CODE], "_")
    masked = _LINKS.sub(lambda m: re.sub(r"[.!?]", "_", m.group(0)), masked)
    starts = [m.end() for m in re.finditer(r"[.!?]\s+", masked[:at])]
    start = starts[-1] if starts else 0
    stop = re.search(r"[.!?](?=\s|$)", masked[at + len(snippet) :])
    end = at + len(snippet) + stop.end() if stop else len(block)
    return plain_sentence(block[start:end])


@functools.lru_cache(maxsize=8)
def _split(text: str) -> tuple[list[str], list[str | None]]:
    """A note's lines, and room for each line's content (:func:`link_sentence` fills it).

    A note's links are looked up one after another, so the note is split once, not per link.
    """
    lines = text.split("\n")
    return lines, [None] * len(lines)


_CALLOUT_HEAD = re.compile(r"\s*\[![^\]\n]+\][+-]?[ \t]*")
_ATX_MARKS = re.compile(r"^\s*#{1,6}\s*|\s+#+\s*$")
_FOOTNOTE_LABEL = re.compile(r"^\[\^[^\]\s]+\]:\s*")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\](?!:)|\^\[[^\]\n]*\]")  # [^1], ^[inline]
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")


def table_cells(row: str) -> list[str]:
    """The cells of a table row as written (``| a | `b|c` | [[N\\|n]] |``: three cells).

    A ``|`` in code or math (as Python-Markdown's tables read it), in a wikilink or escaped
    (``\\|``) does not end a cell.
    """
    masked = parse(row, front_matter=False).masked([CODE, MATH], "_")
    masked = WIKILINK.sub(lambda m: "_" * len(m.group(0)), masked)
    cuts = [m.start() for m in re.finditer(r"(?<!\\)\|", masked)]
    cells = [row[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(row)], strict=True)]
    if cells and not cells[0].strip():
        cells = cells[1:]
    if cells and not cells[-1].strip():
        cells = cells[:-1]
    return [c.strip() for c in cells]


def plain_sentence(sentence: str) -> str:
    """Source text as a reader sees it: links as their text; no highlight marks, block id,
    ``%%comment%%``, footnote reference or HTML tag (their text kept).

    Code spans and math are kept as written (``$x$``, `` `[[x]]` ``), and so are emphasis marks
    and backslash escapes, for the caller to render.
    """
    src = parse(sentence, front_matter=False)
    out, pos = [], 0
    for span in src.of(CODE, MATH, BLOCK_ID, COMMENT):
        out.append(_plain(sentence[pos : span.start]))
        if span.kind in (CODE, MATH):
            out.append(sentence[span.start : span.end])
        pos = span.end
    out.append(_plain(sentence[pos:]))
    sentence = re.sub(r"\s+", " ", "".join(out)).strip()
    if len(sentence) <= MAX_SENTENCE:
        return sentence
    cut = MAX_SENTENCE - 1  # never inside code or math: half a span would show as raw syntax
    for span in parse(sentence, front_matter=False).of(CODE, MATH):
        if span.start < cut < span.end:
            cut = span.start
    return sentence[:cut].rstrip() + "…"


MAX_SENTENCE = 300


_EMPHASIS = re.compile(r"(\*\*|__|\*|~~|(?<!\w)_|_(?!\w))")


def reader_text(text: str) -> str:
    """Text with no Markdown left, for a place that shows text only (an embed's caption).

    Links as their text, code and math as their content (no backticks, no dollars), emphasis
    marks dropped.
    """
    text = plain_sentence(text)
    out, pos = [], 0
    for span in parse(text, front_matter=False).of(CODE, MATH):
        out.append(_EMPHASIS.sub("", text[pos : span.start]))
        out.append(text[span.start : span.end].strip("`$").strip())
        pos = span.end
    out.append(_EMPHASIS.sub("", text[pos:]))
    return "".join(out)


def _plain(text: str) -> str:
    text = WIKILINK.sub(lambda m: wikilink_label(m.group(2)), text)
    text = re.sub(r"==(\S(?:.*?\S)?)==", r"\1", text)  # highlights
    text = _HTML_TAG.sub("", _FOOTNOTE_REF.sub("", text))
    return _MD_LINK.sub(lambda m: m.group(1), text)
