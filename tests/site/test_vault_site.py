"""The test vault (``tests/vault/``), built strictly: every Obsidian construct renders right.

The vault is a small knowledge base on probability whose notes, together, use every construct
the site supports (``test_the_vault_uses_every_construct`` keeps it so). It is built once for
this module with the real ``mkdocs.yml``; the tests read the HTML. A small link checker works on
any built site and runs on the real one too. Bad input (a missing heading or block, a duplicate
block id, an ambiguous name, an embed cycle, an unclosed comment) is built in tiny vaults of its
own and must fail with ``docs/<file>:<line>``.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from rectified.pages import write_missing_stubs
from tests.site.project import BUILT_WITH, build, copy_vault, make_project, page_file

pytestmark = pytest.mark.site

VAULT = Path(__file__).resolve().parents[1] / "vault"
NOTES = sorted(p.relative_to(VAULT).as_posix() for p in VAULT.rglob("*.md"))
GENERATED_PAGES = ["notes.md", "gallery.md", "graph.md", "tags.md", "wanted.md"]
WANTED = {"Central Limit Theorem", "Chebyshev Inequality", "Poisson Distribution"}


def source(rel: str) -> str:
    return (VAULT / rel).read_text("utf-8")


BUILDERS = ["mkdocs", "zensical"]


@pytest.fixture(scope="module", params=BUILDERS)
def vault_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test vault built by each builder: every test of it runs against both outputs."""
    builder = request.param
    base = tmp_path_factory.mktemp(f"vault-{builder}")
    config = copy_vault(VAULT, base, stubs=builder == "zensical")
    proc = build(config, base / "site", builder)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return base / "site"


@pytest.fixture(params=BUILDERS)
def real_site(request: pytest.FixtureRequest) -> Path:
    """The real notes' site, built by each builder."""
    site = request.getfixturevalue("built_site" if request.param == "mkdocs" else "zensical_site")
    BUILT_WITH[site] = request.param
    return site


# --------------------------------------------------------------------------- reading HTML


def page_of(site: Path, rel: str) -> Path:
    return page_file(site, rel)


_SOUPS: dict[Path, BeautifulSoup] = {}


def soup(path: Path) -> BeautifulSoup:
    if path not in _SOUPS:
        _SOUPS[path] = BeautifulSoup(path.read_text("utf-8"), "html.parser")
    return _SOUPS[path]


def article(site: Path, rel: str) -> Tag:
    found = soup(page_of(site, rel)).select_one("article")
    assert found is not None, f"no article on the page of {rel}"
    return found


def fresh_article(site: Path, rel: str) -> Tag:
    """A copy of the article that a test may take apart."""
    doc = BeautifulSoup(page_of(site, rel).read_text("utf-8"), "html.parser")
    return doc.select_one("article")


def target_of(site: Path, page: Path, href: str) -> tuple[Path | None, str]:
    """(file an internal ``href`` on ``page`` points to, its fragment); None: outside the site."""
    parts = urlsplit(href)
    path = unquote(parts.path)
    if not path:
        target = page
    else:
        start = site if path.startswith("/") else page.parent
        target = Path(posixpath.normpath((start / path.lstrip("/")).as_posix()))
        if path.endswith("/") or target.is_dir():
            target = target / "index.html"
    if target != site and site not in target.parents:
        return None, parts.fragment
    return target, unquote(parts.fragment)


def is_internal(href: str) -> bool:
    parts = urlsplit(href)
    return not (parts.scheme or parts.netloc)


def ids_of(path: Path) -> set[str]:
    doc = soup(path)
    return {el["id"] for el in doc.find_all(id=True)} | {
        a["name"] for a in doc.find_all("a", attrs={"name": True})
    }


def link_problems(site: Path) -> list[str]:
    """Every internal link (``a[href]``, SVG ``a[xlink:href]``) that points to no file or id.

    Also: ids used twice on one page (a fragment would be ambiguous).
    """
    problems = []
    pages = sorted(site.rglob("*.html"))
    assert pages, f"no HTML in {site}"
    for page in pages:
        shown = page.relative_to(site).as_posix()
        doc = soup(page)
        twice = [k for k, n in Counter(el["id"] for el in doc.find_all(id=True)).items() if n > 1]
        problems += [f"{shown}: id {k!r} is used more than once" for k in twice]
        links = [a["href"] for a in doc.find_all("a", href=True)]
        links += [a["xlink:href"] for a in doc.find_all("a", attrs={"xlink:href": True})]  # graphs
        for href in links:
            if not is_internal(href) or href.startswith(("mailto:", "data:")):
                continue
            target, fragment = target_of(site, page, href)
            if target is None:
                problems.append(f"{shown}: {href} leaves the site")
            elif not target.is_file():
                problems.append(f"{shown}: {href} points to no file")
            elif fragment and target.suffix == ".html" and fragment not in ids_of(target):
                where = target.relative_to(site).as_posix()
                problems.append(f"{shown}: {href} has no id {fragment!r} on {where}")
    return problems


