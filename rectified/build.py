"""``python -m rectified.build``: a strict build that never leaves a half-written site.

The builder (MkDocs, the default, or Zensical with ``--builder zensical``) writes into a fresh
temporary folder next to the target; only when the build succeeded is the old site swapped out
for the new one (two renames). A failed build deletes its temporary folder and leaves the
previous ``site/`` exactly as it was.

Zensical reads the same ``mkdocs.yml`` but takes no output folder on its command line, so it is
given a copy of the config (a hidden file beside it, removed afterwards) whose ``site_dir`` is
the temporary folder. Zensical also caches each page by its own Markdown and the extensions'
settings; a page's backlinks and graph depend on every other note, so the copy also hands
:mod:`rectified.markdown.pages` a content hash of the vault (``index_key``), and any change to
any note renders every page afresh. Zensical's link validator reads the source without
knowing Obsidian's heading-text anchors (``[[#A heading]]``), so its warnings are not made
errors; the extensions fail the build on every link that does not resolve.

Every error at once: the builder runs with ``RECTIFIED_NOTE_ERRORS`` naming a file, so each
page's error is written there and the build goes on to the next page (see
:mod:`rectified.context`); when the build failed or wrote any error, the vault check
(:mod:`rectified.check`) adds every broken link, embed and front matter of every note, and the
whole list is printed, one ``path:line: message`` a line, sorted, before the build fails.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from rectified.context import ERROR_MARKER, ERRORS_ENV, read_reported
from rectified.errors import NoteError

BUILDERS = ("mkdocs", "zensical")


def build_site(
    site_dir: Path,
    config_file: Path = Path("mkdocs.yml"),
    strict: bool = True,
    timeout: float = 1800.0,
    builder: str = "mkdocs",
) -> int:
    """Build into a temporary sibling of ``site_dir`` and swap it in on success."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=site_dir.parent, prefix=f"{site_dir.name}.tmp-"))
    zensical_config = zensical_out = None
    if builder == "zensical":
        # Zensical writes only inside the project folder: there first, then moved beside site/.
        root = Path(config_file).resolve().parent
        zensical_out = Path(tempfile.mkdtemp(dir=root, prefix=".zensical-site-"))
        zensical_config = zensical_config_for(Path(config_file), zensical_out)
        cmd = [sys.executable, "-m", "zensical", "build", "-f", str(zensical_config)]
    else:
        cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(config_file), "-d", str(tmp)]
        if strict:
            cmd.append("--strict")
    fd, errors_file = tempfile.mkstemp(prefix=".rectified-errors-", suffix=".jsonl")
    os.close(fd)
    try:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", ERRORS_ENV: errors_file}
        try:
            # A generous ceiling: a build that hangs fails instead of blocking CI forever.
            if zensical_out is None:
                code = subprocess.call(cmd, env=env, timeout=timeout)
            else:
                code = _run_zensical(cmd, env, timeout)
        except subprocess.TimeoutExpired:
            print(f"error: the site build took over {timeout:g} s and was stopped", file=sys.stderr)
            return 1
        errors = read_reported(errors_file)
        if code == 0 and not errors and zensical_out is not None:
            errors = _error_pages(zensical_out)  # a page Zensical took from its cache
        if code != 0 or errors:
            errors = _with_vault_problems(errors, Path(config_file))
            for problem in errors:
                print(f"error: {problem}", file=sys.stderr)
            n = len(errors)
            found = f"{n} error{'s' if n != 1 else ''} in notes; " if n else ""
            print(
                f"error: the site build failed ({found}{site_dir.name}/ was left as it was)",
                file=sys.stderr,
            )
            return code or 1
        if zensical_out is not None:
            tmp.rmdir()
            shutil.move(zensical_out, tmp)
        swap_in(tmp, site_dir)
        return 0
    finally:
        Path(errors_file).unlink(missing_ok=True)
        shutil.rmtree(tmp, ignore_errors=True)
        if zensical_config is not None:
            zensical_config.unlink(missing_ok=True)
        if zensical_out is not None:
            shutil.rmtree(zensical_out, ignore_errors=True)


