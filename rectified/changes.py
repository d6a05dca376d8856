"""``python -m rectified.changes BASE``: what a change does to the site, against a git ref.

What a pull-request preview needs (``nox -s changes -- BASE`` locally; the CI workflow writes
the same as the job summary of every pull request):

- **changed pages**: the notes whose source changed, and the pages whose content changes
  because of them, each with the reason: its "Linked from" list or its neighbourhood graph
  (another note's links), a note it embeds, a link that now resolves elsewhere, a figure it
  shows, and the generated pages (All notes, Graph, Tags, Wanted notes, Gallery). Both sides
  are read with the vault index (:mod:`rectified.vault`), the one the site is built from: BASE
  from git, the other side from the working tree (uncommitted and untracked notes included).
- **re-rendered figures**: every figure whose picture (or the code shown under it) differs,
  with its picture before and after. ``docs/figures/`` is git-ignored, so the before picture
  is drawn: BASE's ``snippets/`` (and BASE's figure runner, when it has one) run in a
  temporary folder, sharing the content-hashed figure cache, so a figure unchanged since a
  cached run costs nothing. When no file the figures depend on changed (snippets, the runner
  and its styles, the lock file), nothing is drawn.

Known limits: what each page reads is listed here (:data:`ADDITION_INPUTS`,
:data:`GENERATED_INPUTS`) next to the modules of :mod:`rectified.pages`, and a test checks that
every page module has an entry; a change to the site's code or configuration (``mkdocs.yml``,
``rectified/``, the theme) may change every page, which is said once rather than listed page
by page; notebook pages are listed when their jupytext source changed, without executing them;
an embed of a section (``![[Note#Heading]]``) counts any change to the note it comes from.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rectified import graph
from rectified.errors import NoteError
from rectified.figures.manifest import embedded_figures, read_manifest
from rectified.vault import Vault, url_slug

log = logging.getLogger(__name__)

DOCS = "docs"
FIGURES = "docs/figures"
# Paths whose change can change a figure's picture (what the figure cache key hashes).
FIGURE_INPUTS = ("snippets/", "rectified/figures/", "requirements/lock.txt")
# Paths whose change can change any page (the site's code and configuration).
SITE_WIDE = ("mkdocs.yml", "rectified/", "pyproject.toml", "requirements/lock.txt")
NOT_SITE_WIDE = (
    "rectified/figures/",
    "rectified/changes.py",
    "rectified/lint.py",
    "rectified/new.py",
)
# What a page shows with a figure besides its pictures (rectified.markdown.figures): caption
# and the drawing function's source. The module's downloadable copy is linked, not shown.
SHOWN_WITH_FIGURE = ("title", "summary", "function", "source", "source_path")
SUMMARY_LIMIT = 1_000_000  # bytes; GitHub refuses a step summary over 1 MiB
PAGE_ROWS = 300  # pages listed in the summary before "and N more"


# --------------------------------------------------------------------------- what pages read


def _title(vault: Vault, rel_path: str) -> str:
    note = vault.notes.get(rel_path)
    return note.title if note else rel_path


def _adjacency(vault: Vault, memo: dict) -> dict[str, set[str]]:
    if "adjacency" not in memo:
        notes = [n.rel_path for n in vault.content_notes()]
        memo["adjacency"] = graph.adjacency(graph.edges_from_links(vault.links(), notes))
    return memo["adjacency"]


def _backlinks(vault: Vault, page: str, memo: dict) -> object:
    return sorted((k.source, _title(vault, k.source), k.sentence) for k in vault.links_to(page))


def _neighbourhood(vault: Vault, page: str, memo: dict) -> object:
    nodes, edges = graph.neighbourhood(page, _adjacency(vault, memo))
    return [(n, _title(vault, n)) for n in nodes], edges


# Per-note additions (rectified.pages.ADDITIONS), by module name: what each one reads.
ADDITION_INPUTS: dict[str, tuple[str, Callable]] = {
    "backlinks": ("Linked from", _backlinks),
    "local_graph": ("Neighbourhood graph", _neighbourhood),
}


def _all_notes(vault: Vault) -> object:
    return sorted((n.title, n.rel_path, tuple(n.tags)) for n in vault.content_notes())


def _graph(vault: Vault) -> object:
    notes = [n.rel_path for n in vault.content_notes()]
    return _all_notes(vault), graph.edges_from_links(vault.links(), notes)


def _tags(vault: Vault) -> object:
    return sorted(
        (tag, sorted((p, _title(vault, p)) for p in paths)) for tag, paths in vault.tags().items()
    )


def _wanted(vault: Vault) -> object:
    return sorted((w.title, w.source, _title(vault, w.source)) for w in vault.wanted())


def _gallery(vault: Vault) -> object:
    from rectified.pages.gallery import figures_used_by

    return sorted((name, sorted(paths)) for name, paths in figures_used_by(vault).items())


# Generated pages (rectified.pages.GENERATED), by page name: what each one reads from the vault.
# The gallery also shows every figure: a re-rendered figure changes it (see Changes.figures).
GENERATED_INPUTS: dict[str, tuple[str, Callable[[Vault], object]]] = {
    "all-notes": ("the list of notes (titles, tags)", _all_notes),
    "graph": ("the links between notes", _graph),
    "tags": ("the notes' tags", _tags),
    "wanted": ("the links to missing notes", _wanted),
    "gallery": ("which notes show which figure", _gallery),
}


def page_inputs(
    vault: Vault, notes: Iterable[str] | None = None, *, generated: bool = True
) -> dict[str, dict[str, object]]:
    """Page (vault path) -> {what it shows: the vault facts that part is made from}.

    Two sides compared part by part give the pages whose content changes, and why. ``notes``:
    only these notes' pages (and the generated pages, unless ``generated`` is false, as the
    page cache asks), as ``serve`` asks after an edit.
    """
    from rectified import pages

    memo: dict = {}
    out: dict[str, dict[str, object]] = {}
    only = None if notes is None else set(notes)
    for note in vault.content_notes():
        if only is not None and note.rel_path not in only:
            continue
        links, embeds = [], []
        for target, _line, _offset, _snippet, embed in note.raw_links:
            try:
                res = vault.resolve(target, note.rel_path)
            except NoteError as exc:
                links.append((target, "error", str(exc)))
                continue
            shown = _title(vault, res.note.rel_path) if res.note else None
            links.append((target, res.path, res.anchor, shown))
            if embed and res.note is not None and res.note.rel_path != note.rel_path:
                embeds.append((res.note.rel_path, res.note.text))
        parts: dict[str, object] = {
            "source edited": note.text,
            "a link resolves differently": links,
            "a note it embeds changed": embeds,
        }
        for module in pages.ADDITIONS:
            label, read = ADDITION_INPUTS[module.__name__.rsplit(".", 1)[-1]]
            parts[label] = read(vault, note.rel_path, memo)
        out[note.rel_path] = parts
    for name, (label, read) in GENERATED_INPUTS.items() if generated else ():
        out[generated_page(vault, name)] = {label: read(vault)}
    return out


def generated_page(vault: Vault, name: str) -> str:
    """The vault path of generated page ``name``: its stub's, or the default the plugin adds."""
    from rectified import pages

    stub = next((n.rel_path for n in vault.notes.values() if n.generated == name), None)
    return stub or pages.GENERATED[name].FILE


