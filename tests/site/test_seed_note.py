"""The Obsidian note the project grew from (seed 003), copied verbatim, builds and renders fully."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from rectified.vault import url_slug
from tests.site.project import build, make_project

pytestmark = pytest.mark.site

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SEED = next(iter(sorted(SEEDS.glob("003_*.txt"))), None)
NAME = "Rectified Linear Unit as Activation for Deep Learning.md"


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    if SEED is None:
        pytest.skip(f"seed note 003 not found in {SEEDS}")
    text = SEED.read_text("utf-8")
    base = tmp_path_factory.mktemp("seed")
    config = make_project(
        base, {"index.md": "# Home\n\nThe seed note: [[" + NAME[:-3] + "]]\n", NAME: text}
    )
    site = base / "site"
    proc = build(config, site)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return site, text


def article(site: Path, rel: str) -> BeautifulSoup:
    doc = BeautifulSoup((site / url_slug(rel) / "index.html").read_text("utf-8"), "html.parser")
    return doc.select_one("article")


def test_no_raw_obsidian_syntax_is_visible(seed_site):
    site, _ = seed_site
    art = article(site, NAME)
    for el in art.select(".katex, pre, code"):
        el.decompose()
    text = art.get_text(" ")
    for raw in ("[[", "]]", "[!", "$$", "\\("):
        assert raw not in text, raw
    assert not re.search(r"(?<!\w)\^[0-9a-f]{6}\b", text), "a block id is visible"


def test_all_four_block_ids_are_anchors(seed_site):
    site, text = seed_site
    ids = re.findall(r"^\^([0-9a-f]{6})\s*$", text, re.M)
    assert len(ids) == 4
    art = article(site, NAME)
    for block in ids:
        assert art.find(id=f"^{block}") is not None, block


def test_eight_callouts_are_styled(seed_site):
    site, text = seed_site
    expected = len(re.findall(r"^>\s?\[!", text, re.M))
    assert expected == 8
    art = article(site, NAME)
    callouts = art.select("div.admonition, details")
    assert len([c for c in callouts if "figure-code" not in c.get("class", [])]) == expected
    assert len(art.select(".admonition.quote, .admonition.callout-quote")) == 2


def test_math_is_rendered(seed_site):
    site, _ = seed_site
    art = article(site, NAME)
    assert len(art.select(".katex-display")) >= 4
    assert art.select(".katex-mathml annotation")


def test_unresolved_links_are_wanted_and_listed(seed_site):
    site, text = seed_site
    targets = {m.split("|")[0].split("#")[0].strip() for m in re.findall(r"\[\[([^\]]+)\]\]", text)}
    assert len(targets) >= 18
    art = article(site, NAME)
    wanted = {a.get_text(strip=True) for a in art.select("a.wanted")}
    assert wanted == targets
    page = BeautifulSoup((site / "wanted" / "index.html").read_text("utf-8"), "html.parser")
    listed = {h.get_text(strip=True) for h in page.select("article h2")}
    assert targets <= listed
