"""Browser tests: the built site, served on 127.0.0.1, visited by a headless Chromium.

One browser; one context per palette (light: a desktop window; dark: a phone, so the narrow
layout is checked too); every page of the built site is visited once in each, a few at a time.
On the way everything the tests judge is recorded: console errors, failed requests, requests to
other hosts (aborted), raw TeX left on screen, typeset math, which figure variant shows,
axe-core's violations, and a screenshot in ``screenshots/``. A third context clicks: the palette
toggle on pages with figures, and a search. The tests in ``test_pages.py`` only read the record.

The browser: ``$CHROMIUM`` if set; else Playwright's own Chromium if ``playwright install
chromium`` put it there; else the system's ``chromium`` or ``chromium-browser`` (Debian:
``apt-get install chromium``). Without one the tests are skipped, except under ``CI=true``,
where they fail: CI must run them.
"""

from __future__ import annotations

import asyncio
import functools
import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

try:
    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import async_playwright
except ImportError:  # the `test` extra is not installed
    async_playwright = None
    PlaywrightError = Exception

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SCREENSHOTS = ROOT / "screenshots"
HOST = "127.0.0.1"

LAUNCH_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PALETTES = {
    "light": {"color_scheme": "light", "viewport": {"width": 1280, "height": 900}},
    "dark": {
        "color_scheme": "dark",
        "viewport": {"width": 412, "height": 823},
        "is_mobile": True,
        "has_touch": True,
    },
}
SCHEMES = {"light": "default", "dark": "slate"}  # Material's data-md-color-scheme
CONCURRENCY = 4  # pages open at once (two cores: axe and screenshots overlap with loading)
TIMEOUT_MS = 20_000  # any one browser step
SWEEP_TIMEOUT_S = 300  # the whole run, so a hung browser fails instead of blocking CI
SEARCH_QUERY = "softplus"


# ------------------------------------------------------------------------- what is recorded


@dataclass
class Visit:
    """One page in one palette."""

    path: str  # URL path below the site root: "" or "softplus/"
    palette: str
    problems: list[str] = field(default_factory=list)  # the visit itself went wrong
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    scheme: str | None = None
    raw_math: list[str] = field(default_factory=list)
    katex: int = 0
    katex_font_loaded: bool = False
    broken_images: list[str] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    violations: list[dict] = field(default_factory=list)  # axe-core, every impact
    screenshot: Path | None = None


@dataclass
class Sweep:
    browser: str
    base_url: str
    pages: list[str]
    figure_pages: list[str]
    visits: dict[str, dict[str, Visit]]  # palette -> path -> visit
    toggles: dict[str, list[dict]] = field(default_factory=dict)  # path -> states, see toggle()
    search_results: list[dict] = field(default_factory=list)
    interaction: Visit | None = None  # console errors and failures while clicking
    stray_requests: list[str] = field(default_factory=list)  # other hosts, any context


def label(path: str) -> str:
    return "/" + path


# ------------------------------------------------------------------------------ the server


