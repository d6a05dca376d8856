"""``python -m rectified.lint [PATH...]``: check notes for what a contributor must get right.

Prints one line per problem, ``path:line: CODE message`` as ruff does, and exits 1 if there is
any. A PATH is a note or a folder of notes (default: ``docs``). The rules:

Front matter (YAML between a first line ``---`` and the next ``---``):

* FM001 it parses (as the site parses it), to a mapping with no key twice, and it is closed;
* FM002 ``title``, if present, is a non-empty string;
* FM003 ``tags`` is a list of lowercase words joined by hyphens (``piecewise-linear``);
* FM004 ``aliases`` is a list of strings;
* FM005 a date (a key ending in ``date``, or ``created``, ``updated``, ``modified``) is an ISO
  date, ``YYYY-MM-DD``.

Body:

* QT001 a ``> [!quote]`` callout ends with an attribution: its last paragraph has a line that
  starts with ``—`` (or ``--``) and the source (``— Author, *Work*, p. 12``);
* IM001 a Markdown image ``![alt](src)`` has alt text;
* IM002 an embedded image ``![[photo.png|alt text]]`` has alt text, unless a snippet in
  ``snippets/registry.py`` makes it (``![[NAME.svg]]``: the site takes the docstring);
* IM003 an HTML ``<img>`` has a non-empty ``alt``.

Nothing that runs code on a reader's machine, anywhere in a note (front matter included) outside
fenced code blocks and inline code; these are checked on the text as a browser would read it
(HTML entities decoded, tabs and line breaks in URLs ignored):

* JS001 no ``<script>``, ``<iframe>``, ``<object>``, ``<embed>`` (nor ``<frame>``,
  ``<frameset>``, ``<applet>``, ``<base>``, ``<meta>``);
* JS002 no inline event handler (``onclick=``...) in an HTML tag or a ``{: attribute list}``;
* JS003 no ``javascript:`` or ``vbscript:`` URL;
* JS004 no attribute that loads a page or sends a form elsewhere (``srcdoc=``, the HTML of a
  whole page in an attribute; ``formaction=``, a button's own form target), in an HTML tag or
  a ``{: attribute list}``.

A ``<meta>`` (``http-equiv="refresh"`` redirects the reader) and a ``<base>`` (it re-targets
every relative link of the page) are refused by JS001 whatever their attributes.

File names (each folder and file under the vault), so that every note gets a clean URL:

* FN001 only letters, digits, spaces, hyphens, parentheses, commas, apostrophes and dots;
* FN002 no leading or trailing space;
* FN003 no two notes with the same URL (``url_slug``: ``Soft-plus.md`` and ``Soft plus.md``);
* FN004 the file is UTF-8 text.

Links (the vault check, :mod:`rectified.check`, over the whole vault; what a build stops on):

* LK001 a wikilink or embed names a heading or block its note lacks, or an ambiguous note;
* LK002 an embedded image is no registered figure and no image of the vault;
* LK003 an embedded file does not exist;
* NT001 the note cannot be read by the site (a block id twice), unless FM001 says why already.

Every problem of every note is printed in one run.

A fence that is never closed is not code (the site renders what follows it as Markdown), so it
hides nothing from these checks.
"""

from __future__ import annotations

import argparse
import ast
import bisect
import datetime as dt
import html
import re
import sys
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import markdown
import yaml

from rectified.errors import NoteError
from rectified.markdown.figures import EMBED_RE, SIZE_RE
from rectified.source import BLOCK_CODE, CODE_KINDS, INVALID_DATE, Source, parse
from rectified.source import front_matter as _front_matter
from rectified.vault import _skipped, url_slug

__all__ = [
    "Problem",
    "assigned_dict",
    "figure_names",
    "lint_file",
    "lint_paths",
    "lint_text",
    "main",
    "name_problems",
]


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.code} {self.message}"


# --- front matter -----------------------------------------------------------------------------

_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
TAG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_KEY = re.compile(r"(?:date|created|updated|modified)$", re.IGNORECASE)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _closing_line(lines: list[str]) -> int | None:
    """Index of the line that closes front matter opened on the first line (as vault.py)."""
    return next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 2  # +1: 1-based, +1: the opening '---'