RAW = ("![[", "[[", "]]", "[!", "==", "%%", "$$", "\\(", "\\[")
# A block id left in the text: "^id" that is not a link's label ("Note > ^id", "Note › ^id").
RAW_BLOCK_ID = re.compile(r"(?<![>›] )(?<![\w^])\^[A-Za-z0-9][A-Za-z0-9-]*\b")
RAW_INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\s)[^$\n]+?(?<!\s)\$")


def raw_syntax(el: Tag) -> list[str]:
    """Obsidian or math syntax left in the visible text of ``el`` (code, KaTeX and SVG aside)."""
    for hidden in el.select(".katex, pre, code, .highlight, script, style, svg"):
        hidden.decompose()
    for a in el.find_all("a"):  # a link's label may name a block (``Note > ^id``)
        a.replace_with(" ")
    text = el.get_text(" ")
    found = [raw for raw in RAW if raw in text]
    found += RAW_BLOCK_ID.findall(text) + RAW_INLINE_MATH.findall(text)
    return found


# --------------------------------------------------------------------------- the vault itself

CONSTRUCTS = [
    ("[[Note]]", r"(?<!!)\[\[[^\]|#\\]+\]\]"),
    ("[[Note|text]]", r"(?<!!)\[\[[^\]|#\\]+\|[^\]]+\]\]"),
    ("[[Note#Heading]]", r"(?<!!)\[\[[^\]|#\\]+#[^\]|#^\\]+\]\]"),
    ("[[Note#Heading|text]]", r"(?<!!)\[\[[^\]|#\\]+#[^\]|#^\\]+\|[^\]]+\]\]"),
    ("[[Note#^blockid]]", r"(?<!!)\[\[[^\]|#\\]+#\^[\w-]+[|\]]"),
    ("[[#Heading]]", r"\[\[#[^\^\]]+\]\]"),
    ("[[#^id]]", r"\[\[#\^[\w-]+[|\]]"),
    ("unicode name", r"\[\[Théorème de Bayes"),
    ("parentheses", r"\[\[Expectation \(mean\)"),
    (".md written", r"\[\[[^\]|#]+\.md[|#\]]"),
    ("case differs from the file", r"\[\[conditional probability"),
    ("in a subfolder, by bare name", r"\[\[Bernoulli Distribution"),
    ("path-qualified, same name elsewhere", r"\[\[Distributions/Overview"),
    ("alias", r"\[\[(Gaussian|sample space|Bayes rule)"),
    ("[[Note#Heading#Sub]]", r"\[\[[^\]|#]+#[^\]|#^]+#[^\]|#^]+[|\]]"),
    ("empty alias", r"\[\[[^\]]+\|\]\]"),
    ("escaped pipe in a table", r"^\|.*\[\[[^\]]+\\\|[^\]]*\]\]"),
    ("link in a callout", r"^>.*\[\[[^\]]+\]\]"),
    ("wanted link", r"\[\[Central Limit Theorem\]\]"),
    ("[t](Note%20name.md)", r"\]\([^)<]*%20[^)]*\.md\)"),
    ("[t](Note%20name)", r"\]\([^)<.]*%20[^).]*\)"),
    ("[t](<Note name.md#Heading>)", r"\]\(<[^>]+ [^>]+\.md#[^>]+>\)"),
    ("[t](Folder/Note.md)", r"\]\(Distributions/[^)]+\.md\)"),
    ("block id at a paragraph's end", r"^[A-Za-z$].*\S \^[\w-]+$"),
    ("block id at a list item's end", r"^\s*(?:[-*]|\d+\.) .*\S \^[\w-]+$"),
    ("block id alone after a callout", r"^>.*\n\n\^[\w-]+$"),
    ("block id alone after a table", r"^\|.*\|\n\n\^[\w-]+$"),
    ("![[Note]]", r"!\[\[[^\]|#.]+\]\]"),
    ("![[Note#Heading]]", r"!\[\[[^\]|#.]+#[^\^\]]+\]\]"),
    ("![[Note#^id]]", r"!\[\[[^\]|#.]+#\^[\w-]+\]\]"),
    ("![[relu.svg]]", r"!\[\[relu\.svg\]\]"),
    ("![[relu.svg|400]]", r"!\[\[relu\.svg\|400\]\]"),
    ("image file with alt text", r"!\[\[die-five\.svg\|[A-Za-z ]+\]\]"),
    ("callout, no title", r"^> \[![a-z]+\]$"),
    ("callout, folded", r"^> \[![a-z]+\]- "),
    ("callout, open", r"^> \[![a-z]+\]\+"),
    ("callout, no space", r"^>\[![a-z]+\]"),
    ("callout, nested", r"^> > \[![a-z]+\]"),
    ("callout, math in title", r"^> \[![a-z]+\][+-]? .*\$"),
    ("callout, unknown type", r"^> \[!theorem\]"),
    ("callout, alias type", r"^> \[!(tldr|faq|cite)\]"),
    ("math in a callout", r"^> .*\$[^$]+\$"),
    ("math in a list", r"^\s*(?:[-*]|\d+\.) .*\$[^$]+\$"),
    ("math in a table", r"^\|.*\$[^$]+\$.*\|"),
    ("display math in a callout", r"^> \$\$$"),
    ("==highlight==", r"==[^=\s][^=]*[^=\s]=="),
    ("%%comment%% inline", r"\S.*%%[^%\n]+%%"),
    ("%% multi-line comment", r"^%%$"),
    ("%% in inline code", r"`%%[^`]*`"),
    ("#tag inline", r"(?<!\S)#[a-z]+\b(?!/)"),
    ("#nested/tag inline", r"(?<!\S)#[a-z]+/[a-z]+"),
    ("tags in front matter", r"\Atags:|^tags:"),
    ("aliases in front matter", r"^aliases:"),
    ("wikilink in a code span", r"`\[\[[^\]]+\]\]`"),
    ("wikilink in fenced code", r"^```\w*\n[^`]*\[\[[^\]]+\]\][^`]*```"),
    # Syntax/: what real vaults use (tests/site/test_vault_syntax.py checks how each renders)
    ("image embed with #fragment", r"!\[\[[^\]|#]+\.(?:svg|png)#[^\]|]+\]\]"),
    ("image embed with #fragment|alt|size", r"!\[\[[^\]|#]+\.png#\w+\|[^\]|]+\|\d+\]\]"),
    ("image embed |WxH", r"!\[\[[^\]|#]+\.png\|\d+x\d+\]\]"),
    ("block id glued to an embed", r"!\[\[[^\]]+\]\]\^[\w-]+$"),
    ("Markdown image with |size", r"!\[[^\]|]+\|\d+\]\([^)]+\)"),
    ("audio embed", r"!\[\[[^\]]+\.(?:ogg|mp3|wav)(?:\|[^\]]*)?\]\]"),
    ("media embed, Markdown syntax", r"!\[[^\]]*\]\([^)]+\.mp3\)"),
    ("video embed", r"!\[\[[^\]]+\.(?:webm|mp4)\]\]"),
    ("PDF embed", r"!\[\[[^\]]+\.pdf\]\]"),
    ("PDF embed with #page and height", r"!\[\[[^\]]+\.pdf#page=\d+&height=\d+\]\]"),
    ("canvas embed", r"!\[\[[^\]]+\.canvas\]\]"),
    ("other file embed", r"!\[\[[^\]]+\.csv\]\]"),
    ("inline footnote", r"\^\[[^\]]*\[\[[^\]]+\]\][^\]]*\]"),
    ("footnote [^1]", r"\[\^\w+\]:"),
    ("task - [ ]", r"^- \[ \] "),
    ("task - [x]", r"^- \[x\] "),
    ("task status [/]", r"^- \[[/?-]\] "),
    ("heading with punctuation linked", r"\[\[[^\]|]*#Why\? \(really\)"),
    ("heading with punctuation embedded", r"!\[\[[^\]|]+#[^\]|]*: [^\]|]*\]\]"),
    ("[t](<Note name.md>)", r"\]\(<[^>#]+ [^>#]+\.md>\)"),
    ("[[Name%20encoded]]", r"\[\[[^\]|]+%20[^\]]*\]\]"),
    ("Markdown in an HTML block", r"^<div[^>]*>\n\n"),
    ("<details> with Markdown", r"^<details>\n<summary>"),
    ("mermaid diagram", r"^```mermaid$"),
]


