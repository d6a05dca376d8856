"""``nox -s new -- "Note title" [--figure]``: start a note from the template.

Creates ``docs/Note title.md`` (front matter, a heading, a definition callout with a formula to
fill in, a paragraph to write, "See also") and its entry in ``tests/content/claims.py``, which
binds every number the note states to its place: a ``Claim`` (the number, a short phrase around
it found once in the note, and the code that computes it) or a ``Given`` (a phrase and why its
numbers need no computation). A number in the title is given as part of the title; the entry
shows both forms in a comment. With ``--figure`` it also creates

* ``snippets/note_title.py``, a figure function that keeps the figure contract (a placeholder
  line to replace), registered in ``snippets/registry.py`` as ``note-title``, which the note
  embeds as ``![[note-title.svg]]``;
* ``tests/content/test_note_title.py``, a test that fails until the note's tests are written;
* an entry in ``tests/content/claims.py`` for the figure's caption (its docstring) when the
  caption repeats a number of the title.

It never overwrites a file, and it refuses a title that the note linter would reject (see
:mod:`rectified.lint`) or that names an existing note, alias or URL (case-insensitively), since
Obsidian links by name and alias and the site by URL.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import json
import keyword
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from rectified.errors import NoteError
from rectified.lint import assigned_dict, figure_names, name_problems
from rectified.vault import Vault, url_slug

__all__ = ["MAX_TITLE", "NewNoteError", "Plan", "create", "main", "plan"]

MAX_TITLE = 60
LINE_LENGTH = 100  # ruff's line-length for this project
FIGURE_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# What a new entry in tests/content/claims.py shows a contributor (the note's own numbers go in
# place of the examples).
CLAIMS_EXAMPLE = """\
        # Bind every number the note states to its place (tests/content/claims.py explains):
        # checked=[Claim("0.37", "rises from 0.37", compute=lambda: ..., what="...")],
        # given=[Given("Glorot et al., 2011", why="year of a cited work")],
"""


class NewNoteError(Exception):
    """The note cannot be created; the message says why."""


@dataclass
class Plan:
    """What ``create`` writes: new files, and new contents of files it edits."""

    title: str
    new_files: dict[Path, str]
    edits: dict[Path, str]
    figure: str | None = None

    def write(self) -> None:
        taken = [p for p in self.new_files if p.exists()]
        if taken:
            raise NewNoteError(f"{taken[0]} exists; not overwriting it")
        for path, text in self.new_files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8") as f:  # "x": fail rather than overwrite
                f.write(text)
        for path, text in self.edits.items():
            path.write_text(text, encoding="utf-8")


# --- the title --------------------------------------------------------------------------------


def check_title(title: str, docs: Path) -> str:
    """The title, cleaned (NFC, single spaces), or NewNoteError saying what is wrong with it."""
    title = " ".join(unicodedata.normalize("NFC", title).split())
    if not title:
        raise NewNoteError("the title is empty")
    if len(title) > MAX_TITLE:
        raise NewNoteError(f"the title has {len(title)} characters; keep it to {MAX_TITLE}")
    if title.startswith("."):
        raise NewNoteError("the title must not start with a dot (the file would be hidden)")
    for _, message in name_problems(f"{title}.md"):
        raise NewNoteError(message)
    try:
        vault = Vault.from_dir(docs)
    except NoteError as exc:
        raise NewNoteError(f"fix the vault first: {exc}") from exc
    wanted = title.casefold()
    url = url_slug(f"{title}.md")
    for note in vault.notes.values():
        shown = f"{docs.name}/{note.rel_path}"
        if note.name.casefold() == wanted:
            raise NewNoteError(f"a note named {title!r} exists: {shown}")
        for alias in note.aliases:
            if alias.casefold() == wanted:
                raise NewNoteError(f"{title!r} is an alias of {shown} already; link to that note")
        if url in (note.url, url_slug(note.rel_path)):
            raise NewNoteError(f"{title!r} would have the URL /{url} of {shown}")
    return title


def _figure_name(title: str) -> str:
    slug = url_slug(f"{title}.md").strip("/")
    ascii_slug = unicodedata.normalize("NFKD", slug).encode("ascii", "ignore").decode()
    name = re.sub(r"-{2,}", "-", ascii_slug).strip("-")
    if not FIGURE_NAME.match(name):
        raise NewNoteError(f"--figure needs a title with some ASCII letters or digits: {title!r}")
    return name


def _module_name(figure: str) -> str:
    module = figure.replace("-", "_")
    if module[0].isdigit() or keyword.iskeyword(module):
        module = f"note_{module}"
    return module


def _doc_title(title: str) -> str:
    """A docstring title (one to six words, no full stop) for the figure."""
    words = title.split()
    return title if len(words) <= 6 and not title.endswith(".") else "The figure of this note"


# --- the files --------------------------------------------------------------------------------


def _yaml_string(text: str) -> str:
    plain_ok = yaml.safe_load(f"k: {text}") == {"k": text}
    return text if plain_ok else json.dumps(text, ensure_ascii=False)


def note_template(title: str, today: dt.date, figure: str | None) -> str:
    embed = f"\n![[{figure}.svg]]\n" if figure else ""
    return f"""\
