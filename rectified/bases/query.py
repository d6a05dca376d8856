"""A ``.base`` file read and its views evaluated over the vault index.

The file (https://help.obsidian.md/bases/syntax) is YAML with ``filters`` (a statement, or one
of ``and``/``or``/``not`` over a list of statements and groups), ``formulas`` (name ->
expression), ``properties`` (``displayName`` of a column) and ``views``. A view has ``type``
(``table``, ``cards``, ``list``), ``name``, its own ``filters`` (AND-ed with the base's),
``order`` (the columns), ``sort`` (``property`` and ``direction`` pairs), ``limit``,
``groupBy`` (``property`` and ``direction``) and, for cards, ``image``.

Rows: every file of the vault index (notes, and attachments with file properties only) that
the filters keep, sorted (empty values last whichever the direction), cut to ``limit``, then
grouped. Without ``sort`` rows come by file name (Obsidian keeps its own order there).
Strings in the YAML keep their line, so every error names the line of the ``.base`` file.

A table view's ``summaries`` (property -> the name of a built-in summary) give a last row: the
summaries of :data:`SUMMARIES`, over the rows shown (all groups).

Not supported yet, and so an error naming it: summary formulas of one's own (the top-level
``summaries``) and the built-in ``Stddev`` and date ``Range``, view types other than table,
cards and list (``map``...), unknown keys. Presentation settings that change no row or value
(``columnSize``, ``rowHeight``, ``cardSize``, ``imageFit``, ``imageAspectRatio``...) are
accepted and left to the stylesheet. Known limit: files under ``figures/`` (generated, not
indexed by the vault) are not rows.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from rectified.bases.expr import Node, Scope, evaluate, formula_value, parse
from rectified.bases.values import BaseError, Entry, order, truthy

if TYPE_CHECKING:
    from rectified.vault import Vault

__all__ = ["Base", "Column", "Group", "Result", "View", "load", "run"]

VIEW_TYPES = ("table", "cards", "list")
_TOP_KEYS = {"filters", "formulas", "properties", "views", "summaries"}
_VIEW_KEYS = {"type", "name", "filters", "order", "sort", "limit", "groupBy", "image", "summaries"}
_PRESENTATION = {
    "columnSize",
    "rowHeight",
    "cardSize",
    "imageFit",
    "imageAspectRatio",
    "markers",
    "indentProperties",
    "separator",
}


class Located(str):
    """A string from the YAML that remembers its 1-based line."""

    line: int | None = None


class _Loader(yaml.SafeLoader):
    """Safe YAML whose strings are :class:`Located`."""


def _located(loader: yaml.SafeLoader, node: yaml.Node) -> Located:
    text = Located(loader.construct_scalar(node))
    text.line = node.start_mark.line + 1
    return text


_Loader.add_constructor("tag:yaml.org,2002:str", _located)


def _line(value: Any, default: int | None = None) -> int | None:
    return getattr(value, "line", None) or default


# --- the filter tree --------------------------------------------------------------------------


@dataclass(frozen=True)
class Filter:
    """``op`` is "expr" (``node``) or and/or/not over ``children``."""

    op: str
    node: Node | None = None
    children: tuple[Filter, ...] = ()


def _filter(value: Any, line: int | None) -> Filter | None:
    if value is None:
        return None
    if isinstance(value, str | bool | int | float):
        return Filter("expr", parse(value, _line(value, line)))
    if isinstance(value, dict):
        if len(value) != 1 or next(iter(value)) not in ("and", "or", "not"):
            keys = ", ".join(map(str, value)) or "nothing"
            raise BaseError(f"a filter group holds one of and, or, not; found {keys}", line)
        op, items = next(iter(value.items()))
        if items is None:
            items = []
        if not isinstance(items, list):
            raise BaseError(f"'{op}:' takes a list of statements", _line(op, line))
        return Filter(op, None, tuple(_filter(i, _line(i, line)) for i in items))
    raise BaseError(f"a filter is a statement or a group, not {type(value).__name__}", line)


def _passes(f: Filter | None, scope: Scope) -> bool:
    if f is None:
        return True
    if f.op == "expr":
        return truthy(evaluate(f.node, scope))
    results = (_passes(c, scope) for c in f.children)
    if f.op == "and":
        return all(results)
    if f.op == "or":
        return any(results)
    return not any(results)  # not: none of them


# --- the file ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class View:
    type: str
    name: str
    filters: Filter | None
    order: tuple[str, ...]
    sort: tuple[tuple[str, bool], ...]  # (property, descending)
    limit: int | None
    group_by: tuple[str, bool] | None
    image: str | None
    line: int | None
    summaries: tuple[tuple[str, str], ...] = ()  # (property, summary name)


@dataclass
class Base:
    path: str  # vault path of the .base file
    filters: Filter | None
    formulas: dict[str, Node]
    names: dict[str, str]  # property id -> display name
    views: list[View]
    digest: str = ""  # SHA-256 of the file's text: what a cached evaluation is keyed on
    uses_this: bool = False  # an expression names `this` (rows depend on the embedding note)

    def view(self, name: str | None) -> View:
        """The named view (``![[X.base#Name]]``) or the first one; a KeyError says which exist."""
        if not self.views:
            raise KeyError(f"'{self.path}' has no views")
        if not name:
            return self.views[0]
        for view in self.views:
            if view.name == name:
                return view
        for view in self.views:
            if view.name.casefold() == name.casefold():
                return view
        names = [v.name for v in self.views]
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise KeyError(f"'{self.path}' has no view '{name}'{hint}; its views: {', '.join(names)}")


def _property_id(value: Any, line: int | None, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise BaseError(f"{what} must name a property", _line(value, line))
    return str(value).strip()


def _direction(value: Any, line: int | None) -> bool:
    text = str(value or "ASC").upper()
    if text not in ("ASC", "DESC"):
        raise BaseError(f"direction is ASC or DESC, not {value!r}", _line(value, line))
    return text == "DESC"


def _view(raw: Any, index: int, line: int | None) -> View:
    if not isinstance(raw, dict):
        raise BaseError(f"view {index + 1} must be a mapping", line)
    vline = _line(raw.get("type"), line) or _line(raw.get("name"), line)
    for key in raw:
        if key not in _VIEW_KEYS and key not in _PRESENTATION:
            hint = difflib.get_close_matches(str(key), sorted(_VIEW_KEYS), n=1, cutoff=0.6)
            did = f" (did you mean '{hint[0]}'?)" if hint else ""
            raise BaseError(f"unsupported view setting '{key}'{did}", _line(key, vline))
    kind = str(raw.get("type") or "table")
    if kind not in VIEW_TYPES:
        raise BaseError(
            f"unsupported view type '{kind}' (supported: {', '.join(VIEW_TYPES)})",
            _line(raw.get("type"), vline),
        )
    name = str(raw.get("name") or f"View {index + 1}")
    columns = raw.get("order") or ["file.name"]
    if not isinstance(columns, list):
        raise BaseError("order: is a list of properties", _line(columns, vline))
    sorts = []
    for item in raw.get("sort") or []:
        if not isinstance(item, dict) or "property" not in item:
            raise BaseError("each sort: entry has a property: and a direction:", vline)
        prop = _property_id(item["property"], vline, "sort")
        sorts.append((prop, _direction(item.get("direction"), vline)))
    group = raw.get("groupBy")
    group_by = None
    if group is not None:
        if isinstance(group, str):
            group = {"property": group}
        if not isinstance(group, dict) or "property" not in group:
            raise BaseError("groupBy: has a property: and a direction:", vline)
        group_by = (
            _property_id(group["property"], vline, "groupBy"),
            _direction(group.get("direction"), vline),
        )
    limit = raw.get("limit")
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 0):
        raise BaseError(f"limit: is a whole number, not {limit!r}", vline)
    image = raw.get("image")
    summaries = raw.get("summaries") or {}
    if not isinstance(summaries, dict):
        raise BaseError("summaries: maps properties to summary names", vline)
    for prop, summary in summaries.items():
        if str(summary) not in SUMMARIES:
            hint = difflib.get_close_matches(str(summary), list(SUMMARIES), n=1, cutoff=0.6)
            did = f" (did you mean '{hint[0]}'?)" if hint else ""
            where = _line(summary, _line(prop, vline))
            raise BaseError(f"unsupported summary '{summary}'{did}", where)
    return View(
        type=kind,
        name=name,
        filters=_filter(raw.get("filters"), vline),
        order=tuple(_property_id(c, vline, "order") for c in columns),
        sort=tuple(sorts),
        limit=limit,
        group_by=group_by,
        image=_property_id(image, vline, "image") if image else None,
        line=vline,
        summaries=tuple((str(p).strip(), str(n)) for p, n in summaries.items()),
    )


def load(text: str, path: str) -> Base:
    """Read a ``.base`` file (``path``: its vault path); raises BaseError with a line."""
    try:
        data = yaml.load(text, Loader=_Loader)  # a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise BaseError(f"malformed YAML: {problem}", mark.line + 1 if mark else 1) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise BaseError("a base is a mapping (filters, formulas, properties, views)", 1)
    for key in data:
        if key == "summaries":
            raise BaseError("summary formulas of one's own are not supported yet", _line(key, 1))
        if key not in _TOP_KEYS:
            raise BaseError(f"unsupported key '{key}'", _line(key, 1))
    formulas_raw = data.get("formulas") or {}
    if not isinstance(formulas_raw, dict):
        raise BaseError("formulas: maps names to expressions", 1)
    formulas = {
        str(name): parse(expr, _line(expr, _line(name))) for name, expr in formulas_raw.items()
    }
    names: dict[str, str] = {}
    for key, settings in (data.get("properties") or {}).items():
        if isinstance(settings, dict) and settings.get("displayName") is not None:
            names[str(key)] = str(settings["displayName"])
    views_raw = data.get("views") or []
    if not isinstance(views_raw, list):
        raise BaseError("views: is a list", 1)
    views = [_view(v, i, None) for i, v in enumerate(views_raw)]
    filters = _filter(data.get("filters"), 1)
    nodes = [*formulas.values(), *_filter_nodes(filters)]
    for view in views:
        nodes += _filter_nodes(view.filters)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    uses_this = any(_names_this(node) for node in nodes)
    return Base(path, filters, formulas, names, views, digest, uses_this)


def _filter_nodes(f: Filter | None) -> list[Node]:
    if f is None:
        return []
    return [f.node] if f.node is not None else [n for c in f.children for n in _filter_nodes(c)]


def _names_this(value: Any) -> bool:
    """Whether an expression tree names ``this`` (the only way a row reads the embedding note:
    properties in ``order``, ``sort``, ``groupBy`` and ``image`` are the row's own)."""
    if isinstance(value, Node):
        if value.kind == "name" and value.args[:1] == ("this",):
            return True
        return any(_names_this(a) for a in value.args)
    if isinstance(value, tuple | list):
        return any(_names_this(a) for a in value)
    return False


# --- running a view ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    id: str  # as written in order: (file.name, note.range, range, formula.x)
    label: str


@dataclass
class Row:
    entry: Entry
    values: list[Any]  # one per column
    image: Any = None


@dataclass
class Group:
    key: Any  # the groupBy value (None: no grouping, or the rows without a value)
    rows: list[Row] = field(default_factory=list)


@dataclass
class Result:
    view: View
    columns: list[Column]
    groups: list[Group]
    summaries: dict[str, tuple[str, Any]] = field(
        default_factory=dict
    )  # column id -> (name, value)

    @property
    def rows(self) -> list[Row]:
        return [row for group in self.groups for row in group.rows]


def canonical(prop: str) -> str:
    """``range`` and ``note.range`` are one property; ``file.*``/``formula.*`` as written."""
    return prop if prop.startswith(("file.", "formula.", "note.")) else "note." + prop


def label(base: Base, prop: str) -> str:
    """A column's header: its displayName (under either spelling), else its name."""
    for key in (prop, canonical(prop), canonical(prop)[5:] if prop.startswith("note.") else prop):
        if key in base.names:
            return base.names[key]
    if prop.startswith("file."):
        return "file " + prop[5:]
    return prop.split(".", 1)[1] if prop.startswith(("note.", "formula.")) else prop


def value_of(prop: str, scope: Scope, line: int | None) -> Any:
    """The value of property ``prop`` (as written in order/sort/groupBy) for the row."""
    if prop.startswith("formula."):
        return formula_value(prop[8:], scope, Node("name", (prop,), line))
    if prop.startswith("note."):
        return scope.entry.properties.get(prop[5:])
    if prop.startswith("file."):
        return evaluate(parse(prop, line), scope)
    return scope.entry.properties.get(prop)


def _entries(vault: Vault) -> Iterable[Entry]:
    for note in vault.notes.values():
        yield Entry.of_note(note)
    for path in vault.attachments:
        yield Entry.of_attachment(path)


def _sorted(rows: list[tuple[Row, Scope]], keys, line) -> list[tuple[Row, Scope]]:
    for prop, descending in reversed(keys):
        valued = [(r, value_of(prop, r[1], line)) for r in rows]
        present = [(r, v) for r, v in valued if v is not None and v != "" and v != []]
        empty = [r for r, v in valued if v is None or v == "" or v == []]
        present.sort(key=lambda rv: order(rv[1]), reverse=descending)
        rows = [r for r, _ in present] + empty
    return rows


def run(
    base: Base,
    view: View,
    vault: Vault,
    this: str | None = None,
    docs_dir: str | Path | None = None,
) -> Result:
    """The rows of ``view``: ``this`` is the vault path of the embedding note."""
    this_entry = None
    if this is not None and vault.note(this) is not None:
        this_entry = Entry.of_note(vault.note(this))
    kept: list[tuple[Row, Scope]] = []
    for entry in _entries(vault):
        scope = Scope(entry, this_entry, vault, base.formulas, Path(docs_dir) if docs_dir else None)
        if _passes(base.filters, scope) and _passes(view.filters, scope):
            kept.append((Row(entry, []), scope))
    kept.sort(key=lambda rs: (rs[0].entry.file.name.casefold(), rs[0].entry.file.path))
    kept = _sorted(kept, view.sort, view.line)
    if view.limit is not None:
        kept = kept[: view.limit]
    columns = [Column(prop, label(base, prop)) for prop in view.order]
    for row, scope in kept:
        row.values = [value_of(c.id, scope, view.line) for c in columns]
        if view.image:
            row.image = value_of(view.image, scope, view.line)
    summaries = {}
    for prop, name in view.summaries:
        values = [value_of(prop, scope, view.line) for _, scope in kept]
        column = next((c.id for c in columns if canonical(c.id) == canonical(prop)), prop)
        summaries[column] = (name, summarise(name, values, view.line))
    if view.group_by is None:
        return Result(view, columns, [Group(None, [r for r, _ in kept])], summaries)
    prop, descending = view.group_by
    groups: list[Group] = []
    for row, scope in _sorted(kept, [(prop, descending)], view.line):
        key = value_of(prop, scope, view.line)
        if key == "" or key == []:
            key = None
        if groups and _same(groups[-1].key, key, vault):
            groups[-1].rows.append(row)
        else:
            groups.append(Group(key, [row]))
    # Rows keep their sort order within a group (the group sort above is stable).
    return Result(view, columns, groups, summaries)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def summarise(name: str, values: list, line: int | None = None) -> Any:
    """The built-in summary ``name`` of a column's ``values`` (None: nothing to summarise)."""
    import datetime
    import statistics

    if name == "Empty":
        return sum(1 for v in values if _empty(v))
    if name == "Filled":
        return sum(1 for v in values if not _empty(v))
    if name == "Unique":
        seen: list = []
        for v in values:
            if not _empty(v) and not any(_same(v, s, None) for s in seen):
                seen.append(v)
        return len(seen)
    if name in ("Checked", "Unchecked"):
        return sum(1 for v in values if v is (name == "Checked"))
    if name in ("Earliest", "Latest"):
        dates = [v for v in values if isinstance(v, datetime.date)]
        if not dates:
            return None
        pick = min if name == "Earliest" else max
        return pick(dates, key=order)
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if not numbers:
        if name == "Range" and any(isinstance(v, datetime.date) for v in values):
            raise BaseError("the Range of dates (a duration) is not supported yet", line)
        return None
    if name == "Sum":
        return sum(numbers)
    if name == "Average":
        return sum(numbers) / len(numbers)
    if name == "Min":
        return min(numbers)
    if name == "Max":
        return max(numbers)
    if name == "Range":
        return max(numbers) - min(numbers)
    if name == "Median":
        return statistics.median(numbers)
    raise AssertionError(name)  # pragma: no cover - names are checked when the file is read


# The built-in summaries (https://help.obsidian.md/bases/views, "Summaries"), but Stddev (whether
# it is the population's or the sample's is not said) and a Range of dates (a duration).
SUMMARIES = (
    "Average",
    "Min",
    "Max",
    "Sum",
    "Range",
    "Median",
    "Earliest",
    "Latest",
    "Checked",
    "Unchecked",
    "Empty",
    "Filled",
    "Unique",
)


def _same(a: Any, b: Any, vault: Vault) -> bool:
    from rectified.bases.values import equal

    return equal(a, b, vault)
