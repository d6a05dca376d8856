"""The lock files: every session installs the same versions on every platform, a year from now.

``requirements/lock.txt`` pins every package of every extra, with hashes, for every platform
(``uv pip compile --universal``); ``requirements/tools.txt`` does the same for nox and uv, which
CI and the README install. Both are made by ``nox -s lock``. A pin changed in ``pyproject.toml``
(by hand or by Dependabot) without re-locking fails here, naming the package.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "lock.txt"
TOOLS_IN = ROOT / "requirements" / "tools.in"
TOOLS = ROOT / "requirements" / "tools.txt"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]

# name==version [; marker] [\]: one requirement line of a compiled file
ENTRY = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?P<spec>[^;\\#]*?)\s*(?:;\s*(?P<marker>[^\\#]*?))?\s*\\?$"
)


def entries(path: Path) -> list[dict]:
    """One dict per requirement of a compiled file: name, spec, marker and its hashes."""
    found: list[dict] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("--hash="):
            assert found, f"{path.name}: a hash before any requirement"
            found[-1]["hashes"].append(stripped.removeprefix("--hash=").rstrip(" \\"))
            continue
        assert not line.startswith(" "), f"{path.name}: unexpected line {line!r}"
        match = ENTRY.match(stripped)
        assert match, f"{path.name}: cannot read {line!r}"
        found.append(
            {
                "name": canonicalize_name(match["name"]),
                "spec": match["spec"].strip(),
                "marker": (match["marker"] or "").strip(),
                "hashes": [],
            }
        )
    return found


def header(path: Path) -> str:
    return "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()[:3])


def direct_requirements() -> list[Requirement]:
    """The project's dependencies and every extra's, minus its references to itself."""
    texts = list(PROJECT["dependencies"])
    for extra in PROJECT.get("optional-dependencies", {}).values():
        texts += extra
    return [r for r in map(Requirement, texts) if canonicalize_name(r.name) != PROJECT["name"]]


@pytest.mark.parametrize("path", [LOCK, TOOLS], ids=lambda p: p.name)
def test_every_locked_package_is_pinned_with_hashes(path: Path):
    found = entries(path)
    assert found
    for entry in found:
        assert re.fullmatch(r"==[\w.!+-]+", entry["spec"]), entry
        assert entry["hashes"], f"{path.name}: {entry['name']} has no hash"
        assert all(h.startswith("sha256:") for h in entry["hashes"]), entry


@pytest.mark.parametrize("path", [LOCK, TOOLS], ids=lambda p: p.name)
def test_the_lock_is_for_every_platform_and_the_minimum_python(path: Path):
    command = header(path)
    assert "uv pip compile" in command
    assert "--universal" in command  # markers, not this machine's platform, choose packages
    assert "--generate-hashes" in command
    minimum = PROJECT["requires-python"].removeprefix(">=")
    assert f"--python-version {minimum}" in command


def test_the_lock_holds_every_extra_and_not_the_project():
    assert "--all-extras" in header(LOCK)
    assert PROJECT["name"] not in {e["name"] for e in entries(LOCK)}


def test_every_direct_dependency_is_locked_at_its_pinned_version():
    locked: dict[str, set[str]] = {}
    for entry in entries(LOCK):
        locked.setdefault(entry["name"], set()).add(entry["spec"])
    requirements = direct_requirements()
    assert len(requirements) >= 18
    for requirement in requirements:
        specs = list(requirement.specifier)
        assert len(specs) == 1, f"{requirement} is not pinned"
        assert specs[0].operator == "==", f"{requirement} is not pinned"
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{name} is not in {LOCK.name}: run `nox -s lock`"
        assert locked[name] == {f"=={specs[0].version}"}, (
            f"{name}: pyproject.toml pins {specs[0].version}, {LOCK.name} has "
            f"{sorted(locked[name])}: run `nox -s lock`"
        )


def test_the_tools_are_locked_at_their_pinned_versions():
    pins = [Requirement(line) for line in TOOLS_IN.read_text().splitlines() if line[:1].isalpha()]
    assert {canonicalize_name(r.name) for r in pins} == {"nox", "uv"}
    locked = {e["name"]: e["spec"] for e in entries(TOOLS)}
    for requirement in pins:
        (spec,) = requirement.specifier
        assert spec.operator == "=="
        assert locked.get(canonicalize_name(requirement.name)) == f"=={spec.version}", (
            f"{requirement.name}: run `nox -s lock`"
        )


def test_python_version_file_names_the_minimum_series():
    """`.python-version` (uv, pyenv, setup-python) names a series whose newest release is
    new enough; the minimum itself is declared once, in requires-python."""
    series = (ROOT / ".python-version").read_text().strip()
    minimum = PROJECT["requires-python"].removeprefix(">=")
    assert re.fullmatch(r"\d+\.\d+", series), series
    assert minimum.startswith(series + "."), (series, minimum)


def readme_setup_commands() -> list[str]:
    """The commands of the README's first code block, in its Quick start."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = text[text.index("## Quick start") :]
    block = re.search(r"```bash\n(.*?)```", quick_start, re.S)
    assert block, "no ```bash block in the README's Quick start"
    lines = [line.split("  #")[0].strip() for line in block.group(1).splitlines()]
    return [line for line in lines if line]


def test_the_readme_sets_up_with_the_pinned_tools_and_ci_runs_its_test_command():
    build, test = readme_setup_commands()  # exactly two: one builds the site, one runs the tests
    install = f"python3 -m pip install -r {TOOLS.relative_to(ROOT).as_posix()}"
    assert build == f"{install} && nox"
    assert test == f"{install} && nox -s test"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci, ".ci/run must run the README's test command verbatim"
    assert f"{install} && nox -s lint" in ci


PINNED_INSTALL = re.compile(r"pip install (-r|--requirement) requirements/tools\.txt\b")


def test_ci_installs_its_tools_pinned():
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
    assert workflows
    for path in [*workflows, ROOT / ".ci" / "run"]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.search(r"\bpip install\b", line):
                assert PINNED_INSTALL.search(line), (
                    f"{path.relative_to(ROOT)}: {line.strip()!r} installs unpinned tools"
                )
