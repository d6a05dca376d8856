"""The Bases expression language, table-driven: each row is what the spec says it gives.

Expected values come from Obsidian's Bases documentation (https://help.obsidian.md/bases/syntax
and /bases/functions, whose own examples are quoted where they exist), never from running the
evaluator.
"""

from __future__ import annotations

import datetime

import pytest

from rectified.bases.expr import Scope, evaluate, parse
from rectified.bases.values import BaseError, Entry, Link, show
from rectified.vault import Vault

VAULT = Vault.from_texts(
    {
        "Books/Dune.md": (
            "---\ntags: [book, scifi/classic]\nprice: 12.5\nage: 5\nstatus: done\n"
            'author: "[[Frank Herbert]]"\nseries: ["[[Dune]]", "[[Children of Dune]]"]\n'
            'published: 1965-08-01\nrating: 4\nread: true\nempty: ""\n---\n'
            "# Dune\n\nSee [[Textbook]] and #desert.\n"
        ),
        "Books/Textbook.md": "---\ntags: [book]\nprice: 30\n---\n# Textbook\n",
        "Frank Herbert.md": "---\ntags: [author]\n---\n# Frank Herbert\n",
        "Notes/Reading list.md": '---\nfavourite: "[[Dune]]"\n---\nRead [[Dune]].\n',
        "attachments/cover.png": "",
    }
)


def value(expression: str, row: str = "Books/Dune.md", this: str = "Notes/Reading list.md"):
    entry = Entry.of_note(VAULT.note(row)) if row.endswith(".md") else Entry.of_attachment(row)
    scope = Scope(entry, Entry.of_note(VAULT.note(this)), VAULT, {})
    return evaluate(parse(expression, 7), scope)