def _with_vault_problems(errors: list[NoteError], config_file: Path) -> list[NoteError]:
    """The build's errors and the vault check's, each once, sorted by file and line."""
    from rectified.check import vault_problems

    text = config_file.read_text(encoding="utf-8")
    found = _DOCS_DIR.search(text)
    docs = (config_file.parent / (found.group(1).strip("'\"") if found else "docs")).resolve()
    figures = _FIGURES_DIR.search(text)
    figures_dir = figures.group(1).strip("'\"") if figures else "figures"
    math = "rectified.markdown.math" in text
    try:
        checked = vault_problems(docs, figures_dir, math=math) if docs.is_dir() else []
    except Exception as exc:  # the build's own errors are still worth printing
        print(f"warning: the vault check stopped: {exc}", file=sys.stderr)
        checked = []
    # The same problem seen twice (the build's line may differ): once, the build's wording.
    seen = {(e.path, e.message) for e in errors}
    more = [c for c in checked if (c.path, c.message) not in seen]
    unique = {e.key(): e for e in [*errors, *more]}
    return [unique[k] for k in sorted(unique)]


def _error_pages(site: Path) -> list[NoteError]:
    """Pages that show a note's error (see :mod:`rectified.context`), for a builder that may
    reuse a page it rendered in an earlier, failed build without converting it again."""
    found = []
    for page in sorted(site.rglob("*.html")):
        if ERROR_MARKER in page.read_text(encoding="utf-8", errors="replace"):
            rel = page.relative_to(site).as_posix()
            found.append(NoteError("the page shows a note's error; build again", path=rel))
    return found


_FIGURES_DIR = re.compile(r"(?m)^\s*figures_dir:\s*(\S+)\s*$")
_NOTE_ERROR = re.compile(r"NoteError: (.+)$", re.M)


def _run_zensical(cmd: list[str], env: dict[str, str], timeout: float) -> int:
    """Run Zensical; a note's error, buried in its traceback, is repeated plainly at the end."""
    proc = subprocess.run(cmd, env=env, timeout=timeout, capture_output=True, text=True)
    sys.stdout.write(proc.stdout)
    sys.stderr.write(proc.stderr)
    for message in dict.fromkeys(_NOTE_ERROR.findall(proc.stdout + proc.stderr)):
        print(f"error: {message}", file=sys.stderr)
    return proc.returncode


_SITE_DIR = re.compile(r"(?m)^site_dir:.*$")
_DOCS_DIR = re.compile(r"(?m)^docs_dir:\s*(\S+)\s*$")
_PAGES_EXT = re.compile(r"(?m)^(\s*)- rectified\.markdown\.pages(:?)[ \t]*(#.*)?$")


def zensical_config_for(config_file: Path, site_dir: Path) -> Path:
    """A hidden copy of ``config_file`` for Zensical: ``site_dir`` set, the vault's hash passed."""
    text = config_file.read_text(encoding="utf-8")
    line = f"site_dir: {json.dumps(str(site_dir))}"
    text = _SITE_DIR.sub(line, text, count=1) if _SITE_DIR.search(text) else text + line + "\n"
    found = _DOCS_DIR.search(text)
    docs = (config_file.parent / (found.group(1).strip("'\"") if found else "docs")).resolve()
    key = json.dumps(vault_hash(docs))

    def pages(m: re.Match[str]) -> str:
        indent = m.group(1)
        if m.group(2):  # options follow on the next lines
            return f"{m.group(0)}\n{indent}    index_key: {key}"
        return f"{indent}- rectified.markdown.pages:\n{indent}    index_key: {key}"

    text = _PAGES_EXT.sub(pages, text, count=1)
    fd, name = tempfile.mkstemp(dir=config_file.parent, prefix=".zensical-", suffix=".yml")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    return Path(name)


def vault_hash(docs_dir: Path) -> str:
    """A hash of every file in the vault (paths and contents; hidden folders left out)."""
    digest = hashlib.sha256()
    for path in sorted(docs_dir.rglob("*")):
        rel = path.relative_to(docs_dir)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            digest.update(rel.as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def swap_in(new: Path, target: Path) -> None:
    """Replace ``target`` by ``new`` with renames only (old copy removed afterwards)."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f"{target.name}.old-"))
        old.rmdir()
        target.rename(old)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rectified.build", description=__doc__)
    parser.add_argument("--site-dir", type=Path, default=Path("site"))
    parser.add_argument("--config-file", "-f", type=Path, default=Path("mkdocs.yml"))
    parser.add_argument("--no-strict", dest="strict", action="store_false")
    parser.add_argument("--builder", choices=BUILDERS, default="mkdocs")
    args = parser.parse_args(argv)
    return build_site(args.site_dir, args.config_file, args.strict, builder=args.builder)


if __name__ == "__main__":
    sys.exit(main())
