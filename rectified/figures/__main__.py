"""``python -m rectified.figures``: render the registered figures (what ``nox -s figures`` runs)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rectified.errors import NoteError
from rectified.figures.runner import run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rectified.figures", description=__doc__)
    parser.add_argument("--only", nargs="+", metavar="NAME", help="render only these figures")
    parser.add_argument("--force", action="store_true", help="ignore the cache, render all")
    parser.add_argument("--jobs", type=int, default=None, help="processes (default: all cores)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per figure")
    parser.add_argument("--out", type=Path, default=Path("docs/figures"))
    parser.add_argument("--cache", type=Path, default=Path(".cache/figures"))
    parser.add_argument("--docs", type=Path, default=Path("docs"))
    parser.add_argument("--registry", default="snippets.registry")
    args = parser.parse_args(argv)
    try:
        report = run(
            args.out,
            args.cache,
            registry=args.registry,
            only=args.only,
            force=args.force,
            jobs=args.jobs,
            timeout=args.timeout,
            docs_dir=args.docs,
        )
    except NoteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(report.table())
    if report.count("rendered") == 0 and report.ok:
        print("Nothing to render: every figure is up to date.")
    for name in report.unused:
        print(f"warning: figure {name!r} is registered but no note embeds {name}.svg")
    if not report.ok:
        bad = [r.name for r in report.results if r.status in ("failed", "timeout")]
        print(f"error: {len(bad)} figure(s) failed: {', '.join(bad)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
