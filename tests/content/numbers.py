"""Where numbers stand in the project's texts, and which entry of ``claims.py`` covers each.

The texts (*documents*) are the notes (``docs/**/*.md``), the Markdown cells of the notebook
pages (``notebooks/*.py``) and the captions of the figures (the title and sentence of each
registered snippet's docstring, which the site shows as caption and alt text), one document per
snippet module. :func:`documents` reads them all.

Which parts of a note are text is decided by :mod:`rectified.source`, the project's one
scanner: front matter, code (fences, indented blocks, code spans), ``%%comments%%`` and block ids
are skipped; inline and display math are scanned. This module adds only what is not code: the
hidden parts of links (a wikilink's target when an alias is shown, an embed's file name, a
Markdown link's URL).

A *number* (:class:`Token`) is

- in text: digits with an optional decimal part, not glued to a letter (``x1``, ``v2.0`` and
  ``float64`` are names), with the minus sign (``-`` or ``−``) that stands right before it;
- in math: any run of digits (``e^{2x}``, ``x_1``), signed the same way; ``4.5 \\times 10^{-5}``
  is one number, and so is a bare power of ten, ``10^{-11}``; ``\\tfrac12`` is two, 1 and 2.

A sign is a minus right before the digits that does not follow an operand (``x-1``, ``)-2``
subtract; ``(-1``, ``= -0.75`` and ``^{-5}`` are signs).

An entry names a *phrase*: text copied from the document, found there exactly once. Runs of
white space in a phrase match any white space, including a line break and the ``>`` markers of
a quote or callout that continue a paragraph, so a phrase may run over a wrapped line.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from rectified import source
from rectified.figures.spec import load_registry
from rectified.vault import WIKILINK

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
NOTEBOOKS = ROOT / "notebooks"

SKIPPED = source.CODE_KINDS | {source.FRONT_MATTER, source.COMMENT, source.BLOCK_ID}
MINUS = "-\u2212"  # hyphen-minus and the minus sign
_SIGN = rf"(?:(?<![\w)\]}}.\\])[{MINUS}])?"
PROSE_NUMBER = re.compile(_SIGN + r"(?<![\w.])\d+(?:\.\d+)?(?!\w|\.\d)")
_MATH_PLAIN = r"(?<![\d.])\d+(?:\.\d+)?(?!\.?\d)"
_POWER = rf"10\s*\^\s*(?:\{{\s*[{MINUS}]?\s*\d+\s*\}}|\d)"
_FRAC_DIGIT = r"(?<=frac)\d|(?<=frac\d)\d"  # \frac12 is 1 over 2
MATH_NUMBER = re.compile(
    _SIGN
    + rf"(?:{_FRAC_DIGIT}|{_MATH_PLAIN}\s*(?:\\times|\\cdot|×)\s*{_POWER}"
    + rf"|(?<![\d.]){_POWER}|{_MATH_PLAIN})"
)
# A Markdown link's target: ](url) or ](<url with spaces>), with an optional title.
_LINK_TARGET = re.compile(r"\]\((?:<[^>\n]*>|[^)\s]*)(?:\s+\"[^\"\n]*\")?\)")
_WS = re.compile(r"\s+")
_FLEX = r"(?:[ \t]+|[ \t]*\n[ \t>]*)"  # white space, or a line break and quote markers


@dataclass(frozen=True)
class Token:
    """A number as the document writes it, at ``text[start:end]`` on 1-based ``line``."""

    text: str
    start: int
    end: int
    line: int
    math: bool


@dataclass(frozen=True)
class Document:
    key: str  # its key in claims.NOTES: vault path, notebooks/NAME.py or snippets/NAME.py
    path: str  # repository path, for messages
    text: str  # what phrases are matched against; line n is line n of the file
    tokens: tuple[Token, ...]
    hidden: tuple[tuple[int, int], ...] = ()  # code, comments, front matter: not text

    def line_of(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1


def normalise(number: str) -> str:
    """A number's text with one kind of minus and single spaces."""
    return _WS.sub(" ", number.replace("\u2212", "-")).strip()