class _QuietHandler(SimpleHTTPRequestHandler):
    timeout = 30  # a stuck connection ends instead of holding a thread

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site, served by the standard library on a free port of 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = ThreadingHTTPServer((HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --------------------------------------------------------------------------- the browser


class NoBrowser(Exception):
    pass


def unavailable(reason: str):
    """Skip on a developer's machine; fail under CI=true, where the browser tests must run."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run)", pytrace=False)
    pytest.skip(f"{reason}; install one (e.g. `apt-get install chromium`) or set CHROMIUM")


async def launch(p):
    """Launch $CHROMIUM, else Playwright's own Chromium, else the system's; raise NoBrowser."""
    given = os.environ.get("CHROMIUM")
    if given:
        candidates = [shutil.which(given) or given]
    else:
        system = (shutil.which(name) for name in ("chromium", "chromium-browser"))
        candidates = [None, *dict.fromkeys(exe for exe in system if exe)]
    for exe in candidates:
        try:
            browser = await p.chromium.launch(executable_path=exe, headless=True, args=LAUNCH_ARGS)
        except PlaywrightError as exc:
            if exe is None and "Executable doesn't exist" in str(exc):
                continue  # `playwright install chromium` was not run: try the system's
            raise
        return browser, exe or "Playwright's Chromium"
    raise NoBrowser("no Chromium found (looked for Playwright's, `chromium`, `chromium-browser`)")


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return False
    return parts.hostname != HOST


class Recorder:
    """Console errors and failed or external requests of one page."""

    def __init__(self, page, visit: Visit):
        self.visit = visit
        page.on("console", self.console)
        page.on("pageerror", lambda exc: visit.console_errors.append(f"uncaught {exc}"))
        page.on("request", self.request)
        page.on("requestfailed", self.failed)
        page.on("response", self.response)

    def console(self, msg) -> None:
        if msg.type == "error":
            loc = msg.location or {}
            where = f" ({loc.get('url', '')}:{loc.get('lineNumber', '')})" if loc else ""
            self.visit.console_errors.append(msg.text + where)

    def request(self, request) -> None:
        if is_external(request.url):
            self.visit.external_requests.append(request.url)

    def failed(self, request) -> None:
        if not is_external(request.url):  # external ones are aborted on purpose, listed above
            self.visit.failed_requests.append(f"{request.url}: {request.failure}")

    def response(self, response) -> None:
        if response.status >= 400:
            self.visit.failed_requests.append(f"{response.url}: HTTP {response.status}")


# Runs once the page has loaded: loads every image now (figures are lazy), waits for images and
# fonts, then reads what the tests judge. Raw TeX is looked for in rendered text outside code.
COLLECT_JS = """
async () => {
  for (const img of document.images) img.loading = 'eager';
  const shown = [...document.images].filter((i) => i.checkVisibility());
  await Promise.all(shown.map((i) => i.decode().catch(() => null)));
  await document.fonts.ready;
  const broken = shown.filter((i) => !i.complete || i.naturalWidth === 0)
    .map((i) => i.getAttribute('src'));
  const skip = 'pre, code, script, style, textarea, .katex-mathml';
  const raw = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest(skip) || !el.checkVisibility()) continue;
    for (const token of ['$$', '\\\\(', '\\\\[', '$\\\\']) {
      const i = n.data.indexOf(token);
      if (i >= 0) raw.push(n.data.slice(Math.max(0, i - 30), i + 30).trim());
    }
  }
  return {
    scheme: document.body.getAttribute('data-md-color-scheme'),
    broken,
    raw,
    katex: document.querySelectorAll('.katex').length,
    katexFont: [...document.fonts].some(
      (f) => f.family.replace(/["']/g, '') === 'KaTeX_Main' && f.status === 'loaded'),
    figures: FIGURES(),
  };
}
"""

FIGURES_JS = """
() => [...document.querySelectorAll('figure.rectified-figure')].map((fig) => {
  const state = (img) => img && {
    visible: img.checkVisibility() && img.getBoundingClientRect().width > 0,
    loaded: img.complete && img.naturalWidth > 0,
  };
  return {
    id: fig.id,
    light: state(fig.querySelector('img[src*="#only-light"]')),
    dark: state(fig.querySelector('img[src*="#only-dark"]')),
  };
})
"""

# Every <details> is opened first, so the code under figures and folded callouts are checked too.
AXE_JS = """
async () => {
  for (const d of document.querySelectorAll('details')) d.open = true;
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(' '), summary: n.failureSummary})),
  }));
}
"""


def screenshot_name(path: str, palette: str) -> str:
    return f"{path.strip('/').replace('/', '_') or 'index'}.{palette}.png"


async def visit(context, base: str, path: str, palette: str) -> Visit:
    result = Visit(path=path, palette=palette)
    page = await context.new_page()
    Recorder(page, result)
    try:
        response = await page.goto(base + path, wait_until="load")
        if response is None or response.status != 200:
            result.problems.append(f"HTTP {response.status if response else 'no response'}")
        await page.wait_for_load_state("networkidle")
        data = await page.evaluate(COLLECT_JS.replace("FIGURES()", f"({FIGURES_JS})()"))
        result.scheme = data["scheme"]
        result.broken_images = data["broken"]
        result.raw_math = data["raw"]
        result.katex = data["katex"]
        result.katex_font_loaded = data["katexFont"]
        result.figures = data["figures"]
        shot = SCREENSHOTS / screenshot_name(path, palette)
        await page.screenshot(path=shot, full_page=True, animations="disabled", caret="hide")
        result.screenshot = shot
        await page.add_script_tag(path=AXE)
        result.violations = await page.evaluate(AXE_JS)
    except Exception as exc:  # recorded; test_every_page_loads reports it
        result.problems.append(f"{type(exc).__name__}: {exc}")
    finally:
        await page.close()
    return result


async def wait_for_scheme(page, scheme: str) -> None:
    await page.wait_for_function(
        "s => document.body.getAttribute('data-md-color-scheme') === s", arg=scheme
    )


async def interact(context, base: str, figure_pages: list[str], sweep: Sweep) -> None:
    """Search from the home page; flip the palette with Material's toggle on figure pages."""
    record = Visit(path="(interaction)", palette="light")
    sweep.interaction = record
    page = await context.new_page()
    Recorder(page, record)
    try:
        await page.goto(base, wait_until="load")
        box = page.locator("input.md-search__input")
        await box.click()
        await box.press_sequentially(SEARCH_QUERY)
        items = page.locator(".md-search-result__item")
        await items.first.wait_for(state="visible")
        sweep.search_results = await page.evaluate(
            """() => [...document.querySelectorAll('.md-search-result__item')].map((li) => ({
                 title: (li.querySelector('h1, h2') || li).textContent.trim(),
                 href: li.querySelector('a') && li.querySelector('a').href,
               }))"""
        )
        for path in figure_pages:
            await page.goto(base + path, wait_until="load")
            states = [{"scheme": "default", "figures": await page.evaluate(FIGURES_JS)}]
            for target, scheme in (("__palette_1", "slate"), ("__palette_0", "default")):
                await page.locator(f'label[for="{target}"]').click()
                await wait_for_scheme(page, scheme)
                states.append({"scheme": scheme, "figures": await page.evaluate(FIGURES_JS)})
            sweep.toggles[path] = states
    except Exception as exc:
        record.problems.append(f"{type(exc).__name__}: {exc}")
    finally:
        await page.close()


