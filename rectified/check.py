"""Every problem of a vault in one pass, from its index: what a build would stop on, all at once.

A page's conversion stops at its first error, and a note whose front matter cannot be read stops
the vault index itself, so a build alone reports a broken vault one error at a time. This check
reads every note (a note that cannot be read is reported and left out), then resolves every
wikilink and embed of every note as the extensions do, and looks up every embedded image among
the figures and the vault's images. It finds:

* a note that cannot be read: bad front matter, a block id twice (the vault's message);
* ``LK001`` a link or embed to a heading or block its note lacks, or an ambiguous name (the
  vault's message, with its did-you-mean);
* ``LK002`` an embedded image that is no figure and no file of the vault;
* ``LK003`` an embedded file (not a note, not an image) that does not exist.

``python -m rectified.build`` runs it after a failed build and lists its findings with the
build's own; the note linter runs it over the notes it checks; the MkDocs plugin runs it when
the index cannot be built. Known limits: Markdown links (``[text](Note.md#part)``) are left to
the builder's own link check, and what only a conversion finds (bad TeX, a malformed callout)
is the build's to report, one per page.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection
from pathlib import Path

from rectified.errors import NoteError
from rectified.figures.manifest import MANIFEST, load_manifest
from rectified.site import IMAGE_SUFFIXES, attachment_index
from rectified.vault import Vault

__all__ = ["vault_problems"]

_FILE_SUFFIX = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,4}$")


def vault_problems(
    docs_dir: str | Path,
    figures_dir: str = "figures",
    *,
    math: bool = True,
    figures: Collection[str] | None = None,
) -> list[NoteError]:
    """Every problem found in the vault ``docs_dir``, sorted by file and line.

    ``figures``: the names of the generated figures (default: the figure manifest in
    ``figures_dir``); ``math``: whether the site renders ``$…$`` (heading anchors as toc makes
    them).
    """
    root = Path(docs_dir)
    extensions = []
    if math:
        from rectified.markdown.math import MathExtension

        extensions = [MathExtension()]
    problems: list[NoteError] = []
    vault = Vault.from_dir(root, heading_extensions=extensions, problems=problems)
    if figures is None:
        figures = set(load_manifest(root / figures_dir / MANIFEST))
    images = attachment_index(root)
    for note in vault.content_notes():
        shown = f"{vault.docs_name}/{note.rel_path}"
        for target, line, _offset, snippet, embed in note.raw_links:
            if not snippet.startswith(("[[", "![[")):
                continue  # a Markdown link: the builder checks it
            written = target.split("#", 1)[0].strip()
            if written.lower().endswith(IMAGE_SUFFIXES):
                if embed and not _image_exists(written, figures, images):
                    problems.append(_missing_image(written, shown, line))
                continue
            try:
                res = vault.resolve(target, note.rel_path)
            except NoteError as exc:
                problems.append(NoteError(exc.message, path=shown, line=line, code="LK001"))
                continue
            is_file = _FILE_SUFFIX.search(written) and not written.lower().endswith(".md")
            if embed and is_file and res.wanted:
                message = f"embedded file '{written}' does not exist in the vault"
                problems.append(NoteError(message, path=shown, line=line, code="LK003"))
    unique = {p.key(): p for p in problems}
    return [unique[k] for k in sorted(unique)]


def _image_exists(written: str, figures: Collection[str], images: dict[str, str]) -> bool:
    name = posixpath.basename(written)
    if "/" not in written and name.endswith(".svg") and name[: -len(".svg")] in figures:
        return True
    return written.lower() in images or name.lower() in images


def _missing_image(written: str, shown: str, line: int) -> NoteError:
    """The figures extension's message for an image it cannot find."""
    name = posixpath.basename(written)
    hint = (
        f" No snippet makes {name!r}: add it to snippets/registry.py and run `nox -s figures`."
        if name.endswith(".svg")
        else ""
    )
    message = f"embedded image {written!r} does not exist in the vault.{hint}"
    return NoteError(message, path=shown, line=line, code="LK002")