def _scalar(node: yaml.Node | None) -> str:
    return node.value if isinstance(node, yaml.ScalarNode) else ""


def _bad_timestamp(node: yaml.ScalarNode) -> bool:
    """A value YAML reads as a timestamp but that is no date (2024-13-01) fails to load."""
    try:
        yaml.SafeLoader("").construct_yaml_timestamp(node)
    except ValueError:
        return True
    return False


def _is_iso_date(node: yaml.Node) -> bool:
    if not isinstance(node, yaml.ScalarNode) or node.tag not in (_STR, _TIMESTAMP):
        return False
    if not ISO_DATE.match(node.value):
        return False
    try:
        dt.date.fromisoformat(node.value)
    except ValueError:
        return False
    return True


def _string_list(
    key: str, node: yaml.Node, shown: str, code: str, item_ok, rule: str, example: str
) -> Iterator[Problem]:
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        return  # `tags:` with nothing after it: none
    if not isinstance(node, yaml.SequenceNode):
        yield Problem(shown, _line(node), code, f"'{key}' must be a list, e.g. {example}")
        return
    for item in node.value:
        if not (isinstance(item, yaml.ScalarNode) and item.tag == _STR and item_ok(item.value)):
            shown_item = _scalar(item) or f"<{type(item).__name__[:-4].lower()}>"
            yield Problem(shown, _line(item), code, f"'{key}' item {shown_item!r}: {rule}")


def _text_ok(value: str) -> bool:
    return bool(value.strip())


def _tag_ok(value: str) -> bool:
    return bool(TAG_RE.match(value)) and not value.replace("-", "").isdigit()


def _front_matter_problems(text: str, shown: str) -> tuple[list[Problem], int]:
    """Problems in the front matter, and the index of the first line after it."""
    lines = text.splitlines()
    if not lines or lines[0].rstrip() != "---":
        return [], 0
    end = _closing_line(lines)
    if end is None:
        problem = Problem(shown, 1, "FM001", "front matter opened here is never closed by '---'")
        return [problem], 0
    try:
        _front_matter(text, shown)  # exactly what the site accepts
    except NoteError as exc:
        if not exc.message.startswith(INVALID_DATE):
            return [Problem(shown, exc.line or 1, "FM001", exc.message)], end + 1
        # a date that does not exist: found below, with its line and key
    root = yaml.compose("\n".join(lines[1:end]), Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return [], end + 1
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for key_node, value in root.value:
        key, line = _scalar(key_node), _line(key_node)
        if key in seen:
            msg = f"key '{key}' appears twice (first on line {seen[key]}); the site keeps the last"
            problems.append(Problem(shown, line, "FM001", msg))
        seen.setdefault(key, line)
        if key == "title":
            if not (_scalar(value).strip() and value.tag == _STR):
                msg = "'title' must be a non-empty string (quote it if YAML reads a number)"
                problems.append(Problem(shown, _line(value), "FM002", msg))
        elif key == "tags":
            rule = "a tag is lowercase words joined by hyphens (piecewise-linear), no '#'"
            example = "[activation, piecewise-linear]"
            problems += _string_list(key, value, shown, "FM003", _tag_ok, rule, example)
        elif key in ("aliases", "alias"):
            rule = "an alias is a non-empty string (quote it if YAML reads a number or a date)"
            example = "[ReLU, rectifier]"
            problems += _string_list(key, value, shown, "FM004", _text_ok, rule, example)
        elif DATE_KEY.search(key):
            if not _is_iso_date(value):
                shown_value = _scalar(value) or "nothing"
                msg = f"'{key}' must be an ISO date, YYYY-MM-DD (2024-05-12), not {shown_value}"
                problems.append(Problem(shown, _line(value), "FM005", msg))
            continue
        for node in _scalars(value):
            if node.tag == _TIMESTAMP and _bad_timestamp(node):
                msg = f"malformed front matter: {node.value} is not a date (quote it if it is text)"
                problems.append(Problem(shown, _line(node), "FM001", msg))
    return problems, end + 1


def _scalars(node: yaml.Node) -> Iterator[yaml.ScalarNode]:
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item)
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            yield from _scalars(k)
            yield from _scalars(v)


