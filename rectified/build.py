"""``python -m rectified.build``: a strict MkDocs build that never leaves a half-written site.

MkDocs writes into a fresh temporary folder next to the target; only when the build succeeded is
the old site swapped out for the new one (two renames). A failed build deletes its temporary
folder and leaves the previous ``site/`` exactly as it was.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def build_site(
    site_dir: Path,
    config_file: Path = Path("mkdocs.yml"),
    strict: bool = True,
    timeout: float = 1800.0,
) -> int:
    """Build into a temporary sibling of ``site_dir`` and swap it in on success."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=site_dir.parent, prefix=f"{site_dir.name}.tmp-"))
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(config_file), "-d", str(tmp)]
    if strict:
        cmd.append("--strict")
    try:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        try:
            # A generous ceiling: a build that hangs fails instead of blocking CI forever.
            code = subprocess.call(cmd, env=env, timeout=timeout)
        except subprocess.TimeoutExpired:
            print(f"error: the site build took over {timeout:g} s and was stopped", file=sys.stderr)
            return 1
        if code != 0:
            print(
                f"error: the site build failed; {site_dir.name}/ was left as it was",
                file=sys.stderr,
            )
            return code
        swap_in(tmp, site_dir)
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


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
    args = parser.parse_args(argv)
    return build_site(args.site_dir, args.config_file, args.strict)


if __name__ == "__main__":
    sys.exit(main())
