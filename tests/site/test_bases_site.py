"""Obsidian Bases on the built site: the test vault's ``Bases/`` folder, with both builders.

``tests/vault/Bases/Laws.base`` holds seven views over five notes with properties; the note
``Law Catalogue`` embeds each. The rows expected below were written by reading the notes'
front matter and Obsidian's Bases documentation (https://help.obsidian.md/bases/syntax,
/bases/views), not by running the code: filters of the base and of the view AND-ed, sorts in
order, ``limit`` after sorting, groups in their direction, ``this`` the embedding note.
A ``.base`` file that uses an unsupported function fails the build naming its file and line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from rectified.pages import write_missing_stubs
from tests.site.project import build, copy_vault, make_project, page_file
from tests.site.test_vault_site import link_problems, raw_syntax, target_of

pytestmark = pytest.mark.site

VAULT = Path(__file__).resolve().parents[1] / "vault"
CATALOGUE = "Bases/Law Catalogue.md"
BUILDERS = ["mkdocs", "zensical"]


@pytest.fixture(scope="module", params=BUILDERS)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp(f"bases-{request.param}")
    config = copy_vault(VAULT, base, stubs=request.param == "zensical")
    proc = build(config, base / "site", request.param)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return base / "site"


def views(site: Path) -> dict[str, Tag]:
    page = page_file(site, CATALOGUE)
    doc = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    return {v["data-view"]: v for v in doc.select("article .bases-view")}


def cell_text(cell: Tag) -> str:
    items = cell.select("li")
    if items:
        return " | ".join(li.get_text(" ", strip=True) for li in items)
    box = cell.select_one("input[type=checkbox]")
    if box is not None:
        return "[x]" if box.has_attr("checked") else "[ ]"
    return cell.get_text(" ", strip=True)


def table(view: Tag) -> list[list[str]]:
    """The header, then each row's cells; a group's heading row as ``["## key"]``."""
    out = [[th.get_text(strip=True) for th in view.select("thead th")]]
    for tr in view.select("tbody tr"):
        if "bases-group" in (tr.get("class") or []):
            out.append(["## " + tr.get_text(strip=True)])
        else:
            out.append([cell_text(td) for td in tr.select("td")])
    return out


def test_the_first_view_is_embedded_by_default_with_its_rows_as_obsidian_shows_them(site: Path):
    # Laws in Bases/ with tag #law; columns from order, Outcomes and Shape renamed in properties;
    # sorted by mean, largest first; a missing property is an empty cell; a list, a list.
    assert table(views(site)["All laws"]) == [
        ["file name", "kind", "Outcomes", "mean", "Shape", "related"],
        ["Fair Die", "discrete", "6", "3.5", "symmetric", "Expectation (mean)"],
        ["Geometric Law", "discrete", "", "2", "skewed", "Poisson Distribution"],
        ["Unit Exponential Law", "continuous", "", "1", "skewed", "Variance | Expectation (mean)"],
        ["Fair Coin", "discrete", "2", "0.5", "symmetric", "Bernoulli Distribution"],
        ["Standard Normal Law", "continuous", "", "0", "symmetric", "Normal Distribution"],
    ]
    # Summaries: the mean of the means, (3.5 + 2 + 1 + 0.5 + 0) / 5; two laws count outcomes.
    foot = [td.get_text(" ", strip=True) for td in views(site)["All laws"].select("tfoot td")]
    assert foot == ["", "", "Filled 2", "Average 1.4", "", ""]


def test_a_named_view_filters_sorts_and_limits(site: Path):
    # discrete laws by outcomes (Coin 2, Die 6, Geometric none: last), the first two kept.
    assert table(views(site)["Discrete by outcomes"]) == [
        ["file name", "Outcomes", "spread"],
        ["Fair Coin", "2", "1"],
        ["Fair Die", "6", "5"],
    ]


def test_groups_come_in_their_direction_with_dates_formatted(site: Path):
    assert table(views(site)["By kind"]) == [
        ["file name", "added"],
        ["## continuous"],
        ["Standard Normal Law", "2024-01-20"],
        ["Unit Exponential Law", "2024-02-20"],
        ["## discrete"],
        ["Fair Coin", "2024-01-15"],
        ["Fair Die", "2024-02-01"],
        ["Geometric Law", "2024-03-10"],
    ]


def test_cards_show_their_image_and_properties(site: Path):
    cards = views(site)["Gallery"].select(".bases-card")
    shown = [
        (
            c.select_one(".bases-card-title").get_text(strip=True),
            Path(c.select_one("img")["src"]).name,
            [
                (dt.get_text(strip=True), cell_text(dd))
                for dt, dd in zip(c.select("dt"), c.select("dd"), strict=True)
            ],
        )
        for c in cards
    ]
    assert shown == [
        ("Fair Coin", "coin.png", [("kind", "discrete"), ("file tags", "law | discrete")]),
        ("Fair Die", "die-five.svg", [("kind", "discrete"), ("file tags", "law | discrete")]),
    ]


def test_this_is_the_embedding_note(site: Path):
    linked = views(site)["Linked here"]
    items = [li.get_text(" ", strip=True) for li in linked.select("ul.bases-list > li")]
    assert items == [
        "Fair Die · discrete",
        "Standard Normal Law · continuous",
        "Unit Exponential Law · continuous",
    ]
    assert table(views(site)["Same kind as this"]) == [
        ["file name"],
        ["Standard Normal Law"],
        ["Unit Exponential Law"],
    ]


def test_an_empty_view_says_so(site: Path):
    nothing = views(site)["Nothing"]
    assert nothing.select_one("table") is None
    assert "No results" in nothing.select_one(".bases-empty").get_text()


def test_links_in_cells_lead_to_the_notes_and_wanted_ones_are_marked(site: Path):
    page = page_file(site, CATALOGUE)
    view = views(site)["All laws"]
    first = view.select_one("tbody a.wikilink")
    target, _ = target_of(site, page, first["href"])
    assert target == page_file(site, "Bases/Fair Die.md")
    wanted = view.select("a.wikilink.wanted")
    assert [a.get_text() for a in wanted] == ["Poisson Distribution"]
    target, fragment = target_of(site, page, wanted[0]["href"])
    assert target == page_file(site, "wanted.md")
    assert fragment == "poisson-distribution"


def test_the_bases_pages_link_correctly_and_show_no_raw_syntax(site: Path):
    problems = [p for p in link_problems(site) if p.lower().startswith("bases/")]
    assert not problems, "\n".join(problems)
    doc = BeautifulSoup(page_file(site, CATALOGUE).read_text("utf-8"), "html.parser")
    assert raw_syntax(doc.select_one("article")) == []


BROKEN = """\
formulas:
  ok: "price * 2"
  later: 'duration("1d")'