@pytest.mark.parametrize(("name", "pattern"), CONSTRUCTS, ids=[c[0] for c in CONSTRUCTS])
def test_the_vault_uses_every_construct(name, pattern):
    regex = re.compile(pattern, re.M)
    assert any(regex.search(source(rel)) for rel in NOTES), f"no note in tests/vault uses {name}"


def test_the_vault_is_a_real_one():
    assert len(NOTES) >= 12
    assert any("/" in rel for rel in NOTES)
    names = Counter(posixpath.basename(rel) for rel in NOTES)
    assert names["Overview.md"] == 2  # the same name in two folders
    assert (VAULT / "attachments" / "die-five.svg").is_file()


# --------------------------------------------------------------------------- every page


@pytest.mark.parametrize("rel", NOTES + GENERATED_PAGES)
def test_no_raw_syntax_is_visible(vault_site: Path, rel: str):
    art = fresh_article(vault_site, rel)
    for section in art.select("section.backlinks"):  # see test_backlink_context_is_clean
        section.decompose()
    assert raw_syntax(art) == [], f"raw syntax on the page of {rel}"


def test_the_real_site_shows_no_raw_syntax(real_site: Path):
    found = {}
    for page in sorted(real_site.rglob("*.html")):
        doc = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        art = doc.select_one("article")
        if art is None:
            continue
        for section in art.select("section.backlinks"):  # see test_backlink_context_is_clean
            section.decompose()
        raw = raw_syntax(art)
        if raw:
            found[page.relative_to(real_site).as_posix()] = raw
    assert not found, found


