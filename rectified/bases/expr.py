"""The Bases expression language: filters and formulas, parsed once and evaluated per row.

The language (https://help.obsidian.md/bases/syntax, /bases/functions) reads like JavaScript:
literals (``1``, ``"text"``, ``'text'``, ``true``, ``false``, ``null``, ``[a, b]``, ``/re/i``),
property names (``price``, ``note.price``, ``note["my price"]``, ``file.name``,
``formula.ppu``, ``this``, ``this.file.name``), ``.field``, ``[index]``, calls, ``!``, unary
``-``, ``* / %``, ``+ -``, ``< <= > >=``, ``== !=``, ``&&``, ``||`` (in that order of binding).

What is evaluated: the global functions in :data:`GLOBALS`; the fields and methods in
:data:`METHODS` by the type of the value (any, string, number, list, date, link, file, object,
regexp). Everything else the spec allows (``duration()``, ``image()``, ``icon()``, ``html()``,
``file.ctime``/``file.mtime``, ``date - date``, plugin functions...) raises
:class:`~rectified.bases.values.BaseError` naming it, with a did-you-mean when a supported name
is close: a table is never silently wrong.

Known limits: ``now()`` and ``today()`` are the time of the build; ``format()`` knows Moment's
common tokens (``YYYY YY MMMM MMM MM M DD D dddd ddd HH H hh h mm ss A a``); regular
expressions are Python's (JavaScript's common syntax reads the same).
"""

from __future__ import annotations

import datetime
import difflib
import functools
import math
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rectified.bases.values import (
    BaseError,
    Entry,
    FileValue,
    Link,
    Regex,
    compare,
    equal,
    from_yaml,
    order,
    resolve_path,
    show,
    truthy,
    type_name,
)

if TYPE_CHECKING:
    from rectified.vault import Vault

__all__ = ["GLOBALS", "METHODS", "Node", "Scope", "evaluate", "parse"]


