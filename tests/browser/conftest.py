"""Browser tests: the built site, served on 127.0.0.1, visited by a headless Chromium.

One browser; one context per palette (light: a desktop window; dark: a phone-wide one, so the
narrow layout is checked too). Every page of the built site is visited once in each, a few at a
time, and everything the tests judge is recorded on the way: console errors, failed requests,
requests to other hosts (aborted), raw TeX on screen, typeset math, which figure variant shows,
axe-core's violations (with every <details> opened), and a screenshot in ``screenshots/``. A
third context clicks as a reader does: a search, links (instant navigation), and the palette
toggle on pages with figures. The tests in ``test_pages.py`` only read the record.

The browser: ``$CHROMIUM`` if set; else Playwright's own Chromium if ``playwright install
chromium`` put it there; else the system's ``chromium`` or ``chromium-browser`` (Debian:
``apt-get install chromium``). Without one the tests are skipped, except under ``CI=true``,
where they fail: CI must run them.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import re
import shutil
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from tests.site.project import build

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
    # A phone-wide window (with a mouse: Material makes wide code focusable only where the
    # device can hover, and a keyboard user has one).
    "dark": {"color_scheme": "dark", "viewport": {"width": 412, "height": 823}},
}
SCHEMES = {"light": "default", "dark": "slate"}  # Material's data-md-color-scheme
CONCURRENCY = 4  # pages open at once (two cores: axe and screenshots overlap with loading)
TIMEOUT_MS = 20_000  # any one browser step
SWAP_TIMEOUT_MS = 5_000  # instant navigation swapping a page in
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
    title: str | None = None
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
    toggles: dict[str, list[dict]] = field(default_factory=dict)  # path -> states, see interact()
    search_results: list[dict] = field(default_factory=list)
    navigation: list[dict] = field(default_factory=list)  # links followed, see interact()
    instant: bool = False  # Material's navigation.instant is on (mkdocs.yml)
    graph_hop: dict | None = None  # a click on a node of a link graph
    interaction: Visit | None = None  # console errors and failures while clicking
    stray_requests: list[str] = field(default_factory=list)  # other hosts, any context


def label(path: str) -> str:
    return "/" + path


# ------------------------------------------------------------------------------ the server


class _SiteHandler(SimpleHTTPRequestHandler):
    timeout = 30  # a stuck connection ends instead of holding a thread

    def do_GET(self):
        sitemap = self.server.sitemap
        if sitemap is not None and urlsplit(self.path).path == "/sitemap.xml":
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(sitemap)))
            self.end_headers()
            self.wfile.write(sitemap)
            return
        super().do_GET()

    def log_message(self, format, *args):  # the stdlib's signature
        pass


class _SiteServer(ThreadingHTTPServer):
    sitemap: bytes | None = None

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a page closed mid-download
            super().handle_error(request, client_address)


def served_sitemap(site: Path, base: str) -> bytes | None:
    """The sitemap as if the site were published at ``base``.

    Its URLs start with ``site_url``; Material's instant navigation only takes over links to
    pages the sitemap lists, so without this the browser tests would never exercise it.
    """
    path = site / "sitemap.xml"
    if not path.is_file():
        return None
    text = path.read_text("utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", text)
    if not locs:
        return None
    root = min(locs, key=len)  # the home page's URL is site_url itself
    if not all(loc.startswith(root) for loc in locs):
        return None
    return text.replace(f"<loc>{root}", f"<loc>{base}").encode("utf-8")


@contextlib.contextmanager
def serving(site: Path, *, sitemap: bool = False) -> Iterator[str]:
    """``site`` served by the standard library on a free port of 127.0.0.1; yields its base URL.

    ``sitemap``: serve the sitemap rewritten for that URL (see :func:`served_sitemap`).
    """
    handler = functools.partial(_SiteHandler, directory=str(site))
    server = _SiteServer((HOST, 0), handler)
    base = f"http://{HOST}:{server.server_address[1]}/"
    if sitemap:
        server.sitemap = served_sitemap(site, base)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site, served on a free port of 127.0.0.1."""
    with serving(built_site, sitemap=True) as base:
        yield base


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def builder(request) -> str:
    """Each builder in turn, for a module that builds a small vault of its own."""
    return request.param


def built_with(builder: str, config: Path, site: Path) -> Path:
    """``site`` built from ``config`` by ``builder`` (the test fails with the build's output)."""
    proc = build(config, site, builder)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return site


# --------------------------------------------------------------------------- the browser


class BrowserNotFoundError(Exception):
    pass