def test_every_internal_link_of_the_vault_resolves(vault_site: Path):
    problems = link_problems(vault_site)
    assert not problems, "\n".join(problems)


def test_every_internal_link_of_the_real_site_resolves(real_site: Path):
    problems = link_problems(real_site)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("rel", NOTES)
def test_every_note_has_a_local_graph(vault_site: Path, rel: str):
    graph = article(vault_site, rel).select_one("section.local-graph svg")
    assert graph is not None, f"no local graph on the page of {rel} (every test note is linked)"


# --------------------------------------------------------------------------- links


def resolves_to(site: Path, rel: str, a: Tag) -> tuple[str, str]:
    """(vault path of the note ``a`` points to, fragment)."""
    target, fragment = target_of(site, page_of(site, rel), a["href"])
    assert target is not None, a["href"]
    assert target.is_file(), a["href"]
    pages = {page_of(site, r): r for r in NOTES}
    return pages.get(target, target.relative_to(site).as_posix()), fragment


def link(site: Path, rel: str, text: str) -> Tag:
    found = [a for a in article(site, rel).find_all("a") if a.get_text(strip=True) == text]
    assert found, f"no link {text!r} on the page of {rel}"
    return found[0]


LINKS = [
    # (page, link text, note it must point to, fragment)
    ("index.md", "conditional probability", "Conditional Probability.md", ""),  # case differs
    ("index.md", "Bayes' theorem", "Théorème de Bayes.md", ""),  # unicode name
    ("index.md", "Expectation (mean)", "Expectation (mean).md", ""),  # parentheses
    ("index.md", "variance", "Variance.md", ""),  # [[Variance.md|variance]]
    ("index.md", "Distributions/Overview", "Distributions/Overview.md", ""),  # path-qualified
    ("index.md", "an overview", "Estimation/Overview.md", ""),
    ("index.md", "Bernoulli Distribution", "Distributions/Bernoulli Distribution.md", ""),
    ("index.md", "the normal distribution", "Distributions/Normal Distribution.md", ""),  # alias
    ("Random Variable.md", "sample space", "Probability Space.md", ""),  # alias
    ("Conditional Probability.md", "Bayes rule", "Théorème de Bayes.md", ""),  # alias
    ("Estimation/Overview.md", "overview of distributions", "Distributions/Overview.md", ""),
    ("Distributions/Overview.md", "estimation overview", "Estimation/Overview.md", ""),
    (
        "Probability Space.md",
        "Conditional Probability > Definition",
        "Conditional Probability.md",
        "definition",
    ),
    ("Théorème de Bayes.md", "chain rule", "Conditional Probability.md", "chain-rule"),
    ("Théorème de Bayes.md", "Énoncé", "Théorème de Bayes.md", "énoncé"),  # [[#Heading]]
    ("Théorème de Bayes.md", "^bayes-rule", "Théorème de Bayes.md", "^bayes-rule"),  # [[#^id]]
    ("Théorème de Bayes.md", "above", "Théorème de Bayes.md", "^test-table"),
    (
        "Estimation/Maximum Likelihood.md",
        "mean of a Bernoulli variable",
        "Distributions/Bernoulli Distribution.md",
        "^bernoulli-mean",
    ),  # [[Note#^id|text]]
    ("Markov Inequality.md", "linear", "Expectation (mean).md", "of-a-scaled-variable"),  # A#B
    ("Markov Inequality.md", "expectations", "Expectation (mean).md", ""),  # %28 in a Markdown link
    ("Expectation (mean).md", "Variance > Properties", "Variance.md", "properties"),  # [[N#h|]]
    ("Variance.md", "independent", "Conditional Probability.md", "independence"),  # \| in table
    ("Monty Hall Problem.md", "the rule", "Théorème de Bayes.md", "énoncé"),  # \| in table
    ("Monty Hall Problem.md", "answer", "Monty Hall Problem.md", "^switch-answer"),
    ("Monty Hall Problem.md", "conditioning", "Conditional Probability.md", ""),  # in a callout
    (
        "Monty Hall Problem.md",
        "The solution with Bayes' rule",
        "Monty Hall Problem.md",
        "the-solution-with-bayes-rule",
    ),
    # Markdown links, Obsidian style
    ("Random Variable.md", "conditional probability", "Conditional Probability.md", ""),
    (
        "Estimation/Maximum Likelihood.md",
        "normal model",
        "Distributions/Normal Distribution.md",
        "",
    ),
    ("Estimation/Maximum Likelihood.md", "overview", "Estimation/Overview.md", ""),
    (
        "Estimation/Maximum Likelihood.md",
        "statement of Bayes' theorem",
        "Théorème de Bayes.md",
        "énoncé",
    ),
]


