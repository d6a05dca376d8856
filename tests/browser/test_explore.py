"""Explorable figures in Chromium: sliders moved with the keyboard redraw what the snippets compute.

A small vault embeds every explorable figure (two on one page, three on another) and is built by
MkDocs and by Zensical; under MkDocs it also holds the notebook page (the executed
``docs/notebooks/ReLU as a Sum of Sigmoids.ipynb`` that ``nox -s figures`` writes, rendered by
mkdocs-jupyter), whose ``show("sigmoid-sum")`` gets the same slider. On each page, headless
Chromium (phone-wide) focuses each slider and moves it with the keyboard (End, Home,
ArrowRight), flips the switch with Space, and switches the palette.
After each step the record holds the value label, the slider's aria-valuetext, the numbers shown
and every point of every drawn curve, read back from the SVG through the drawing's own axis
mapping. The tests compare them with the registry's frame functions called here, in Python:
the value labels and numbers must be equal as text, the points equal to 1e-9 of the axis range
(the SVG holds the pixel coordinates as JavaScript prints doubles, so the only loss is the
mapping's rounding). Also: no console error, no failed request, nothing asked of another host,
axe-core finds nothing serious or critical, and the curves take the dark palette's colours. The
pages with a palette switch leave a phone-wide screenshot of their first figure in each palette
in ``screenshots/explore/``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from rectified.figures.explore import palettes
from rectified.figures.render import style_paths
from tests.browser.conftest import (
    AXE,
    AXE_JS,
    SCREENSHOTS,
    Recorder,
    Visit,
    async_playwright,
    built_with,
    in_browser,
    launch,
    offline_context,
    serving,
    wait_for_scheme,
)
from tests.site.project import ROOT, make_project, page_path

NOTES = {
    "index.md": "# Home\n\n[[Softplus]] and [[Others]].\n",
    "Softplus.md": (
        "# Softplus\n\nA sharper softplus.\n\n![[softplus.svg]]\n\nIts gap.\n\n"
        "![[softplus-gap.svg]]\n"
    ),
    "Others.md": (
        "# Others\n\n![[leaky-relu-other-alphas.svg]]\n\n![[sigmoid-sum.svg]]\n\n"
        "![[running-average.svg]]\n\nA static one.\n\n![[relu.svg]]\n"
    ),
}
PAGES = {"Softplus.md": ["softplus", "softplus-gap"], "Others.md": [
    "leaky-relu-other-alphas", "sigmoid-sum", "running-average"]}  # fmt: skip
# The notebook page: rendered by mkdocs-jupyter, a MkDocs plugin (Zensical links the .ipynb).
NOTEBOOK = "notebooks/ReLU as a Sum of Sigmoids.ipynb"
NOTEBOOK_FIGURES = ["sigmoid-sum"]
PALETTE_PAGES = ("Softplus.md", NOTEBOOK)  # the palette is switched there, and screenshots taken
SHOTS = SCREENSHOTS / "explore"


def pages_of(builder: str) -> dict[str, list[str]]:
    """Page (vault path) -> the explorable figures it shows, for ``builder``'s site."""
    return {**PAGES, NOTEBOOK: NOTEBOOK_FIGURES} if builder == "mkdocs" else PAGES


def url_of(builder: str, rel: str) -> str:
    return page_path(builder, rel).removesuffix("index.html")


# What the page shows of one explorable figure: labels, numbers, and each drawn curve's points
# mapped back to data coordinates with the drawing's own mapping (data-transform).
READ_JS = """
(id) => {
  const fig = document.getElementById(id);
  const svg = fig.querySelector('svg.rectified-explore-plot');
  const input = fig.querySelector('input[type=range]');
  const out = {
    value: fig.querySelector('output.rectified-explore-value').textContent,
    valuetext: input.getAttribute('aria-valuetext'),
    index: Number(input.value),
    toggle: fig.querySelector('input[type=checkbox]')?.checked ?? null,
    numbers: [...fig.querySelectorAll('output[data-number]')].map((o) => o.textContent),
    state: svg ? Number(svg.getAttribute('data-state')) : null,
    covers: false, lines: {},
  };
  if (!svg) return out;
  const img = [...fig.querySelectorAll(':scope > img')].find((i) => i.getClientRects().length);
  const a = svg.getBoundingClientRect(), b = img.getBoundingClientRect();
  out.covers = Math.abs(a.left - b.left) < 1 && Math.abs(a.top - b.top) < 1 &&
    Math.abs(a.width - b.width) < 1 && Math.abs(a.height - b.height) < 1;
  const t = JSON.parse(svg.getAttribute('data-transform'));
  const back = (px, py) => [
    t.xlim[0] + (px - t.x0) / (t.x1 - t.x0) * (t.xlim[1] - t.xlim[0]),
    t.ylim[0] + (py - t.y0) / (t.y1 - t.y0) * (t.ylim[1] - t.ylim[0]),
  ];
  for (const line of svg.querySelectorAll('polyline.rectified-explore-line')) {
    const pts = line.getAttribute('points').trim().split(' ').map((p) => p.split(',').map(Number));
    out.lines[line.getAttribute('data-line')] = {
      stroke: line.getAttribute('stroke'), points: pts.map(([x, y]) => back(x, y)),
    };
  }
  return out;
}
"""


