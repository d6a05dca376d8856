"""The source layer: a note read once, split into what is code, math, a comment, a block id.

Every part of the project that needs to know whether a piece of a note is code (the vault index,
the Markdown extensions that look at source text, the note linter, the claims tests, the
cross-page text) asks :func:`parse`; none carries a fence or code-span regex of its own. The
rules follow what the site's renderer does (Python-Markdown with pymdownx.superfences and the
project's extensions), which is also what Obsidian shows for every note that renders the same in
both; where the two differ the difference is named below.

What :func:`parse` finds, in this order (each later kind only outside the earlier ones):

``front_matter``
    The YAML between a first line ``---`` and the next line ``---`` or ``...``. An unclosed block
    is no front matter (Obsidian shows it as text). A ``---`` inside a YAML block scalar is
    indented, so it does not close the block.
``fence``
    A fenced code block as pymdownx.superfences reads it: an opening line of a prefix (spaces,
    tabs and ``>`` quote markers), three or more backticks or tildes and an optional language,
    ``{attributes}`` or ``key="value"`` options; the block ends at the first line that is the same
    prefix and *exactly* the same fence. Every line between must keep the prefix (a blank line,
    or in a quote a bare ``>``, is fine). A fence that never closes is not code: the site renders
    what follows as Markdown (Obsidian would show the rest of the note as code; the note linter
    warns about it).
``indented_code``
    Lines indented by four or more spaces (or a tab) after a blank line, outside a list; inside a
    list, eight or more (four are the item's own paragraphs).
``code``
    A code span: a run of backticks closed by a run of the same length, within one paragraph
    (no blank line between). ``\\``` is an escaped backtick. A run with no closing run is text.
``comment``
    Obsidian's ``%%hidden%%``, on one line or over several (blank lines and fences included). A
    ``%%`` in code is text; one that is never closed is recorded in :attr:`Source.problems`.
``math``
    ``$$…$$`` display math (``data == "display"``; it may span lines of one paragraph) and
    ``$…$`` inline math (``data == "inline"``) with Pandoc's rules: no white space just inside
    the dollars, no digit right after the closing one, ``\\$`` is a dollar. Math never crosses a
    code span or a comment. A ``$$`` that closes nothing is text.
``block_id``
    ``^id`` (letters, digits, hyphens) at the end of a line outside all of the above, after white
    space, or glued to the ``]]``, ``)`` or backtick that ends an embed, a link or a code span
    (Obsidian accepts ``![[image.png]]^id``). ``data`` is the id.

Each :class:`Span` has offsets into the whole text (front matter included) and 1-based lines, so
errors can name the line. :attr:`Source.lines` gives each line's quote depth and whether it lies
in code. Known limits: HTML blocks are not recognised (their content is scanned as text, as the
note linter wants); a comment that starts inside a code span of another line's paragraph is
resolved left to right, as Obsidian does.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import yaml

from rectified.errors import NoteError

__all__ = [
    "BLOCK_CODE",
    "BLOCK_ID",
    "CODE",
    "CODE_KINDS",
    "COMMENT",
    "FENCE",
    "FRONT_MATTER",
    "INDENTED",
    "INVALID_DATE",
    "MATH",
    "MATH_PATTERN",
    "MATH_RE",
    "Line",
    "Source",
    "Span",
    "block_id_alone",
    "front_matter",
    "lines_in_display_math",
    "parse",
    "trailing_block_id",
]

FRONT_MATTER = "front_matter"
FENCE = "fence"
INDENTED = "indented_code"
CODE = "code"
COMMENT = "comment"
MATH = "math"
BLOCK_ID = "block_id"

BLOCK_CODE = frozenset({FENCE, INDENTED})
CODE_KINDS = frozenset({FENCE, INDENTED, CODE})  # what the site shows as code

_QUOTE = re.compile(r"[ ]{0,3}>[ ]?")
# superfences' opening line, without its "unrecognized" alternative (rejected by default).
_FENCE_OPEN = re.compile(
    r"""(?x)
    (?P<prefix>[> \t]*)
    (?P<fence>~{3,}|`{3,})
    (?:[ \t]*\.?(?P<lang>[\w#.+-]+)(?=[\t ]|$))?
    (?:[ \t]*\{[^\n]*\}|(?:[ \t]*[a-zA-Z][a-zA-Z0-9_]*(?:=(?P<q>"|').*?(?P=q))?(?=[\t ]|$))+)?
    [ \t]*$
    """
)
_ITEM = re.compile(r"[ ]{0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
# Math, one left-to-right pattern (the renderer's inline processor uses it too). Alternatives at
# each position, in this order: a backslash escape (``\\$`` is never a delimiter); ``$$…$$``
# (may hold single ``$`` and newlines); a ``$$`` that opens nothing (text, and never half of an
# inline formula); ``$…$`` with Pandoc's white-space and digit rules. Python-Markdown's stash
# placeholders (STX/ETX) are never inside math: they stand for code spans and raw HTML.
STASH_CHARS = "\x02\x03"
MATH_PATTERN = (
    r"(?P<esc>\\.)"
    rf"|\$\$(?P<display>(?:\\.|[^\\${STASH_CHARS}]|\$(?!\$))+?)\$\$"
    r"|(?P<dd>\$\$)"
    rf"|\$(?P<inline>(?![\s$])(?:\\.|[^\\${STASH_CHARS}])+?)(?<!\s)\$(?!\d)"
)
MATH_RE = re.compile(MATH_PATTERN, re.DOTALL)
_BLOCK_ID = re.compile(r"(?:(?<=\s)|(?<=\]\])|(?<=\))|(?<=`)|^)\^([A-Za-z0-9-]+)[ \t]*$")