# --------------------------------------------------------------------------- the comparison


@dataclass
class Page:
    path: str  # vault path (docs/...)
    title: str
    url: str  # the page's address in the site, relative to its root ("relu/")
    reasons: list[str]


@dataclass
class Figure:
    name: str
    title: str
    status: str  # changed | added | removed | code (same picture; its code or caption changed)
    before: str | None = None  # light picture, relative to the pictures folder
    after: str | None = None
    code: str | None = None  # the snippet module that draws it (head side)


@dataclass
class Changes:
    base: str
    base_commit: str
    files: list[str] = field(default_factory=list)  # changed paths (tracked and untracked)
    site_wide: list[str] = field(default_factory=list)  # changed site code or configuration
    pages: list[Page] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    figures_error: str = ""  # why the figures could not be compared, if they could not

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Changes:
        pages = [Page(**p) for p in data.get("pages", [])]
        figures = [Figure(**f) for f in data.get("figures", [])]
        return cls(**{**data, "pages": pages, "figures": figures})


def changed_pages(
    before: Vault, after: Vault, figures: Iterable[Figure] = (), notebooks: Iterable[str] = ()
) -> list[Page]:
    """The pages of ``after`` whose content differs from ``before``'s (removed ones too)."""
    old, new = page_inputs(before), page_inputs(after)
    changed_figures = {f.name: f for f in figures}
    out: list[Page] = []
    for path in sorted(set(old) | set(new), key=str.casefold):
        if path not in new:
            note = before.notes.get(path)
            out.append(Page(path, note.title if note else path, "", ["removed"]))
            continue
        if path not in old:
            reasons = ["new page"]
        else:
            reasons = [part for part, value in new[path].items() if old[path].get(part) != value]
        note = after.notes.get(path)
        shown = embedded_figures(note.text) if note is not None else []
        if path == generated_page(after, "gallery"):
            shown = list(changed_figures)
        for name in shown:
            if name in changed_figures:
                reasons.append(f"figure {name} {_FIGURE_STATUS[changed_figures[name].status]}")
        if reasons:
            out.append(Page(path, _page_title(after, path), url_slug(path), reasons))
    for rel in sorted(notebooks):
        out.append(Page(rel, Path(rel).stem, url_slug(rel), ["notebook source edited"]))
    return out


