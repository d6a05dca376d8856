"""The values a Bases expression works on: links, files, dates, and how they compare and show.

Obsidian's Bases have their own small type system (https://help.obsidian.md/bases/syntax#Types):
strings, numbers, booleans, dates, lists, objects, links and files. Here they are plain Python
values (``str``, ``int``/``float``, ``bool``, ``datetime.date``/``datetime.datetime``, ``list``,
``dict``, ``None`` for null) plus :class:`Link` (a wikilink in a property, or ``link(...)``),
:class:`FileValue` (a file of the vault: ``file``, ``this.file``) and :class:`Entry` (one row: a
file with its note's properties; ``this`` is the entry of the embedding note).

Known limits: durations are only what ``date + "1d"`` needs (no ``duration()`` values, no
``date - date``); equality across types is false (``1 == "1"``), as is ordering across types.
"""

from __future__ import annotations

import datetime
import math
import posixpath
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rectified.errors import NoteError

if TYPE_CHECKING:
    from rectified.vault import Note, Vault

__all__ = [
    "BaseError",
    "Entry",
    "FileValue",
    "Link",
    "Regex",
    "equal",
    "from_yaml",
    "order",
    "show",
    "truthy",
    "type_name",
]

_WHOLE_LINK = re.compile(r"^\s*!?\[\[([^\[\]\n]+?)\]\]\s*$")


class BaseError(Exception):
    """A problem in a ``.base`` file: ``line`` is 1-based in that file (None: not known)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Link:
    """A link to a note or file: ``target`` as written (``Note#Heading``), ``display`` text."""

    target: str
    display: str | None = None
    source: str | None = None  # vault path of the note it was written in (for resolution)

    @property
    def text(self) -> str:
        if self.display:
            return self.display
        parts = [p.strip() for p in self.target.split("#")]
        if parts[0].lower().endswith(".md"):
            parts[0] = parts[0][:-3]
        return " > ".join(p for p in parts if p)

    @property
    def external(self) -> bool:
        return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", self.target))


@dataclass(frozen=True)
class Regex:
    """A regular expression literal, ``/a+/g``: ``all`` is the ``g`` flag (replace every match)."""

    re: re.Pattern
    all: bool = False


@dataclass
class FileValue:
    """A file of the vault (a note or an attachment), as ``file`` and ``this.file`` see it."""

    path: str  # vault path, posix
    note: Note | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return posixpath.basename(self.path)

    @property
    def basename(self) -> str:
        name = self.name
        return name.rsplit(".", 1)[0] if "." in name else name

    @property
    def ext(self) -> str:
        name = self.name
        return name.rsplit(".", 1)[1] if "." in name else ""

    @property
    def folder(self) -> str:
        return posixpath.dirname(self.path)


@dataclass
class Entry:
    """One row of a base: a file, and its note's properties (empty for an attachment)."""

    file: FileValue
    properties: dict[str, Any]

    @classmethod
    def of_note(cls, note: Note) -> Entry:
        props = {str(k): from_yaml(v, note.rel_path) for k, v in note.meta.items()}
        return cls(FileValue(note.rel_path, note), props)

    @classmethod
    def of_attachment(cls, path: str) -> Entry:
        return cls(FileValue(path), {})


def from_yaml(value: Any, source: str | None = None) -> Any:
    """A front-matter value as Bases sees it: ``"[[Note]]"`` strings become :class:`Link`."""
    if isinstance(value, str):
        m = _WHOLE_LINK.match(value)
        if m:
            target, _, display = re.sub(r"\\\|", "|", m.group(1)).partition("|")
            return Link(target.strip(), display.strip() or None, source)
        return value
    if isinstance(value, list):
        return [from_yaml(v, source) for v in value]
    if isinstance(value, dict):
        return {str(k): from_yaml(v, source) for k, v in value.items()}
    return value


# --- type names, truth, equality, order ------------------------------------------------------


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, datetime.date):
        return "date"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, Link):
        return "link"
    if isinstance(value, FileValue | Entry):
        return "file"
    if isinstance(value, Regex):
        return "regexp"
    return type(value).__name__