@dataclass(frozen=True, slots=True)
class Span:
    """A classified piece of the text: ``text[start:end]``, starting on 1-based ``line``."""

    kind: str
    start: int
    end: int
    line: int
    end_line: int
    data: str = ""  # fence: the fence; math: "display"/"inline"; block_id: the id


@dataclass(frozen=True, slots=True)
class Line:
    """One line: 1-based ``number``, ``start``/``end`` offsets (newline excluded)."""

    number: int
    start: int
    end: int
    quote: int  # depth of ``>`` markers
    code: bool  # in front matter, a fenced or an indented code block


@dataclass(frozen=True)
class Source:
    """A note split once. Build it with :func:`parse`."""

    text: str
    lines: tuple[Line, ...]
    spans: tuple[Span, ...]
    body_line: int  # 1-based first line after the front matter
    problems: tuple[tuple[int, str], ...] = ()  # (line, message), e.g. an unclosed %%
    _starts: list[int] = field(default_factory=list, repr=False, compare=False)

    # -- lookups --

    @property
    def body_offset(self) -> int:
        """Offset of the first character after the front matter."""
        if self.body_line > len(self.lines):
            return len(self.text)
        return self.lines[self.body_line - 1].start

    @property
    def front_matter(self) -> Span | None:
        return next((s for s in self.spans if s.kind == FRONT_MATTER), None)

    def of(self, *kinds: str) -> list[Span]:
        """The spans of these kinds, in order."""
        return [s for s in self.spans if s.kind in kinds]

    def line_at(self, offset: int) -> int:
        """1-based line of ``offset``."""
        return bisect.bisect_right(self._starts, offset)

    def span_at(self, offset: int, kinds: Iterable[str] | None = None) -> Span | None:
        """The span that covers ``offset`` (of one of ``kinds``), if any."""
        wanted = set(kinds) if kinds is not None else None
        for span in self.spans:
            if span.start <= offset < span.end and (wanted is None or span.kind in wanted):
                return span
        return None

    def masked(self, kinds: Iterable[str], fill: str = " ") -> str:
        """The text with the spans of ``kinds`` overwritten by ``fill`` (newlines kept).

        Offsets and lines stay where they were, so a scan of the result maps straight back.
        """
        return self._replaced(kinds, lambda piece: re.sub(r"[^\n]", fill, piece))

    def without(self, kinds: Iterable[str]) -> str:
        """The text with the spans of ``kinds`` removed, each line kept on its number."""
        return self._replaced(kinds, lambda piece: "\n" * piece.count("\n"))

    def _replaced(self, kinds: Iterable[str], replace) -> str:
        wanted = set(kinds)
        out, pos = [], 0
        for span in self.spans:
            if span.kind not in wanted or span.start < pos:
                continue
            out += [self.text[pos : span.start], replace(self.text[span.start : span.end])]
            pos = span.end
        out.append(self.text[pos:])
        return "".join(out)

    def line_text(self, number: int) -> str:
        line = self.lines[number - 1]
        return self.text[line.start : line.end]

    def body_lines(self) -> Iterator[Line]:
        return iter(self.lines[self.body_line - 1 :])

    def content(self, line: Line, text: str | None = None) -> str:
        """The line's text after its ``>`` quote markers (from ``text``, e.g. :meth:`masked`)."""
        raw = (self.text if text is None else text)[line.start : line.end]
        return raw[_quote_prefix(raw)[1] :]


