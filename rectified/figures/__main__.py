"""``python -m rectified.figures``: render the registered figures (what ``nox -s figures`` runs)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from rectified.errors import NoteError
from rectified.figures.runner import FigureRunError, run


class _Formatter(logging.Formatter):
    """``warning: message`` / ``error: message``, as a compiler prints."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname.lower()}: {record.getMessage()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rectified.figures", description=__doc__)
    parser.add_argument("--only", nargs="+", metavar="NAME", help="render only these figures")
    parser.add_argument("--force", action="store_true", help="ignore the cache, render all")
    parser.add_argument("--jobs", type=int, default=None, help="workers (default: all cores)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per figure")
    parser.add_argument("--out", type=Path, default=Path("docs/figures"))
    parser.add_argument("--cache", type=Path, default=Path(".cache/figures"))
    parser.add_argument("--docs", type=Path, default=Path("docs"))
    parser.add_argument("--registry", default="snippets.registry")
    parser.add_argument(
        "--json",
        nargs="?",
        const="-",
        metavar="PATH",
        help="write a machine-readable report (per figure: name, status, seconds; totals) to "
        "PATH, or to stdout without PATH (the table then goes to stderr)",
    )
    args = parser.parse_args(argv)

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    logger = logging.getLogger("rectified")
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        return _main(args)
    finally:
        logger.removeHandler(handler)


def _main(args: argparse.Namespace) -> int:
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
    except (NoteError, FigureRunError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    human = sys.stderr if args.json == "-" else sys.stdout
    print(report.table(), file=human)
    if report.count("rendered") == 0 and report.ok:
        print("Nothing to render: every figure is up to date.", file=human)
    if args.json == "-":
        print(json.dumps(report.as_json(), indent=1))
    elif args.json:
        Path(args.json).write_text(json.dumps(report.as_json(), indent=1) + "\n", "utf-8")
    if not report.ok:
        bad = [r.name for r in report.results if r.status in ("failed", "timeout")]
        print(f"error: {len(bad)} figure(s) failed: {', '.join(bad)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