# axe-core on the explorable figures alone (the drawing, the slider, its labels and numbers).
AXE_FIGURES_JS = """
async () => {
  const result = await axe.run({include: [['figure.rectified-explorable']]},
                               {resultTypes: ['violations']});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')),
  }));
}
"""


@pytest.fixture(scope="module")
def explore_site(builder: str, tmp_path_factory) -> tuple[str, Path]:
    base = tmp_path_factory.mktemp(f"explore-{builder}")
    notes = dict(NOTES)
    if builder == "mkdocs":
        executed = ROOT / "docs" / NOTEBOOK
        assert executed.is_file(), f"{executed} is missing: run `nox -s figures` first"
        notes[NOTEBOOK] = executed.read_text("utf-8")
    config = make_project(base, notes)
    if builder == "mkdocs":  # make_project drops the real nav's notebook entry: put it back
        text = config.read_text("utf-8")
        home = "  - Home: index.md\n"
        assert home in text
        config.write_text(text.replace(home, f"{home}  - Notebook: {NOTEBOOK}\n", 1), "utf-8")
    return builder, built_with(builder, config, base / "site")


async def wait_state(page, fig_id: str, state: int, index: int) -> None:
    await page.wait_for_function(
        """([id, state, index]) => {
             const fig = document.getElementById(id);
             const svg = fig.querySelector('svg.rectified-explore-plot');
             return svg && Number(svg.getAttribute('data-state')) === state &&
               Number(fig.querySelector('input[type=range]').value) === index;
           }""",
        arg=[fig_id, state, index],
    )


async def switch_to_dark(page, fig_id: str) -> None:
    """Material's palette toggle, then the drawing redrawn in the dark palette's colours."""
    await page.locator('label[for="__palette_1"]').click()
    await wait_for_scheme(page, "slate")
    dark = palettes(style_paths())["dark"]["lines"][1]
    await page.wait_for_function(
        """([id, c]) => document.getElementById(id)
             .querySelector('polyline[data-line="1"]').getAttribute('stroke') === c""",
        arg=[fig_id, dark],
    )


async def screenshot(page, builder: str, rel: str, fig_id: str, palette: str) -> None:
    """The figure with its controls, as a phone shows it (for a reader of the test's output)."""
    name = f"{builder}-{url_of(builder, rel).strip('/').replace('/', '_')}.{palette}.png"
    await page.locator(f"#{fig_id}").screenshot(path=SHOTS / name, animations="disabled")