# --- scanning -------------------------------------------------------------------------------


def _hidden_link_parts(text: str, masked: str) -> Iterator[tuple[int, int]]:
    """Spans of link syntax the reader does not see as text."""
    for m in WIKILINK.finditer(masked):
        inner = m.group(2)
        if m.group(1):  # an embed: ![[file.svg]] shows the file, not its name
            yield m.start(), m.end()
        elif "|" in inner:  # [[target|alias]]: only the alias shows
            yield m.start(), m.start(2) + inner.index("|") + 1
    for m in _LINK_TARGET.finditer(masked):
        yield m.start() + 1, m.end()


def hidden(text: str, *, front_matter: bool = True) -> tuple[tuple[int, int], ...]:
    """Where the text is not text: code, comments, front matter, block ids."""
    parsed = source.parse(text, front_matter=front_matter)
    return tuple((s.start, s.end) for s in parsed.spans if s.kind in SKIPPED)


def scan(text: str, *, front_matter: bool = True) -> tuple[Token, ...]:
    """The numbers of a note's text (``front_matter=False``: a fragment, as a notebook cell)."""
    parsed = source.parse(text, front_matter=front_matter)
    masked = parsed.masked(SKIPPED)
    chars = list(masked)
    for start, end in _hidden_link_parts(text, masked):
        chars[start:end] = re.sub(r"[^\n]", " ", masked[start:end])
    masked = "".join(chars)
    maths = [(s.start, s.end) for s in parsed.of(source.MATH)]
    found: list[Token] = []
    pos = 0
    for start, end in [*maths, (len(masked), len(masked))]:
        found += _tokens(masked, pos, start, PROSE_NUMBER, False)
        found += _tokens(masked, start, end, MATH_NUMBER, True)
        pos = end
    return tuple(sorted(found, key=lambda t: t.start))


def _tokens(masked: str, start: int, end: int, pattern: re.Pattern, in_math: bool) -> list[Token]:
    return [
        Token(m.group(0), m.start(), m.end(), masked.count("\n", 0, m.start()) + 1, in_math)
        for m in pattern.finditer(masked, start, end)
    ]


def markdown_cells(script: str) -> str:
    """The Markdown cells of a jupytext percent script, comment markers removed, lines kept.

    Every other line (code, cell markers) becomes empty, so line n is line n of the script.
    """
    out, in_markdown = [], False
    for line in script.split("\n"):
        if line.startswith("# %%"):
            in_markdown = "[markdown]" in line
            out.append("")
        elif in_markdown and line.startswith("#"):
            out.append(line[2:] if line.startswith("# ") else line[1:])
        else:
            out.append("")
    return "\n".join(out)


def _docstring_lines(path: Path, function: str) -> tuple[int, list[str]]:
    """(line of the docstring's first line, its raw lines) of a module-level function."""
    tree = ast.parse(path.read_text("utf-8"))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == function:
            doc = node.body[0].value if node.body else None
            if isinstance(doc, ast.Constant) and isinstance(doc.value, str):
                return doc.lineno, doc.value.split("\n")
    raise LookupError(f"{path}: no docstring for {function}")


def caption_text(path: Path, specs: Iterable) -> str:
    """The captions of ``specs`` (figures drawn by the module at ``path``), each on its lines.

    Title and sentence stand on the lines where the docstring writes them; all other lines are
    empty. What is kept is checked against the registry reader's own title and sentence, so the
    scan sees exactly what the site shows.
    """
    lines = [""] * (path.read_text("utf-8").count("\n") + 1)
    for spec in specs:
        first, raw = _docstring_lines(path, spec.function)
        at = [i for i, line in enumerate(raw) if line.strip()]
        title = at[0]
        lines[first - 1 + title] = raw[title].strip()
        body: list[str] = []
        for i in range(title + 2, len(raw)):
            if not raw[i].strip():
                break
            lines[first - 1 + i] = raw[i].strip()
            body.append(raw[i].strip())
        shown = (raw[title].strip(), " ".join(body))
        assert shown == (spec.title, spec.summary), (
            f"{path}: the caption of {spec.function} reads {shown}, the registry {spec.title!r}"
        )
    return "\n".join(lines)


