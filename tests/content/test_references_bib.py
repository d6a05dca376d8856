"""rectified.bibliography: the BibTeX subset it reads, the references it writes, the page writer,
and rectified.markdown.citations, the hover titles. Table-driven on small texts and vaults."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from rectified import bibliography
from rectified.bibliography import Entry, parse
from rectified.errors import NoteError
from rectified.markdown.citations import CitationExtension, titles_for
from rectified.vault import Vault

ONE = """% a comment line with an @ sign
Text outside entries is a comment, as in BibTeX.

@article{fukushima1969,
  author = {Fukushima, Kunihiko},
  title = {Visual Feature {Extraction}},
  journal = {IEEE Transactions},
  volume = {5},
  number = 4,
  pages = {322--333},
  year = {1969},
  doi = {10.1109/TSSC.1969.300225},
  annotation = {A rectifier.},
}

@comment{ignored {nested} text}

@misc{hinton2013,
  author = {Geoffrey Hinton},
  title = {Recent Developments},
  howpublished = {Lecture, recorded},
  month = {May},
  year = {2013},
  url = {https://www.youtube.com/watch?v=x},
  annotation = {A lecture.},
}
"""


def test_parse_reads_entries_fields_and_comments():
    first, second = parse(ONE)
    assert (first.key, first.kind, first.line) == ("fukushima1969", "article", 4)
    assert first.fields["number"] == "4"  # a bare number
    assert first.fields["title"] == "Visual Feature {Extraction}"  # braces kept in the field
    assert [a.full for a in first.authors] == ["Kunihiko Fukushima"]
    assert [a.last for a in second.authors] == ["Hinton"]  # "First Last" too
    assert second.line == 18


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("@article{a,\n  title = {open\n}", 1, "never closed"),
        ("@string{x = {y}}", 1, "not supported"),
        ('@article{a,\n  title = "quoted",\n}', 2, "must be in braces"),
        ("@article{a,\n  title = {x} # {y},\n}", 2, "expected ','"),
        ("@article{a, year = {1}}\n@misc{a, year = {2}}", 2, "duplicate key 'a'"),
        ("@article{a,\n  year = {1},\n  year = {2},\n}", 3, "given twice"),
        ("@book{a, author = {X}}\n\n@weird{b, year = {1}}", 3, "unknown entry type @weird"),
        ("@article{, year = {1}}", 1, "starts with its key"),
        ("x @ y", 1, "must start an entry"),
    ],
)
def test_parse_errors_name_the_line(text: str, line: int, message: str):
    with pytest.raises(NoteError) as caught:
        parse(text, "docs/references.bib")
    assert caught.value.path == "docs/references.bib"
    assert caught.value.line == line
    assert message in caught.value.message


def _entry(kind: str = "article", **fields: str) -> Entry:
    base = {"author": "Doe, Jane", "title": "A Title", "year": "2001", "annotation": "Uses it."}
    base.update(fields)
    return Entry("key", kind, {k: v for k, v in base.items() if v is not None}, 1)


@pytest.mark.parametrize(
    ("author", "heading"),
    [
        ("Misra, Diganta", "Misra (2001)"),
        ("Nair, Vinod and Hinton, Geoffrey E.", "Nair and Hinton (2001)"),
        ("Glorot, X. and Bordes, A. and Bengio, Y.", "Glorot, Bordes and Bengio (2001)"),
        ("He, K. and Zhang, X. and Ren, S. and Sun, J.", "He et al. (2001)"),
        ("Touvron, Hugo and Lavril, Thibaut and others", "Touvron et al. (2001)"),
        ("Montúfar, Guido and Pascanu, R. and Cho, K. and Bengio, Y.", "Montúfar et al. (2001)"),
    ],
)
def test_heading_from_authors_and_year(author: str, heading: str):
    assert _entry(author=author).heading == heading


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"doi": "10.1109/ICCV.2015.123"}, None),
        ({"doi": "doi:10.1109/x"}, "not of the form 10.NNNN/suffix"),
        ({"doi": "10.12/x"}, "not of the form"),
        ({"eprint": "1606.08415", "archiveprefix": "arXiv"}, None),
        ({"eprint": "1606.08415"}, "needs archiveprefix"),
        ({"eprint": "hep-th/9901001", "archiveprefix": "arXiv"}, "not of the form YYMM"),
        ({"url": "http://example.org/paper"}, "not an https:// address"),
        ({}, "no doi, eprint (arXiv) or url"),
        ({"url": "https://e.org", "year": "01"}, "not four digits"),
        ({"url": "https://e.org", "annotation": None}, "no annotation"),
        ({"url": "https://e.org", "annotation": "Uses it with 6 units."}, "states a number"),
        ({"url": "https://e.org", "annotation": "Uses ReLU6 and $x^2$."}, None),
    ],
)
def test_problems_of_an_entry(fields: dict, problem: str | None):
    found = _entry(**fields).problems()
    if problem is None:
        assert found == []
    else:
        assert any(problem in p for p in found), found


@pytest.mark.parametrize(
    ("entry", "markdown_text", "plain"),
    [
        (
            _entry(journal="Nature", volume="405", pages="947--951", doi="10.1038/35016072"),
            "Jane Doe. A Title. *Nature*, volume 405, pages 947–951, 2001. "
            "DOI [10.1038/35016072](https://doi.org/10.1038/35016072).",
            "Jane Doe. A Title. Nature, volume 405, pages 947–951, 2001.",
        ),
        (
            _entry(
                "inproceedings",
                author="Doe, Jane and Roe, Rick",
                title="What is {Best}?",
                booktitle="Proc. X",
                series="PMLR",
                volume="15",
                url="https://proceedings.mlr.press/v15/x.html",
                eprint="1302.4389",
                archiveprefix="arXiv",
            ),
            "Jane Doe and Rick Roe. What is Best? In *Proc. X*, PMLR, volume 15, 2001. "
            "arXiv [1302.4389](https://arxiv.org/abs/1302.4389). "
            "Online at [proceedings.mlr.press](https://proceedings.mlr.press/v15/x.html).",
            "Jane Doe and Rick Roe. What is Best? In Proc. X, PMLR, volume 15, 2001.",
        ),
        (
            _entry("book", publisher="MIT Press", url="https://www.deeplearningbook.org/"),
            "Jane Doe. *A Title*. MIT Press, 2001. "
            "Online at [deeplearningbook.org](https://www.deeplearningbook.org/).",
            "Jane Doe. A Title. MIT Press, 2001.",
        ),
        (
            _entry(
                "unpublished",
                note="Unpublished manuscript, Somewhere",
                url="https://e.org/a.pdf",
            ),
            "Jane Doe. A Title. Unpublished manuscript, Somewhere, 2001. "
            "Online at [e.org](https://e.org/a.pdf).",
            "Jane Doe. A Title. Unpublished manuscript, Somewhere, 2001.",
        ),
        (
            _entry(
                "misc",
                author="Doe, Jane and others",
                howpublished="Lecture",
                month="May",
                note="From minute three",
                url="https://e.org",
            ),
            "Jane Doe and others. A Title. Lecture, May 2001. From minute three. "
            "Online at [e.org](https://e.org).",
            "Jane Doe and others. A Title. Lecture, May 2001. From minute three.",
        ),
    ],
)
def test_reference_as_markdown_and_as_plain_text(entry: Entry, markdown_text: str, plain: str):
    assert entry.reference_markdown() == markdown_text
    assert entry.reference_text() == plain


def test_link_prefers_doi_then_arxiv_then_url():
    assert _entry(doi="10.1/x", url="https://u").link == "https://doi.org/10.1/x"
    both = _entry(eprint="1606.08415", archiveprefix="arXiv", url="https://u")
    assert both.link == "https://arxiv.org/abs/1606.08415"
    assert _entry(url="https://u").link == "https://u"


def test_two_works_with_one_heading_are_an_error(tmp_path: Path):
    (tmp_path / "references.bib").write_text(
        "@misc{a, author = {Doe, J.}, year = {2001}, url = {https://a}}\n"
        "@misc{b, author = {Doe, Jo}, year = {2001}, url = {https://b}}\n",
        encoding="utf-8",
    )
    with pytest.raises(NoteError, match="both make the heading 'Doe \\(2001\\)'"):
        bibliography.load(tmp_path)


# --- citations and the page, on a small vault -----------------------------------------------

BIB = """@misc{doe2001,
  author = {Doe, Jane},
  title = {First},
  howpublished = {Preprint},
  year = {2001},
  eprint = {0101.0001},
  archiveprefix = {arXiv},
  annotation = {Starts it.},
}
@article{roe1999,
  author = {Roe, Rick and Poe, Pat},
  title = {Second},
  journal = {J},
  year = {1999},
  doi = {10.1000/xyz},
  annotation = {Continues it.},
}
"""

NOTE_A = """# A

As [[References#Doe (2001)|Doe, 2001]] and [[References.md#Roe and Poe (1999)]] say.
`[[References#Nobody (1900)]]` is code, %%[[References#Ghost (1901)]]%% a comment.
"""
NOTE_B = (
    "# B\n\nSee [[Bibliography#Doe (2001)|the first]], [[References]] and "
    "[Roe and Poe, 1999](References.md#Roe%20and%20Poe%20%281999%29).\n"
)
PAGE_STUB = "---\naliases:\n  - Bibliography\n---\n\n# References\n\n### Doe (2001)\n"


def _vault(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "references.bib").write_text(BIB, encoding="utf-8")
    (docs / "A.md").write_text(NOTE_A, encoding="utf-8")
    (docs / "B.md").write_text(NOTE_B, encoding="utf-8")
    (docs / "References.md").write_text(PAGE_STUB, encoding="utf-8")
    return docs


def test_citations_are_links_to_headings_of_the_page_outside_code_and_comments(tmp_path: Path):
    docs = _vault(tmp_path)
    found = bibliography.citations(Vault.from_dir(docs))
    assert [(c.source, c.heading, c.alias) for c in found] == [
        ("A.md", "Doe (2001)", "Doe, 2001"),
        ("A.md", "Roe and Poe (1999)", ""),
        ("B.md", "Doe (2001)", "the first"),  # through the page's alias
        ("B.md", "Roe and Poe (1999)", "Roe and Poe, 1999"),  # a Markdown link
    ]


def test_page_is_written_only_when_it_changes(tmp_path: Path):
    docs = _vault(tmp_path)
    assert bibliography.write_page(docs) is True
    text = (docs / "References.md").read_text(encoding="utf-8")
    assert "### Doe (2001)\n\nJane Doe. First. Preprint, 2001. arXiv [0101.0001]" in text
    assert "Cited in: [[A]], [[B]].\n" in text
    assert "### Roe and Poe (1999)" in text
    assert "Cited in: [[A]], [[B]].\n" in text.split("### Roe and Poe (1999)")[1]
    assert text.index("### Doe (2001)") < text.index("### Roe and Poe (1999)")  # A to Z
    before = (docs / "References.md").stat().st_mtime_ns
    assert bibliography.write_page(docs) is False
    assert (docs / "References.md").stat().st_mtime_ns == before


def test_cli_check_fails_on_a_stale_page_and_names_uncited_works(tmp_path: Path, capsys):
    docs = _vault(tmp_path)
    assert bibliography.main(["--docs", str(docs), "--check"]) == 1
    assert "is stale" in capsys.readouterr().err
    assert bibliography.main(["--docs", str(docs)]) == 0
    assert bibliography.main(["--docs", str(docs), "--check"]) == 0
    (docs / "B.md").write_text("# B\n", encoding="utf-8")  # B no longer cites anything
    assert bibliography.main(["--docs", str(docs), "--check"]) == 1  # A still cites both
    (docs / "A.md").write_text("# A\n", encoding="utf-8")
    assert bibliography.main(["--docs", str(docs)]) == 0
    err = capsys.readouterr().err
    assert "no note cites Doe (2001)" in err
    assert "no note cites Roe and Poe (1999)" in err


def test_cli_without_a_bib_does_nothing(tmp_path: Path):
    assert bibliography.main(["--docs", str(tmp_path)]) == 0
    assert not (tmp_path / "References.md").exists()


# --- hover titles ---------------------------------------------------------------------------


def test_titles_for_every_entry():
    titles = titles_for(BIB)
    assert titles == {
        "doe-2001": "Jane Doe. First. Preprint, 2001.",
        "roe-and-poe-1999": "Rick Roe and Pat Poe. Second. J, 1999.",
    }


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("[Doe, 2001](/References.md#doe-2001)", "Jane Doe."),
        ("[x](/References.md#roe-and-poe-1999)", "Rick Roe and Pat Poe."),
        ("[x](/References.md#unknown-1900)", None),  # no such work: no title
        ("[x](/Other.md#doe-2001)", None),  # not the References page
        ('[x](/References.md#doe-2001 "Mine")', "Mine"),  # a title of its own is kept
    ],
)
def test_citation_links_get_the_reference_as_title(text: str, title: str | None):
    html = markdown.markdown(text, extensions=[CitationExtension(titles=titles_for(BIB))])
    if title is None:
        assert "title=" not in html
    else:
        assert f'title="{title}' in html


def test_without_a_builder_or_bib_nothing_changes():
    html = markdown.markdown(
        "[x](/References.md#doe-2001)", extensions=["rectified.markdown.citations"]
    )
    assert "title=" not in html