_FIGURE_STATUS = {
    "changed": "re-rendered",
    "added": "new",
    "removed": "removed",
    "code": "code or caption changed",
}


def _page_title(vault: Vault, path: str) -> str:
    from rectified import pages

    note = vault.notes.get(path)
    if note is not None and note.generated in pages.GENERATED:
        return pages.GENERATED[note.generated].TITLE
    if note is not None:
        return note.title
    name = pages.generated_at(path)
    return pages.GENERATED[name].TITLE if name else path


def compare_figures(before_dir: Path, after_dir: Path, pictures: Path) -> list[Figure]:
    """Figures whose picture or code differs between two figures folders.

    Each one's light and dark pictures are copied to ``pictures/before/`` and
    ``pictures/after/`` (the paths recorded are the light ones, relative to ``pictures``).
    """
    old, new = read_manifest(before_dir), read_manifest(after_dir)
    out: list[Figure] = []
    for name in sorted(set(old) | set(new)):
        a, b = old.get(name), new.get(name)
        if a is None:
            status = "added"
        elif b is None:
            status = "removed"
        elif _files(before_dir, a, "files") != _files(after_dir, b, "files"):
            status = "changed"
        elif any(a.get(k) != b.get(k) for k in SHOWN_WITH_FIGURE):
            status = "code"  # the same picture; the code under it or its caption changed
        else:
            continue
        entry = b or a
        fig = Figure(name, str(entry.get("title", name)), status, code=entry.get("source_path"))
        if status != "code":
            fig.before = _copy(before_dir, a, pictures / "before", pictures)
            fig.after = _copy(after_dir, b, pictures / "after", pictures)
        out.append(fig)
    return out


def _read(folder: Path, rel: object) -> bytes | None:
    if not isinstance(rel, str):
        return None
    try:
        return (folder / rel).read_bytes()
    except OSError:
        return None


def _files(folder: Path, entry: dict, key: str) -> dict:
    variants = entry.get(key) or {}
    return {v: _read(folder, rel) for v, rel in sorted(variants.items())}


def _copy(folder: Path, entry: dict | None, dest: Path, pictures: Path) -> str | None:
    if entry is None:
        return None
    dest.mkdir(parents=True, exist_ok=True)
    light = None
    for variant, rel in sorted((entry.get("files") or {}).items()):
        data = _read(folder, rel)
        if data is None:
            continue
        target = dest / Path(rel).name
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
        if variant == "light":
            light = target.relative_to(pictures).as_posix()
    return light


# --------------------------------------------------------------------------- git and the run


def _git(*args: str, cwd: Path, text: bool = True) -> str | bytes:
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=text)
    if proc.returncode != 0:
        err = proc.stderr if text else proc.stderr.decode(errors="replace")
        raise ChangesError(f"git {' '.join(args)}: {err.strip()}")
    return proc.stdout