def documents(root: Path = ROOT) -> dict[str, Document]:
    """Every document whose numbers must be covered, by key."""
    docs: dict[str, Document] = {}
    for path in sorted((root / "docs").rglob("*.md")):
        rel = path.relative_to(root / "docs").as_posix()
        if rel.split("/")[0] in ("figures", "notebooks"):
            continue
        text = path.read_text("utf-8")
        docs[rel] = Document(rel, f"docs/{rel}", text, scan(text), hidden(text))
    for path in sorted((root / "notebooks").glob("*.py")):
        rel = path.relative_to(root).as_posix()
        text = markdown_cells(path.read_text("utf-8"))
        docs[rel] = Document(
            rel, rel, text, scan(text, front_matter=False), hidden(text, front_matter=False)
        )
    by_module: dict[Path, list] = {}
    for spec in load_registry().values():
        by_module.setdefault(spec.path, []).append(spec)
    for path, specs in sorted(by_module.items()):
        rel = path.relative_to(root).as_posix()
        text = caption_text(path, specs)
        docs[rel] = Document(rel, rel, text, scan(text, front_matter=False))
    return docs


# --- phrases --------------------------------------------------------------------------------


def phrase_pattern(phrase: str) -> re.Pattern:
    parts = phrase.split()
    if not parts:
        raise ValueError("the phrase is empty")
    return re.compile(_FLEX.join(re.escape(p) for p in parts))


def find(doc: Document, phrase: str) -> list[tuple[int, int]]:
    """Where ``phrase`` stands in the document's text (non-overlapping; not inside code)."""
    found = [(m.start(), m.end()) for m in phrase_pattern(phrase).finditer(doc.text)]
    return [f for f in found if not any(a <= f[0] and f[1] <= b for a, b in doc.hidden)]


def place(doc: Document, phrase: str) -> tuple[tuple[int, int] | None, str]:
    """(span, "") for a phrase found exactly once; (None, why not) otherwise."""
    spans = find(doc, phrase)
    if not spans:
        return None, f"{doc.path}: phrase {phrase!r} not found"
    if len(spans) > 1:
        lines = ", ".join(str(doc.line_of(s)) for s, _ in spans)
        return None, (
            f"{doc.path}: phrase {phrase!r} found {len(spans)} times (lines {lines}); "
            "lengthen it until it is found once"
        )
    span = spans[0]
    cut = [t for t in doc.tokens if t.start < span[1] and t.end > span[0]]
    cut = [t for t in cut if t.start < span[0] or t.end > span[1]]
    if cut:
        return None, (
            f"{doc.path}:{cut[0].line}: phrase {phrase!r} cuts the number {cut[0].text!r}; "
            "take in the whole number, its sign included"
        )
    return span, ""


def inside(doc: Document, span: tuple[int, int]) -> list[Token]:
    return [t for t in doc.tokens if span[0] <= t.start and t.end <= span[1]]


def suggest(doc: Document, token: Token) -> str:
    """A phrase around ``token`` that is found once and cuts no number: what to paste."""
    return around(doc, token.start, token.end) or doc.text[token.start : token.end]