async def block(route) -> None:
    await route.abort("blockedbyclient")


async def run_sweep(base: str, pages: list[str], figure_pages: list[str]) -> Sweep:
    async with async_playwright() as p:
        browser, name = await launch(p)
        sweep = Sweep(
            browser=name, base_url=base, pages=pages, figure_pages=figure_pages, visits={}
        )
        try:
            contexts = {}
            for palette, options in {**PALETTES, "interaction": PALETTES["light"]}.items():
                context = await browser.new_context(**options)
                context.set_default_timeout(TIMEOUT_MS)
                context.on(
                    "request",
                    lambda r: sweep.stray_requests.append(r.url) if is_external(r.url) else None,
                )
                await context.route(is_external, block)
                contexts[palette] = context
            gate = asyncio.Semaphore(CONCURRENCY)

            async def one(palette: str, path: str) -> Visit:
                async with gate:
                    return await visit(contexts[palette], base, path, palette)

            jobs = [one(palette, path) for palette in PALETTES for path in pages]
            visits, _ = await asyncio.gather(
                asyncio.gather(*jobs),
                interact(contexts["interaction"], base, figure_pages, sweep),
            )
            for v in visits:
                sweep.visits.setdefault(v.palette, {})[v.path] = v
            for context in contexts.values():
                await context.close()
        finally:
            await browser.close()
    return sweep


def site_pages(site: Path) -> dict[str, Path]:
    """Every page: URL path below the site root ("" is the home page) -> its index.html."""
    pages = {}
    for index in sorted(site.rglob("index.html")):
        parts = index.parent.relative_to(site).parts
        pages["".join(quote(part) + "/" for part in parts)] = index
    return pages


FIGURE_RE = re.compile(r"<figure\b[^>]*\bclass=\"[^\"]*\brectified-figure\b")


@pytest.fixture(scope="session")
def sweep(built_site: Path, site_url: str) -> Sweep:
    """Every page visited in both palettes, plus the clicks; see the module docstring."""
    if async_playwright is None:
        unavailable("the playwright package is not installed (pip install -e '.[test]')")
    pages = site_pages(built_site)
    figure_pages = [p for p, index in pages.items() if FIGURE_RE.search(index.read_text("utf-8"))]
    SCREENSHOTS.mkdir(exist_ok=True)
    for old in SCREENSHOTS.glob("*.png"):
        old.unlink()
    try:
        return asyncio.run(
            asyncio.wait_for(run_sweep(site_url, list(pages), figure_pages), SWEEP_TIMEOUT_S)
        )
    except NoBrowser as exc:
        unavailable(str(exc))