---
title: {_yaml_string(title)}
aliases: []
tags: []
created: {today.isoformat()}
---

# {title}

> [!important] Definition
> Define it here in a sentence, with a formula:
> $$
> f(x) = \\ldots
> $$

Say in a short paragraph what this is, why it matters, and how it relates to
[[Rectified Linear Unit|ReLU]]. Cite your sources from [[References]].
{embed}
## See also

- [[Rectified Linear Unit]]
"""


def snippet_template(title: str, function: str) -> str:
    doc_title = _doc_title(title)
    return f'''\
"""The figure of a note: replace the placeholder line with the real drawing.

Note: docs/{title}.md
The contract is in snippets/registry.py: no colours, font sizes or figure size; a title and
axis labels on every Axes; a docstring of a short title, a blank line and one sentence.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure


def {function}() -> Figure:
    """{doc_title}

    A placeholder line that stands in for the figure until it is drawn.
    """
    x = np.linspace(-3.0, 3.0, 61)
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot(x, np.maximum(0.0, x), label="placeholder")
    ax.set_title("{doc_title}")
    ax.set_xlabel("input x")
    ax.set_ylabel("output")
    return fig
'''


def pytest_stub_template(title: str, module: str) -> str:
    return f'''\
"""Tests of a note: its formulas against the code, its figure's data, its numbers.

Note: docs/{title}.md
"""

import pytest

TITLE = "{title}"


def test_{module}_is_tested():
    pytest.fail(f"write the tests for {{TITLE}}: check its formulas and figure against the code")