@pytest.mark.parametrize(
    ("rel", "text", "note", "fragment"), LINKS, ids=[f"{r}:{t}" for r, t, *_ in LINKS]
)
def test_links_resolve_to_the_right_note(vault_site: Path, rel, text, note, fragment):
    assert resolves_to(vault_site, rel, link(vault_site, rel, text)) == (note, fragment)


def test_wanted_links_are_marked_and_listed(vault_site: Path):
    marked = set()
    for rel in NOTES:
        for a in article(vault_site, rel).select("a.wikilink.wanted"):
            assert resolves_to(vault_site, rel, a)[0] == "wanted/index.html"
            marked.add(a.get_text(strip=True))
    assert {"Central Limit Theorem", "Poisson Distribution", "Chebyshev's inequality"} <= marked
    listed = {h.get_text(strip=True) for h in article(vault_site, "wanted.md").select("h2")}
    assert listed == WANTED  # a link inside a %% comment is not wanted


# --------------------------------------------------------------------------- block ids


BLOCKS = [
    ("Théorème de Bayes.md", "^bayes-rule", "p"),  # a paragraph's end
    ("Probability Space.md", "^axiom-normalisation", "li"),  # a list item's end
    ("Distributions/Bernoulli Distribution.md", "^bernoulli-mean", "li"),
    ("Monty Hall Problem.md", "^total", "li"),
    ("Monty Hall Problem.md", "^switch-answer", "p"),  # a paragraph's end, in a folded callout
    ("Conditional Probability.md", "^cond-def", "p"),
    ("Markov Inequality.md", "^markov", "div"),  # alone after a callout
    ("Théorème de Bayes.md", "^odds-form", "div"),
    ("Théorème de Bayes.md", "^test-table", "table"),  # alone after a table
]


@pytest.mark.parametrize(("rel", "block", "tag"), BLOCKS, ids=[b[1] for b in BLOCKS])
def test_block_ids_name_their_block(vault_site: Path, rel, block, tag):
    el = article(vault_site, rel).find(id=block)
    assert el is not None, (rel, block)
    assert el.name == tag, (rel, block, el.name)
    assert block not in el.get_text()
    if tag == "div":
        assert "admonition" in el["class"]


def test_every_block_id_written_is_an_anchor(vault_site: Path):
    for rel in NOTES:
        for block in re.findall(r"(?:^|\s)\^([\w-]+)\s*$", source(rel), re.M):
            assert article(vault_site, rel).find(id=f"^{block}") is not None, (rel, block)


# --------------------------------------------------------------------------- embeds


def heading_text(h: Tag) -> str:
    return h.get_text(strip=True).removesuffix("¶")  # without the permalink


def boxes(site: Path, rel: str) -> list[Tag]:
    return article(site, rel).select("div.embed")


def test_a_whole_note_and_a_section_are_embedded(vault_site: Path):
    section, whole = boxes(vault_site, "Law of Large Numbers.md")
    assert section["data-embed-src"] == "Variance.md"
    assert heading_text(section.select_one("h2")) == "Properties"
    assert section.select_one("table td").get_text(strip=True) == "shift and scale"
    assert "Definition" not in section.get_text()  # only the section
    assert whole["data-embed-src"] == "Markov Inequality.md"
    callout = whole.select_one("div.admonition")
    assert callout is not None
    assert callout["id"].endswith("-^markov")
    assert callout.select_one(".katex-display") is not None
    assert [heading_text(h) for h in whole.select("h1, h2")] == [
        "Markov Inequality",
        "Proof",
    ]
    assert "tags:" not in whole.get_text()  # no front matter
    for box, note in ((section, "Variance.md"), (whole, "Markov Inequality.md")):
        title = box.select_one("p.embed-title a")
        assert resolves_to(vault_site, "Law of Large Numbers.md", title)[0] == note


