"""Live preview at the speed of a few pages: what a ``serve`` rebuild must render again.

After one note is saved, the pages whose content changes are that note's own page and the pages
that show something of it: the notes it links to or from ("Linked from" lists its title and
linking sentences, neighbourhood graphs its title and links), the notes that embed it (directly
or through another embed), the generated pages (All notes, Graph, Tags, Wanted notes, Gallery)
when what they list changes, and every page that embeds a base or a canvas (a base queries the
whole vault, its file sizes and dates included). What each page reads from the vault index is
defined once, for the pull-request preview, in :mod:`rectified.changes` (:func:`page_inputs`,
with a test that every page module has its entry); :func:`plan` compares the two indexes with it
and adds the embeds and bases.

Everything else gets the whole site: a note added, deleted or renamed (navigation, search,
wanted links, URLs), aliases changed (links elsewhere resolve differently), a change to any
file that is not a note (figures, attachments, ``.base``, ``.canvas``, ``references.bib``'s
output, notebooks), ``mkdocs.yml``, the theme's custom folder or a watched path. When unsure, a
full rebuild: correctness first. A rebuild that sees no file changed (a hidden file such as
Obsidian's ``.obsidian/workspace.json``, which the site does not use) renders no page.

The index itself is brought up to date note by note (:func:`refreshed_vault`): only the edited
notes are read and parsed again, the others are the previous index's notes, with their links'
sentences, so only resolving the links of 1000 notes is done again (a fraction of a second).
Which files changed is told by their size and modification time (:func:`snapshot`), as MkDocs'
own watcher sees them.

This module knows nothing of MkDocs; :mod:`rectified.plugin` applies the plan to MkDocs' dirty
builds (and leaves the Graph page of a large vault to a rebuild of its own). Known limits: a
base or canvas embedded by a note is rendered again on every rebuild (cheap unless a vault
embeds many); an embed of a section counts any change to its note; a figure re-rendered after
a snippet was edited is a change to a file that is not a note, so the whole site is rebuilt
(the pages that show it, the Gallery and the figure's own files would do).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rectified.errors import NoteError
from rectified.vault import Note, Vault

__all__ = ["Plan", "Snapshot", "changed_files", "plan", "refreshed_vault", "snapshot"]

log = logging.getLogger(__name__)

# What a page embeds that reads beyond one note: a base (a query over the vault), a canvas.
VAULT_WIDE_EMBEDS = (".base", ".canvas")

DEFERRED = "deferred pages"  # the reason of a rebuild that renders pages an earlier one left

Snapshot = dict[str, tuple[int, int]]  # vault path -> (size, modification time in ns)


def snapshot(docs_dir: str | Path) -> Snapshot:
    """Every file under ``docs_dir`` (hidden folders left out) with its size and mtime."""
    root = str(docs_dir)
    out: Snapshot = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel_folder = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if rel_folder == "." else rel_folder + "/"
        for name in files:
            try:
                st = os.stat(os.path.join(folder, name))
            except OSError:  # removed while we looked: the next snapshot sees it gone
                continue
            out[prefix + name] = (st.st_size, st.st_mtime_ns)
    return out


def changed_files(before: Snapshot, after: Snapshot) -> set[str]:
    """Paths added, removed or modified between two snapshots."""
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


def _is_note(path: str) -> bool:
    return path.lower().endswith(".md")


def refreshed_vault(
    old: Vault,
    docs_dir: str | Path,
    changed: Iterable[str],
    *,
    heading_extensions: list | None = None,
) -> Vault | None:
    """``old`` with the notes in ``changed`` read again, or None when that is not enough.

    None (index the whole folder instead) when a changed path is not an existing note of
    ``old`` that still exists, or when an edit changes a note's aliases (links elsewhere would
    resolve differently). A note that cannot be read raises :class:`NoteError`, as indexing the
    whole folder would. ``heading_extensions``: as for :meth:`Vault.from_texts` (the site's
    math, so that heading anchors are toc's).
    """
    root = Path(docs_dir)
    texts: dict[str, str] = {}
    for path in changed:
        if not _is_note(path) or path not in old.notes:
            return None
        try:
            texts[path] = (root / path).read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            return None
    fresh = Vault.from_texts(texts, old.docs_name, heading_extensions=heading_extensions)
    if set(fresh.notes) != set(texts):
        return None  # a note the vault skips (hidden folder...): let the full index decide
    for path, note in fresh.notes.items():
        before = old.notes[path]
        if (before.aliases, before.generated) != (note.aliases, note.generated):
            return None
        note.url = before.url  # made unique among all notes before; the path is unchanged
    notes: list[Note] = [fresh.notes.get(p, n) for p, n in old.notes.items()]
    return Vault(notes, old.attachments, old.docs_name)


@dataclass
class Plan:
    """What a rebuild renders: ``pages`` (vault paths), or every page when ``full``."""

    full: bool
    reason: str
    pages: set[str] = field(default_factory=set)
    edited: set[str] = field(default_factory=set)

    @classmethod
    def everything(cls, reason: str) -> Plan:
        return cls(True, reason)

    def wants(self, path: str) -> bool:
        return self.full or path in self.pages

    def describe(self) -> str:
        if self.full:
            return f"every page ({self.reason})"
        shown = ", ".join(sorted(self.pages)[:6]) + (", …" if len(self.pages) > 6 else "")
        return f"{len(self.pages)} page{'s' if len(self.pages) != 1 else ''} ({shown})"


def _embeds(vault: Vault, notes: Iterable[Note]) -> tuple[dict[str, set[str]], set[str]]:
    """(note -> those of ``notes`` that embed it, those that embed a base or canvas)."""
    embedded_by: dict[str, set[str]] = {}
    vault_wide: set[str] = set()
    for note in notes:
        for target, _line, _offset, _snippet, embed in note.raw_links:
            if not embed:
                continue
            written = target.split("#", 1)[0].strip()
            if written.lower().endswith(VAULT_WIDE_EMBEDS):
                vault_wide.add(note.rel_path)
                continue
            try:
                res = vault.resolve(written, note.rel_path) if written else None
            except NoteError:
                continue  # an ambiguous name: reported on the page; no note embedded
            if res is not None and res.note is not None and res.note.rel_path != note.rel_path:
                embedded_by.setdefault(res.note.rel_path, set()).add(note.rel_path)
    return embedded_by, vault_wide


def _referrers(notes: Iterable[Note], names: set[str]) -> set[str]:
    """Those of ``notes`` with a link or embed whose note part ends in one of ``names``.

    A superset of the notes linking to them, found without resolving: a link that does not
    resolve today (a missing heading) may resolve after the edit, and then its page changes.
    ``names``: lowercase.
    """
    out = set()
    for note in notes:
        for target, *_ in note.raw_links:
            written = target.split("#", 1)[0].strip().lower()
            if written.endswith(".md"):
                written = written[:-3]
            if written and (written in names or written.rsplit("/", 1)[-1] in names):
                out.add(note.rel_path)
    return out


def plan(before: Vault, after: Vault, edited: set[str]) -> Plan:
    """The pages to render again after the notes ``edited`` changed from ``before`` to ``after``.

    Both vaults hold the same notes, names and aliases (an edit; anything else is a full rebuild,
    decided by :func:`refreshed_vault`). The pages that may change are the edited notes, their
    neighbours before and after (backlinks, neighbourhood graphs), the notes that link to them
    by name (anchors, embeds) and the generated pages; of those, the ones whose inputs
    (:func:`rectified.changes.page_inputs`) differ are rendered, with every note that embeds
    an edited one (through any chain of embeds) and every page that embeds a base or a canvas.
    """
    from rectified.changes import page_inputs

    # The notes other than the edited ones are the same objects in both vaults: read them once.
    everyone = list(after.notes.values()) + [before.notes[p] for p in edited]
    candidates = set(edited)
    for vault in (before, after):
        for link in vault.links():  # the neighbours: notes linked to or from an edited one
            if link.source in edited:
                candidates.add(link.target)
            elif link.target in edited:
                candidates.add(link.source)
    names = set()  # names and aliases are the same before and after (or the index is rebuilt)
    for path in edited:
        note = after.notes[path]
        names |= {note.name.lower(), note.rel_path[:-3].lower()}
        names |= {a.lower() for a in note.aliases}
    candidates |= _referrers(everyone, names)
    old, new = page_inputs(before, candidates), page_inputs(after, candidates)
    pages = {p for p in old.keys() | new.keys() if old.get(p) != new.get(p)}
    pages |= edited
    old_embeds, old_wide = _embeds(before, [before.notes[p] for p in edited])
    new_embeds, new_wide = _embeds(after, after.notes.values())
    frontier, seen = list(edited), set(edited)
    while frontier:  # the notes that show an edited note, through embeds of embeds
        path = frontier.pop()
        for host in old_embeds.get(path, set()) | new_embeds.get(path, set()):
            if host not in seen:
                seen.add(host)
                pages.add(host)
                frontier.append(host)
    pages |= old_wide | new_wide
    return Plan(False, "notes edited", pages, set(edited))
