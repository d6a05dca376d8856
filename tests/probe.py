"""Run a snippet of Python in a fresh interpreter with the repository importable; read its JSON.

For tests of what importing something does (a fresh process has imported nothing yet).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def probe(code: str, timeout: float = 120) -> dict:
    """The JSON object ``code`` prints as its last line of output (``timeout``: a hang guard)."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