class ChangesError(Exception):
    """The comparison cannot be made (an unknown ref, not a git checkout...)."""


def changed_files(root: Path, base: str) -> list[str]:
    """Paths that differ between ``base`` and the working tree, untracked files included."""
    tracked = _git("diff", "--name-only", "-z", "--no-renames", base, "--", cwd=root)
    untracked = _git("ls-files", "--others", "--exclude-standard", "-z", cwd=root)
    return sorted({p for p in (tracked + untracked).split("\0") if p})


def extract(root: Path, base: str, dest: Path, paths: Iterable[str]) -> None:
    """Write ``paths`` (top-level files or folders) as they are in ``base`` into ``dest``."""
    present = set(_git("ls-tree", "--name-only", base, cwd=root).splitlines())
    wanted = [p for p in paths if p in present]
    if not wanted:
        return
    data = _git("archive", "--format=tar", base, "--", *wanted, cwd=root, text=False)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")


def _render(project: Path, out: Path, cache: Path, timeout: float) -> None:
    """Run the figure runner of ``project`` (its own, else the installed one) into ``out``."""
    env = {**os.environ, "PYTHONHASHSEED": os.environ.get("PYTHONHASHSEED", "0")}
    cmd = [sys.executable, "-m", "rectified.figures", "--out", str(out), "--cache", str(cache)]
    cmd += ["--timeout", str(timeout)]
    proc = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise ChangesError(f"the figures of {project} failed to render:\n{proc.stderr.strip()}")


def _vault(project: Path) -> Vault:
    """The vault index of ``project``'s notes, as the site's build makes it (math in headings).

    Executed notebooks are generated and git-ignored, so on both sides the notebook pages are
    taken from their sources (``notebooks/NAME.py`` stands for ``docs/notebooks/NAME.ipynb``),
    and links to them resolve alike whether or not they were executed.
    """
    from rectified.markdown.math import MathExtension

    docs = project / DOCS
    texts: dict[str, str] = {}
    for path in sorted(docs.rglob("*")):
        rel = path.relative_to(docs).as_posix()
        if path.is_file() and not (rel.startswith("notebooks/") and rel.endswith(".ipynb")):
            texts[rel] = path.read_text("utf-8") if rel.lower().endswith(".md") else ""
    for source in sorted((project / "notebooks").glob("*.py")):
        texts[f"notebooks/{source.stem}.ipynb"] = ""
    return Vault.from_texts(texts, DOCS, heading_extensions=[MathExtension()])


def compute(
    root: Path,
    base: str,
    pictures: Path,
    *,
    render: bool = True,
    cache: Path | None = None,
    timeout: float = 300.0,
) -> Changes:
    """Compare ``base`` with the working tree of the project at ``root``.

    ``render``: bring the working tree's figures up to date first (as ``nox -s figures`` does:
    a figure that fails or exceeds ``timeout`` seconds is left out of ``docs/figures``, so the
    timeout is generous; CI runs this after ``nox``, when every figure is cached).
    """
    commit = _git("rev-parse", "--verify", "--quiet", f"{base}^{{commit}}", cwd=root).strip()
    files = changed_files(root, base)
    try:  # the pictures of an earlier run are no change to the project
        own = pictures.resolve().relative_to(root.resolve()).as_posix() + "/"
        files = [f for f in files if not f.startswith(own)]
    except ValueError:
        pass
    changes = Changes(base=base, base_commit=commit, files=files)
    changes.site_wide = [
        f for f in changes.files if f.startswith(SITE_WIDE) and not f.startswith(NOT_SITE_WIDE)
    ]
    cache = cache or root / ".cache" / "figures"
    with tempfile.TemporaryDirectory(prefix="rectified-changes-") as tmp:
        old = Path(tmp)
        extract(root, commit, old, [DOCS, "snippets", "rectified", "notebooks"])
        (old / DOCS).mkdir(exist_ok=True)
        figures_changed = any(f.startswith(FIGURE_INPUTS) for f in changes.files)
        if figures_changed:
            try:
                if render:
                    _render(root, root / FIGURES, cache, timeout)
                if (old / "snippets").is_dir():
                    _render(old, old / FIGURES, cache, timeout)
                else:
                    (old / FIGURES).mkdir(parents=True, exist_ok=True)
                for side in ("before", "after"):  # pictures of an earlier run
                    shutil.rmtree(pictures / side, ignore_errors=True)
                changes.figures = compare_figures(old / FIGURES, root / FIGURES, pictures)
            except ChangesError as exc:  # reported with the listing
                changes.figures_error = str(exc)
        notebooks = [
            f"notebooks/{Path(f).stem}.ipynb"
            for f in changes.files
            if f.startswith("notebooks/") and f.endswith(".py")
        ]
        changes.pages = changed_pages(_vault(old), _vault(root), changes.figures, notebooks)
    return changes


