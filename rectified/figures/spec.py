"""What the runner knows about a registered figure, read from the registry without drawing it."""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib
import importlib.util
import inspect
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from rectified.errors import NoteError

NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TITLE_MAX_WORDS = 6


@dataclass(frozen=True)
class FigureSpec:
    """One registered figure: its name, the function that draws it and where that lives."""

    name: str
    module: str  # e.g. "snippets.basics"
    function: str  # e.g. "relu_plot"
    path: Path  # absolute path of the module file
    line: int  # line of the ``def``
    title: str  # docstring title (1-6 words)
    summary: str  # docstring sentence
    source: str  # the function's source, as it ran

    @property
    def where(self) -> str:
        return f"{_display_path(self.path)}:{self.line}"


def _display_path(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def parse_docstring(doc: str | None) -> tuple[str, str]:
    """Split a gallery docstring into (title, sentence); raise ValueError if it breaks the rule.

    The rule (matplotlib's gallery convention): a title of 1-6 words, a blank line, then one
    sentence saying what the figure shows.
    """
    if not doc or not doc.strip():
        raise ValueError("has no docstring; it needs a title line, a blank line and one sentence")
    lines = inspect.cleandoc(doc).splitlines()
    title = lines[0].strip()
    words = title.split()
    if not 1 <= len(words) <= TITLE_MAX_WORDS or title.endswith("."):
        raise ValueError(f"docstring title {title!r} must be 1-{TITLE_MAX_WORDS} words, no period")
    if len(lines) < 3 or lines[1].strip():
        raise ValueError("docstring needs a blank line after the title, then one sentence")
    body = " ".join(line.strip() for line in _first_paragraph(lines[2:]))
    if not body.endswith("."):
        raise ValueError("the docstring sentence must end with a period")
    return title, body


def _first_paragraph(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if not line.strip():
            break
        out.append(line)
    return out


def spec_for(name: str, func: Callable[..., object]) -> FigureSpec:
    """Describe one registry entry, raising NoteError (file:line) if it breaks a rule."""
    path = Path(inspect.getsourcefile(func) or "<unknown>").resolve()
    lines, line = inspect.getsourcelines(func)
    if not NAME_RE.match(name):
        raise NoteError(
            f"figure name {name!r} must be lowercase letters, digits and hyphens",
            path=_display_path(path),
            line=line,
        )
    try:
        title, summary = parse_docstring(func.__doc__)
    except ValueError as exc:
        raise NoteError(
            f"figure {name!r} ({func.__name__}) {exc}", path=_display_path(path), line=line
        ) from None
    return FigureSpec(
        name=name,
        module=func.__module__,
        function=func.__qualname__,
        path=path,
        line=line,
        title=title,
        summary=summary,
        source="".join(lines),
    )


def load_registry(module: str = "snippets.registry") -> dict[str, FigureSpec]:
    """Describe every figure in the registry.

    Read from the source when the registry has its usual shape (``FIGURES = {"name":
    module.function, ...}``), so a run with nothing to draw never imports matplotlib; otherwise
    the registry is imported.
    """
    static = read_registry(module)
    if static is not None:
        return static
    reg = importlib.import_module(module)
    figures: Mapping[str, Callable[..., object]] = reg.FIGURES
    return {name: spec_for(name, func) for name, func in figures.items()}


def read_registry(module: str) -> dict[str, FigureSpec] | None:
    """The registry's specs from its source and its modules' sources, or None if unsure."""
    origin = _origin(module)
    if origin is None:
        return None
    tree = ast.parse(origin.read_text("utf-8"))
    is_package = origin.name == "__init__.py"
    names: dict[str, str] = {}  # local name -> dotted name it stands for
    table = None
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            base = _absolute(node, module, is_package)
            for a in node.names:
                names[a.asname or a.name] = f"{base}.{a.name}"
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.asname:  # import a.b as c: c is a.b
                    names[a.asname] = a.name
                else:  # import a.b: the name bound is a
                    names[a.name.split(".")[0]] = a.name.split(".")[0]
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "FIGURES" for t in targets):
                table = node.value
    if not isinstance(table, ast.Dict):
        return None
    specs: dict[str, FigureSpec] = {}
    for key, value in zip(table.keys, table.values, strict=True):
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            return None
        if isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name):
            target = f"{names.get(value.value.id, '')}.{value.attr}"
        elif isinstance(value, ast.Name):
            target = names.get(value.id, "")
        else:
            return None
        mod, _, function = target.rpartition(".")
        spec = _static_spec(key.value, mod, function)
        if spec is None:
            return None
        specs[key.value] = spec
    return specs