views:
  - type: table
    name: Prices
"""


@pytest.mark.parametrize("builder", BUILDERS)
@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {"Shop.base": BROKEN, "index.md": "# Home\n\n![[Shop.base]]\n"},
            "docs/Shop.base:3: unsupported function duration()",
        ),
        (
            {"Shop.base": BROKEN.replace("duration", "numbr"), "index.md": "![[Shop.base]]\n"},
            "docs/Shop.base:3: unsupported function numbr() (did you mean number()?)",
        ),
        (
            {
                "Shop.base": BROKEN.replace("duration", "number"),
                "index.md": "# Home\n\nText.\n\n![[Shop.base#Price]]\n",
            },
            "docs/index.md:5: 'Shop.base' has no view 'Price' (did you mean 'Prices'?)",
        ),
        (
            {"index.md": "# Home\n\n![[Missing.base]]\n"},
            "docs/index.md:3: embedded base 'Missing.base' does not exist in the vault",
        ),
    ],
    ids=["unsupported", "did-you-mean", "no-such-view", "no-such-base"],
)
def test_a_bad_base_fails_the_build_naming_file_and_line(tmp_path: Path, files, message, builder):
    config = make_project(tmp_path, files, manifest={})
    if builder == "zensical":
        write_missing_stubs(tmp_path / "docs")
    proc = build(config, tmp_path / "site", builder)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert message in out, out


# --------------------------------------------------------------------------- the real notes

DOCS = Path(__file__).resolve().parents[2] / "docs"


def activation_notes() -> list[str]:
    """The notes whose front matter says ``category: activation function`` (read by the source
    layer, not by the base)."""
    from rectified.source import front_matter

    out = []
    for path in sorted(DOCS.glob("*.md")):
        meta, _ = front_matter(path.read_text("utf-8"), f"docs/{path.name}")
        if meta.get("category") == "activation function":
            out.append(path.name)
    return out


@pytest.fixture(params=BUILDERS)
def real_site(request: pytest.FixtureRequest) -> Path:
    from tests.site.project import BUILT_WITH

    site = request.getfixturevalue("built_site" if request.param == "mkdocs" else "zensical_site")
    BUILT_WITH[site] = request.param
    return site


def test_the_comparison_has_one_row_per_activation_note(real_site: Path):
    page = page_file(real_site, "Activation functions compared.md")
    doc = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    view = doc.select_one('article .bases-view[data-view="Activation functions"]')
    assert view is not None
    rows = view.select("tbody tr")
    notes = activation_notes()
    assert len(notes) >= 5
    linked = set()
    for tr in rows:
        a = tr.select_one("td a")
        target, _ = target_of(real_site, page, a["href"])
        linked.add(target)
    assert linked == {page_file(real_site, rel) for rel in notes}
    assert len(rows) == len(notes)