CASES = [
    # literals and arithmetic (syntax page, Operators)
    ("1", 1),
    ("(2.5)", 2.5),
    ('"message"', "message"),
    ("'single'", "single"),
    ("true", True),
    ("null", None),
    ("radius * (2 * 3.14)", None),  # no such property: null
    ("2 * (3 + 4)", 14),
    ("7 % 3", 1),
    ("-price", -12.5),
    ("price / age", 2.5),
    # note properties, bare, prefixed, bracketed
    ("price", 12.5),
    ("note.price", 12.5),
    ('note["price"]', 12.5),
    ("status", "done"),
    ("missing", None),
    # comparisons and booleans
    ('status != "done"', False),
    ("price > 2.1", True),
    ("price >= 12.5 && age < 5", False),
    ("price > 100 || age == 5", True),
    ("!read", False),
    ('status == "done" && !(price > 20)', True),
    ("1 == 1.0", True),
    ('1 == "1"', False),
    ("missing == null", True),
    ("missing > 3", False),
    # formulas from the functions page
    ('if(price, price.toFixed(2) + " dollars")', "12.50 dollars"),
    ("(price / age).toFixed(2)", "2.50"),
    ('if(missing, "yes")', None),
    ('if(read, "Modified", "Unmodified")', "Modified"),
    ('"hello".contains("ell")', True),
    ('"hello".containsAll("h", "e")', True),
    ('"hello".containsAny("x", "y", "e")', True),
    ('"hello".endsWith("lo")', True),
    ('"hello".startsWith("he")', True),
    ('"Hello world".isEmpty()', False),
    ('"".isEmpty()', True),
    ("empty.isEmpty()", True),
    ("missing.isEmpty()", True),
    ('"a,b,c,d".replace(",", "-")', "a-b-c-d"),
    ('"a,b,c,d".replace(/,/, "-")', "a-b,c,d"),
    ('"123".repeat(2)', "123123"),
    ('"hello".reverse()', "olleh"),
    ('"hello".slice(1, 4)', "ell"),
    ('"a,b,c,d".split(",", 3)', ["a", "b", "c"]),
    ('"hello world".title()', "Hello World"),
    ('"  hi  ".trim()', "hi"),
    ('"hello".length', 5),
    ("(-5).abs()", 5),
    ("(2.1).ceil()", 3),
    ("(2.9).floor()", 2),
    ("(2.5).round()", 3),
    ("(2.3333).round(2)", 2.33),
    ("(3.14159).toFixed(2)", "3.14"),
    ("[1,2,3].contains(2)", True),
    ("[1,2,3].containsAll(2,3)", True),
    ("[1,2,3].containsAny(3,4)", True),
    ("[1,2,3,4].filter(value > 2)", [3, 4]),
    ("[1,[2,3]].flat()", [1, 2, 3]),
    ("[1,2,3].isEmpty()", False),
    ('[1,2,3].join(",")', "1,2,3"),
    ("[1,2,3,4].map(value + 1)", [2, 3, 4, 5]),
    ("[1,2,3].reduce(acc + value, 0)", 6),
    ("[1,2,3].reverse()", [3, 2, 1]),
    ("[1,2,3,4].slice(1,3)", [2, 3]),
    ("[3, 1, 2].sort()", [1, 2, 3]),
    ('["c", "a", "b"].sort()', ["a", "b", "c"]),
    ("[1,2,2,3].unique()", [1, 2, 3]),
    ("[1,2,3].length", 3),
    ("series[0]", Link("Dune", None, "Books/Dune.md")),
    ('list("value")', ["value"]),
    ("list(series).length", 2),
    ("max(3, 9, 4)", 9),
    ("min(3, 9, 4)", 3),
    ('number("3.4")', 3.4),
    ("number(true)", 1),
    ("1.isTruthy()", True),
    ("123.toString()", "123"),
    ('/abc/.matches("abcde")', True),
    ("/^dune$/i.matches(file.basename)", True),
    # dates
    ('date("2025-01-01 12:00:00").hour', 12),
    ('date("2025-05-27").format("YYYY-MM-DD")', "2025-05-27"),
    ('date("2024-12-01") + "1M" + "4h" + "3m"', datetime.datetime(2025, 1, 1, 4, 3)),
    ('date("2024-01-31") + "1M"', datetime.date(2024, 2, 29)),
    ('date("2024-03-01") - "1d"', datetime.date(2024, 2, 29)),
    ("published.year", 1965),
    ('published < date("1970-01-01")', True),
    ('date("2025-05-27 23:59:59").time()', "23:59:59"),
    # file properties and functions
    ("file.name", "Dune.md"),
    ("file.basename", "Dune"),
    ("file.ext", "md"),
    ("file.path", "Books/Dune.md"),
    ("file.folder", "Books"),
    ('file.ext == "md"', True),
    ('file.hasTag("book")', True),
    ('file.hasTag("scifi")', True),  # nested tags count (functions page)
    ('file.hasTag("desert")', True),  # a #tag in the text
    ('file.hasTag("novel", "book")', True),
    ('file.hasTag("sci")', False),
    ('file.hasLink("Textbook")', True),
    ('file.hasLink("Frank Herbert")', True),  # a link in the front matter
    ('file.hasLink("Reading list")', False),
    ('file.inFolder("Books")', True),
    ('file.inFolder("Book")', False),
    ('file.hasProperty("price")', True),
    ('file.tags.contains("book")', True),
    ("file.links.length", 4),  # Textbook in the text; author and two series in the front matter
    ("file.backlinks.length", 1),
    ('file.properties["status"]', "done"),
    # links
    ('author == link("Frank Herbert")', True),
    ('author == link("Frank Herbert.md")', True),
    ('author == link("Someone else")', False),
    ('link("Frank Herbert", "F. H.")', Link("Frank Herbert", "F. H.", "Books/Dune.md")),
    ('link("[[Frank Herbert|FH]]").asFile().name', "Frank Herbert.md"),
    ('author.asFile().hasTag("author")', True),
    ('link("Books/Textbook").linksTo(file)', False),
    ("series.contains(file)", True),
    ('series.contains(link("Dune"))', True),
    ("file.asLink() == series[0]", True),
    # this: the embedding note
    ("this.file.name", "Reading list.md"),
    ("this.favourite == file", True),
    ("file.hasLink(this)", False),
    ("this.file.hasLink(file)", True),
    ('this.file.inFolder("Notes")', True),
]