def around(
    doc: Document, start: int, end: int, avoid: Iterable[Token] = (), words: int = 3
) -> str | None:
    """The shortest phrase holding ``text[start:end]``, widened a word at a time on either side
    (never past its line, nor over a number of ``avoid``), that is found once, cuts no number
    and has at least ``words`` words where the line allows.
    """
    line_start = doc.text.rfind("\n", 0, start) + 1
    line_end = doc.text.find("\n", end)
    line_end = len(doc.text) if line_end < 0 else line_end
    left = [m.start() for m in re.finditer(r"(?<=\s)\S", doc.text[line_start:start])]
    right = [m.end() for m in re.finditer(r"\S(?=\s|$)", doc.text[end:line_end])]
    lefts = [start] + [line_start + i for i in reversed(left)]
    rights = [end] + [end + i for i in right]
    avoid = [t for t in avoid if not (start <= t.start and t.end <= end)]
    for total in range(len(lefts) + len(rights) - 1):
        for a in range(min(total, len(lefts) - 1), -1, -1):
            b = total - a
            if b >= len(rights):
                continue
            s, e = lefts[a], rights[b]
            phrase = doc.text[s:e].strip()
            if not phrase or phrase.startswith(">"):
                continue
            if any(s < t.end and t.start < e for t in avoid):
                continue
            if not has_words(phrase):
                continue
            if len(phrase.split()) < words and (a < len(lefts) - 1 or b < len(rights) - 1):
                continue
            span, _ = place(doc, phrase)
            if span is not None and span[0] <= start and end <= span[1]:
                return phrase
    return None


def has_words(phrase: str) -> bool:
    """Whether a phrase says more than its numbers: a word of two letters or more, or (in a
    formula) at least eight other characters."""
    bare = MATH_NUMBER.sub(" ", PROSE_NUMBER.sub(" ", phrase))
    return re.search(r"[^\W\d_]{2,}", bare) is not None or len("".join(bare.split())) >= 8


def literal(text: str) -> str:
    """``text`` as a Python string literal to paste: raw if that is possible."""
    if "\\" in text and '"' not in text and not text.endswith("\\"):
        return f'r"{text}"'
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- values ---------------------------------------------------------------------------------

_SCI = re.compile(rf"^(-?)(\d+(?:\.\d+)?)\s*(?:\\times|\\cdot|×)\s*{_POWER}$")
_POWER_ONLY = re.compile(rf"^(-?){_POWER}$")
_EXPONENT = re.compile(rf"\^\s*\{{?\s*([{MINUS}]?)\s*(\d+)")


def _decimals(digits: str) -> int:
    return len(digits.split(".")[1]) if "." in digits else 0


