"""Lighthouse on a built site, as a reader's phone sees it (``python -m benchmarks.lighthouse``).

Issue "Explorable figures" asks that the page with the most sliders keep Lighthouse mobile
performance >= 0.95 and accessibility 1.00 when served with gzip. A score is a measurement, not
a test: it moves with the machine's load from run to run (0.92 to 0.98 for the same page on
this project's 2-core VM), so it belongs in the bench (``nox -s bench`` runs it on the real
site it builds) as the **median of several runs** next to its aim, never in an assertion.

How it measures:

- the site is served from a local HTTP server that gzips HTML, CSS, JavaScript, JSON and SVG
  (as any static host does), on a free port of 127.0.0.1;
- Lighthouse's default mobile profile (simulated slow 4G, 4x CPU slowdown), performance and
  accessibility only, in headless Debian Chromium (``CHROMIUM`` or ``chromium`` on the path);
- Lighthouse itself is installed with ``npm ci`` from ``benchmarks/lighthouse/package-lock.json``
  (an exact version) into ``.cache/lighthouse``, once; nothing of it reaches the site.

Known limits: without npm or Chromium the rows say why and the rest of the bench goes on.
Lighthouse's simulation gives each run one score; on a busy machine the median is still lower
than on an idle one, so compare runs made under the same load.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import hashlib
import http.server
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent / "lighthouse"
AIM_PERFORMANCE = 0.95
AIM_ACCESSIBILITY = 1.0
RUNS = 5
EXPLORABLE = 'class="rectified-figure rectified-explorable"'
GZIPPED = (".html", ".css", ".js", ".json", ".svg")
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI",
}


class LighthouseUnavailableError(RuntimeError):
    """npm, Node or Chromium is missing: the scores cannot be measured here."""


def pages_by_sliders(site: Path) -> list[tuple[str, int]]:
    """(page URL path, explorable figures on it), the most first, then by path."""
    found = []
    for page in site.rglob("index.html"):
        n = page.read_text(encoding="utf-8", errors="replace").count(EXPLORABLE)
        if n:
            rel = page.parent.relative_to(site).as_posix()
            found.append(("/" if rel == "." else f"/{rel}/", n))
    return sorted(found, key=lambda item: (-item[1], item[0]))


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped when the browser accepts it, as a static host serves them."""

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.endswith(GZIPPED) and os.path.isfile(path)):
            return super().send_head()
        with open(path, "rb") as f:
            data = gzip.compress(f.read(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)

    def log_message(self, *args) -> None:  # quiet: one line per request would drown the table
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` with gzip on a free local port; yield its base URL (no trailing slash)."""
    handler = functools.partial(_Handler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def chromium() -> str:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium")
    found = found or shutil.which("chromium-browser")
    if not found:
        raise LighthouseUnavailableError("no Chromium (apt-get install chromium, or set CHROMIUM)")
    return found


def install(cache: Path) -> Path:
    """Lighthouse's command, installed by ``npm ci`` into ``cache`` when its lock file changed."""
    npm = shutil.which("npm")
    if not npm or not shutil.which("node"):
        raise LighthouseUnavailableError("no Node.js/npm to install Lighthouse with")
    lock = (HERE / "package-lock.json").read_bytes()
    stamp = hashlib.sha256((HERE / "package.json").read_bytes() + lock).hexdigest()
    binary = cache / "node_modules" / ".bin" / "lighthouse"
    marker = cache / "installed"
    if binary.exists() and marker.is_file() and marker.read_text().strip() == stamp:
        return binary
    cache.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(HERE / name, cache / name)
    proc = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=cache,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0 or not binary.exists():
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-10:])
        raise LighthouseUnavailableError(f"npm ci failed in {cache}:\n{tail}")
    marker.write_text(stamp + "\n", encoding="utf-8")
    return binary


@dataclass
class Run:
    performance: float
    accessibility: float
    metrics: dict[str, float]  # FCP/LCP/TBT/SI in ms, CLS unitless


@dataclass
class PageScore:
    path: str
    runs: list[Run] = field(default_factory=list)

    def median(self, what: str) -> float:
        return statistics.median(getattr(r, what) for r in self.runs)

    def metric(self, name: str) -> float:
        return statistics.median(r.metrics[name] for r in self.runs)

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "performance_median": self.median("performance"),
            "accessibility_median": self.median("accessibility"),
            "metrics_median": {m: round(self.metric(m), 3) for m in METRICS.values()},
            "runs": [
                {"performance": r.performance, "accessibility": r.accessibility, **r.metrics}
                for r in self.runs
            ],
        }


def run_once(binary: Path, url: str, browser: str) -> Run:
    """One Lighthouse run of ``url`` with the mobile defaults."""
    with tempfile.TemporaryDirectory(prefix="rectified-lh-") as tmp:
        out = Path(tmp) / "report.json"
        cmd = [
            str(binary),
            url,
            "--form-factor=mobile",
            "--only-categories=performance,accessibility",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            "--output=json",
            f"--output-path={out}",
            "--quiet",
        ]
        env = {**os.environ, "CHROME_PATH": browser}
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
        if proc.returncode != 0 or not out.is_file():
            tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-10:])
            raise LighthouseUnavailableError(f"Lighthouse failed on {url}:\n{tail}")
        report = json.loads(out.read_text(encoding="utf-8"))
    cats, audits = report["categories"], report["audits"]
    return Run(
        performance=float(cats["performance"]["score"]),
        accessibility=float(cats["accessibility"]["score"]),
        metrics={short: float(audits[key]["numericValue"]) for key, short in METRICS.items()},
    )


def measure(site: Path, paths: list[str], runs: int, cache: Path) -> list[PageScore]:
    """``runs`` Lighthouse runs of each page of ``site`` (URL paths), runs alternating pages."""
    binary, browser = install(cache), chromium()
    scores = [PageScore(p) for p in paths]
    with serve(site) as base:
        for _ in range(runs):
            for score in scores:
                score.runs.append(run_once(binary, base + score.path, browser))
    return scores


def describe(score: PageScore) -> str:
    """e.g. 'LCP 1.8 s, TBT 140 ms, ...; runs 0.96 0.98 0.95' (medians, then every run)."""
    m = {name: score.metric(name) for name in METRICS.values()}
    each = " ".join(f"{r.performance:.2f}" for r in score.runs)
    return (
        f"median FCP {m['FCP'] / 1000:.1f} s, LCP {m['LCP'] / 1000:.1f} s, "
        f"TBT {m['TBT']:.0f} ms, CLS {m['CLS']:.3f}; runs {each}"
    )


def bench_lighthouse(root: Path, site: Path, res, runs: int = RUNS) -> None:
    """The bench's rows (``res`` is its ``Results``): the page with the most sliders, median."""
    ranked = pages_by_sliders(site)
    res.section('Explorable figures (issue "Explorable figures"), Lighthouse mobile, gzip')
    if not ranked:
        res.goal("page with the most sliders", "none", False, "a page with a slider")
        return
    path, sliders = ranked[0]
    try:
        (score,) = measure(site, [path], runs, root / ".cache" / "lighthouse")
    except LighthouseUnavailableError as exc:
        res.add(f"{path}: Lighthouse", "not run", str(exc).splitlines()[0])
        res.data["lighthouse"] = {"path": path, "error": str(exc)}
        return
    perf, a11y = score.median("performance"), score.median("accessibility")
    label = f"{path} ({sliders} sliders, the most)"
    res.goal(
        f"{label}: performance",
        f"{perf:.2f}",
        perf >= AIM_PERFORMANCE,
        f"aim >= {AIM_PERFORMANCE}",
        f"median of {len(score.runs)}; {describe(score)}",
    )
    res.goal(f"{label}: accessibility", f"{a11y:.2f}", a11y >= AIM_ACCESSIBILITY, "aim 1.00")
    res.data["lighthouse"] = score.as_dict() | {"sliders": sliders}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.lighthouse",
        description="Lighthouse (mobile) on the pages of a built site with the most sliders.",
    )
    parser.add_argument("site", type=Path, help="a built site folder, e.g. site")
    parser.add_argument("--page", action="append", help="URL path(s) instead, e.g. /softplus/")
    parser.add_argument("--runs", type=int, default=RUNS, help=f"runs per page (default {RUNS})")
    parser.add_argument("--cache", type=Path, default=Path(".cache/lighthouse"))
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write every run here")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"error: {args.site} is not a built site (no index.html)", file=sys.stderr)
        return 2
    paths = args.page or [p for p, _ in pages_by_sliders(args.site)[:1]]
    if not paths:
        print("error: no page with an explorable figure; name one with --page", file=sys.stderr)
        return 2
    try:
        scores = measure(args.site, paths, max(1, args.runs), args.cache.resolve())
    except LighthouseUnavailableError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for s in scores:
        perf, a11y = s.median("performance"), s.median("accessibility")
        print(
            f"{s.path}: performance {perf:.2f} (aim >= {AIM_PERFORMANCE}), "
            f"accessibility {a11y:.2f} (aim {AIM_ACCESSIBILITY:.2f}); {describe(s)}"
        )
    if args.json:
        args.json.write_text(json.dumps([s.as_dict() for s in scores], indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