def test_a_block_is_embedded(vault_site: Path):
    (box,) = boxes(vault_site, "Conditional Probability.md")
    assert box["data-embed-src"] == "Théorème de Bayes.md"
    title = box.select_one("p.embed-title a")
    assert resolves_to(vault_site, "Conditional Probability.md", title) == (
        "Théorème de Bayes.md",
        "^bayes-rule",
    )
    (para,) = box.select("p:not(.embed-title)")
    assert para.get_text(" ", strip=True).startswith("For events")
    assert "denominator" not in box.get_text()  # only the block


def test_the_same_block_embedded_twice(vault_site: Path):
    first, second = boxes(vault_site, "Monty Hall Problem.md")
    assert first["data-embed-src"] == second["data-embed-src"] == "Théorème de Bayes.md"
    assert first.get_text(" ", strip=True) == second.get_text(" ", strip=True)
    ids = [el["id"] for box in (first, second) for el in box.find_all(id=True)]
    assert len(ids) == len(set(ids)) == 2, ids  # each box has its own ids
    assert first.select(".katex")
    assert second.select(".katex")


def test_embedded_content_is_not_in_the_table_of_contents(vault_site: Path):
    doc = soup(page_of(vault_site, "Law of Large Numbers.md"))
    toc = [a["href"] for a in doc.select("nav.md-nav--secondary a")]
    assert toc == ["#proof", "#beyond-the-weak-law"]


def test_a_generated_figure_is_embedded_at_full_and_given_width(vault_site: Path):
    full = article(vault_site, "Expectation (mean).md").select_one("figure#figure-relu")
    sized = article(vault_site, "Random Variable.md").select_one("figure#figure-relu")
    for fig in (full, sized):
        srcs = [img["src"] for img in fig.select("img")]
        assert [s.rsplit("/", 1)[-1] for s in srcs] == [
            "relu.svg#only-light",
            "relu.dark.svg#only-dark",
        ]
        assert fig.select_one("figcaption") is not None
        assert fig.select_one("details.figure-code") is not None
    assert {img["width"] for img in sized.select("img")} == {"400"}
    assert {img["width"] for img in full.select("img")} != {"400"}


@pytest.mark.parametrize(
    ("rel", "file", "alt"),
    [
        ("Probability Space.md", "attachments/die-five.svg", "A die showing five pips"),
        ("index.md", "attachments/coin.png", "A coin showing heads"),
    ],
)
def test_an_image_file_is_embedded_with_its_alt_text(vault_site: Path, rel, file, alt):
    (img,) = [i for i in article(vault_site, rel).select("img") if i.get("alt") == alt]
    target, _ = target_of(vault_site, page_of(vault_site, rel), img["src"])
    assert target == vault_site / file
    assert target.read_bytes() == (VAULT / file).read_bytes()


# --------------------------------------------------------------------------- callouts, math


CALLOUTS = [
    # (note, title, element, classes, open)
    ("Monty Hall Problem.md", "Tldr", "div", {"abstract", "callout-tldr"}, None),  # no title
    ("Monty Hall Problem.md", "Assumptions", "div", {"info", "callout-info"}, None),  # >[!info]
    (
        "Monty Hall Problem.md",
        "Should you switch?",
        "details",
        {"question", "callout-question"},
        False,
    ),
    ("Monty Hall Problem.md", "Why is it not $…$?", "details", {"question", "callout-faq"}, True),
    ("Monty Hall Problem.md", "A host who does not know: $…$", "div", {"example"}, None),
    ("Monty Hall Problem.md", "A hundred doors", "div", {"note", "callout-theorem"}, None),
    ("Monty Hall Problem.md", "Source", "div", {"quote", "callout-cite"}, None),
    ("Monty Hall Problem.md", "Success", "details", {"success", "callout-success"}, True),
    ("Monty Hall Problem.md", "A common mistake", "div", {"warning", "callout-warning"}, None),
    ("Markov Inequality.md", "Statement", "div", {"tip", "callout-important"}, None),
    (
        "Conditional Probability.md",
        "Independent is not disjoint",
        "div",
        {"warning", "callout-warning"},
        None,
    ),
    (
        "Distributions/Normal Distribution.md",
        "Where the numbers come from",
        "details",
        {"info", "callout-info"},
        False,
    ),
]


def callout_title(box: Tag) -> str:
    """The title as text, each formula as ``$…$``."""
    head = BeautifulSoup(str(box.find(["summary", "p"], recursive=False)), "html.parser")
    for k in head.select(".katex"):
        k.replace_with("$…$")
    return " ".join(head.get_text().split())


