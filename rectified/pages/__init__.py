"""Pages made from the whole vault, one module each behind one interface (as Quartz's emitters).

Two kinds, both computed from the vault index (:mod:`rectified.site`), never from other pages'
rendering, so every builder makes the same pages:

- **generated pages** (All notes, Gallery, Graph, Tags, Wanted notes): a short stub note in the
  vault whose front matter says ``rectified: NAME`` (Obsidian shows its heading and sentence);
  the site appends what the module renders. The MkDocs plugin adds the stub of any generated
  page a vault lacks; :func:`write_missing_stubs` does it for other builders.
- **per-note additions** (the local graph, "Linked from"): appended to every note.

A module has ``NAME`` (the stub's ``rectified:`` value, or ``None`` for an addition), for a
generated page ``FILE``, ``TITLE`` and ``INTRO`` (the stub's text), and ``render(ctx)``, which
returns the elements to append. Links in them are vault-absolute source paths (``/Note.md``),
which each builder turns into its own URLs (see :mod:`rectified.builders`). Adding a page means
adding a module and listing it in :data:`GENERATED` or :data:`ADDITIONS`; the extension
:mod:`rectified.markdown.pages` does the rest.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import quote

from rectified.site import Site

__all__ = [
    "ADDITIONS",
    "GENERATED",
    "PageContext",
    "emitter",
    "generated_at",
    "stub_text",
    "write_missing_stubs",
]


@dataclass
class PageContext:
    """What a page module may use: the build's index, the page, and a place for raw HTML."""

    site: Site
    page: str  # vault path of the page being converted
    stash: Any  # callable: HTML string -> placeholder that survives serialisation
    options: dict[str, Any]

    @property
    def vault(self):
        return self.site.vault

    def href(self, rel_path: str, anchor: str | None = None) -> str:
        """A vault-absolute link to ``rel_path`` (and ``#anchor``)."""
        return "/" + quote(rel_path) + (f"#{anchor}" if anchor else "")

    def title(self, rel_path: str) -> str:
        note = self.site.vault.notes.get(rel_path)
        return note.title if note else rel_path


def _modules() -> tuple[dict[str, ModuleType], list[ModuleType]]:
    from rectified.pages import backlinks, gallery, graph, local_graph, notes, tags, wanted

    generated = {m.NAME: m for m in (notes, gallery, graph, tags, wanted)}
    return generated, [local_graph, backlinks]


GENERATED, ADDITIONS = _modules()


def emitter(name: str) -> ModuleType:
    """The module of generated page ``name``; a KeyError with a did-you-mean otherwise."""
    if name in GENERATED:
        return GENERATED[name]
    close = difflib.get_close_matches(name, list(GENERATED), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    known = ", ".join(sorted(GENERATED))
    raise KeyError(f"unknown generated page 'rectified: {name}'{hint}; known: {known}")


def generated_at(rel_path: str) -> str | None:
    """The generated page whose stub file is ``rel_path`` by default (``notes.md``...)."""
    return next((name for name, m in GENERATED.items() if rel_path == m.FILE), None)


def stub_text(name: str) -> str:
    """The stub note of generated page ``name``: front matter, heading, one sentence."""
    module = GENERATED[name]
    return f"---\nrectified: {name}\n---\n\n# {module.TITLE}\n\n{module.INTRO}\n"


def write_missing_stubs(docs_dir: str | Path) -> list[Path]:
    """Write the stub of every generated page the vault lacks (never overwrites a file)."""
    written = []
    for name, module in GENERATED.items():
        path = Path(docs_dir) / module.FILE
        if not path.exists():
            path.write_text(stub_text(name), encoding="utf-8")
            written.append(path)
    return written
