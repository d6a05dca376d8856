"""Embedded audio, video and PDF, and a Mermaid diagram, in a real browser, offline.

The test vault (``tests/vault/``, whose ``Syntax/`` notes embed the files and draw the diagram)
is built by each builder, served on 127.0.0.1 and visited by headless Chromium (see
``conftest.py`` for which one). Requests to any other host are recorded and aborted, so a
diagram drawn with a library fetched from a CDN would fail here.

What "loads" means: every embedded file is fetched from the site with HTTP 200; an audio or
video file in a format this browser plays reaches its metadata (duration known, no media error);
the PDF viewer's frame gets the PDF; no console error on either page. Material draws Mermaid into
a *closed* shadow root, which no test can read; an init script opens shadow roots so the test
can see the SVG (instrumentation only: the page does the same either way).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.browser import conftest
from tests.browser.conftest import (
    AXE,
    HOST,
    Recorder,
    Visit,
    async_playwright,
    built_with,
    in_browser,
    launch,
    offline_context,
    serving,
)
from tests.site.project import copy_vault, page_path

pytestmark = [pytest.mark.browser, pytest.mark.site]

VAULT = Path(__file__).resolve().parents[1] / "vault"
MEDIA = "Syntax/Media Shelf.md"
DIAGRAM = "Syntax/Diagrams and HTML.md"
# Formats every Chromium plays (no licensed codecs needed): these must reach their metadata.
OPEN_FORMATS = (".ogg", ".wav", ".webm")

BROWSER_SCHEMES = ("chrome:", "chrome-extension:", "chrome-untrusted:", "devtools:")


def is_external(url: str) -> bool:
    """Another host. The browser's own pages (its PDF viewer is an extension) are not one."""
    return not url.startswith(BROWSER_SCHEMES) and conftest.is_external(url)


OPEN_SHADOWS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (options) {
  return attach.call(this, {...options, mode: 'open'});
};
"""

MEDIA_JS = """
async () => {
  const players = [...document.querySelectorAll('article audio, article video')];
  const report = [];
  for (const el of players) {
    const src = el.getAttribute('src');
    const type = {ogg: 'audio/ogg', wav: 'audio/wav', mp3: 'audio/mpeg', webm: 'video/webm',
                  mp4: 'video/mp4'}[src.split('.').pop().toLowerCase()] || '';
    const status = (await fetch(el.currentSrc || el.src, {method: 'GET'})).status;
    report.push({tag: el.tagName.toLowerCase(), src, status, playable: el.canPlayType(type)});
  }
  return report;
}
"""

METADATA_JS = """
(srcs) => [...document.querySelectorAll('article audio, article video')]
  .filter((el) => srcs.some((s) => el.getAttribute('src').endsWith(s)))
  .every((el) => el.error !== null || el.readyState >= 1)