def _format(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0.0 else text


def mismatch(stated: str, value: object) -> str | None:
    """Why ``value`` (text, or a number) is not what ``stated`` says, or None if it is.

    A text must be the same text. A number must round to the stated digits: ``0.1700`` is a
    value in [0.16995, 0.17005) with its sign, ``4.5 \\times 10^{-5}`` a mantissa of one decimal
    (in [1, 10)) times that power, a bare ``10^{-11}`` the nearest power of ten.
    """
    stated = normalise(stated)
    if isinstance(value, str):
        got = normalise(value)
        return None if got == stated else f"the code gives {got!r}"
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return f"compute() returned {value!r}, not a number or its text"
    value = float(value)
    if not math.isfinite(value):
        return f"the code gives {value}"
    sci = _SCI.match(stated)
    if sci:
        exponent = _exponent(stated)
        mantissa = value / 10.0**exponent
        if not 1.0 <= abs(mantissa) < 10.0:
            return f"the code gives {value:.3g}, not of the order 10^{exponent}"
        want = sci.group(1) + sci.group(2)
        got = _format(mantissa, _decimals(sci.group(2)))
        return None if got == want else f"the code gives {got} × 10^{exponent} ({value:.6g})"
    if _POWER_ONLY.match(stated):
        exponent = _exponent(stated)
        negative = stated.startswith("-")
        if value == 0.0 or (value < 0) != negative:
            return f"the code gives {value:.3g}"
        got = round(math.log10(abs(value)))
        return None if got == exponent else f"the code gives {value:.3g}, about 10^{got}"
    got = _format(value, _decimals(stated))
    return None if got == stated else f"the code gives {got} ({value!r})"


def _exponent(stated: str) -> int:
    m = _EXPONENT.search(stated)
    assert m is not None, stated
    return -int(m.group(2)) if m.group(1) else int(m.group(2))


# --- coverage -------------------------------------------------------------------------------


@dataclass
class Coverage:
    """Which entry covers each number of a document, and what is wrong with the entries."""

    doc: Document
    claimed: dict[Token, object]  # token -> the Claim that checks it
    given: dict[Token, object]  # token -> the Given that covers it
    errors: list[str]

    def uncovered(self) -> list[Token]:
        return [t for t in self.doc.tokens if t not in self.claimed and t not in self.given]


def claim_token(doc: Document, claim) -> tuple[Token | None, str]:
    """The number a claim checks: the one of its text inside its phrase."""
    span, why = place(doc, claim.at)
    if span is None:
        return None, why + _changed_number(doc, claim)
    want = normalise(claim.text)
    hits = [t for t in inside(doc, span) if normalise(t.text) == want]
    if len(hits) != 1:
        numbers = [t.text for t in inside(doc, span)]
        return None, (
            f"{doc.path}:{doc.line_of(span[0])}: phrase {claim.at!r} holds "
            f"{'no' if not hits else len(hits)} number {claim.text!r} (its numbers: {numbers})"
        )
    return hits[0], ""


def _changed_number(doc: Document, claim) -> str:
    """If the phrase is found with another number in place of the claim's, say where and what."""
    if not find(doc, claim.at) and claim.text in claim.at:
        before, _, after = claim.at.partition(claim.text)
        pattern = phrase_pattern(before + "\0" + after).pattern.replace(
            re.escape("\0"), rf"([{MINUS}]?\d+(?:\.\d+)?)"
        )
        hits = list(re.finditer(pattern, doc.text))
        if len(hits) == 1:
            now = hits[0].group(1)
            return (
                f"; line {doc.line_of(hits[0].start())} now reads {hits[0].group(0)!r}: "
                f"the note says {now} where the claim says {claim.text} ({claim.what}). "
                "If the note is right, the code must agree; if not, restore the number"
            )
    return ""


def cover(doc: Document, entry) -> Coverage:
    """Bind every claim and given entry of ``entry`` (a claims.NoteNumbers) to its place."""
    result = Coverage(doc, {}, {}, [])
    for claim in entry.checked:
        token, why = claim_token(doc, claim)
        if token is None:
            result.errors.append(why)
        elif token in result.claimed:
            result.errors.append(f"{doc.path}:{token.line}: {token.text} is claimed twice")
        else:
            result.claimed[token] = claim
    for given in entry.given:
        span, why = place(doc, given.at)
        if span is None:
            result.errors.append(why)
            continue
        held = inside(doc, span)
        if not held:
            result.errors.append(f"{doc.path}:{doc.line_of(span[0])}: {given.at!r} has no number")
        for token in held:
            if token in result.claimed or token in result.given:
                result.errors.append(
                    f"{doc.path}:{token.line}: {token.text} in {given.at!r} is covered twice "
                    "(one place, one entry: shorten a phrase)"
                )
            else:
                result.given[token] = given
    return result


def paste(doc: Document, token: Token) -> str:
    """What to add to claims.py for an uncovered number."""
    phrase = literal(suggest(doc, token))
    return (
        f"{doc.path}:{token.line}: {token.text} is neither checked nor given. Add to "
        f"NOTES[{doc.key!r}] in tests/content/claims.py, in checked=[...]:\n"
        f'    Claim({literal(token.text)}, {phrase}, compute=lambda: ..., what="..."),\n'
        f"or, if it needs no computation, in given=[...]:\n"
        f'    Given({phrase}, why="..."),'
    )