@pytest.mark.parametrize(
    ("rel", "title", "tag", "classes", "opened"), CALLOUTS, ids=[c[1] for c in CALLOUTS]
)
def test_callouts_render_as_admonitions(vault_site: Path, rel, title, tag, classes, opened):
    found = {
        callout_title(box): box
        for box in article(vault_site, rel).select("div.admonition, details")
        if "figure-code" not in box.get("class", [])
    }
    assert title in found, sorted(found)
    box = found[title]
    assert box.name == tag
    assert classes <= set(box["class"])
    if opened is not None:
        assert box.has_attr("open") == opened


def test_callouts_nest_and_hold_math_and_links(vault_site: Path):
    art = article(vault_site, "Monty Hall Problem.md")
    outer = [b for b in art.select("div.callout-example") if b.select_one("div.callout-warning")]
    assert outer, "the warning is not nested in the example"
    inner = outer[0].select_one("div.callout-warning")
    assert inner.select_one(".katex") is not None
    assert inner.select_one("a.wikilink") is not None
    assert outer[0].select_one("p.admonition-title .katex")  # math in a title
    assert art.select_one("details.callout-faq summary .katex")
    nested = article(vault_site, "Distributions/Normal Distribution.md")
    assert nested.select_one("div.callout-note details.callout-info a.wikilink")
    assert article(vault_site, "Markov Inequality.md").select_one(
        "div.callout-important .katex-display"
    )


def test_math_renders_in_callouts_lists_and_tables(vault_site: Path):
    assert article(vault_site, "Conditional Probability.md").select(".admonition .katex")
    assert article(vault_site, "Probability Space.md").select("li .katex-display")
    assert article(vault_site, "Monty Hall Problem.md").select("li .katex-display")
    assert article(vault_site, "Théorème de Bayes.md").select("td .katex")
    assert article(vault_site, "Variance.md").select("td .katex")


# --------------------------------------------------------------------------- highlights, comments


def test_highlights_are_marks(vault_site: Path):
    marks = {
        rel: [m.get_text(" ", strip=True) for m in article(vault_site, rel).select("mark")]
        for rel in ("Probability Space.md", "Expectation (mean).md", "Théorème de Bayes.md")
    }
    assert marks["Expectation (mean).md"] == ["independent or not"]
    assert marks["Probability Space.md"][0].startswith("Every other rule of probability")
    (bayes,) = article(vault_site, "Théorème de Bayes.md").select("mark")
    assert bayes.select_one("a.wikilink").get_text() == "conditional probability"


def test_comments_are_gone(vault_site: Path):
    everything = " ".join(page.read_text("utf-8") for page in vault_site.rglob("*.html"))
    for hidden in (
        "TODO: add the same computation",
        "Moment Generating Function",
        "draft-tag",
        "Not a heading",
        "A draft, hidden",
    ):
        assert hidden not in everything, hidden


def test_code_stays_literal(vault_site: Path):
    codes = [c.get_text() for c in article(vault_site, "Random Variable.md").select("code")]
    assert "%%" in codes
    assert "[[wikilink]]" in codes
    art = article(vault_site, "Monty Hall Problem.md")
    spans = [c.get_text() for c in art.select("p code")]
    assert {"==text==", "%%text%%", "[[Monty Hall Problem]]"} <= set(spans)
    fenced = art.select_one("pre code").get_text()
    for literal in (
        "[[Théorème de Bayes#Énoncé]]",
        "![[Variance#Definition]]",
        "==marked==",
        "%%hidden%%",
    ):
        assert literal in fenced


# --------------------------------------------------------------------------- tags, backlinks


def test_tags_link_to_the_tags_page_which_lists_them(vault_site: Path):
    tags_page = page_of(vault_site, "tags.md")
    listed = {
        h.get_text(strip=True).lstrip("#"): {
            a.get_text(strip=True) for a in h.find_next_sibling("ul").select("a")
        }
        for h in article(vault_site, "tags.md").select("h2")
    }
    inline = 0
    for rel in NOTES:
        for a in article(vault_site, rel).select("a.tag"):
            target, fragment = target_of(vault_site, page_of(vault_site, rel), a["href"])
            assert target == tags_page, a["href"]
            assert fragment in ids_of(tags_page), a["href"]
            assert a.get_text().lstrip("#") in listed
            inline += 1
    assert inline >= 4
    # nested tags: one from front matter, one inline
    assert listed["probability/discrete"] == {"Bernoulli Distribution", "Probability Space"}
    assert listed["distributions/continuous"] == {"Normal Distribution", "Distributions overview"}
    assert listed["puzzles/classic"] == {"Monty Hall Problem"}
    assert listed["conditioning"] == {
        "Conditional Probability",
        "Monty Hall Problem",
        "Théorème de Bayes",
    }
    assert "draft-tag" not in listed  # inside a %% comment