# --------------------------------------------------------------------------- output


def text_report(changes: Changes, pictures: Path | None = None) -> str:
    """The terminal listing."""
    short = changes.base_commit[:10]
    lines = [f"Changes since {changes.base} ({short}): {len(changes.files)} files changed."]
    if changes.site_wide:
        lines.append(
            "The site's code or configuration changed, so every page may change: "
            + ", ".join(changes.site_wide)
        )
    lines.append(f"Changed pages ({len(changes.pages)}):")
    width = max([len(p.path) for p in changes.pages] + [0])
    for page in changes.pages:
        lines.append(f"  {page.path:<{width}}  {'; '.join(page.reasons)}")
    if not changes.pages:
        lines.append("  none")
    lines.append(f"Re-rendered figures ({len(changes.figures)}):")
    for fig in changes.figures:
        where = f" ({fig.code})" if fig.code else ""
        lines.append(f"  {fig.name}: {_FIGURE_STATUS[fig.status]}{where}")
        base = pictures if pictures is not None else Path()
        if fig.before:
            lines.append(f"    before: {base / fig.before}")
        if fig.after:
            lines.append(f"    after:  {base / fig.after}")
    if changes.figures_error:
        lines.append(f"  could not compare the figures: {changes.figures_error}")
    elif not changes.figures:
        lines.append("  none")
    return "\n".join(lines)