def unavailable(reason: str):
    """Skip on a developer's machine; fail under CI=true, where the browser tests must run."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run)", pytrace=False)
    pytest.skip(f"{reason}; install one (e.g. `apt-get install chromium`) or set CHROMIUM")


async def launch(p):
    """$CHROMIUM, else Playwright's own Chromium, else the system's; or BrowserNotFoundError."""
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
    raise BrowserNotFoundError(
        "no Chromium found (looked for Playwright's, `chromium`, `chromium-browser`)"
    )


def in_browser(main, *args, timeout: float = SWEEP_TIMEOUT_S):
    """``asyncio.run(main(*args))``, at most ``timeout`` seconds; skipped (or, under CI, failed)
    without Playwright or a Chromium."""
    if async_playwright is None:
        unavailable("the playwright package is not installed (pip install -e '.[test]')")
    try:
        return asyncio.run(asyncio.wait_for(main(*args), timeout))
    except BrowserNotFoundError as exc:
        unavailable(str(exc))


async def offline_context(browser, stray: list[str], *, external=None, **options):
    """A browser context that records requests to other hosts in ``stray`` and aborts them.

    ``external``: which URLs count as another host (default :func:`is_external`);
    ``options``: :meth:`Browser.new_context`'s (palette, viewport...).
    """
    external = external or is_external
    context = await browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    context.on("request", lambda r: stray.append(r.url) if external(r.url) else None)
    await context.route(external, block)
    return context


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return False
    return parts.hostname != HOST


class Recorder:
    """Console errors and failed or external requests of one page.

    ``navigating``: the page is sent elsewhere while it may still be loading, so requests the
    browser cancels for that (net::ERR_ABORTED) are no failures.
    """

    def __init__(self, page, visit: Visit, navigating: bool = False):
        self.visit = visit
        self.navigating = navigating
        self.closed = False  # set before the page is closed: what it cancels then is ignored
        page.on("console", self.console)
        page.on("pageerror", lambda exc: visit.console_errors.append(f"uncaught {exc}"))
        page.on("request", self.request)
        page.on("requestfailed", self.failed)
        page.on("response", self.response)

    def console(self, msg) -> None:
        if msg.type == "error" and not self.closed:
            loc = msg.location or {}
            where = f" ({loc.get('url', '')}:{loc.get('lineNumber', '')})" if loc else ""
            self.visit.console_errors.append(msg.text + where)

    def request(self, request) -> None:
        if is_external(request.url):
            self.visit.external_requests.append(request.url)

    def failed(self, request) -> None:
        if self.closed or is_external(request.url):  # external ones: aborted on purpose
            return
        if self.navigating and request.failure == "net::ERR_ABORTED":
            return
        self.visit.failed_requests.append(f"{request.url}: {request.failure}")

    def response(self, response) -> None:
        if response.status >= 400 and not self.closed:
            self.visit.failed_requests.append(f"{response.url}: HTTP {response.status}")


# Loads every image now (figures are lazy) and waits for the shown ones and for fonts: before
# the screenshot, and again once every <details> is open.
SETTLE_JS = """
async () => {
  for (const img of document.images) img.loading = 'eager';
  const shown = [...document.images].filter((i) => i.checkVisibility());
  await Promise.all(shown.map((i) => i.decode().catch(() => null)));
  await document.fonts.ready;
  return shown.filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.getAttribute('src'));
}
"""

# Opens every <details> (folded callouts, the code under figures), so that what they hold is
# checked too, and gives the page's resize observers two frames to see it.
OPEN_JS = """
async () => {
  for (const d of document.querySelectorAll('details')) d.open = true;
  for (let i = 0; i < 2; i++) await new Promise((done) => requestAnimationFrame(done));
}
"""

# Raw TeX is looked for in rendered text outside code; figures report which variant shows.
INSPECT_JS = """
() => {
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
    title: document.title,
    scheme: document.body.getAttribute('data-md-color-scheme'),
    raw,
    katex: document.querySelectorAll('.katex').length,
    katexFont: [...document.fonts].some(
      (f) => f.family.replace(/["']/g, '') === 'KaTeX_Main' && f.status === 'loaded'),
  };
}
"""

# Which variant of each generated figure shows (folded ones are unfolded first).
FIGURES_JS = """
() => [...document.querySelectorAll('figure.rectified-figure')].map((fig) => {
  for (let d = fig.closest('details'); d; d = d.parentElement.closest('details')) d.open = true;
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

AXE_JS = """
async () => {
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
    recorder = Recorder(page, result)
    try:
        response = await page.goto(base + path, wait_until="load")
        if response is None or response.status != 200:
            result.problems.append(f"HTTP {response.status if response else 'no response'}")
        broken = await page.evaluate(SETTLE_JS)
        shot = SCREENSHOTS / screenshot_name(path, palette)
        await page.screenshot(path=shot, full_page=True, animations="disabled", caret="hide")
        result.screenshot = shot
        await page.evaluate(OPEN_JS)
        broken += await page.evaluate(SETTLE_JS)
        result.broken_images = sorted(set(broken))
        data = await page.evaluate(INSPECT_JS)
        result.title = data["title"]
        result.scheme = data["scheme"]
        result.raw_math = data["raw"]
        result.katex = data["katex"]
        result.katex_font_loaded = data["katexFont"]
        result.figures = await page.evaluate(FIGURES_JS)
        await page.add_script_tag(path=AXE)
        result.violations = await page.evaluate(AXE_JS)
        # Whatever the page still fetches (search index, sitemap) must arrive, too.
        await page.wait_for_load_state("networkidle")
    except Exception as exc:  # recorded; test_pages_load_in_their_palette reports it
        result.problems.append(f"{type(exc).__name__}: {exc}")
    finally:
        recorder.closed = True
        await page.close()
    return result


async def wait_for_scheme(page, scheme: str) -> None:
    await page.wait_for_function(
        "s => document.body.getAttribute('data-md-color-scheme') === s", arg=scheme
    )


async def follow(page, link, base: str) -> dict:
    """Click ``link``; report where it led and whether Material swapped the page in place."""
    href = await link.evaluate(
        """a => new URL(a.getAttribute('href')
            ?? a.getAttributeNS('http://www.w3.org/1999/xlink', 'href'), document.baseURI).href"""
    )
    await page.evaluate("document.querySelector('article').dataset.left = 'yes'")
    await link.click()
    target = urlsplit(href)._replace(query="", fragment="").geturl()
    await page.wait_for_function("t => location.href.split('#')[0] === t", arg=target)
    # Material sets the address first, then swaps the article in: wait for the swap. If it
    # never comes, carry on: the test comparing titles says so.
    with contextlib.suppress(PlaywrightError):
        await page.wait_for_function(
            "() => !document.querySelector('article[data-left]')", timeout=SWAP_TIMEOUT_MS
        )
    await page.wait_for_load_state("load")
    return {
        "to": "/" + target.removeprefix(base),
        "instant": await page.evaluate("window.__rectified_stayed === true"),
        "title": await page.title(),
    }


async def interact(context, base: str, figure_pages: list[str], sweep: Sweep) -> None:
    """Search; follow links as a reader does; flip the palette on pages with figures."""
    record = Visit(path="(interaction)", palette="light")
    sweep.interaction = record
    page = await context.new_page()
    recorder = Recorder(page, record, navigating=True)
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
        # Following links. With navigation.instant on, Material swaps pages in place: a marker
        # on `window` survives only if no page was loaded anew.
        await page.goto(base, wait_until="load")
        sweep.instant = await page.evaluate(
            """() => JSON.parse(document.getElementById('__config').textContent)
                 .features.includes('navigation.instant')"""
        )
        await page.evaluate("window.__rectified_stayed = true")
        hops = [
            page.locator("article a[href$='softplus/']").first,
            page.locator("article a.wikilink[href*='rectified-linear-unit']").first,
            page.locator("article a.wikilink[href*='logistic-sigmoid']").first,
        ]
        for link in hops:
            sweep.navigation.append(await follow(page, link, base))
        # A node of the page's link graph (SVG), on a page reached by instant navigation.
        node = page.locator("svg.note-graph a.node:not(.current)").first
        sweep.graph_hop = {
            "node": await node.locator("title").text_content(),
            **await follow(page, node, base),
        }
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
        recorder.closed = True
        await page.close()


async def block(route) -> None:
    await route.abort("blockedbyclient")


async def run_sweep(base: str, pages: list[str], figure_pages: list[str]) -> Sweep:
    async with async_playwright() as p:
        browser, name = await launch(p)
        SCREENSHOTS.mkdir(exist_ok=True)
        for stale in SCREENSHOTS.glob("*.png"):
            stale.unlink()
        sweep = Sweep(
            browser=name, base_url=base, pages=pages, figure_pages=figure_pages, visits={}
        )
        try:
            contexts = {}
            for palette, options in {**PALETTES, "interaction": PALETTES["light"]}.items():
                contexts[palette] = await offline_context(browser, sweep.stray_requests, **options)
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
    pages = site_pages(built_site)
    figure_pages = [p for p, index in pages.items() if FIGURE_RE.search(index.read_text("utf-8"))]
    return in_browser(run_sweep, site_url, list(pages), figure_pages)
