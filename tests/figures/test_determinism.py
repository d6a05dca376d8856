"""Every registered figure is byte-identical when drawn by two processes with different hash seeds.

The runner's cache and the site's "unchanged figure" checks assume that the same code gives the
same bytes. Two fresh processes are the only honest test of that: within one process, ``@cache``
hides unseeded randomness (the first draw is reused), and the order of a ``set`` of strings
(say, the lines of a plot drawn from ``set(names)``) depends on ``PYTHONHASHSEED``, which is
fixed for the life of a process. So the whole registry is drawn twice from scratch
(``--force``, empty caches), under seeds 1 and 2, and every output file is compared.

Slow (a cold render of every figure, twice); marked ``slow`` and run by ``nox -s test``, which
runs every test. Select it alone with ``pytest -m slow``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from rectified.figures.spec import load_registry

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _render(base: Path, seed: str) -> dict[str, bytes]:
    out, cache = base / f"out-{seed}", base / f"cache-{seed}"
    env = {**os.environ, "PYTHONHASHSEED": seed}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "rectified.figures",
            "--force",
            "--out",
            str(out),
            "--cache",
            str(cache),
            "--docs",
            str(ROOT / "docs"),
            # This test is about bytes, not speed: a loaded machine must not time a figure out.
            "--timeout",
            "600",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_every_figure_is_byte_identical_across_hash_seeds(tmp_path: Path):
    first = _render(tmp_path, "1")
    second = _render(tmp_path, "2")
    names = sorted(load_registry())
    for name in names:  # both palettes of every registered figure were drawn
        assert f"{name}.svg" in first, name
        assert f"{name}.dark.svg" in first, name
    assert sorted(first) == sorted(second)
    differ = sorted(f for f in first if first[f] != second[f])
    assert not differ, (
        f"{len(differ)} file(s) differ between PYTHONHASHSEED=1 and 2: {', '.join(differ)}; "
        "look for unseeded randomness or iteration over a set or hash() in their snippets"
    )