'''


# --- editing the registry and claims.py -------------------------------------------------------


def _dict_node(tree: ast.Module, name: str, path: Path) -> ast.Dict:
    found = assigned_dict(tree, name)
    if found is None:
        raise NewNoteError(f"{path}: no `{name} = {{...}}` dictionary to add to")
    return found


def _insert_before_closing_brace(source: str, node: ast.Dict, text: str, path: Path) -> str:
    lines = source.splitlines(keepends=True)
    row, col = node.end_lineno - 1, node.end_col_offset - 1
    if lines[row][:col].strip():
        raise NewNoteError(f"{path}:{row + 1}: put the closing brace on a line of its own")
    return "".join([*lines[:row], text, *lines[row:]])


def _natural(name: str) -> list:
    """Sort key of ruff's isort for lowercase names: digits compare as numbers."""
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name)]


def add_to_registry(source: str, path: Path, module: str, figure: str, function: str) -> str:
    """The registry with ``from snippets import module`` and ``"figure": module.function``."""
    tree = ast.parse(source)
    names = _dict_node(tree, "FIGURES", path)
    if any(isinstance(k, ast.Constant) and k.value == figure for k in names.keys):
        raise NewNoteError(f"figure {figure!r} is registered already")
    entry = f'    "{figure}": {module}.{function},\n'
    if len(entry) - 1 > LINE_LENGTH:
        raise NewNoteError("the title is too long for --figure: shorten it")
    source = _insert_before_closing_brace(source, names, entry, path)
    tree = ast.parse(source)
    imports = [
        n
        for n in tree.body
        if isinstance(n, ast.ImportFrom) and n.module == "snippets" and n.level == 0
    ]
    lines = source.splitlines(keepends=True)
    if imports:
        node = imports[0]
        aliases = {a.name: a.asname for a in node.names}
        if module in aliases:
            raise NewNoteError(f"{path}: snippets.{module} is imported already")
        aliases[module] = None
        members = [
            f"{n} as {aliases[n]}" if aliases[n] else n for n in sorted(aliases, key=_natural)
        ]
        block = "from snippets import (\n" + "".join(f"    {m},\n" for m in members) + ")\n"
        lines[node.lineno - 1 : node.end_lineno] = [block]
    else:
        last = max(
            (n.end_lineno for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)),
            default=0,
        )
        lines.insert(last, f"from snippets import {module}\n")
    result = "".join(lines)
    ast.parse(result)
    return result


def _claims_entry(key: str, phrase: str | None, reason: str, example: bool) -> str:
    """One entry of ``NOTES``, laid out as ruff formats it; ``reason`` names a constant."""
    head = f"    {json.dumps(key, ensure_ascii=False)}: NoteNumbers(\n"
    body = CLAIMS_EXAMPLE if example else ""
    if phrase is not None:
        given = f"            Given({json.dumps(phrase, ensure_ascii=False)}, {reason}),\n"
        if len(given) - 1 > LINE_LENGTH:
            raise NewNoteError("the title is too long for tests/content/claims.py: shorten it")
        body += f"        given=[\n{given}        ],\n"
    return head + body + "    ),\n"


def add_to_claims(
    source: str, path: Path, title: str, caption: tuple[str, str] | None = None
) -> str:
    """claims.py with an entry for the note (and for a figure caption ``(module path, title)``).

    A title with a digit gets its numbers given, bound to the heading ``# Title``; so does a
    caption title that repeats them.
    """
    tree = ast.parse(source)
    notes = _dict_node(tree, "NOTES", path)
    key = f"{title}.md"
    keys = {k.value for k in notes.keys if isinstance(k, ast.Constant)}
    if key in keys:
        raise NewNoteError(f"{path} has an entry for {key!r} already")
    has_number = re.search(r"\d", title) is not None
    entry = _claims_entry(key, f"# {title}" if has_number else None, "_TITLE", True)
    if caption is not None and re.search(r"\d", caption[1]):
        if caption[0] in keys:
            raise NewNoteError(f"{path} has an entry for {caption[0]!r} already")
        entry += _claims_entry(caption[0], caption[1], "_FIGURE_TITLE", False)
    result = _insert_before_closing_brace(source, notes, entry, path)
    ast.parse(result)
    return result


# --- putting it together ----------------------------------------------------------------------


def plan(title: str, root: Path, *, figure: bool = False, today: dt.date | None = None) -> Plan:
    """Everything ``create`` would write, checked, without writing anything."""
    root = Path(root)
    docs = root / "docs"
    if not docs.is_dir():
        raise NewNoteError(f"{docs} is not a folder: run this in the project's root")
    title = check_title(title, docs)
    today = today or dt.date.today()
    claims = root / "tests" / "content" / "claims.py"
    new_files: dict[Path, str] = {}
    edits: dict[Path, str] = {}
    name = None
    caption = None
    if figure:
        name = _figure_name(title)
        module = _module_name(name)
        function = f"{module}_plot"
        registry = root / "snippets" / "registry.py"
        if name in figure_names(registry):
            raise NewNoteError(f"figure {name!r} is registered already")
        edits[registry] = add_to_registry(
            registry.read_text(encoding="utf-8"), registry, module, name, function
        )
        new_files[root / "snippets" / f"{module}.py"] = snippet_template(title, function)
        caption = (f"snippets/{module}.py", _doc_title(title))
        new_files[root / "tests" / "content" / f"test_{module}.py"] = pytest_stub_template(
            title, module
        )
    new_files[docs / f"{title}.md"] = note_template(title, today, name)
    edits[claims] = add_to_claims(claims.read_text(encoding="utf-8"), claims, title, caption)
    for path in new_files:
        if path.exists():
            raise NewNoteError(f"{path.relative_to(root)} exists; not overwriting it")
    return Plan(title, new_files, edits, name)


def create(
    title: str,
    root: Path,
    *,
    figure: bool = False,
    today: dt.date | None = None,
    say: Callable[[str], None] = print,
) -> Plan:
    """Create the note (and with ``figure`` its snippet and test); return what was done."""
    done = plan(title, root, figure=figure, today=today)
    done.write()
    for path in done.new_files:
        say(f"created {path.relative_to(root).as_posix()}")
    for path in done.edits:
        say(f"edited  {path.relative_to(root).as_posix()}")
    steps = ["write the note (it opens in Obsidian)"]
    if figure:
        steps.append(f"draw the figure '{done.figure}' and write the tests")
    steps.append(
        "bind each number it states to its place in tests/content/claims.py "
        "(a Claim, or a Given with its reason: `nox -s test` prints what to paste)"
    )
    steps.append("run `nox -s lint` and `nox -s test`")
    say("next: " + "; ".join(steps) + ".")
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog='nox -s new -- "Note title"',
        description="Start a note from the template (and a figure snippet and a test stub).",
    )
    parser.add_argument("title", help="the note's title, which is also its file name")
    parser.add_argument(
        "--figure", action="store_true", help="also create a figure snippet and a test stub"
    )
    parser.add_argument("--root", type=Path, default=Path(), help="the project (default: .)")
    args = parser.parse_args(argv)
    try:
        create(args.title, args.root, figure=args.figure)
    except NewNoteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