@pytest.mark.parametrize(("expression", "expected"), CASES, ids=[c[0] for c in CASES])
def test_expression(expression, expected):
    got = value(expression)
    assert got == expected
    assert type(got) is type(expected), (got, expected)


ATTACHMENT = [
    ("file.ext", "png"),
    ("file.name", "cover.png"),
    ('file.inFolder("attachments")', True),
    ('file.hasTag("book")', False),
    ("price", None),
]


@pytest.mark.parametrize(("expression", "expected"), ATTACHMENT, ids=[c[0] for c in ATTACHMENT])
def test_an_attachment_has_file_properties_only(expression, expected):
    assert value(expression, row="attachments/cover.png") == expected


ERRORS = [
    # (expression, the message names it)
    ('duration("1d")', "unsupported function duration()"),
    ('image("cover.png")', "unsupported function image()"),
    (
        'tagged_with(file.file, "book")',
        "unsupported function tagged_with(): Bases now write it file.hasTag()",
    ),
    ('file.hasTags("book")', "unsupported method .hasTags() (did you mean .hasTag()?)"),
    ('"x".lowercase()', "unsupported method .lowercase() (did you mean .lower()?)"),
    ("price.lower()", "unsupported method of a number .lower()"),
    ("file.contains(1)", "unsupported method of a file .contains()"),
    ("file.mtime > now()", "file.mtime is not supported"),
    ("file.nmae", "unsupported file property file.nmae (did you mean 'name'?)"),
    ("formula.nope", "no formula named 'nope'"),
    ("published - published", "date - date (durations) is not supported yet"),
    ('"a" *', "unexpected"),
    ("price >", "unexpected"),
    ('status + 1 == "done1" ) ', "unexpected ')'"),
    ("{}", "object literals are not supported yet"),
    ("price.toFixed", "toFixed is a function: write toFixed()"),
    ("if(1)", "if() takes 2 or 3 arguments"),
    ('date("soon")', "not a date"),
]


@pytest.mark.parametrize(("expression", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_unsupported_or_wrong_expressions_name_what_and_where(expression, message):
    with pytest.raises(BaseError) as info:
        value(expression)
    assert message in info.value.message
    assert info.value.line == 7


def test_formulas_refer_to_each_other_but_not_in_a_circle():
    entry = Entry.of_note(VAULT.note("Books/Dune.md"))
    formulas = {
        "ppu": parse("price / age", 3),
        "label": parse('formula.ppu.toFixed(1) + " a year"', 4),
        "a": parse("formula.b", 5),
        "b": parse("formula.a", 6),
    }
    scope = Scope(entry, None, VAULT, formulas)
    assert evaluate(parse("formula.label"), scope) == "2.5 a year"
    with pytest.raises(BaseError, match="in a circle: a → b → a"):
        evaluate(parse("formula.a"), scope)


def test_this_without_an_embedding_note_is_an_error():
    entry = Entry.of_note(VAULT.note("Books/Dune.md"))
    with pytest.raises(BaseError, match="'this' means the embedding note"):
        evaluate(parse("this.file.name", 2), Scope(entry, None, VAULT, {}))


@pytest.mark.parametrize(
    ("value_", "text"),
    [(2.0, "2"), (0.1 + 0.2, "0.30000000000000004"), (3, "3"), (True, "true"), (None, "")],
)
def test_numbers_show_as_javascript_prints_them(value_, text):
    assert show(value_) == text


def test_a_regular_expression_replaces_every_match_only_with_g():
    assert value('"a,b,c,d".replace(/,/g, "-")') == "a-b-c-d"
    assert value('"a,b,c,d".split(/,/, 3)') == ["a", "b", "c"]
