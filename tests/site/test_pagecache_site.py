"""The page cache (rectified.pagecache) in real builds: a cached build is byte for byte an
uncached one, under both builders, before and after edits that change other pages; warnings are
replayed; a page with an error is never kept; RECTIFIED_CACHE=off keeps nothing."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest

from rectified import cache
from rectified.context import ERROR_MARKER
from rectified.pagecache import NAMESPACE
from tests.site.project import build, copy_vault, make_project, page_file

VAULT = Path(__file__).resolve().parents[1] / "vault"
MARK = "<!-- kept by the page cache -->"

# (note, text replaced, replacement, page that must show it, what it must show): each edit
# changes other pages than its own, which a stale cache would get wrong.
EDITS = [
    # A title: the links to it, the neighbours' graphs and the "Linked from" lists name it.
    ("Variance.md", "title: Variance", "title: Spread of a law", "Expectation (mean).md", None),
    # An embedded note: the page that embeds it shows the new sentence.
    (
        "Markov Inequality.md",
        "\n## ",
        "\nA sentence added to an embedded note.\n\n## ",
        "Law of Large Numbers.md",
        "A sentence added to an embedded note.",
    ),
    # The sentence around a link: the linked note's "Linked from" list quotes it.
    (
        "Expectation (mean).md",
        "The spread around the mean is",
        "The dispersion around the mean is",
        "Variance.md",
        "dispersion around the mean",
    ),
]


def _entries(folder: Path) -> dict[str, dict]:
    store = cache.Store(folder)
    try:
        return {key: store.get(NAMESPACE, key) for key in store.keys(NAMESPACE)}
    finally:
        store.close()


def _differences(a: Path, b: Path) -> list[str]:
    """Files that differ, or are in one site only, as paths relative to the sites."""
    out: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        out.extend(prefix + n for n in cmp.left_only + cmp.right_only + cmp.funny_files)
        _match, mismatch, errors = filecmp.cmpfiles(
            cmp.left, cmp.right, cmp.common_files, shallow=False
        )
        out.extend(prefix + n for n in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return sorted(out)


def _build(config: Path, site: Path, builder: str, store: Path | None, monkeypatch) -> None:
    monkeypatch.setenv(cache.ENV, str(store) if store is not None else "off")
    proc = build(config, site, builder)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_a_cached_build_is_an_uncached_one(builder, tmp_path, monkeypatch):
    base, store = tmp_path / "project", tmp_path / "cache"
    config = copy_vault(VAULT, base, stubs=builder == "zensical")
    _build(config, tmp_path / "plain", builder, None, monkeypatch)
    assert not store.exists()
    _build(config, tmp_path / "filled", builder, store, monkeypatch)
    kept = _entries(store)
    assert kept, "the first cached build kept no page"
    _build(config, tmp_path / "warm", builder, store, monkeypatch)
    assert _entries(store).keys() == kept.keys(), "the warm build missed a page it had kept"
    assert _differences(tmp_path / "plain", tmp_path / "filled") == []
    assert _differences(tmp_path / "plain", tmp_path / "warm") == []

    docs = base / "docs"
    for note, old, new, _page, _shown in EDITS:
        path = docs / note
        text = path.read_text(encoding="utf-8")
        assert old in text, (note, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    _build(config, tmp_path / "edited-cached", builder, store, monkeypatch)
    converted = _entries(store).keys() - kept.keys()
    # The edited notes and the pages that show them again, not every page (under Zensical, the
    # vault's hash that busts Zensical's own page cache is not in the key).
    assert 0 < len(converted) < len(kept), (len(converted), len(kept))
    _build(config, tmp_path / "edited-plain", builder, None, monkeypatch)
    assert _differences(tmp_path / "edited-plain", tmp_path / "edited-cached") == []
    for _note, _old, new, page, shown in EDITS:
        html = page_file(tmp_path / "edited-cached", page).read_text(encoding="utf-8")
        assert (shown or new.split(": ", 1)[-1]) in html, (page, shown or new)

    # The warm build did take its pages from the cache: a mark put into every kept page shows.
    shutil.rmtree(tmp_path / "warm")
    writer = cache.Store(store)
    for key, entry in _entries(store).items():
        writer.put(NAMESPACE, key, {**entry, "html": entry["html"] + MARK})
    writer.close()  # written now, for the build's process to read
    _build(config, tmp_path / "warm", builder, store, monkeypatch)
    assert MARK in page_file(tmp_path / "warm", "Variance.md").read_text(encoding="utf-8")


def test_warnings_are_replayed_from_the_cache(tmp_path, monkeypatch):
    """MkDocs warns (strict: fails) about a missing file during the conversion, and about a
    missing anchor after every page, from what the conversion found: both again when cached."""
    config = make_project(
        tmp_path / "project",
        {
            "index.md": "# Home\n\nSee [[A]].\n",
            "A.md": "# A\n\nLinks: [to a file](missing.txt), [to an anchor](#no-such-anchor).\n",
        },
    )
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    outputs = []
    for attempt in range(2):
        proc = build(config, tmp_path / f"site{attempt}", "mkdocs")
        assert proc.returncode != 0
        outputs.append(proc.stdout + proc.stderr)
        assert _entries(tmp_path / "cache"), "the pages with warnings were not kept"
    for output in outputs:
        assert "contains a link 'missing.txt', but the target is not found" in output
        assert "contains a link '#no-such-anchor', but there is no such anchor" in output


@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_a_page_with_an_error_is_never_kept(builder, tmp_path, monkeypatch):
    config = make_project(
        tmp_path / "project",
        {
            "index.md": "# Home\n\nSee [[A]] and [[B]].\n",
            "A.md": "# A\n\nA link to [[B#No such heading]].\n",
            "B.md": "# B\n\nFine.\n",
        },
    )
    if builder == "zensical":
        from rectified.pages import write_missing_stubs

        write_missing_stubs(tmp_path / "project" / "docs")
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    for attempt in range(2):
        proc = build(config, tmp_path / f"site{attempt}", builder)
        assert proc.returncode != 0
        assert "docs/A.md:3: 'B.md' has no heading 'No such heading'" in proc.stdout + proc.stderr
    kept = _entries(tmp_path / "cache")
    assert kept, "no page was kept at all"
    assert not any(ERROR_MARKER in entry["html"] for entry in kept.values())
    assert not any("No such heading" in entry["html"] for entry in kept.values())


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    config = make_project(tmp_path / "project", {"index.md": "# Home\n\nHello.\n"})
    monkeypatch.setenv(cache.ENV, "off")
    proc = build(config, tmp_path / "site", "mkdocs")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not (tmp_path / "project" / cache.CACHE_DIR).exists()