async def exercise(base: str, builder: str) -> dict:
    """Visit every page, move every slider; return what was read at each step."""
    record: dict = {"visits": {}, "steps": {}, "stray": [], "dark": {}, "no_js": {}}
    SHOTS.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as p:
        browser, _ = await launch(p)
        try:
            phone = {"width": 412, "height": 823}
            context = await offline_context(
                browser, record["stray"], color_scheme="light", viewport=phone
            )
            for rel, names in pages_of(builder).items():
                visit = Visit(path=rel, palette="light")
                record["visits"][rel] = visit
                page = await context.new_page()
                recorder = Recorder(page, visit)
                await page.goto(base + url_of(builder, rel), wait_until="load")
                for name in names:
                    fig_id = f"figure-{name}"
                    steps = record["steps"][rel, name] = []
                    slider = page.locator(f"#{fig_id}-slider")
                    await slider.focus()  # fetches the data if the figure was not seen yet
                    count = int(await slider.get_attribute("max")) + 1
                    toggle = page.locator(f"#{fig_id}-toggle")
                    has_toggle = await toggle.count() > 0
                    on = has_toggle and await toggle.is_checked()
                    offset = count if on else 0
                    start = int(await slider.get_attribute("value"))
                    await wait_state(page, fig_id, offset + start, start)
                    steps.append(await page.evaluate(READ_JS, fig_id))
                    for key, index in (("End", count - 1), ("Home", 0), ("ArrowRight", 1),
                                       ("ArrowRight", 2)):  # fmt: skip
                        await slider.press(key)
                        await wait_state(page, fig_id, offset + index, index)
                        steps.append(await page.evaluate(READ_JS, fig_id))
                    if has_toggle:
                        await toggle.focus()
                        await toggle.press("Space")
                        offset = 0 if on else count
                        await wait_state(page, fig_id, offset + 2, 2)
                        steps.append(await page.evaluate(READ_JS, fig_id))
                if rel in PALETTE_PAGES:
                    # The palette toggle: every drawing is redrawn in the dark palette.
                    fig_id = f"figure-{names[0]}"
                    await screenshot(page, builder, rel, fig_id, "light")
                    await switch_to_dark(page, fig_id)
                    record["dark"][rel, names[0]] = await page.evaluate(READ_JS, fig_id)
                    await screenshot(page, builder, rel, fig_id, "dark")
                    # Back to light: Material remembers the choice for the next page.
                    await page.locator('label[for="__palette_0"]').click()
                    await wait_for_scheme(page, "default")
                await page.add_script_tag(path=AXE)
                visit.violations = await page.evaluate(AXE_JS)
                record.setdefault("axe_figures", {})[rel] = await page.evaluate(AXE_FIGURES_JS)
                record.setdefault("scripts", {})[rel] = await page.evaluate(
                    "() => [...document.scripts].filter((s) => /explore\\.js$/.test(s.src)).length"
                )
                await page.wait_for_load_state("networkidle")
                recorder.closed = True
                await page.close()
            await context.close()
            # Without JavaScript: the static figure, and no control that cannot work.
            still = await offline_context(browser, record["stray"], java_script_enabled=False)
            for rel in pages_of(builder):
                if rel not in PALETTE_PAGES:
                    continue
                page = await still.new_page()
                await page.goto(base + url_of(builder, rel))
                record["no_js"][rel] = await page.evaluate(
                    """() => [...document.querySelectorAll('figure.rectified-explorable')]
                         .map((f) => ({
                           controls: f.querySelector('.rectified-explore').checkVisibility(),
                           image: f.querySelector('img[src*="#only-light"]').checkVisibility(),
                           drawing: !!f.querySelector('svg.rectified-explore-plot'),
                         }))"""
                )
                await page.close()
            await still.close()
        finally:
            await browser.close()
    return record


@pytest.fixture(scope="module")
def explored(explore_site) -> dict:
    builder, site = explore_site
    with serving(site) as base:
        return {"builder": builder, "site": site, **in_browser(exercise, base, builder)}


def data_file(site: Path, name: str) -> dict:
    return json.loads((site / "figures" / f"{name}.explore.json").read_text("utf-8"))


def figures_shown(explored) -> list[tuple[str, str]]:
    """(page, figure name) of every explorable figure on the pages of this build."""
    return [(rel, name) for rel, names in pages_of(explored["builder"]).items() for name in names]


def test_at_least_three_sliders_on_two_pages(explored):
    assert sum(len(names) for names in PAGES.values()) >= 3
    assert all(explored["steps"][shown] for shown in figures_shown(explored))


def test_the_notebook_page_has_the_sigmoid_sum_slider(explored):
    """MkDocs renders the notebook page; its figure is explorable as a note's is."""
    if explored["builder"] != "mkdocs":
        assert (NOTEBOOK, "sigmoid-sum") not in explored["steps"]
        pytest.skip("Zensical links the notebook instead of rendering it")
    steps = explored["steps"][NOTEBOOK, "sigmoid-sum"]
    data = data_file(explored["site"], "sigmoid-sum")
    assert len(steps) == 6  # the initial state, four keys, the switch
    # The largest error shown as a number, at every step, as the snippet computes it.
    (label,) = [n["label"] for n in data["numbers"]]
    assert label.startswith("largest |sum")
    assert all(len(step["numbers"]) == 1 and float(step["numbers"][0]) > 0 for step in steps)