def truthy(value: Any) -> bool:
    """JavaScript's truth, except that an empty list or object is false (nothing to show)."""
    if value is None:
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    if isinstance(value, list | dict | str):
        return len(value) > 0
    return bool(value)


def _as_datetime(value: datetime.date) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    return datetime.datetime(value.year, value.month, value.day)


def resolve_path(value: Any, vault: Vault | None) -> str | None:
    """The vault path a link, file, entry or path string points to (None: nowhere)."""
    if isinstance(value, Entry):
        return value.file.path
    if isinstance(value, FileValue):
        return value.path
    if isinstance(value, Link):
        if value.external or vault is None:
            return None
        try:
            res = vault.resolve(value.target.split("#", 1)[0] or value.target, value.source)
        except NoteError:  # an ambiguous name points to no one file
            return None
        return res.path
    if isinstance(value, str) and vault is not None:
        try:
            res = vault.resolve(value, None)
        except NoteError:
            return None
        return res.path
    return None


def equal(a: Any, b: Any, vault: Vault | None = None) -> bool:
    """``a == b`` as Bases has it: links equal when they point to the same file (or, when
    neither exists, have the same text); a link equals the file it resolves to."""
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, Link | FileValue | Entry) and isinstance(b, Link | FileValue | Entry):
        pa, pb = resolve_path(a, vault), resolve_path(b, vault)
        if pa is not None or pb is not None:
            return pa == pb
        return isinstance(a, Link) and isinstance(b, Link) and a.target == b.target
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    if isinstance(a, datetime.date) and isinstance(b, datetime.date):
        return _as_datetime(a) == _as_datetime(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(equal(x, y, vault) for x, y in zip(a, b, strict=True))
    if type_name(a) != type_name(b):
        return False
    return a == b


def compare(a: Any, b: Any) -> int | None:
    """-1, 0, 1 for numbers, strings and dates of the same kind; None when they do not compare."""
    if isinstance(a, bool) or isinstance(b, bool) or a is None or b is None:
        return None
    if isinstance(a, int | float) and isinstance(b, int | float):
        return (a > b) - (a < b)
    if isinstance(a, str) and isinstance(b, str):
        return (a > b) - (a < b)
    if isinstance(a, datetime.date) and isinstance(b, datetime.date):
        x, y = _as_datetime(a), _as_datetime(b)
        return (x > y) - (x < y)
    return None


def order(value: Any) -> tuple:
    """A sort key: numbers, then text (case-insensitive), then dates; lists by their text."""
    if isinstance(value, bool):
        return (0, int(value), "")
    if isinstance(value, int | float):
        return (0, value, "")
    if isinstance(value, datetime.date):
        return (2, _as_datetime(value).timestamp(), "")
    return (1, 0, show(value).casefold())


# --- text -------------------------------------------------------------------------------------


def number_text(value: int | float) -> str:
    """A number as JavaScript prints it: ``2`` not ``2.0``, ``0.1`` not ``0.1000000001``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        if value.is_integer() and abs(value) < 1e21:
            return str(int(value))
        return repr(value)
    return str(value)


def date_text(value: datetime.date) -> str:
    if isinstance(value, datetime.datetime):
        if value.hour or value.minute or value.second:
            return value.strftime("%Y-%m-%d %H:%M")
        return value.strftime("%Y-%m-%d")
    return value.isoformat()


def show(value: Any) -> str:
    """The plain text of a value (``toString()``, string concatenation, sorting)."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return number_text(value)
    if isinstance(value, str):
        return value
    if isinstance(value, datetime.date):
        return date_text(value)
    if isinstance(value, Link):
        return value.text
    if isinstance(value, Entry):
        return value.file.basename
    if isinstance(value, FileValue):
        return value.basename
    if isinstance(value, list):
        return ", ".join(show(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {show(v)}" for k, v in value.items())
    if isinstance(value, Regex):
        return f"/{value.re.pattern}/"
    return str(value)
