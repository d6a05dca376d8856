"""Every page of the built site, in a real browser, in both palettes (see conftest.py).

Run only these with ``pytest -m browser``; leave them out with ``pytest -m "not browser"``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from rectified.vault import url_slug
from tests.browser.conftest import PALETTES, SCHEMES, Sweep, Visit, label

pytestmark = [pytest.mark.browser, pytest.mark.site]

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SERIOUS = {"serious", "critical"}

palettes = pytest.mark.parametrize("palette", list(PALETTES))


def visits(sweep: Sweep, palette: str) -> list[Visit]:
    return list(sweep.visits.get(palette, {}).values())


def listing(found: dict[str, list[str]]) -> str:
    """Page -> problems, one page a paragraph, for assertion messages."""
    return "\n".join(
        f"{page}:\n" + "\n".join(f"    {item}" for item in items)
        for page, items in found.items()
        if items
    )


def sources() -> dict[str, Path]:
    """URL path -> source file, for notes and notebooks (generated pages have none)."""
    files = [p for p in DOCS.rglob("*.md") if "figures" not in p.relative_to(DOCS).parts]
    files += DOCS.glob("notebooks/*.ipynb")
    return {url_slug(p.relative_to(DOCS).as_posix()): p for p in files}


FENCE_RE = re.compile(r"^[ \t>]*(`{3,}|~{3,}).*?^[ \t>]*\1", re.M | re.S)
CODE_SPAN_RE = re.compile(r"(`+).+?\1", re.S)
MATH_RE = re.compile(r"\$\$|(?<![\\$])\$(?!\s)[^$\n]+?(?<!\s)\$(?!\d)")


def has_math(source: Path) -> bool:
    if source.suffix == ".ipynb":
        cells = json.loads(source.read_text("utf-8"))["cells"]
        text = "\n".join(
            "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in cells
            if c["cell_type"] == "markdown"
        )
    else:
        text = source.read_text("utf-8")
    return bool(MATH_RE.search(CODE_SPAN_RE.sub("", FENCE_RE.sub("", text))))


# ----------------------------------------------------------------------------- the pages


def test_every_page_is_visited_in_both_palettes(sweep: Sweep):
    missing = sorted(set(sources()) - set(sweep.pages))
    assert not missing, f"notes with no page on the site: {missing}"
    for palette in PALETTES:
        assert sorted(sweep.visits.get(palette, {})) == sorted(sweep.pages), palette


@palettes
def test_pages_load_in_their_palette(sweep: Sweep, palette: str):
    found = {}
    for v in visits(sweep, palette):
        items = list(v.problems)
        if v.scheme != SCHEMES[palette]:
            items.append(f"palette {v.scheme!r}, expected {SCHEMES[palette]!r}")
        if v.screenshot is None or not v.screenshot.is_file():
            items.append("no screenshot")
        found[label(v.path)] = items
    assert not listing(found), f"in the {palette} palette ({sweep.browser}):\n{listing(found)}"


@palettes
def test_no_console_errors(sweep: Sweep, palette: str):
    found = {label(v.path): v.console_errors for v in visits(sweep, palette)}
    assert not listing(found), f"console errors in the {palette} palette:\n{listing(found)}"


@palettes
def test_no_failed_requests(sweep: Sweep, palette: str):
    found = {
        label(v.path): v.failed_requests + [f"image not shown: {s}" for s in v.broken_images]
        for v in visits(sweep, palette)
    }
    assert not listing(found), f"failed requests in the {palette} palette:\n{listing(found)}"


@palettes
def test_nothing_is_requested_from_another_host(sweep: Sweep, palette: str):
    found = {label(v.path): v.external_requests for v in visits(sweep, palette)}
    assert not listing(found), f"requests to other hosts (aborted):\n{listing(found)}"


def test_no_request_leaves_the_machine_at_all(sweep: Sweep):
    """Every context, including requests no page is credited with (workers, prefetches)."""
    assert not sweep.stray_requests, sweep.stray_requests


@palettes
def test_math_is_typeset(sweep: Sweep, palette: str):
    math = {path for path, src in sources().items() if has_math(src)}
    assert len(math) >= 3
    found = {}
    for v in visits(sweep, palette):
        items = [f"raw TeX on screen: {raw!r}" for raw in v.raw_math]
        if v.path in math:
            if not v.katex:
                items.append("its source has math, the page has no .katex")
            elif not v.katex_font_loaded:
                items.append("KaTeX's font KaTeX_Main was not loaded")
        found[label(v.path)] = items
    assert not listing(found), f"in the {palette} palette:\n{listing(found)}"


@palettes
def test_figures_show_only_the_variant_of_the_palette(sweep: Sweep, palette: str):
    assert sweep.figure_pages, "no page has a generated figure"
    other = "dark" if palette == "light" else "light"
    found = {}
    for path in sweep.figure_pages:
        v = sweep.visits[palette][path]
        items = [] if v.figures else ["no figure.rectified-figure found"]
        for fig in v.figures:
            shown, hidden = fig[palette], fig[other]
            if not (shown and shown["visible"] and shown["loaded"]):
                items.append(f"#{fig['id']}: the {palette} image is not shown: {shown}")
            if not hidden or hidden["visible"]:
                items.append(f"#{fig['id']}: the {other} image is not hidden: {hidden}")
        found[label(path)] = items
    assert not listing(found), f"in the {palette} palette:\n{listing(found)}"


# --------------------------------------------------------------------------- interactions


def test_clicking_raises_no_error(sweep: Sweep):
    v = sweep.interaction
    assert v is not None
    found = {"search and palette toggle": v.problems + v.console_errors + v.failed_requests}
    assert not listing(found), listing(found)


def test_palette_toggle_swaps_the_figures(sweep: Sweep):
    expected = ["light", "dark", "light"]  # as loaded, after one click, after a second
    found = {}
    for path in sweep.figure_pages:
        states = sweep.toggles.get(path)
        if states is None:
            found[label(path)] = ["not reached (see test_clicking_raises_no_error)"]
            continue
        items = []
        for step, (state, palette) in enumerate(zip(states, expected, strict=True)):
            other = "dark" if palette == "light" else "light"
            for fig in state["figures"]:
                if not (fig[palette]["visible"] and not fig[other]["visible"]):
                    items.append(f"after {step} clicks, #{fig['id']} shows {fig}")
        found[label(path)] = items
    assert not listing(found), listing(found)


def test_links_lead_to_their_pages(sweep: Sweep):
    """Each link shows its page; with navigation.instant on, swapped in without a reload."""
    assert len(sweep.navigation) == 3, f"{sweep.navigation} (see test_clicking_raises_no_error)"
    if sweep.instant:
        reloaded = [hop for hop in sweep.navigation if not hop["instant"]]
        assert not reloaded, f"navigation.instant is on, yet these links reloaded: {reloaded}"
    loaded = sweep.visits["light"]
    stale = [
        f"{hop['to']}: shows {hop['title']!r}, not {loaded[hop['to'][1:]].title!r}"
        for hop in sweep.navigation
        if hop["title"] != loaded[hop["to"][1:]].title
    ]
    assert not stale, "the address changed, the page did not:\n" + "\n".join(stale)


def test_link_graph_nodes_lead_to_their_notes(sweep: Sweep):
    hop = sweep.graph_hop
    assert hop is not None, "no graph node clicked (see test_clicking_raises_no_error)"
    assert hop["node"], hop
    assert hop["title"].startswith(hop["node"].strip() + " - "), hop


def test_search_finds_the_softplus_note(sweep: Sweep):
    results = sweep.search_results
    assert any(
        "Softplus" in r["title"] and urlsplit(r["href"] or "").path.endswith("/softplus/")
        for r in results
    ), f"searching 'softplus' listed: {results}"


# -------------------------------------------------------------------------- accessibility


@palettes
def test_no_serious_accessibility_violations(sweep: Sweep, palette: str):
    found = {}
    for v in visits(sweep, palette):
        found[label(v.path)] = [
            f"{x['id']} ({x['impact']}): {x['help']}\n"
            + "\n".join(f"        {n['target']}: {n['summary']}" for n in x["nodes"][:5])
            for x in v.violations
            if x["impact"] in SERIOUS
        ]
    assert not listing(found), f"axe-core, {palette} palette:\n{listing(found)}"