def _cell(text: str) -> str:
    """Text for a Markdown table cell: pipes escaped, no line breaks, no HTML."""
    text = " ".join(str(text).split())
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def summary_markdown(
    changes: Changes,
    *,
    site_url: str | None = None,
    pictures_url: str | None = None,
    pictures_base: str | None = None,
    limit: int = SUMMARY_LIMIT,
) -> str:
    """The pull request's preview as Markdown (for ``$GITHUB_STEP_SUMMARY``).

    ``site_url``: where the built site can be downloaded (the site artifact); ``pictures_url``:
    where the before and after pictures can (the pictures artifact). GitHub's Markdown drops
    images given as ``data:`` URIs, and an artifact's files have no address of their own, so
    the job summary names each picture and links to the artifact holding it. With
    ``pictures_base`` (a folder or address the pictures are found under, such as ``.`` for
    a summary written next to them) it shows them instead, before and after side by side.
    The result stays under ``limit`` bytes: pages beyond it are counted, not listed.
    """
    short = changes.base_commit[:10]
    out = [
        "## Site preview",
        "",
        f"Compared with `{_cell(changes.base)}` (`{short}`): {len(changes.files)} files changed.",
    ]
    if site_url:
        out += [
            "",
            f"The built site: [download the site preview]({site_url}) "
            "(unzip it, serve the folder with `python3 -m http.server`, and open each page at the "
            "address listed below).",
        ]
    if changes.site_wide:
        files = ", ".join(f"`{_cell(f)}`" for f in changes.site_wide[:20])
        more = f" and {len(changes.site_wide) - 20} more" if len(changes.site_wide) > 20 else ""
        out += [
            "",
            f"**The site's code or configuration changed** ({files}{more}): every page "
            "may look different; the pages below are those whose notes say so.",
        ]

    figures = ["", f"### Re-rendered figures ({len(changes.figures)})", ""]
    if changes.figures_error:
        figures.append(f"The figures could not be compared: {_cell(changes.figures_error)}")
    elif not changes.figures:
        figures.append("None.")
    else:
        figures += ["| figure | what changed | before | after |", "| --- | --- | --- | --- |"]
        for fig in changes.figures:
            row = [f"`{fig.name}` {_cell(fig.title)}", _FIGURE_STATUS[fig.status]]
            for side in (fig.before, fig.after):
                row.append(_picture(side, fig.name, pictures_url, pictures_base))
            figures.append("| " + " | ".join(row) + " |")
        if pictures_url and not pictures_base:
            figures += [
                "",
                f"The pictures: [download them]({pictures_url}) (`before/` and "
                "`after/`, light and dark; `index.md` shows them side by side).",
            ]

    head = [*out, "", f"### Changed pages ({len(changes.pages)})", ""]
    rows = ["| page | address | why |", "| --- | --- | --- |"]
    for page in changes.pages:
        address = f"`/{_cell(page.url)}`" if page.url else "(removed)"
        rows.append(
            f"| {_cell(page.title)} (`{_cell(page.path)}`) | {address} | "
            f"{_cell('; '.join(page.reasons))} |"
        )
    if not changes.pages:
        rows = ["None."]
    tail = "\n".join(figures) + "\n"
    shown = len(rows)
    while True:
        body = rows[:shown]
        hidden = len(rows) - shown
        if hidden:
            body.append(f"| … and {hidden} more pages | | |")
        text = "\n".join([*head, *body]) + "\n" + tail
        if len(text.encode()) <= limit or shown <= 2:
            return text
        shown = max(2, min(shown - 1, shown * limit // len(text.encode())))


def _picture(rel: str | None, name: str, url: str | None, base: str | None) -> str:
    if rel is None:
        return "—"
    if base is not None:
        return f"![{name}, {Path(rel).parent.name}]({base.rstrip('/')}/{rel})"
    if url:
        return f"[`{rel}`]({url})"
    return f"`{rel}`"


def write_if_changed(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text("utf-8") != text:
        path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m rectified.changes",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("base", nargs="?", help="the git ref to compare with (e.g. origin/main)")
    parser.add_argument(
        "--pictures",
        type=Path,
        default=Path(".cache/changes"),
        help="folder for the before/after pictures, index.md and changes.json",
    )
    parser.add_argument(
        "--no-render",
        action="store_true",
        help="take docs/figures as it is (do not bring it up to date first)",
    )
    parser.add_argument(
        "--timeout", type=float, default=300.0, help="seconds per figure (default: 300)"
    )
    parser.add_argument(
        "--from-json",
        type=Path,
        metavar="PATH",
        help="read an earlier run's changes.json instead of comparing again",
    )
    parser.add_argument(
        "--summary",
        type=Path,
        metavar="PATH",
        help="append the Markdown summary to PATH (e.g. $GITHUB_STEP_SUMMARY)",
    )
    parser.add_argument("--site-url", help="link to the built site (the site artifact)")
    parser.add_argument("--pictures-url", help="link to the pictures (their artifact)")
    args = parser.parse_args(argv)
    if (args.base is None) == (args.from_json is None):
        parser.error("give either BASE or --from-json PATH")

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    logger = logging.getLogger("rectified")
    logger.addHandler(handler)
    try:
        if args.from_json:
            changes = Changes.from_json(json.loads(args.from_json.read_text("utf-8")))
        else:
            changes = compute(
                Path.cwd(),
                args.base,
                args.pictures,
                render=not args.no_render,
                timeout=args.timeout,
            )
            args.pictures.mkdir(parents=True, exist_ok=True)
            report = json.dumps(changes.as_json(), indent=1) + "\n"
            write_if_changed(args.pictures / "changes.json", report)
            page = summary_markdown(changes, pictures_base=".")
            write_if_changed(args.pictures / "index.md", page)
            print(text_report(changes, args.pictures))
            print(f"Pictures side by side: {args.pictures / 'index.md'}")
    except (ChangesError, NoteError, OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        logger.removeHandler(handler)
    if args.summary:
        text = summary_markdown(changes, site_url=args.site_url, pictures_url=args.pictures_url)
        with args.summary.open("a", encoding="utf-8") as fh:  # a step summary is appended to
            fh.write(text)
    return 0 if not changes.figures_error else 1


if __name__ == "__main__":
    sys.exit(main())