def _origin(module: str) -> Path | None:
    try:
        found = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if found is None or not found.origin or not found.origin.endswith(".py"):
        return None
    return Path(found.origin)


def _module_tree(path: Path) -> tuple[ast.Module, list[str]]:
    return _parse(path.read_text("utf-8"))


@functools.lru_cache(maxsize=64)
def _parse(text: str) -> tuple[ast.Module, list[str]]:
    """Parsed once per distinct source (several figures usually share one module)."""
    return ast.parse(text), text.splitlines(keepends=True)


def _static_spec(name: str, module: str, function: str) -> FigureSpec | None:
    path = _origin(module)
    if path is None:
        return None
    tree, lines = _module_tree(path.resolve())
    node = next(
        (
            n
            for n in tree.body
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.name == function
        ),
        None,
    )
    if node is None:
        return None  # defined elsewhere and re-exported: let the import path describe it
    first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
    shown = _display_path(path.resolve())
    if not NAME_RE.match(name):
        raise NoteError(
            f"figure name {name!r} must be lowercase letters, digits and hyphens",
            path=shown,
            line=first,
        )
    try:
        title, summary = parse_docstring(ast.get_docstring(node))
    except ValueError as exc:
        raise NoteError(f"figure {name!r} ({function}) {exc}", path=shown, line=first) from None
    return FigureSpec(
        name=name,
        module=module,
        function=function,
        path=path.resolve(),
        line=first,
        title=title,
        summary=summary,
        source="".join(lines[first - 1 : node.end_lineno]),
    )


# --------------------------------------------------------------------------- source hashing


def local_dependencies(module: str, package: str = "snippets") -> list[Path]:
    """Files of ``module`` and of every module of ``package`` it imports, transitively.

    Read from the import statements (no execution), so editing one snippet changes the key of
    exactly the figures whose modules import it.
    """
    seen: dict[str, Path] = {}
    todo = [module]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):  # ``from pkg.mod import name`` of a non-module
            spec = None
        if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
            continue
        path = Path(spec.origin)
        seen[name] = path
        # Importing a.b.c runs a/__init__.py and a/b/__init__.py first.
        parts = name.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                todo.extend(a.name for a in node.names if a.name.split(".")[0] == package)
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(node, name, spec.submodule_search_locations is not None)
                if base.split(".")[0] != package:
                    continue
                todo.append(base)
                if _is_package(base):  # ``from pkg import mod``: mod may be a submodule
                    todo.extend(f"{base}.{a.name}" for a in node.names)
    return sorted(seen.values())


def _is_package(name: str) -> bool:
    """Whether ``name`` is a package (finding it imports only its parent packages)."""
    try:
        found = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return False
    return found is not None and found.submodule_search_locations is not None


def _absolute(node: ast.ImportFrom, current: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    parts = current.split(".")
    if not is_package:
        parts = parts[:-1]
    parts = parts[: len(parts) - (node.level - 1)]
    return ".".join([*parts, node.module] if node.module else parts)


def environment_fingerprint() -> str:
    """Versions that can change a figure's pixels (read without importing the libraries)."""
    from importlib.metadata import version

    versions = f"matplotlib={version('matplotlib')} numpy={version('numpy')}"
    return f"python={sys.version_info[:3]} {versions}"


def cache_key(spec: FigureSpec, styles: list[Path], salt: str, *, memo: dict | None = None) -> str:
    """Content hash of everything that can change the figure's output.

    That is: ``salt`` (how the runner draws), :func:`environment_fingerprint`, the figure's
    name, module and function, then the name and bytes of each file of
    :func:`local_dependencies` of its module (its own package's modules it imports,
    transitively) and of each style sheet in ``styles``.

    ``memo``: a dict shared by the keys of one run, so that the fingerprint, each module's
    dependencies and each file are read once per run rather than once per figure. Never keep
    it between runs: files change.
    """
    memo = {} if memo is None else memo
    if "fingerprint" not in memo:
        memo["fingerprint"] = environment_fingerprint()
    deps = memo.setdefault("deps", {})
    contents = memo.setdefault("bytes", {})
    package = spec.module.split(".")[0]
    if spec.module not in deps:
        deps[spec.module] = local_dependencies(spec.module, package)
    h = hashlib.sha256()
    h.update(salt.encode())
    h.update(memo["fingerprint"].encode())
    h.update(f"{spec.name}\0{spec.module}\0{spec.function}".encode())
    for path in [*deps[spec.module], *styles]:
        if path not in contents:
            contents[path] = path.read_bytes()
        h.update(path.name.encode())
        h.update(contents[path])
    return h.hexdigest()