"""

MEDIA_STATE_JS = """
() => [...document.querySelectorAll('article audio, article video')].map((el) => ({
  src: el.getAttribute('src'),
  readyState: el.readyState,
  duration: el.duration,
  error: el.error && el.error.code,
}))
"""

# axe-core over the note's content only (the theme around it is the real-site sweep's business).
AXE_JS = """
async () => {
  const result = await axe.run({include: [['article']]}, {resultTypes: ['violations']});
  return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help}));
}
"""

MERMAID_JS = """
() => [...document.querySelectorAll('article div.mermaid')].map((el) => {
  const svg = el.shadowRoot && el.shadowRoot.querySelector('svg');
  return {
    svg: Boolean(svg),
    width: svg ? svg.getBoundingClientRect().width : 0,
    text: svg ? svg.textContent : '',
  };
})
"""


@dataclass
class Result:
    visits: dict[str, Visit] = field(default_factory=dict)
    responses: dict[str, list[tuple[str, int, str]]] = field(default_factory=dict)
    media: list[dict] = field(default_factory=list)
    media_state: list[dict] = field(default_factory=list)
    frames: list[str] = field(default_factory=list)
    diagrams: list[dict] = field(default_factory=list)
    mermaid_defined: bool = False
    stray: list[str] = field(default_factory=list)
    violations: dict[str, list[dict]] = field(default_factory=dict)  # axe-core, per page


@pytest.fixture(scope="module")
def vault_site(builder: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    base = tmp_path_factory.mktemp(f"browser-vault-{builder}")
    config = copy_vault(VAULT, base, stubs=builder == "zensical")
    return builder, built_with(builder, config, base / "site")


@pytest.fixture(scope="module")
def served(vault_site: tuple[str, Path]) -> Iterator[tuple[str, str]]:
    builder, site = vault_site
    with serving(site) as base:
        yield builder, base


def url_of(builder: str, rel: str) -> str:
    return quote(page_path(builder, rel).removesuffix("index.html"))


async def _open(context, base: str, path: str, result: Result) -> object:
    page = await context.new_page()
    visit = result.visits[path] = Visit(path=path, palette="light")
    recorder = Recorder(page, visit)
    page.remove_listener("request", recorder.request)  # the browser's own pages are no host
    page.on(
        "request", lambda r: visit.external_requests.append(r.url) if is_external(r.url) else None
    )
    seen = result.responses[path] = []
    page.on(
        "response",
        lambda r: seen.append((r.url, r.status, r.headers.get("content-type", ""))),
    )
    page.recorder = recorder
    response = await page.goto(base + path, wait_until="load")
    if response is None or response.status != 200:
        visit.problems.append(f"HTTP {response.status if response else 'no response'}")
    return page


async def _run(builder: str, base: str) -> Result:
    result = Result()
    async with async_playwright() as p:
        browser, _ = await launch(p)
        try:
            context = await offline_context(
                browser, result.stray, external=is_external, viewport={"width": 1280, "height": 900}
            )
            await context.add_init_script(OPEN_SHADOWS)

            media_path = url_of(builder, MEDIA)
            page = await _open(context, base, media_path, result)
            result.media = await page.evaluate(MEDIA_JS)
            await page.wait_for_function(METADATA_JS, arg=list(OPEN_FORMATS))
            result.media_state = await page.evaluate(MEDIA_STATE_JS)
            frames = page.locator("article iframe")
            for i in range(await frames.count()):
                await frames.nth(i).scroll_into_view_if_needed()
            await page.wait_for_load_state("networkidle")
            result.frames = [
                await frames.nth(i).get_attribute("src") for i in range(await frames.count())
            ]
            await page.add_script_tag(path=AXE)
            result.violations[media_path] = await page.evaluate(AXE_JS)
            page.recorder.closed = True
            await page.close()

            diagram_path = url_of(builder, DIAGRAM)
            page = await _open(context, base, diagram_path, result)
            await page.wait_for_function(
                "() => [...document.querySelectorAll('article div.mermaid')]"
                ".some((el) => el.shadowRoot && el.shadowRoot.querySelector('svg'))"
            )
            result.diagrams = await page.evaluate(MERMAID_JS)
            result.mermaid_defined = await page.evaluate("typeof mermaid !== 'undefined'")
            await page.add_script_tag(path=AXE)
            result.violations[diagram_path] = await page.evaluate(AXE_JS)
            await page.wait_for_load_state("networkidle")
            page.recorder.closed = True
            await page.close()
            await context.close()
        finally:
            await browser.close()
    return result


@pytest.fixture(scope="module")
def result(served: tuple[str, str]) -> Result:
    builder, base = served
    return in_browser(_run, builder, base, timeout=240)


def test_the_pages_load_with_no_console_error_and_nothing_from_another_host(result: Result):
    assert len(result.visits) == 2
    for path, visit in result.visits.items():
        assert visit.problems == [], path
        assert visit.console_errors == [], path
        assert visit.failed_requests == [], path
        assert visit.external_requests == [], path
    assert result.stray == []


def test_every_audio_and_video_file_is_served_and_the_open_formats_play(result: Result):
    fetched = {m["src"].rsplit("/", 1)[-1]: m for m in result.media}
    assert set(fetched) == {"tone.ogg", "tone.mp3", "click.wav", "clip.webm", "clip.mp4"}
    assert {name: m["status"] for name, m in fetched.items()} == dict.fromkeys(fetched, 200)
    assert {m["tag"] for m in result.media} == {"audio", "video"}
    for state in result.media_state:
        name = state["src"].rsplit("/", 1)[-1]
        if name.endswith(OPEN_FORMATS):
            assert state["error"] is None, name
            assert state["readyState"] >= 1, name
            assert state["duration"] > 0, name
        elif fetched[name]["playable"]:  # a licensed codec this Chromium has
            assert state["error"] is None, name


def test_the_pdf_viewer_gets_the_pdf(result: Result):
    assert len(result.frames) == 2
    assert result.frames[1].endswith("relu-sheet.pdf#page=1")
    media_path = next(iter(result.visits))
    pdfs = [r for r in result.responses[media_path] if r[0].endswith("relu-sheet.pdf")]
    assert pdfs, "the PDF was never requested"
    assert all(status == 200 for _, status, _ in pdfs)
    assert all(kind.startswith("application/pdf") for _, _, kind in pdfs)


def test_a_mermaid_diagram_is_drawn_from_the_library_the_site_serves(result: Result):
    assert result.mermaid_defined
    (diagram,) = result.diagrams
    assert diagram["svg"]
    assert diagram["width"] > 0
    for label in ("Sample", "Estimator", "Estimate"):
        assert label in diagram["text"]
    diagram_path = list(result.visits)[1]
    scripts = [r for r in result.responses[diagram_path] if "mermaid.min.js" in r[0]]
    assert [(status, url.startswith(f"http://{HOST}:")) for url, status, _ in scripts] == [
        (200, True)
    ]


def test_no_serious_accessibility_violation_in_the_notes(result: Result):
    serious = {
        path: [f"{v['id']}: {v['help']}" for v in found if v["impact"] in ("serious", "critical")]
        for path, found in result.violations.items()
    }
    assert serious == {path: [] for path in result.visits}, result.violations