# --- the scanner ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def _quote_prefix(line: str) -> tuple[int, int]:
    """(depth, length) of the ``>`` markers that start ``line``."""
    depth, pos = 0, 0
    while True:
        m = _QUOTE.match(line, pos)
        if not m:
            return depth, pos
        depth, pos = depth + 1, m.end()


_SPECIAL = re.compile(r"[`%\\]")


def _blank(line: str) -> bool:
    return not line[_quote_prefix(line)[1] :].strip()


def _indent(text: str) -> int:
    width = 0
    for ch in text:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += 4 - width % 4
        else:
            break
    return width


class _Scanner:
    def __init__(self, text: str, front_matter: bool) -> None:
        self.text = text
        self.raw = text.split("\n")
        self.starts = []
        pos = 0
        for raw in self.raw:
            self.starts.append(pos)
            pos += len(raw) + 1
        self.spans: list[Span] = []
        self.problems: list[tuple[int, str]] = []
        self.block_code = [False] * len(self.raw)
        self._para_end: dict[int, int] = {}
        self.body = self._front_matter() if front_matter else 0

    # -- helpers --

    def end_of(self, i: int) -> int:
        return self.starts[i] + len(self.raw[i])

    def line_at(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def add(self, kind: str, start: int, end: int, data: str = "") -> None:
        self.spans.append(
            Span(kind, start, end, self.line_at(start), self.line_at(max(start, end - 1)), data)
        )

    # -- blocks --

    def _front_matter(self) -> int:
        if not self.raw or self.raw[0].rstrip() != "---":
            return 0
        for i in range(1, len(self.raw)):
            if self.raw[i].rstrip() in ("---", "..."):
                self.add(FRONT_MATTER, 0, self.end_of(i))
                for j in range(i + 1):
                    self.block_code[j] = True
                return i + 1
        return 0

    def fence_end(self, i: int) -> tuple[int, str] | None:
        """(closing line, fence) of a fence opened on line ``i``, if superfences sees one."""
        if "```" not in self.raw[i] and "~~~" not in self.raw[i]:
            return None  # the common case, without the regex
        m = _FENCE_OPEN.fullmatch(self.raw[i].rstrip("\r"))
        if not m:
            return None
        prefix, fence = m.group("prefix"), m.group("fence")
        if fence[0] == "`" and "`" in self.raw[i][m.end("fence") :]:
            return None
        quoted = ">" in prefix
        for j in range(i + 1, len(self.raw)):
            line = self.raw[j].rstrip("\r")
            if line.startswith(prefix) and re.fullmatch(
                re.escape(fence) + r"[ \t]*", line[len(prefix) :]
            ):
                return j, fence
            if line.startswith(prefix):
                continue
            if line.rstrip() == prefix.rstrip() and (quoted or not line.strip()):
                continue
            return None
        return None

    # -- the pass --

    def run(self) -> None:
        n = len(self.raw)
        i = self.body
        in_list = False
        prev_blank = True
        comment_start: int | None = None  # offset of an open %%
        while i < n:
            line = self.raw[i]
            if comment_start is None:
                found = self.fence_end(i)
                if found is not None:
                    j, fence = found
                    self.add(FENCE, self.starts[i], self.end_of(j), fence)
                    for k in range(i, j + 1):
                        self.block_code[k] = True
                    i, prev_blank = j + 1, False
                    continue
                qlen = _quote_prefix(line)[1]
                content = line[qlen:]
                if not content.strip():
                    prev_blank = True
                    i += 1
                    continue
                indent = _indent(content)
                if _ITEM.match(content):
                    in_list = True
                elif indent == 0 and prev_blank:
                    in_list = False
                if indent >= (8 if in_list else 4) and prev_blank and not _ITEM.match(content):
                    j = i
                    while j + 1 < n and (
                        _indent(self.raw[j + 1]) >= (8 if in_list else 4) or _blank(self.raw[j + 1])
                    ):
                        j += 1
                    while j > i and _blank(self.raw[j]):
                        j -= 1
                    self.add(INDENTED, self.starts[i], self.end_of(j))
                    for k in range(i, j + 1):
                        self.block_code[k] = True
                    i = j + 1
                    continue
                prev_blank = False
            # Inline: code spans and comments, left to right; may run on to later lines.
            i, comment_start = self.inline(i, comment_start)
        if comment_start is not None:
            self.problems.append(
                (self.line_at(comment_start), "unclosed %% comment: add the closing %%")
            )

    def paragraph_end(self, i: int) -> int:
        """Offset of the end of the paragraph holding line ``i`` (before a blank or code line)."""
        if i in self._para_end:
            return self._para_end[i]
        j = i
        while j + 1 < len(self.raw) and not _blank(self.raw[j + 1]):
            if self.fence_end(j + 1) is not None:
                break
            j += 1
        for k in range(i, j + 1):
            self._para_end[k] = self.end_of(j)
        return self.end_of(j)

    def inline(self, i: int, comment_start: int | None) -> tuple[int, int | None]:
        """Scan from line ``i``; return the next line to look at and an open comment's start."""
        text = self.text
        pos, stop = self.starts[i], self.end_of(i)
        while pos < stop:
            if comment_start is not None:
                close = text.find("%%", pos, stop)
                if close < 0:
                    return i + 1, comment_start
                self.add(COMMENT, comment_start, close + 2)
                comment_start, pos = None, close + 2
                continue
            found = _SPECIAL.search(text, pos, stop)  # skip plain text in one step
            if found is None:
                break
            pos = found.start()
            ch = text[pos]
            if ch == "\\" and pos + 1 < stop:
                pos += 2
                continue
            if ch == "`":
                run = re.match(r"`+", text[pos:stop]).group(0)
                end = self.paragraph_end(i)
                close = re.compile(rf"(?<!`){run}(?!`)").search(text, pos + len(run), end)
                if close is None:
                    pos += len(run)
                    continue
                self.add(CODE, pos, close.end())
                pos = close.end()
                if pos > stop:  # the span ran on to a later line
                    i = self.line_at(pos) - 1
                    stop = self.end_of(i)
                continue
            if text.startswith("%%", pos):
                comment_start, pos = pos, pos + 2
                continue
            pos += 1
        return i + 1, comment_start

    # -- after the pass --

    def math(self) -> None:
        """``$$…$$`` and ``$…$`` outside code and comments, never across them or a blank line."""
        if "$" not in self.text:
            return
        barriers = sorted((s.start, s.end) for s in self.spans if s.kind != FRONT_MATTER)
        body = self.starts[self.body] if self.body < len(self.starts) else len(self.text)
        for seg_start, seg_end in _gaps(barriers, body, len(self.text)):
            for chunk_start, chunk_end in _paragraphs(self.text, seg_start, seg_end):
                for m in MATH_RE.finditer(self.text, chunk_start, chunk_end):
                    display, inline = m.group("display"), m.group("inline")
                    if display is not None and display.strip():
                        self.add(MATH, m.start(), m.end(), "display")
                    elif inline is not None:
                        self.add(MATH, m.start(), m.end(), "inline")

    def block_ids(self) -> None:
        hidden = {CODE, COMMENT, MATH}
        spans = sorted((s for s in self.spans if s.kind in hidden), key=lambda s: s.start)
        starts = [s.start for s in spans]
        for i in range(self.body, len(self.raw)):
            if self.block_code[i] or "^" not in self.raw[i]:
                continue
            line = self.raw[i].rstrip("\r")
            m = _BLOCK_ID.search(_mask_line(line, self.starts[i], spans, starts))
            if m:
                start = self.starts[i] + m.start()
                self.add(BLOCK_ID, start, self.starts[i] + m.end(1), m.group(1))


def _mask_line(line: str, offset: int, spans: list[Span], starts: list[int]) -> str:
    """``line`` with the parts inside ``spans`` turned to spaces."""
    end = offset + len(line)
    chars = list(line)
    k = max(bisect.bisect_right(starts, offset) - 1, 0)
    while k < len(spans) and spans[k].start < end:
        span = spans[k]
        for p in range(max(span.start, offset), min(span.end, end)):
            chars[p - offset] = " "
        k += 1
    return "".join(chars)


def _gaps(barriers: list[tuple[int, int]], start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    for b_start, b_end in barriers:
        if b_end <= pos:
            continue
        if b_start > pos:
            yield pos, min(b_start, end)
        pos = max(pos, b_end)
    if pos < end:
        yield pos, end


_BLANK_LINE = re.compile(r"\n[ \t>]*(?=\n)")


def _paragraphs(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Pieces of ``text[start:end]`` between blank lines (a bare ``>`` line counts as blank)."""
    pos = start
    for m in _BLANK_LINE.finditer(text, start, end):
        yield pos, m.start()
        pos = m.end()
    yield pos, end


def parse(text: str, *, front_matter: bool = True) -> Source:
    """Split ``text`` (a whole note, or with ``front_matter=False`` a fragment) once.

    Results are cached by text: asking again for the same note costs a dictionary lookup.
    Notes and fragments are kept apart (4096 of each): a build parses some 15 000 distinct
    fragments (sentences, paragraphs) of 1000 notes, which would otherwise push the notes out
    before the pages that read them again (the gallery, say) ask.
    """
    return (_parse_note if front_matter else _parse_fragment)(text)


@functools.lru_cache(maxsize=4096)
def _parse_note(text: str) -> Source:
    return _parse(text, True)


@functools.lru_cache(maxsize=4096)
def _parse_fragment(text: str) -> Source:
    return _parse(text, False)


# Characters without which a fragment holds no span: fences and code spans need a backtick or a
# tilde, comments a %, math a $, block ids a ^, indented code a tab or four spaces.
_SPAN_CHARS = frozenset("`~%$^\t")


def _parse(text: str, front_matter: bool) -> Source:
    if not front_matter and "    " not in text and _SPAN_CHARS.isdisjoint(text):
        return _plain_fragment(text)
    return _scan(text, front_matter)


def _plain_fragment(text: str) -> Source:
    """:func:`_scan` of a fragment that holds none of :data:`_SPAN_CHARS`: lines, no spans.

    Most fragments (a linking sentence, a paragraph) are such; the scanner's passes cost
    about a third of a cold build's parsing for nothing.
    """
    lines, starts, pos = [], [], 0
    for i, raw in enumerate(text.split("\n")):
        starts.append(pos)
        lines.append(Line(i + 1, pos, pos + len(raw), _quote_prefix(raw)[0], False))
        pos += len(raw) + 1
    return Source(text, tuple(lines), (), 1, (), starts)


def _scan(text: str, front_matter: bool) -> Source:
    scanner = _Scanner(text, front_matter)
    scanner.run()
    scanner.math()
    scanner.block_ids()
    spans = tuple(sorted(scanner.spans, key=lambda s: (s.start, -s.end)))
    lines = []
    for i, raw in enumerate(scanner.raw):
        lines.append(
            Line(
                i + 1,
                scanner.starts[i],
                scanner.end_of(i),
                _quote_prefix(raw)[0],
                scanner.block_code[i],
            )
        )
    return Source(
        text,
        tuple(lines),
        spans,
        scanner.body + 1,
        tuple(scanner.problems),
        scanner.starts,
    )


# --- helpers for text that is already one block ---------------------------------------------


def trailing_block_id(text: str) -> re.Match[str] | None:
    """The block id ending ``text`` (a line, or a paragraph's text), if any: group 1 is the id.

    The same rule :func:`parse` applies to lines; the caller has left code and math out.
    """
    return _BLOCK_ID.search(text)


def block_id_alone(text: str) -> str | None:
    """The id when ``text`` is nothing but a block id (``^id`` on a line of its own)."""
    m = _BLOCK_ID.search(text)
    return m.group(1) if m and not text[: m.start()].strip() else None


def lines_in_display_math(src: Source) -> set[int]:
    """1-based numbers of the lines inside display math that spans more than one line."""
    return {n for m in src.of(MATH) if m.end_line > m.line for n in range(m.line, m.end_line + 1)}


# --- front matter -----------------------------------------------------------------------------

INVALID_DATE = "front matter holds a date that does not exist"


def front_matter(source: Source | str, shown: str) -> tuple[dict, int]:
    """(metadata, number of lines the front matter takes), parsed as the site parses it.

    Errors are :class:`NoteError` naming ``shown`` (``docs/Note.md``) and the line: YAML syntax
    (the line of the problem), an impossible date such as ``2024-13-01``, or a value that is not
    a mapping.
    """
    src = parse(source) if isinstance(source, str) else source
    span = src.front_matter
    if span is None:
        return {}, 0
    lines = src.text[span.start : span.end].split("\n")
    end = len(lines) - 1
    try:
        data = _load_yaml("\n".join(lines[1:end]))
    except ValueError as exc:  # e.g. a date that does not exist: 2024-13-01
        line = next((i + 1 for i in range(1, end) if _bad_date(lines[i])), 1)
        raise NoteError(f"{INVALID_DATE}: {exc}", path=shown, line=line) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise NoteError(f"malformed front matter: {problem}", path=shown, line=line) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise NoteError(
            f"front matter must be a mapping of keys to values, not {type(data).__name__}",
            path=shown,
            line=1,
        )
    return data, end + 1


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)  # libyaml's parser, when PyYAML has it


def _load_yaml(text: str) -> object:
    """``yaml.safe_load``, by libyaml when there (a tenth of the time at 1000 notes).

    Both build values with the same safe constructor; on any error the text is read again by
    the pure-Python loader, so that messages and line numbers are always its own. Known limit:
    libyaml accepts a few odd documents the pure-Python parser refuses (PyYAML's issue list).
    """
    if _FAST_LOADER is not None:
        with contextlib.suppress(Exception):  # the pure-Python loader below reports it
            return yaml.load(text, Loader=_FAST_LOADER)  # a safe loader: SafeConstructor
    return yaml.safe_load(text)


def _bad_date(line: str) -> bool:
    """Whether a front-matter line holds something shaped like a date that is not one."""
    m = re.search(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", line)
    if not m:
        return False
    try:
        datetime.date(*map(int, m.groups()))
    except ValueError:
        return True
    return False
