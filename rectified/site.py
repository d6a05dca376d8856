"""One index of the vault per build, shared by every page's extensions under any builder.

MkDocs and Zensical give each page a new ``Markdown`` with new extension objects, so the vault
index cannot live in an extension. :func:`site_for` builds it on first use from the docs folder
the builder names (see :mod:`rectified.builders`) and keeps it in this process, keyed by that
folder and the figures folder; later pages get the same object.

Freshness: the index is checked against the folder's files (path, size, modification time) at
most every two seconds, and rebuilt when they changed, so a long-running ``serve`` sees an
edited note. A builder that says when a build starts (the MkDocs plugin: :func:`invalidate`
before each build, then :func:`set_auto_refresh` off) spares every page that check; at 1000
notes it cost more than a tenth of the build. The figure manifest
and the image attachments are read in the same pass.

Indexing a folder also chooses the persistent build cache (:mod:`rectified.cache`):
``.cache/rectified`` in the docs folder's parent, the project root, so every builder's build of
that project shares it.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from rectified import cache
from rectified.figures.manifest import MANIFEST, load_manifest
from rectified.vault import Vault

__all__ = [
    "IMAGE_SUFFIXES",
    "Site",
    "attachment_index",
    "install",
    "invalidate",
    "set_auto_refresh",
    "site_for",
]

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".bmp")
RECHECK_SECONDS = 2.0
_auto_refresh = True


@dataclass
class Site:
    """What every page of one build shares."""

    docs_dir: Path
    figures_dir: str  # folder inside docs_dir where the figure runner writes
    vault: Vault
    manifest: dict
    attachments: dict[str, str]  # image file name (lowercase) -> vault path
    derived: dict = field(default_factory=dict)  # what pages compute once a build (graph edges)

    @property
    def figures_url(self) -> str:
        return f"/{self.figures_dir.strip('/')}/"


def attachment_index(docs_dir: str | Path) -> dict[str, str]:
    """Image file name (case-insensitive) -> vault-relative path, as Obsidian resolves them."""
    root = Path(docs_dir)
    index: dict[str, str] = {}
    if not root.is_dir():
        return index
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        if path.suffix.lower() in IMAGE_SUFFIXES:
            index.setdefault(path.name.lower(), rel.as_posix())
            index.setdefault(rel.as_posix().lower(), rel.as_posix())
    return index


def _fingerprint(root: Path) -> tuple:
    out = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            try:
                st = os.stat(os.path.join(folder, name))
            except OSError:
                continue
            out.append((folder, name, st.st_size, st.st_mtime_ns))
    return tuple(out)


_lock = threading.Lock()
_sites: dict[tuple[str, str, bool], tuple[tuple, float, Site]] = {}


def site_for(
    docs_dir: str | Path,
    figures_dir: str = "figures",
    *,
    math: bool = True,
    prefetch: bool = True,
    ahead: bool = False,
) -> Site:
    """The shared index of ``docs_dir`` (built on first use, rebuilt when the folder changed).

    ``math``: whether the site renders ``$…$`` (then heading anchors are computed with math
    rendered, as toc computes them). ``prefetch``: whether a new index starts typesetting every
    formula in the background (the MkDocs plugin starts it itself, after it may have forked:
    :mod:`rectified.prerender`). ``ahead``: a new index may fork a helper that parses notes
    from the last one backwards (the MkDocs plugin's builds, not while serving).
    """
    text = str(docs_dir)
    root = _resolved(text, "" if os.path.isabs(text) else os.getcwd())
    key = (str(root), figures_dir, math)
    with _lock:
        now = time.monotonic()
        cached = _sites.get(key)
        if cached is not None and (not _auto_refresh or now - cached[1] < RECHECK_SECONDS):
            return cached[2]
        fingerprint = _fingerprint(root)
        if cached is not None and cached[0] == fingerprint:
            _sites[key] = (fingerprint, now, cached[2])
            return cached[2]
        site = _build(root, figures_dir, math, prefetch, ahead)
        _sites[key] = (fingerprint, now, site)
        return site


@functools.lru_cache(maxsize=64)
def _resolved(docs_dir: str, cwd: str) -> Path:
    """``docs_dir`` made absolute (each page's extensions ask; resolving costs a few syscalls).

    ``cwd`` is part of the cache key for a relative ``docs_dir``.
    """
    return (Path(cwd) / docs_dir).resolve()


def set_auto_refresh(on: bool) -> None:
    """Whether a built index is rechecked against the folder (off: until :func:`invalidate`)."""
    global _auto_refresh
    _auto_refresh = on


def invalidate() -> None:
    """Forget every index (the next page rebuilds it)."""
    with _lock:
        _sites.clear()


def install(site: Site, *, math: bool = True) -> None:
    """Make ``site`` the shared index of its docs folder (until :func:`invalidate`).

    For a builder that brings an index up to date itself: the MkDocs plugin's ``serve`` reads
    again only the notes it saw edited (:mod:`rectified.serve`).
    """
    key = (str(site.docs_dir), site.figures_dir, math)
    with _lock:
        _sites[key] = (_fingerprint(site.docs_dir), time.monotonic(), site)


def _build(
    root: Path, figures_dir: str, math: bool, prefetch: bool = True, ahead: bool = False
) -> Site:
    started = time.perf_counter()
    cache.configure(root.parent)
    heading_extensions = []
    if math:
        from rectified.markdown.math import MathExtension

        heading_extensions = [MathExtension()]
    vault = Vault.from_dir(root, heading_extensions=heading_extensions, ahead=ahead)
    if math and prefetch:  # every formula of the vault typeset at once, while the build goes on
        from rectified.markdown.math import prefetch_in_background

        prefetch_in_background(note.math for note in vault.notes.values())
    site = Site(
        docs_dir=root,
        figures_dir=figures_dir,
        vault=vault,
        manifest=load_manifest(root / figures_dir / MANIFEST),
        attachments=attachment_index(root),
    )
    log.debug("indexed %d notes in %.2f s", len(vault.notes), time.perf_counter() - started)
    return site


def site_of(md, figures_dir: str = "figures") -> Site | None:
    """The shared index for the page ``md`` converts, when a builder named its docs folder."""
    from rectified import context

    page = context.current_page(md)
    if page is None or not page.docs_dir:
        return None
    names = {e for e in page.extensions if isinstance(e, str)}
    return site_for(page.docs_dir, figures_dir, math="rectified.markdown.math" in names)


def vault_of(md, who: str = "this extension") -> Vault:
    """The vault for the page ``md`` converts; outside a builder, a ValueError says what to pass."""
    site = site_of(md)
    if site is None:
        raise ValueError(
            f"{who} needs vault=Vault(...) when no builder (MkDocs or Zensical) converts the page"
        )
    return site.vault
