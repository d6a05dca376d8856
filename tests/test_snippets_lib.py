"""The shape of ``snippets/``: a numerical library in ``snippets/lib/``, drawing modules above it.

What each library module computes is tested next to the notes that use it
(``tests/test_activations.py`` and ``tests/content/``); these tests keep the split itself:

- the library imports numpy and the standard library only: importing all of it leaves
  matplotlib unloaded, and no library module names matplotlib or a drawing module;
- a module uses only the public names of another (no ``from x import _helper``), so the
  library's interface is what its ``__all__`` says;
- every public function of a drawing module is a registered figure, so a computation cannot
  settle among the figures unnoticed;
- every library module's docstring says what it computes and its known limits;
- leaky ReLU with a fixed slope is made in one place (:func:`snippets.lib.activations.leaky`).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import sys
from pathlib import Path

import pytest

import snippets
import snippets.lib
from snippets.registry import FIGURES
from tests.probe import probe

REPO_ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = REPO_ROOT / "snippets"
LIB = SNIPPETS / "lib"
LIB_FILES = sorted(LIB.glob("*.py"))
LIB_MODULES = sorted(f"snippets.lib.{p.stem}" for p in LIB_FILES if p.stem != "__init__")
DRAWING_FILES = sorted(p for p in SNIPPETS.glob("*.py") if p.stem not in ("__init__", "registry"))
ALL_FILES = sorted(SNIPPETS.rglob("*.py"))


def _rel(path: Path) -> str:
    return path.relative_to(REPO_ROOT).as_posix()


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, imported names) for every import statement of a file, made absolute."""
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    package = ".".join(path.relative_to(REPO_ROOT).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join([*parts, module] if module else parts)
            found.append((module, [alias.name for alias in node.names]))
    return found


def test_the_library_has_modules_and_the_drawing_modules_are_the_registered_ones():
    assert LIB_MODULES, "snippets/lib/ is empty"
    registered = {inspect.getmodule(f).__name__ for f in FIGURES.values()}
    assert registered == {f"snippets.{p.stem}" for p in DRAWING_FILES}


# --- numpy and the standard library only ------------------------------------------------

ALLOWED_TOP_LEVEL = {"numpy", "snippets", "__future__"}


@pytest.mark.parametrize("path", LIB_FILES, ids=_rel)
def test_library_imports_only_numpy_the_stdlib_and_itself(path):
    for module, _ in _imports(path):
        top = module.split(".")[0]
        assert top in ALLOWED_TOP_LEVEL or top in sys.stdlib_module_names, (
            f"{_rel(path)} imports {module}: the library uses numpy and the stdlib only"
        )
        if top == "snippets":
            assert module == "snippets.lib" or module.startswith("snippets.lib."), (
                f"{_rel(path)} imports {module}: the library never imports a drawing module"
            )


IMPORT_PROBE = """
import importlib, json, pkgutil, sys
import snippets.lib
names = [info.name for info in pkgutil.iter_modules(snippets.lib.__path__)]
for name in names:
    importlib.import_module("snippets.lib." + name)
print(json.dumps({
    "modules": names,
    "matplotlib": sorted(m for m in sys.modules if m.split(".")[0] == "matplotlib"),
}))
"""


def test_importing_the_whole_library_does_not_import_matplotlib():
    report = probe(IMPORT_PROBE)
    assert sorted(report["modules"]) == [m.rsplit(".", 1)[1] for m in LIB_MODULES]
    assert report["matplotlib"] == []


# --- public names only across modules ---------------------------------------------------


@pytest.mark.parametrize("path", ALL_FILES, ids=_rel)
def test_no_module_imports_a_private_name_of_another(path):
    for module, names in _imports(path):
        if module.split(".")[0] != "snippets":
            continue
        assert not any(part.startswith("_") for part in module.split(".")), (
            f"{_rel(path)} imports the private module {module}"
        )
        private = [n for n in names if n.startswith("_")]
        assert not private, f"{_rel(path)} imports private names {private} from {module}"


@pytest.mark.parametrize("module", LIB_MODULES)
def test_library_all_lists_public_names_that_exist(module):
    mod = importlib.import_module(module)
    exported = getattr(mod, "__all__", None)
    assert exported, f"{module} has no __all__: say which names are its interface"
    assert all(not n.startswith("_") for n in exported)
    missing = [n for n in exported if not hasattr(mod, n)]
    assert not missing, f"{module}.__all__ names what it does not define: {missing}"


@pytest.mark.parametrize("path", ALL_FILES, ids=_rel)
def test_names_imported_from_the_library_are_in_its_all(path):
    for module, names in _imports(path):
        if not module.startswith("snippets.lib.") or module.count(".") != 2:
            continue
        exported = set(importlib.import_module(module).__all__)
        outside = sorted(set(names) - exported)
        assert not outside, f"{_rel(path)} imports {outside} from {module}, not in its __all__"


# --- drawing modules only draw ------------------------------------------------------------


@pytest.mark.parametrize("path", DRAWING_FILES, ids=_rel)
def test_every_public_function_of_a_drawing_module_is_a_registered_figure(path):
    module = importlib.import_module(f"snippets.{path.stem}")
    figures = {f for f in FIGURES.values() if f.__module__ == module.__name__}
    public = {
        f
        for name, f in vars(module).items()
        if inspect.isfunction(f) and f.__module__ == module.__name__ and not name.startswith("_")
    }
    assert public == figures, (
        f"{_rel(path)} defines public functions that draw no registered figure:"
        f" {sorted(f.__name__ for f in public - figures)}; computations belong in snippets/lib/"
    )


# --- each library module says what it computes and where it stops -------------------------


@pytest.mark.parametrize("path", [p for p in LIB_FILES if p.stem != "__init__"], ids=_rel)
def test_library_module_docstring_says_what_and_known_limits(path):
    doc = ast.get_docstring(ast.parse(path.read_text("utf-8")))
    assert doc, f"{_rel(path)} has no docstring"
    summary = doc.splitlines()[0]
    assert len(summary.split()) >= 4, f"{_rel(path)}: the first line should say what it computes"
    assert "Known limits:" in doc, (
        f"{_rel(path)}: say what the module does not do ('Known limits:')"
    )


def test_the_library_overview_names_every_module():
    doc = snippets.lib.__doc__
    for module in LIB_MODULES:
        assert f":mod:`~{module}`" in doc, f"snippets/lib/__init__.py does not describe {module}"


# --- one leaky ReLU with a fixed slope ------------------------------------------------------


def test_fixed_slope_leaky_relu_comes_from_one_function():
    from snippets.lib.activations import leaky, leaky_relu, leaky_relu_grad
    from snippets.lib.calculus import ACTIVATIONS, FD_LEAKY_ALPHA
    from snippets.lib.relatives import CANDIDATES, LEAKY_ALPHA

    made_by_leaky = leaky(0.5)[0].__qualname__.rsplit(".", 1)[0]
    for table, alpha in ((ACTIVATIONS, FD_LEAKY_ALPHA), (CANDIDATES, LEAKY_ALPHA)):
        (f, df) = next(pair for name, pair in table.items() if name.startswith("leaky"))
        assert f.__qualname__.startswith(made_by_leaky)
        assert df.__qualname__.startswith(made_by_leaky)
        x = [-2.0, -0.0, 0.0, 3.0]
        assert list(f(x)) == list(leaky_relu(x, alpha))
        assert list(df(x)) == list(leaky_relu_grad(x, alpha))