# --- tokens -----------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""(?x)
    (?P<ws>\s+)
  | (?P<num>(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<str>"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')
  | (?P<name>[^\W\d]\w*)
  | (?P<op>==|!=|>=|<=|&&|\|\||[-+*/%<>!().,\[\]{}:])
    """
)
_REGEX = re.compile(r"/((?:\\.|\[(?:\\.|[^\]\\])*\]|[^/\\\n])+)/([a-z]*)")
_VALUE_END = {"num", "str", "name", "regex"}


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    pos: int


def _tokens(text: str, line: int | None) -> list[Token]:
    out: list[Token] = []
    pos = 0
    while pos < len(text):
        expects_value = not out or (out[-1].kind == "op" and out[-1].text not in (")", "]"))
        if text[pos] == "/" and expects_value:
            m = _REGEX.match(text, pos)
            if m:
                out.append(Token("regex", m.group(0), pos))
                pos = m.end()
                continue
        m = _TOKEN.match(text, pos)
        if m is None:
            raise BaseError(f"cannot read {text[pos : pos + 10]!r} in expression {text!r}", line)
        if m.lastgroup != "ws":
            out.append(Token(m.lastgroup, m.group(0), pos))
        pos = m.end()
    out.append(Token("end", "", len(text)))
    return out


def _unquote(literal: str) -> str:
    body = literal[1:-1]
    escapes = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), body)


# --- the syntax tree --------------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    """``kind``: lit, name, member, index, call, unary, binary, list, regex."""

    kind: str
    args: tuple = ()
    line: int | None = None


class _Parser:
    BINARY: ClassVar = [
        ("||",),
        ("&&",),
        ("==", "!="),
        ("<", "<=", ">", ">="),
        ("+", "-"),
        ("*", "/", "%"),
    ]

    def __init__(self, text: str, line: int | None) -> None:
        self.text, self.line = text, line
        self.tokens = _tokens(text, line)
        self.i = 0

    def peek(self) -> Token:
        return self.tokens[self.i]

    def take(self, text: str | None = None) -> Token:
        token = self.tokens[self.i]
        if text is not None and token.text != text:
            shown = token.text or "the end"
            raise BaseError(f"expected {text!r} but found {shown!r} in {self.text!r}", self.line)
        self.i += 1
        return token

    def node(self, kind: str, *args: Any) -> Node:
        return Node(kind, args, self.line)

    def parse(self) -> Node:
        if self.peek().kind == "end":
            raise BaseError("empty expression", self.line)
        tree = self.binary(0)
        if self.peek().kind != "end":
            raise BaseError(f"unexpected {self.peek().text!r} in {self.text!r}", self.line)
        return tree

    def binary(self, level: int) -> Node:
        if level == len(self.BINARY):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek().kind == "op" and self.peek().text in self.BINARY[level]:
            op = self.take().text
            left = self.node("binary", op, left, self.binary(level + 1))
        return left

    def unary(self) -> Node:
        token = self.peek()
        if token.kind == "op" and token.text in ("!", "-", "+"):
            self.take()
            return self.node("unary", token.text, self.unary())
        return self.postfix(self.primary())

    def postfix(self, value: Node) -> Node:
        while True:
            token = self.peek()
            if token.text == "." and token.kind == "op":
                self.take()
                name = self.take()
                if name.kind != "name":
                    raise BaseError(f"expected a name after '.' in {self.text!r}", self.line)
                value = self.node("member", value, name.text)
            elif token.text == "[" and token.kind == "op":
                self.take()
                index = self.binary(0)
                self.take("]")
                value = self.node("index", value, index)
            elif token.text == "(" and token.kind == "op":
                self.take()
                args: list[Node] = []
                while self.peek().text != ")":
                    args.append(self.binary(0))
                    if self.peek().text != ",":
                        break
                    self.take()
                self.take(")")
                value = self.node("call", value, tuple(args))
            else:
                return value

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "num":
            number = float(token.text)
            return self.node(
                "lit",
                int(number)
                if number.is_integer() and "." not in token.text and "e" not in token.text.lower()
                else number,
            )
        if token.kind == "str":
            return self.node("lit", _unquote(token.text))
        if token.kind == "regex":
            m = _REGEX.fullmatch(token.text)
            return self.node("regex", m.group(1), m.group(2))
        if token.kind == "name":
            literal = {"true": True, "false": False, "null": None}
            if token.text in literal:
                return self.node("lit", literal[token.text])
            return self.node("name", token.text)
        if token.text == "(":
            inner = self.binary(0)
            self.take(")")
            return inner
        if token.text == "[":
            items: list[Node] = []
            while self.peek().text != "]":
                items.append(self.binary(0))
                if self.peek().text != ",":
                    break
                self.take()
            self.take("]")
            return self.node("list", tuple(items))
        if token.text == "{":
            raise BaseError(f"object literals are not supported yet in {self.text!r}", self.line)
        shown = token.text or "the end"
        raise BaseError(f"unexpected {shown!r} in {self.text!r}", self.line)


def parse(text: Any, line: int | None = None) -> Node:
    """Parse one expression (a filter statement or a formula); ``line`` is for errors."""
    if isinstance(text, bool | int | float):
        return Node("lit", (text,), line)
    if not isinstance(text, str):
        raise BaseError(f"an expression must be text, not {type(text).__name__}", line)
    return _parse(str(text), line)


@functools.lru_cache(maxsize=1024)
def _parse(text: str, line: int | None) -> Node:
    """Parsed once per text and line (a property in ``order`` is read for every row)."""
    tree = _Parser(text, line).parse()
    _check(tree)
    return tree


def _check(node: Node) -> None:
    """Fail at once on a function or method no type supports (not only when a row reaches it)."""
    if node.kind == "call":
        callee = node.args[0]
        name = callee.args[0] if callee.kind == "name" else None
        if name is not None and name not in GLOBALS and name not in ("value", "index", "acc"):
            raise BaseError(_unsupported(callee.args[0], GLOBALS, "function"), node.line)
        if callee.kind == "member":
            every = {name for table in METHODS.values() for name in table}
            if callee.args[1] not in every:
                message = _unsupported(callee.args[1], dict.fromkeys(every), "method", dot=True)
                raise BaseError(message, node.line)
    for arg in node.args:
        if isinstance(arg, Node):
            _check(arg)
        elif isinstance(arg, tuple):
            for item in arg:
                if isinstance(item, Node):
                    _check(item)


# --- evaluation -------------------------------------------------------------------------------


@dataclass
class Scope:
    """What an expression is evaluated against: one row, ``this``, the formulas, the vault."""

    entry: Entry
    this: Entry | None = None
    vault: Vault | None = None
    formulas: dict[str, Node] = field(default_factory=dict)
    docs_dir: Path | None = None
    cache: dict[str, Any] = field(default_factory=dict)
    active: list[str] = field(default_factory=list)
    locals: dict[str, Any] = field(default_factory=dict)

    def with_locals(self, **names: Any) -> Scope:
        return Scope(
            self.entry,
            self.this,
            self.vault,
            self.formulas,
            self.docs_dir,
            self.cache,
            self.active,
            {**self.locals, **names},
        )


class _Namespace:
    """``note`` and ``formula``: ``note.x``, ``formula.y`` (``kind``) of one entry."""

    def __init__(self, kind: str, entry: Entry) -> None:
        self.kind, self.entry = kind, entry


def evaluate(node: Node, scope: Scope) -> Any:
    """The value of ``node`` for the row in ``scope``."""
    kind, args = node.kind, node.args
    if kind == "lit":
        return args[0]
    if kind == "list":
        return [evaluate(a, scope) for a in args[0]]
    if kind == "regex":
        flags = (re.IGNORECASE if "i" in args[1] else 0) | (re.MULTILINE if "m" in args[1] else 0)
        try:
            compiled = re.compile(args[0], flags | (re.DOTALL if "s" in args[1] else 0))
            return Regex(compiled, "g" in args[1])
        except re.error as exc:
            raise BaseError(f"bad regular expression /{args[0]}/: {exc}", node.line) from None
    if kind == "name":
        return _name(args[0], scope, node)
    if kind == "member":
        target = args[0]
        return _member(evaluate(target, scope), args[1], scope, node)
    if kind == "index":
        return _index(evaluate(args[0], scope), evaluate(args[1], scope), scope, node)
    if kind == "unary":
        value = evaluate(args[1], scope)
        if args[0] == "!":
            return not truthy(value)
        if not isinstance(value, int | float) or isinstance(value, bool):
            if value is None:
                return None
            raise BaseError(f"'{args[0]}' needs a number, not a {type_name(value)}", node.line)
        return -value if args[0] == "-" else value
    if kind == "binary":
        return _binary(args[0], args[1], args[2], scope, node)
    if kind == "call":
        return _call(args[0], args[1], scope, node)
    raise AssertionError(kind)  # pragma: no cover


def _name(name: str, scope: Scope, node: Node) -> Any:
    if name in scope.locals:
        return scope.locals[name]
    if name == "file":
        return scope.entry.file
    if name == "this":
        if scope.this is None:
            raise BaseError("'this' means the embedding note: none here", node.line)
        return scope.this
    if name in ("note", "formula"):
        return _Namespace(name, scope.entry)
    return scope.entry.properties.get(name)


def formula_value(name: str, scope: Scope, node: Node | None = None) -> Any:
    """The value of formula ``name`` for the row (each formula once per row)."""
    if name in scope.cache:
        return scope.cache[name]
    if name not in scope.formulas:
        hint = _hint(name, scope.formulas)
        line = node.line if node else None
        raise BaseError(f"no formula named {name!r}{hint}", line)
    if name in scope.active:
        cycle = " → ".join([*scope.active[scope.active.index(name) :], name])
        raise BaseError(f"formulas refer to each other in a circle: {cycle}", node and node.line)
    scope.active.append(name)
    try:
        value = evaluate(scope.formulas[name], scope.with_locals())
    finally:
        scope.active.pop()
    scope.cache[name] = value
    return value


def _member(value: Any, name: str, scope: Scope, node: Node) -> Any:
    if isinstance(value, _Namespace):
        if value.kind == "formula":
            return formula_value(name, scope, node)
        return value.entry.properties.get(name)
    if isinstance(value, Entry):
        if name == "file":
            return value.file
        if name == "note":
            return _Namespace("note", value)
        return value.properties.get(name)
    if isinstance(value, FileValue):
        return _file_field(value, name, scope, node)
    if value is None:
        return None
    if isinstance(value, dict):
        return value.get(name)
    fields = FIELDS.get(type_name(value), {})
    if name in fields:
        return fields[name](value)
    if name in METHODS.get(type_name(value), {}) or name in METHODS["any"]:
        raise BaseError(f"{name} is a function: write {name}()", node.line)
    hint = _hint(name, list(fields))
    raise BaseError(f"a {type_name(value)} has no field {name!r}{hint}", node.line)


def _index(value: Any, key: Any, scope: Scope, node: Node) -> Any:
    if isinstance(key, str):
        return _member(value, key, scope, node)
    if isinstance(value, list | str) and isinstance(key, int | float) and not isinstance(key, bool):
        i = int(key)
        return value[i] if -len(value) <= i < len(value) else None
    if value is None:
        return None
    raise BaseError(f"cannot index a {type_name(value)} with a {type_name(key)}", node.line)


# --- operators --------------------------------------------------------------------------------

_DURATION = re.compile(
    r"^\s*(-?\d+(?:\.\d+)?)\s*(y|years?|M|months?|w|weeks?|d|days?|h|hours?|m|minutes?|s|seconds?)\s*$"
)


def _add_duration(date: datetime.date, text: str, sign: int, node: Node) -> datetime.date:
    total = date
    for part in re.findall(r"-?\d+(?:\.\d+)?\s*[A-Za-z]+", text) or [text]:
        m = _DURATION.match(part)
        if not m:
            raise BaseError(f'{text!r} is not a duration (e.g. "1d", "2 weeks")', node.line)
        amount, unit = float(m.group(1)) * sign, m.group(2)
        if unit[0] in "yM" and unit not in ("m", "minute", "minutes"):
            months = int(amount * (12 if unit[0] == "y" else 1))
            year, month = divmod(total.month - 1 + months, 12)
            year += total.year
            day = min(total.day, _days_in(year, month + 1))
            total = total.replace(year=year, month=month + 1, day=day)
            continue
        seconds = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}[unit[0]]
        delta = datetime.timedelta(seconds=amount * seconds)
        if isinstance(total, datetime.datetime) or delta.seconds or delta.microseconds:
            base = (
                total
                if isinstance(total, datetime.datetime)
                else datetime.datetime(total.year, total.month, total.day)
            )
            total = base + delta
        else:
            total = total + delta
    return total


def _days_in(year: int, month: int) -> int:
    nxt = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - datetime.timedelta(days=1)).day


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _binary(op: str, left_node: Node, right_node: Node, scope: Scope, node: Node) -> Any:
    if op == "&&":
        left = evaluate(left_node, scope)
        return evaluate(right_node, scope) if truthy(left) else left
    if op == "||":
        left = evaluate(left_node, scope)
        return left if truthy(left) else evaluate(right_node, scope)
    a, b = evaluate(left_node, scope), evaluate(right_node, scope)
    if op == "==":
        return equal(a, b, scope.vault)
    if op == "!=":
        return not equal(a, b, scope.vault)
    if op in ("<", "<=", ">", ">="):
        c = compare(a, b)
        if c is None:
            return False
        return {"<": c < 0, "<=": c <= 0, ">": c > 0, ">=": c >= 0}[op]
    if op in ("+", "-") and isinstance(a, datetime.date) and isinstance(b, str):
        return _add_duration(a, b, 1 if op == "+" else -1, node)
    if op == "-" and isinstance(a, datetime.date) and isinstance(b, datetime.date):
        raise BaseError("date - date (durations) is not supported yet", node.line)
    if op == "+" and (isinstance(a, str) or isinstance(b, str)):
        return show(a) + show(b) if not (a is None and b is None) else None
    if a is None or b is None:
        return None
    if not (_number(a) and _number(b)):
        raise BaseError(
            f"'{op}' needs numbers, not a {type_name(a)} and a {type_name(b)}", node.line
        )
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if b == 0:
        return math.nan if a == 0 or op == "%" else math.copysign(math.inf, a)
    if op == "/":
        result = a / b
        return int(result) if result.is_integer() and isinstance(a, int) and a % b == 0 else result
    result = math.fmod(a, b)  # JavaScript's %: the sign of the dividend
    return int(result) if isinstance(a, int) and isinstance(b, int) else result


# --- calls ------------------------------------------------------------------------------------


def _call(callee: Node, arg_nodes: tuple[Node, ...], scope: Scope, node: Node) -> Any:
    if callee.kind == "name" and callee.args[0] not in scope.locals:
        name = callee.args[0]
        fn = GLOBALS.get(name)
        if fn is None:
            raise BaseError(_unsupported(name, GLOBALS, "function"), node.line)
        return fn(arg_nodes, scope, node)
    if callee.kind != "member":
        raise BaseError("only functions and methods can be called", node.line)
    target = evaluate(callee.args[0], scope)
    name = callee.args[1]
    kind = type_name(target)
    if isinstance(target, Entry) and name in METHODS["file"]:
        target, kind = target.file, "file"  # this.hasLink(...) as file.hasLink(...)
    if target is None and name not in METHODS["any"]:
        return None  # a missing property: every method of it is null (as in Obsidian)
    method = METHODS.get(kind, {}).get(name) or METHODS["any"].get(name)
    if method is None:
        known = {**METHODS.get(kind, {}), **METHODS["any"]}
        raise BaseError(_unsupported(name, known, f"method of a {kind}", dot=True), node.line)
    if name in _LAZY:
        return method(target, arg_nodes, scope, node)
    values = [evaluate(a, scope) for a in arg_nodes]
    return method(target, values, scope, node)


_RENAMED = {
    "tagged_with": "file.hasTag()",
    "links_to": "file.hasLink()",
    "in_folder": "file.inFolder()",
    "concat": "the + operator",
    "contains": "list.contains() or string.contains()",
}


def _unsupported(name: str, known: dict, what: str, *, dot: bool = False) -> str:
    prefix = "." if dot else ""
    message = f"unsupported {what} {prefix}{name}()"
    if name in _RENAMED and not dot:
        return f"{message}: Bases now write it {_RENAMED[name]}"
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return message + (f" (did you mean {prefix}{close[0]}()?)" if close else "")


def _hint(name: str, choices) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _arity(name: str, values: list, low: int, high: int | None, node: Node) -> None:
    high = low if high is None else high
    if not low <= len(values) <= high:
        want = str(low) if low == high else f"{low} to {high}"
        raise BaseError(f"{name}() takes {want} arguments, not {len(values)}", node.line)


def _eager(fn: Callable[..., Any], name: str, low: int, high: int | None = None):
    def call(arg_nodes: tuple[Node, ...], scope: Scope, node: Node) -> Any:
        values = [evaluate(a, scope) for a in arg_nodes]
        _arity(name, values, low, high if high is not None else low, node)
        return fn(*values, scope=scope, node=node)

    return call


def _if(arg_nodes: tuple[Node, ...], scope: Scope, node: Node) -> Any:
    if not 2 <= len(arg_nodes) <= 3:
        raise BaseError(f"if() takes 2 or 3 arguments, not {len(arg_nodes)}", node.line)
    if truthy(evaluate(arg_nodes[0], scope)):
        return evaluate(arg_nodes[1], scope)
    return evaluate(arg_nodes[2], scope) if len(arg_nodes) == 3 else None


def _parse_date(text: Any, node: Node) -> datetime.date | None:
    if isinstance(text, datetime.date):
        return text
    if text is None:
        return None
    value = show(text).strip()
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"):
        try:
            return datetime.datetime.strptime(value, fmt)
        except ValueError:
            pass
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        message = f"date({value!r}): not a date (write YYYY-MM-DD HH:mm:ss)"
        raise BaseError(message, node.line) from None


def _to_number(value: Any, node: Node) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if _number(value):
        return value
    if isinstance(value, datetime.date):
        dt = (
            value
            if isinstance(value, datetime.datetime)
            else datetime.datetime(value.year, value.month, value.day)
        )
        return int(dt.replace(tzinfo=datetime.UTC).timestamp() * 1000)
    try:
        number = float(show(value))
    except ValueError:
        raise BaseError(f"number({show(value)!r}): not a number", node.line) from None
    return int(number) if number.is_integer() else number


def _link(target: Any, display: Any = None, *, scope: Scope, node: Node) -> Link | None:
    text = None if display is None else show(display)
    if isinstance(target, Link):
        return Link(target.target, text or target.display, target.source)
    if isinstance(target, Entry | FileValue):
        path = target.file.path if isinstance(target, Entry) else target.path
        return Link(path, text, None)
    if target is None:
        return None
    written = show(target).strip()
    inner = re.fullmatch(r"!?\[\[([^\[\]]+)\]\]", written)
    if inner:
        written, _, alias = inner.group(1).partition("|")
        text = text or alias or None
    return Link(written.strip(), text, scope.entry.file.path)


def _minmax(pick):
    def call(arg_nodes: tuple[Node, ...], scope: Scope, node: Node) -> Any:
        values = [evaluate(a, scope) for a in arg_nodes]
        numbers = [v for v in values if _number(v)]
        return pick(numbers) if numbers else None

    return call


def _file(target: Any, *, scope: Scope, node: Node) -> FileValue | None:
    path = resolve_path(target, scope.vault)
    if path is None:
        return None
    note = scope.vault.note(path) if scope.vault else None
    return FileValue(path, note)


GLOBALS: dict[str, Callable[[tuple[Node, ...], Scope, Node], Any]] = {
    "if": _if,
    "list": _eager(lambda v, scope, node: v if isinstance(v, list) else [v], "list", 1),
    "link": _eager(_link, "link", 1, 2),
    "date": _eager(lambda v, scope, node: _parse_date(v, node), "date", 1),
    "number": _eager(lambda v, scope, node: _to_number(v, node), "number", 1),
    "max": _minmax(max),
    "min": _minmax(min),
    "now": _eager(lambda scope, node: datetime.datetime.now().replace(microsecond=0), "now", 0),
    "today": _eager(lambda scope, node: datetime.date.today(), "today", 0),
    "file": _eager(_file, "file", 1),
    "escapeHTML": _eager(lambda v, scope, node: show(v), "escapeHTML", 1),
}


# --- fields and methods by type ---------------------------------------------------------------


def _m(fn: Callable[..., Any], low: int = 0, high: int | None = None, name: str = ""):
    def call(target: Any, values: list, scope: Scope, node: Node) -> Any:
        _arity(name or fn.__name__, values, low, high if high is not None else low, node)
        return fn(target, *values)

    return call


def _contains(target: Any, value: Any, scope: Scope) -> bool:
    if isinstance(target, str):
        return show(value) in target
    if isinstance(target, list):
        return any(equal(item, value, scope.vault) for item in target)
    return False


def _contains_method(mode: str):
    def call(target: Any, values: list, scope: Scope, node: Node) -> Any:
        if mode != "one" and not values:
            raise BaseError(f"contains{mode}() needs at least one value", node.line)
        if mode == "one":
            _arity("contains", values, 1, 1, node)
            return _contains(target, values[0], scope)
        found = [_contains(target, v, scope) for v in values]
        return all(found) if mode == "All" else any(found)

    return call


def _is_empty(target: Any, values: list, scope: Scope, node: Node) -> bool:
    _arity("isEmpty", values, 0, 0, node)
    if target is None:
        return True
    if isinstance(target, str | list | dict):
        return len(target) == 0
    return False


def _round(x: float, digits: Any = 0) -> float:
    if not _number(x):
        return x
    scale = 10 ** int(digits or 0)
    value = math.floor(x * scale + 0.5) / scale  # JavaScript's Math.round: halves go up
    return int(value) if not digits else value


def _to_fixed(x: float, digits: Any = 0) -> str:
    return f"{x:.{int(digits or 0)}f}" if _number(x) else show(x)


def _title(s: str) -> str:
    return re.sub(r"\b(\w)", lambda m: m.group(1).upper(), s)


def _replace(s: str, pattern: Any, replacement: Any) -> str:
    if isinstance(pattern, Regex):
        return pattern.re.sub(show(replacement), s, count=0 if pattern.all else 1)
    return s.replace(show(pattern), show(replacement))


def _split(s: str, sep: Any, n: Any = None) -> list:
    parts = sep.re.split(s) if isinstance(sep, Regex) else s.split(show(sep))
    return parts[: int(n)] if n is not None else parts


def _slice(seq: Any, start: Any, end: Any = None) -> Any:
    return seq[int(start) : None if end is None else int(end)]


def _lambda(kind: str):
    def call(target: list, arg_nodes: tuple[Node, ...], scope: Scope, node: Node) -> Any:
        want = 2 if kind == "reduce" else 1
        if len(arg_nodes) != want:
            raise BaseError(f"{kind}() takes {want} argument(s), not {len(arg_nodes)}", node.line)
        if kind == "reduce":
            acc = evaluate(arg_nodes[1], scope)
            for i, value in enumerate(target):
                acc = evaluate(arg_nodes[0], scope.with_locals(value=value, index=i, acc=acc))
            return acc
        out = []
        for i, value in enumerate(target):
            result = evaluate(arg_nodes[0], scope.with_locals(value=value, index=i))
            if kind == "map":
                out.append(result)
            elif truthy(result):
                out.append(value)
        return out

    return call


_LAZY = {"filter", "map", "reduce"}


def _unique(items: list, values: list, scope: Scope, node: Node) -> list:
    _arity("unique", values, 0, 0, node)
    out: list = []
    for item in items:
        if not any(equal(item, seen, scope.vault) for seen in out):
            out.append(item)
    return out


def _flat(items: list) -> list:
    out: list = []
    for item in items:
        out.extend(item if isinstance(item, list) else [item])
    return out


_MOMENT = re.compile(r"\[[^\]]*\]|YYYY|YY|MMMM|MMM|MM|M|DD|D|dddd|ddd|HH|H|hh|h|mm|ss|A|a")


def _format(date: datetime.date, fmt: Any) -> str:
    dt = (
        date
        if isinstance(date, datetime.datetime)
        else datetime.datetime(date.year, date.month, date.day)
    )
    hour12 = dt.hour % 12 or 12
    table = {
        "YYYY": f"{dt.year:04d}",
        "YY": f"{dt.year % 100:02d}",
        "MMMM": dt.strftime("%B"),
        "MMM": dt.strftime("%b"),
        "MM": f"{dt.month:02d}",
        "M": str(dt.month),
        "DD": f"{dt.day:02d}",
        "D": str(dt.day),
        "dddd": dt.strftime("%A"),
        "ddd": dt.strftime("%a"),
        "HH": f"{dt.hour:02d}",
        "H": str(dt.hour),
        "hh": f"{hour12:02d}",
        "h": str(hour12),
        "mm": f"{dt.minute:02d}",
        "ss": f"{dt.second:02d}",
        "A": "AM" if dt.hour < 12 else "PM",
        "a": "am" if dt.hour < 12 else "pm",
    }
    return _MOMENT.sub(
        lambda m: m.group(0)[1:-1] if m.group(0)[0] == "[" else table[m.group(0)], show(fmt)
    )


def _date_only(date: datetime.date) -> datetime.date:
    return date.date() if isinstance(date, datetime.datetime) else date


def _regex_matches(pattern: Regex, value: Any) -> bool:
    return pattern.re.search(show(value)) is not None


def _tags(file: FileValue) -> list[str]:
    note = file.note
    if note is None:
        return []
    return list(dict.fromkeys([*note.tags, *note.inline_tags]))


def _has_tag(file: FileValue, values: list, scope: Scope, node: Node) -> bool:
    if not values:
        raise BaseError("hasTag() needs at least one tag", node.line)
    tags = [t.casefold() for t in _tags(file)]
    for wanted in values:
        w = show(wanted).lstrip("#").casefold()
        if any(t == w or t.startswith(w + "/") for t in tags):
            return True
    return False


def _links(file: FileValue, scope: Scope, *, embeds: bool | None = None) -> list[Link]:
    """The file's links, as Link values (``embeds``: only embeds, or none).

    The vault index has them all, those in the text and those in properties (Obsidian counts
    both), in the order they are written.
    """
    note = file.note
    if note is None:
        return []
    out: list[Link] = []
    for target, _line, _offset, _snippet, is_embed in note.raw_links:
        if embeds is not None and is_embed != embeds:
            continue
        out.append(Link(target, None, note.rel_path))
    return out


def file_properties(file: FileValue) -> dict[str, Any]:
    if file.note is None:
        return {}
    return {str(k): from_yaml(v, file.path) for k, v in file.note.meta.items()}


def _has_link(file: FileValue, values: list, scope: Scope, node: Node) -> bool:
    _arity("hasLink", values, 1, 1, node)
    wanted = resolve_path(values[0], scope.vault)
    links = _links(file, scope)
    if wanted is None:
        text = show(values[0])
        return any(link.target.split("#", 1)[0] == text for link in links)
    return any(resolve_path(link, scope.vault) == wanted for link in links)


def _in_folder(file: FileValue, folder: Any) -> bool:
    name = show(folder).strip("/")
    return not name or file.path.startswith(name + "/")


def _size(file: FileValue, scope: Scope) -> int | None:
    if file.note is not None:
        return len(file.note.text.encode("utf-8"))
    if scope.docs_dir is not None:
        path = Path(scope.docs_dir) / file.path
        return path.stat().st_size if path.is_file() else None
    return None


def _backlinks(file: FileValue, scope: Scope) -> list[Link]:
    if scope.vault is None:
        return []
    sources = dict.fromkeys(link.source for link in scope.vault.links_to(file.path))
    return [Link(source, None, None) for source in sources]


_FILE_FIELDS: dict[str, Callable[[FileValue, Scope], Any]] = {
    "name": lambda f, s: f.name,
    "basename": lambda f, s: f.basename,
    "path": lambda f, s: f.path,
    "folder": lambda f, s: f.folder,
    "ext": lambda f, s: f.ext,
    "size": _size,
    "tags": lambda f, s: _tags(f),
    "links": lambda f, s: _links(f, s, embeds=False),
    "embeds": lambda f, s: _links(f, s, embeds=True),
    "backlinks": _backlinks,
    "properties": lambda f, s: file_properties(f),
    "file": lambda f, s: f,
}
_NO_TIMES = (
    "is not supported: a build has no file times that mean anything (a fresh clone sets them "
    "all to the checkout time); use a date property instead"
)


def _file_field(file: FileValue, name: str, scope: Scope, node: Node) -> Any:
    if name in ("ctime", "mtime"):
        raise BaseError(f"file.{name} {_NO_TIMES}", node.line)
    fn = _FILE_FIELDS.get(name)
    if fn is None:
        if name in METHODS["file"]:
            raise BaseError(f"{name} is a function: write file.{name}()", node.line)
        hint = _hint(name, [*_FILE_FIELDS, "ctime", "mtime"])
        raise BaseError(f"unsupported file property file.{name}{hint}", node.line)
    return fn(file, scope)


FIELDS: dict[str, dict[str, Callable[[Any], Any]]] = {
    "string": {"length": len},
    "list": {"length": len},
    "date": {
        "year": lambda d: d.year,
        "month": lambda d: d.month,
        "day": lambda d: d.day,
        "hour": lambda d: getattr(d, "hour", 0),
        "minute": lambda d: getattr(d, "minute", 0),
        "second": lambda d: getattr(d, "second", 0),
        "millisecond": lambda d: getattr(d, "microsecond", 0) // 1000,
    },
}


METHODS: dict[str, dict[str, Callable[..., Any]]] = {
    "any": {
        "isTruthy": _m(lambda v: truthy(v), name="isTruthy"),
        "toString": _m(lambda v: show(v), name="toString"),
        "isEmpty": _is_empty,
        "isType": _m(lambda v, t: type_name(v) == show(t).lower(), 1, name="isType"),
    },
    "string": {
        "contains": _contains_method("one"),
        "containsAll": _contains_method("All"),
        "containsAny": _contains_method("Any"),
        "startsWith": _m(lambda s, q: s.startswith(show(q)), 1, name="startsWith"),
        "endsWith": _m(lambda s, q: s.endswith(show(q)), 1, name="endsWith"),
        "lower": _m(str.lower, name="lower"),
        "upper": _m(str.upper, name="upper"),
        "title": _m(_title, name="title"),
        "trim": _m(str.strip, name="trim"),
        "replace": _m(_replace, 2, name="replace"),
        "repeat": _m(lambda s, n: s * int(n), 1, name="repeat"),
        "reverse": _m(lambda s: s[::-1], name="reverse"),
        "slice": _m(_slice, 1, 2, name="slice"),
        "split": _m(_split, 1, 2, name="split"),
    },
    "number": {
        "abs": _m(abs, name="abs"),
        "ceil": _m(lambda x: math.ceil(x), name="ceil"),
        "floor": _m(lambda x: math.floor(x), name="floor"),
        "round": _m(_round, 0, 1, name="round"),
        "toFixed": _m(_to_fixed, 1, name="toFixed"),
    },
    "list": {
        "contains": _contains_method("one"),
        "containsAll": _contains_method("All"),
        "containsAny": _contains_method("Any"),
        "join": _m(lambda items, sep: show(sep).join(show(i) for i in items), 1, name="join"),
        "reverse": _m(lambda items: items[::-1], name="reverse"),
        "sort": _m(lambda items: sorted(items, key=order), name="sort"),
        "slice": _m(_slice, 1, 2, name="slice"),
        "unique": _unique,
        "flat": _m(_flat, name="flat"),
        "filter": _lambda("filter"),
        "map": _lambda("map"),
        "reduce": _lambda("reduce"),
    },
    "date": {
        "date": _m(_date_only, name="date"),
        "format": _m(_format, 1, name="format"),
        "time": _m(lambda d: _format(d, "HH:mm:ss"), name="time"),
    },
    "link": {
        "asFile": lambda link, values, scope, node: _file(link, scope=scope, node=node),
        "linksTo": lambda link, values, scope, node: (
            _has_link(f, values, scope, node)
            if (f := _file(link, scope=scope, node=node))
            else False
        ),
    },
    "file": {
        "asLink": lambda f, values, scope, node: Link(
            f.path, show(values[0]) if values else None, None
        ),
        "hasLink": _has_link,
        "hasTag": _has_tag,
        "hasProperty": lambda f, values, scope, node: show(values[0]) in file_properties(f),
        "inFolder": _m(_in_folder, 1, name="inFolder"),
    },
    "object": {
        "keys": _m(lambda o: list(o), name="keys"),
        "values": _m(lambda o: list(o.values()), name="values"),
    },
    "regexp": {"matches": _m(_regex_matches, 1, name="matches")},
}

# ``folder`` of a path, exported for the views (``file.folder`` of the embedding note).
folder_of = posixpath.dirname