def test_the_explore_script_loads_once_and_only_where_needed(explored):
    for rel in pages_of(explored["builder"]):
        assert explored["scripts"][rel] == 1, rel


def test_each_key_moves_the_slider_and_its_value_label(explored):
    for rel, name in figures_shown(explored):
        data = data_file(explored["site"], name)
        texts = data["parameter"]["text"]
        steps = explored["steps"][rel, name]
        expected = [data["parameter"]["initial"], len(texts) - 1, 0, 1, 2]
        assert [s["index"] for s in steps[:5]] == expected, (rel, name)
        for step in steps:
            assert step["value"] == texts[step["index"]], (rel, name)
            assert step["valuetext"] == texts[step["index"]], (rel, name)


def test_drawn_curves_and_numbers_are_what_the_snippets_compute(explored):
    from snippets.registry import EXPLORABLE

    for rel, name in figures_shown(explored):
        slider = EXPLORABLE[name]
        values = data_file(explored["site"], name)["parameter"]["values"]
        for step in explored["steps"][rel, name]:
            on = bool(step["toggle"])
            frame = slider.frame(values[step["index"]], on)
            where = (rel, name, step["index"], on)
            assert step["numbers"] == [n.text for n in frame.numbers], where
            drawn = step["lines"]
            polylines = [i for i, line in enumerate(frame.lines) if not line.points]
            assert sorted(map(int, drawn)) == polylines, where
            for i in polylines:
                expected = np.column_stack([frame.x, frame.lines[i].y])
                points = np.asarray(drawn[str(i)]["points"])
                span = np.ptp(points[:, 1]) or 1.0
                assert points.shape == expected.shape, (*where, i)
                np.testing.assert_allclose(points[:, 0], expected[:, 0], atol=1e-9)
                np.testing.assert_allclose(points[:, 1], expected[:, 1], atol=1e-9 * max(span, 1.0))


def test_the_toggle_switches_the_curve(explored):
    shown = [(rel, name) for rel, name in figures_shown(explored) if name == "sigmoid-sum"]
    assert len(shown) == (2 if explored["builder"] == "mkdocs" else 1)
    for where in shown:
        steps = explored["steps"][where]
        before, after = steps[-2], steps[-1]
        assert before["index"] == after["index"] == 2
        assert before["toggle"] != after["toggle"], where
        assert before["lines"]["2"]["points"] != after["lines"]["2"]["points"], where


def test_the_drawing_covers_the_static_image_exactly(explored):
    for shown in figures_shown(explored):
        assert all(step["covers"] for step in explored["steps"][shown]), shown


def test_colours_follow_the_palette_toggle(explored):
    colours = palettes(style_paths())
    assert len(explored["dark"]) == (2 if explored["builder"] == "mkdocs" else 1)
    for where, dark in explored["dark"].items():
        light = explored["steps"][where][0]["lines"]
        for i in ("0", "1"):
            assert light[i]["stroke"] == colours["light"]["lines"][int(i)], where
            assert dark["lines"][i]["stroke"] == colours["dark"]["lines"][int(i)], where


def test_no_console_error_failed_request_or_other_host(explored):
    assert explored["stray"] == []
    assert set(explored["visits"]) == set(pages_of(explored["builder"]))
    for rel, visit in explored["visits"].items():
        assert visit.console_errors == [], rel
        assert visit.failed_requests == [], rel
        assert visit.external_requests == [], rel


def serious(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def test_axe_finds_nothing_serious_in_the_explorable_figures(explored):
    for rel, violations in explored["axe_figures"].items():
        assert serious(violations) == [], rel


def test_axe_finds_nothing_serious_on_the_pages(explored):
    """The whole page, under Material for MkDocs (the site's theme; tests/browser/test_pages.py
    holds every page to this). Zensical's own theme has findings of its own (labels with
    aria-label, its search box), which are not this feature's."""
    if explored["builder"] != "mkdocs":
        pytest.skip("Zensical's theme is checked by the figure-scoped test only")
    for rel, visit in explored["visits"].items():
        assert serious(visit.violations) == [], rel


def test_without_javascript_the_static_figure_stays(explored):
    static = {"controls": False, "image": True, "drawing": False}
    pages = pages_of(explored["builder"])
    expected = {rel: [static] * len(pages[rel]) for rel in PALETTE_PAGES if rel in pages}
    assert explored["no_js"] == expected