BACKLINKS = [
    # (note, linking note's title, the sentence shown)
    (
        "Probability Space.md",
        "Random Variable",
        "A random variable is a measurable function on a sample space.",
    ),
    (
        "Théorème de Bayes.md",
        "Probability notes",
        "Start with Probability Space, then conditional probability and Bayes' theorem.",
    ),
    (
        "Distributions/Overview.md",
        "Estimation overview",
        "The main method in this vault is Maximum Likelihood; the distributions it is applied to "
        "are listed in the overview of distributions, a note named like this one but in the "
        "Distributions folder.",
    ),
    (
        "Variance.md",
        "Expectation (mean)",
        "The rules for sums and scalings are collected in Variance > Properties.",
    ),
]


@pytest.mark.parametrize(("rel", "title", "sentence"), BACKLINKS, ids=[b[0] for b in BACKLINKS])
def test_backlinks_show_the_linking_sentence(vault_site: Path, rel, title, sentence):
    section = fresh_article(vault_site, rel).select_one("section.backlinks")
    assert section is not None
    for formula in section.select(".katex"):
        formula.decompose()
    items = {
        li.find("a").get_text(strip=True): [
            " ".join(q.get_text(" ").split()) for q in li.select("blockquote.backlink-context")
        ]
        for li in section.select("li")
    }
    assert title in items, sorted(items)
    normalised = [re.sub(r" ([,.;:])", r"\1", q) for q in items[title]]
    assert sentence in normalised, normalised


def test_backlink_context_is_clean(vault_site: Path):
    found = {}
    for rel in NOTES:
        for quote in fresh_article(vault_site, rel).select("blockquote.backlink-context"):
            raw = raw_syntax(quote)
            if raw:
                found.setdefault(rel, []).extend(raw)
    assert not found, found


def test_links_to_notes_have_hover_previews(vault_site: Path):
    missing = [
        (rel, a["href"])
        for rel in NOTES
        for a in article(vault_site, rel).select("a.wikilink")
        if not a.has_attr("data-preview")
    ]
    assert not missing, missing


# --------------------------------------------------------------------------- failures


FRONT = "---\ntitle: {}\n---\n\n"
BAD_VAULTS = [
    (
        "missing-heading",
        {
            "index.md": FRONT.format("Home") + "# Home\n\nSee [[Target#Nope]].\n",
            "Target.md": "# Target\n\n## Real\n\nText.\n",
        },
        "docs/index.md:7: 'Target.md' has no heading 'Nope'",
    ),
    (
        "missing-block-id",
        {
            "index.md": FRONT.format("Home") + "# Home\n\nText.\n\nSee [[Target#^nope]].\n",
            "Target.md": "# Target\n\nText. ^yes\n",
        },
        "docs/index.md:9: 'Target.md' has no block ^nope",
    ),
    (
        "duplicate-block-id",
        {
            "index.md": "# Home\n\nText.\n",
            "Target.md": FRONT.format("Target") + "# Target\n\nOne. ^same\n\nTwo. ^same\n",
        },
        "docs/Target.md:9: duplicate block id ^same (first on line 7)",
    ),
    (
        "ambiguous-name",
        {
            "index.md": "# Home\n\nSee [[Same]].\n",
            "A/Same.md": "# Same\n",
            "B/Same.md": "# Same\n",
        },
        "docs/index.md:3: ambiguous link 'Same': it matches 'A/Same.md', 'B/Same.md'",
    ),
    (
        "embed-cycle",
        {
            "index.md": "# Home\n\nText.\n",
            "A.md": FRONT.format("A") + "# A\n\n![[B]]\n",
            "B.md": "# B\n\nIntro.\n\n![[A]]\n",
        },
        "docs/A.md:7: embed cycle: A → B → A",
    ),
    (
        "unclosed-comment",
        {"index.md": FRONT.format("Home") + "# Home\n\nText %%never closed.\n\nMore.\n"},
        "docs/index.md:7: unclosed %% comment",
    ),
]


@pytest.mark.parametrize("builder", BUILDERS)
@pytest.mark.parametrize(
    ("notes", "message"), [c[1:] for c in BAD_VAULTS], ids=[c[0] for c in BAD_VAULTS]
)
def test_bad_vault_fails_naming_file_and_line(tmp_path: Path, notes, message, builder):
    config = make_project(tmp_path, notes, manifest={})
    if builder == "zensical":
        write_missing_stubs(tmp_path / "docs")
    proc = build(config, tmp_path / "site", builder)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert message in out, out
    assert not (tmp_path / "site").exists()


def test_an_image_embed_written_in_code_is_not_a_use_of_the_figure(tmp_path: Path):
    notes = {"index.md": "# Home\n\nWrite `![[relu.svg]]` to show the ReLU figure.\n"}
    proc = build(make_project(tmp_path, notes), tmp_path / "site")
    assert proc.returncode == 0, proc.stdout + proc.stderr
