"""The claims test's count of numbers, printed at the end of every run that includes it."""

from __future__ import annotations

import pytest


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    ran = any(
        "tests/content/test_claims.py" in getattr(report, "nodeid", "")
        for reports in terminalreporter.stats.values()
        for report in reports
    )
    if not ran:
        return
    from tests.content.test_claims import counts

    n = counts()
    notes_computed = n["computed"] - n["caption_computed"]
    notes_given = n["given"] - n["caption_given"]
    terminalreporter.write_sep("-", "numbers in notes and captions")
    terminalreporter.write_line(
        f"notes and notebook pages: {notes_computed} computed, {notes_given} given; "
        f"figure captions: {n['caption_computed']} computed, {n['caption_given']} given; "
        f"in all {n['computed']} computed, {n['given']} given, {n['uncovered']} not covered"
    )