# --- code: fenced blocks and inline spans are masked before the body is checked ---------------
#
# What is code is the source layer's answer (rectified.source), which follows the renderer:
# pymdownx.superfences is strict (the closing fence repeats the opening one exactly, at the same
# indentation and quote level, and every line in between keeps that prefix; otherwise the
# "fence" is plain text and what follows it is rendered as Markdown and HTML), so a fence
# that is not that strict hides nothing here, and :func:`_rendered_problems` checks the
# rendered note as well. Comments are not masked: what a note hides is still checked.


def _code_lines(src: Source) -> set[int]:
    """0-based indices of the lines of code blocks (fence openers and closers included)."""
    return {n - 1 for s in src.of(*BLOCK_CODE) for n in range(s.line, s.end_line + 1)}


class _Lines:
    """Offset in a text -> 1-based line number."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def __call__(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


# --- active content ---------------------------------------------------------------------------

ACTIVE_TAGS = ("script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta")
_ACTIVE_TAG = re.compile(rf"<({'|'.join(ACTIVE_TAGS)})\b", re.IGNORECASE)
_ATTRS = r"""(?:"[^"]*"|'[^']*'|[^'"{end}])*?"""
ACTIVE_ATTRIBUTES = ("srcdoc", "formaction")  # JS004


def _attribute_patterns(name: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """An attribute matching ``name`` (a regex) in an HTML tag, and in a ``{: attribute list}``."""
    in_tag = r"<[a-z][^\s/>]*" + _ATTRS.format(end=">") + r"""(?<=[\s/"'])(""" + name
    in_list = r"\{:?" + _ATTRS.format(end="{}") + r"""(?<=[\s{:"'])(""" + name
    return (
        re.compile(in_tag + r")\s*=", re.IGNORECASE),
        re.compile(in_list + r")\s*=", re.IGNORECASE),
    )


_HANDLER_IN_TAG, _HANDLER_IN_ATTR_LIST = _attribute_patterns(r"on[a-z]+")
_ACTIVE_ATTRIBUTE = _attribute_patterns(rf"(?:{'|'.join(ACTIVE_ATTRIBUTES)})\b")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
_SCHEMES = ("javascript:", "vbscript:")
_WHY = {
    "srcdoc": "it embeds a whole page, scripts included; notes must not embed or run code",
    "formaction": "it sends a form to another address; notes must not run code",
}


def _as_browser_reads(text: str) -> tuple[str, list[int]]:
    """Lowercased text with entities decoded and tabs/newlines removed, and source offsets."""
    chars: list[str] = []
    where: list[int] = []
    i = 0
    while i < len(text):
        m = _ENTITY.match(text, i) if text[i] == "&" else None
        decoded = html.unescape(m.group(0)) if m else text[i]
        if m and decoded == m.group(0):  # not an entity after all
            decoded, m = "&", None
        for ch in decoded:
            if ch not in "\t\n\r":
                chars.append(ch.lower())
                where.append(i)
        i = m.end() if m else i + 1
    return "".join(chars), where


def _active_content(masked: str, shown: str, line_of: _Lines) -> Iterator[Problem]:
    for m in _ACTIVE_TAG.finditer(masked):
        msg = f"raw <{m.group(1).lower()}> tag: notes must not embed or run code"
        yield Problem(shown, line_of(m.start()), "JS001", msg)
    for pattern in (_HANDLER_IN_TAG, _HANDLER_IN_ATTR_LIST):
        for m in pattern.finditer(masked):
            msg = f"inline event handler '{m.group(1)}=': notes must not run code"
            yield Problem(shown, line_of(m.start(1)), "JS002", msg)
    for pattern in _ACTIVE_ATTRIBUTE:
        for m in pattern.finditer(masked):
            msg = f"'{m.group(1).lower()}=' attribute: {_WHY[m.group(1).lower()]}"
            yield Problem(shown, line_of(m.start(1)), "JS004", msg)
    flat, where = _as_browser_reads(masked)
    for scheme in _SCHEMES:
        for m in re.finditer(re.escape(scheme), flat):
            msg = f"'{scheme}' URL: notes must not run code (put an example in `code`)"
            yield Problem(shown, line_of(where[m.start()]), "JS003", msg)


# The same rules on the note as the site renders it (without the site's own extensions, whose
# output is built from escaped text). This catches what the text scan took for code but the
# site does not (a "code span" inside a raw HTML block, say); such a finding is placed on the
# first line that mentions it.

RENDER_EXTENSIONS = [
    "tables",
    "attr_list",
    "md_in_html",
    "footnotes",
    "admonition",
    "pymdownx.details",
    "pymdownx.highlight",
    "pymdownx.superfences",
    "pymdownx.inlinehilite",
]


class _ActiveHTML(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (code, what)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ACTIVE_TAGS:
            self.found.append(("JS001", tag))
        for name, value in attrs:
            if re.fullmatch(r"on[a-z]+", name):
                self.found.append(("JS002", name))
            if name in ACTIVE_ATTRIBUTES:
                self.found.append(("JS004", name))
            flat = re.sub(r"[\x00-\x20]+", "", value or "").lower()
            self.found += [("JS003", scheme) for scheme in _SCHEMES if scheme in flat]

    handle_startendtag = handle_starttag


def _rendered_problems(text: str, lines: list[str], body_start: int, shown: str) -> list[Problem]:
    body = "\n".join(lines[body_start:])
    try:
        rendered = markdown.Markdown(extensions=RENDER_EXTENSIONS).convert(body)
    except Exception:  # the site build reports Markdown it cannot convert
        return []
    parser = _ActiveHTML()
    parser.feed(rendered)
    parser.close()
    problems = []
    for code, what in dict.fromkeys(parser.found):
        if code == "JS001":
            pattern = re.compile(rf"<{what}\b", re.IGNORECASE)
            msg = f"raw <{what}> tag (the site renders it as HTML): notes must not run code"
        elif code == "JS002":
            pattern = re.compile(rf"\b{what}\s*=", re.IGNORECASE)
            msg = f"inline event handler '{what}=' (the site renders it): notes must not run code"
        elif code == "JS004":
            pattern = re.compile(rf"\b{what}\s*=", re.IGNORECASE)
            msg = f"'{what}=' attribute (the site renders it): {_WHY[what]}"
        else:
            pattern = None
            msg = f"'{what}' URL (the site renders it): notes must not run code"
        line = body_start + 1
        if pattern is not None:
            hit = next(
                (i for i, t in enumerate(lines) if i >= body_start and pattern.search(t)), None
            )
            line = hit + 1 if hit is not None else line
        else:
            flat, where = _as_browser_reads(text)
            at = flat.find(what)
            line = _Lines(text)(where[at]) if at >= 0 else line
        problems.append(Problem(shown, line, code, msg))
    return problems


# --- images -----------------------------------------------------------------------------------

_MD_IMAGE = re.compile(r"!\[(?!\[)([^\]\n]*)\]\s?[(\[]")
_EMBED = re.compile(EMBED_RE)
_IMG_TAG = re.compile(r"""<img\b(?:"[^"]*"|'[^']*'|[^'">])*>?""", re.IGNORECASE)
_ALT_ATTR = re.compile(
    r"""(?:^|[\s"'/])alt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE
)


def _images(
    masked: str, shown: str, line_of: _Lines, figures: Collection[str]
) -> Iterator[Problem]:
    for m in _MD_IMAGE.finditer(masked):
        if not m.group(1).strip():
            msg = "image without alt text: write ![what it shows](file)"
            yield Problem(shown, line_of(m.start()), "IM001", msg)
    for m in _EMBED.finditer(masked):
        target, option = m.group(1).strip(), m.group(2)
        if option is not None and option.strip() and not SIZE_RE.match(option):
            continue  # ![[photo.png|alt text]]
        if "/" not in target and target.endswith(".svg") and target[:-4] in figures:
            continue  # a generated figure: the site's alt text is its docstring
        hint = (
            f" (or register a snippet named {target[:-4]!r} in snippets/registry.py)"
            if target.endswith(".svg") and "/" not in target
            else ""
        )
        msg = f"embedded image without alt text: write ![[{target}|what it shows]]{hint}"
        yield Problem(shown, line_of(m.start()), "IM002", msg)
    for m in _IMG_TAG.finditer(masked):
        alt = _ALT_ATTR.search(m.group(0)[4:])
        if alt is None or not "".join(g or "" for g in alt.groups()).strip():
            msg = '<img> without alt text: add alt="what it shows"'
            yield Problem(shown, line_of(m.start()), "IM003", msg)


# --- quote callouts ---------------------------------------------------------------------------

_QUOTE_LEVEL = re.compile(r"^[ ]{0,3}>[ ]?")
_QUOTE_CALLOUT = re.compile(r"^[ ]{0,3}\[!(quote|cite)\][+-]?", re.IGNORECASE)
ATTRIBUTION = re.compile(r"^\s*[*_]*(?:—|--)\s*\S")


def _levels(line: str, most: int | None = None) -> tuple[int, str]:
    """(number of '>' quote levels, at most ``most``; the rest of the line)."""
    depth = 0
    while (most is None or depth < most) and (m := _QUOTE_LEVEL.match(line)):
        depth, line = depth + 1, line[m.end() :]
    return depth, line


def _quote_callouts(lines: list[str], start: int, code: set[int], shown: str) -> Iterator[Problem]:
    for i in range(start, len(lines)):
        if i in code:
            continue
        depth, rest = _levels(lines[i])
        if depth == 0 or not _QUOTE_CALLOUT.match(rest):
            continue
        body: list[str] = []
        for line in lines[i + 1 :]:
            d, content = _levels(line, depth)
            if d < depth:
                break
            body.append(content)
        while body and not body[-1].strip():
            body.pop()
        last: list[str] = []
        for line in body:
            last = [] if not line.strip() else [*last, line]
        if not any(ATTRIBUTION.match(line) for line in last):
            msg = (
                "quote callout without attribution: end it with a paragraph "
                "'— Author, *Work*, p. N' (and a link to [[References]])"
            )
            yield Problem(shown, i + 1, "QT001", msg)


# --- one note ---------------------------------------------------------------------------------


def lint_text(text: str, shown: str, *, figures: Collection[str] = ()) -> list[Problem]:
    """Problems in the text of one note (not its file name); ``shown`` names it in messages."""
    problems, body_start = _front_matter_problems(text, shown)
    lines = text.splitlines()
    src = parse(text)
    code = _code_lines(src)
    masked = src.masked(CODE_KINDS)
    line_of = _Lines(masked)
    problems += _active_content(masked, shown, line_of)
    body = "\n".join("" if i < body_start else line for i, line in enumerate(masked.split("\n")))
    problems += _images(body, shown, line_of, figures)
    problems += _quote_callouts(lines, body_start, code, shown)
    found = {p.code for p in problems}
    problems += [
        p for p in _rendered_problems(text, lines, body_start, shown) if p.code not in found
    ]
    return sorted(set(problems))


# --- file names -------------------------------------------------------------------------------

NAME_CHARS = "letters, digits, spaces, hyphens, parentheses, commas, apostrophes and dots"


def name_problems(name: str) -> list[tuple[str, str]]:
    """(code, message) for a file or folder name that would not make a clean URL."""
    problems = []
    bad = sorted({c for c in name if not (c.isalpha() or c.isdecimal() or c in " -(),'.")})
    if bad:
        shown = ", ".join(repr(c) for c in bad)
        problems.append(("FN001", f"name {name!r} has {shown}: use only {NAME_CHARS}"))
    stem = name[:-3] if name.lower().endswith(".md") else name
    if stem != stem.strip():
        problems.append(("FN002", f"name {name!r} starts or ends with a space"))
    if not stem.strip():
        problems.append(("FN001", f"name {name!r} is empty"))
    return problems


def _path_problems(rel: str, shown: str) -> list[Problem]:
    return [Problem(shown, 1, c, m) for part in rel.split("/") for c, m in name_problems(part)]


# --- the registry -----------------------------------------------------------------------------


def assigned_dict(tree: ast.Module, name: str) -> ast.Dict | None:
    """The dictionary a module assigns to ``name`` at top level (``NAME = {...}``), if any."""
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        value = getattr(node, "value", None)
        if isinstance(value, ast.Dict) and any(
            isinstance(t, ast.Name) and t.id == name for t in targets
        ):
            return value
    return None


def figure_names(registry: str | Path) -> set[str]:
    """Names in ``FIGURES`` of a registry module, read without importing it (no matplotlib)."""
    path = Path(registry)
    if not path.is_file():
        return set()
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = assigned_dict(tree, "FIGURES")
    return {k.value for k in found.keys if isinstance(k, ast.Constant)} if found else set()


# --- files and folders ------------------------------------------------------------------------


def _notes_under(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*.md")
        if p.is_file() and not _skipped(p.relative_to(folder).as_posix())
    )


def _relative(path: Path, docs: Path) -> str | None:
    try:
        return path.resolve().relative_to(docs.resolve()).as_posix()
    except ValueError:
        return None


def lint_file(
    path: Path, shown: str, *, figures: Collection[str] = (), rel: str | None = None
) -> list[Problem]:
    """Problems of one note file: its name (``rel``: its path in the vault) and its text."""
    problems = _path_problems(rel if rel is not None else path.name, shown)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return [*problems, Problem(shown, 1, "FN004", f"not UTF-8 text: {exc.reason}")]
    return sorted(problems + lint_text(text, shown, figures=figures))


def lint_paths(
    paths: Iterable[str | Path],
    *,
    docs: str | Path = "docs",
    figures: Collection[str] | None = None,
) -> list[Problem]:
    """Lint notes and folders of notes; ``docs`` is the vault (for URLs and folder names).

    ``figures``: names of generated figures (default: read from ``snippets/registry.py`` next to
    the vault's folder).
    """
    docs = Path(docs)
    if figures is None:
        figures = figure_names(docs.parent / "snippets" / "registry.py")
    files: dict[Path, str] = {}
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for note in _notes_under(path):
                files.setdefault(note, note.as_posix())
        else:
            files.setdefault(path, path.as_posix())
    by_url: dict[str, list[str]] = {}
    if docs.is_dir():
        for note in _notes_under(docs):
            rel = note.relative_to(docs).as_posix()
            by_url.setdefault(url_slug(rel), []).append(rel)
    problems: list[Problem] = []
    shown_of: dict[str, str] = {}
    for path, shown in files.items():
        rel = _relative(path, docs)
        if rel is not None:
            shown_of[rel] = shown
        problems += lint_file(path, shown, figures=figures, rel=rel)
        if rel is None:
            continue
        url = url_slug(rel)
        others = [o for o in by_url.get(url, []) if o != rel]
        if others:
            msg = f"same URL /{url} as {', '.join(repr(o) for o in others)}: rename one of them"
            problems.append(Problem(shown, 1, "FN003", msg))
    if shown_of:
        problems += _vault_problems(docs, shown_of, figures, problems)
    return sorted(problems)


def _vault_problems(
    docs: Path, shown_of: dict[str, str], figures: Collection[str], found: list[Problem]
) -> list[Problem]:
    """The vault check's findings in the linted notes (``shown_of``: vault path -> as shown)."""
    from rectified.check import vault_problems

    read_already = {p.path for p in found if p.code in ("FM001", "FN004")}
    try:
        checked = vault_problems(docs, figures=figures)
    except UnicodeDecodeError:  # FN004 names the note; the vault cannot be read without it
        return []
    out = []
    for exc in checked:
        rel = (exc.path or "").partition("/")[2]
        shown = shown_of.get(rel)
        if shown is None or (exc.code is None and shown in read_already):
            continue
        out.append(Problem(shown, exc.line or 1, exc.code or "NT001", exc.message))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m rectified.lint",
        description="Check notes: front matter, quotes, alt text, no scripts, clean file names.",
    )
    parser.add_argument("paths", nargs="*", default=["docs"], help="notes or folders (docs)")
    parser.add_argument("--docs", default="docs", help="the vault folder (default: docs)")
    parser.add_argument(
        "--registry", default=None, help="figure registry (default: snippets/registry.py)"
    )
    args = parser.parse_args(argv)
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        parser.error(f"no such file or folder: {', '.join(missing)}")
    registry = Path(args.registry or Path(args.docs).parent / "snippets" / "registry.py")
    problems = lint_paths(args.paths, docs=args.docs, figures=figure_names(registry))
    for problem in problems:
        print(problem)
    if problems:
        n = len(problems)
        print(f"Found {n} problem{'s' if n != 1 else ''} in notes.")
        return 1
    print("All notes passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
