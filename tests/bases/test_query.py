"""A ``.base`` file read and its views run: filters, order, sort, limit, groupBy, errors by line.

Expected rows are worked out from the Bases documentation (views and filters are AND-ed; sorts
apply in order, the first deciding; ``limit`` keeps the first rows; ``not`` keeps a file when
none of its statements holds), not from running the code.
"""

from __future__ import annotations

from datetime import date

import pytest

from rectified.bases import BaseError, load, run
from rectified.bases.query import label, summarise
from rectified.vault import Vault

VAULT = Vault.from_texts(
    {
        "Shop/Apple.md": "---\ntags: [fruit]\nprice: 3\nstock: 10\ncolour: red\n---\n# Apple\n",
        "Shop/Banana.md": "---\ntags: [fruit]\nprice: 1\nstock: 0\ncolour: yellow\n---\n",
        "Shop/Cherry.md": "---\ntags: [fruit, fruit/stone]\nprice: 3\ncolour: red\n---\n",
        "Shop/Leek.md": "---\ntags: [vegetable]\nprice: 2\nstock: 4\ncolour: green\n---\n",
        "Shop/Basket.md": "---\nwants: red\n---\nBuy [[Apple]] and [[Leek]].\n",
        "Elsewhere/Plum.md": "---\ntags: [fruit]\nprice: 5\ncolour: purple\n---\n",
        "Shop/photo.png": "",
    }
)

BASE = """\
filters:
  and:
    - file.inFolder("Shop")
    - 'file.ext == "md"'
formulas:
  value: "price * stock"
  cheap: "price < 3"
properties:
  note.price:
    displayName: Price
  formula.value:
    displayName: Stock value
views:
  - type: table
    name: Fruit by price
    filters:
      and:
        - file.hasTag("fruit")
    order: [file.name, price, formula.value]
    sort:
      - property: price
        direction: DESC
      - property: file.name
        direction: ASC
  - type: table
    name: Two cheapest
    filters: file.hasTag("fruit", "vegetable")
    order: [file.name, price]
    sort:
      - property: price
        direction: ASC
    limit: 2
  - type: table
    name: By colour
    filters:
      not:
        - 'file.name == "Basket.md"'
    groupBy:
      property: colour
      direction: DESC
    sort:
      - property: file.name
        direction: DESC
  - type: list
    name: In the basket
    filters:
      or:
        - file.hasLink(this)
        - this.file.hasLink(file)
  - type: cards
    name: Same colour as wanted
    filters: colour == this.wants
    order: [file.name, stock]
    sort:
      - property: stock
        direction: ASC
"""


def rows(view: str, this: str | None = "Shop/Basket.md", base: str = BASE) -> list[list]:
    parsed = load(base, "Shop.base")
    result = run(parsed, parsed.view(view), VAULT, this)
    return [
        [g.key if g.key is None else str(g.key), *(r.entry.file.basename for r in g.rows)]
        for g in result.groups
    ]


def test_a_view_and_the_base_filters_are_anded_and_sorts_apply_in_order():
    # fruit in Shop: Apple 3, Banana 1, Cherry 3 (Plum is elsewhere); price DESC then name ASC.
    assert rows("Fruit by price") == [[None, "Apple", "Cherry", "Banana"]]


def test_limit_keeps_the_first_rows_after_sorting():
    assert rows("Two cheapest") == [[None, "Banana", "Leek"]]


def test_group_by_orders_groups_and_keeps_the_sort_inside_them():
    # DESC colours: yellow, red, green; inside, file name DESC.
    assert rows("By colour") == [
        ["yellow", "Banana"],
        ["red", "Cherry", "Apple"],
        ["green", "Leek"],
    ]


def test_this_is_the_embedding_note():
    # Basket links to Apple and Leek; no note links to the Basket. Default order: by file name.
    assert rows("In the basket") == [[None, "Apple", "Leek"]]
    # Missing stock sorts last whichever the direction.
    assert rows("Same colour as wanted") == [[None, "Apple", "Cherry"]]


def test_the_first_view_is_the_default_and_a_view_is_found_by_name():
    parsed = load(BASE, "Shop.base")
    assert parsed.view(None).name == "Fruit by price"
    assert parsed.view("two cheapest").name == "Two cheapest"
    with pytest.raises(KeyError, match="no view 'Two cheap' \\(did you mean 'Two cheapest'\\?\\)"):
        parsed.view("Two cheap")


def test_cells_hold_the_columns_values_and_formulas():
    parsed = load(BASE, "Shop.base")
    result = run(parsed, parsed.view("Fruit by price"), VAULT, None)
    assert [c.label for c in result.columns] == ["file name", "Price", "Stock value"]
    assert [r.values[1:] for r in result.rows] == [[3, 30], [3, None], [1, 0]]


@pytest.mark.parametrize(
    ("prop", "expected"),
    [
        ("price", "Price"),
        ("note.price", "Price"),
        ("stock", "stock"),
        ("file.ext", "file ext"),
        ("formula.value", "Stock value"),
        ("formula.cheap", "cheap"),
    ],
)
def test_column_labels(prop, expected):
    assert label(load(BASE, "Shop.base"), prop) == expected


def test_without_views_order_or_sort_a_base_lists_every_file_by_name():
    parsed = load("views:\n  - type: table\n    name: All\n", "All.base")
    result = run(parsed, parsed.view(None), VAULT, None)
    names = [r.entry.file.name for r in result.rows]
    assert names == [
        "Apple.md",
        "Banana.md",
        "Basket.md",
        "Cherry.md",
        "Leek.md",
        "photo.png",
        "Plum.md",
    ]
    assert [c.id for c in result.columns] == ["file.name"]


ERRORS = [
    # (base text, line, message)
    ("formulas:\n  a: 'price'\n  b: 'duration(\"1d\")'\nviews: []\n", 3, "unsupported function"),
    ("views:\n  - type: map\n    name: Where\n", 2, "unsupported view type 'map'"),
    ("summaries:\n  x: 'values.mean()'\n", 1, "summary formulas of one's own are not supported"),
    ("views:\n  - type: table\n    summaries:\n      price: Stddev\n", 4, "unsupported summary"),
    (
        "views:\n  - type: table\n    summaries:\n      price: Averge\n",
        4,
        "(did you mean 'Average'?)",
    ),
    ("views:\n  - type: table\n    sorting: []\n", 3, "unsupported view setting 'sorting'"),
    ("filters:\n  and:\n    - 'price >'\n", 3, "unexpected"),
    ("filters:\n  any:\n    - 'price > 1'\n", 1, "a filter group holds one of and, or, not"),
    ("views:\n  - type: table\n    limit: many\n", 2, "limit: is a whole number"),
    ("views: [\n", 2, "malformed YAML"),
    (
        "views:\n  - type: table\n    sort:\n      - property: price\n        direction: UP\n",
        5,
        "direction is ASC or DESC",
    ),
]


@pytest.mark.parametrize(("text", "line", "message"), ERRORS, ids=[e[2] for e in ERRORS])
def test_errors_name_the_line_of_the_base_file(text, line, message):
    with pytest.raises(BaseError) as info:
        load(text, "Bad.base")
    assert message in info.value.message
    assert info.value.line == line


def test_an_unsupported_function_fails_even_where_no_row_reaches_it():
    text = "views:\n  - type: table\n    filters:\n      and:\n        - 'false && icon(\"x\")'\n"
    with pytest.raises(BaseError) as info:
        load(text, "Bad.base")
    assert info.value.line == 5
    assert "unsupported function icon()" in info.value.message


SUMMARY_CASES = [
    # (summary, column values, expected): the summaries' definitions in the Views help page
    ("Sum", [3, 1, None, 2], 6),
    ("Average", [3, 1, None, 2], 2),
    ("Min", [3, 1, 2], 1),
    ("Max", [3, 1, 2], 3),
    ("Range", [3, 1, 2], 2),
    ("Median", [3, 1, 2, 10], 2.5),
    ("Empty", [3, None, "", [], "x"], 3),
    ("Filled", [3, None, "", [], "x"], 2),
    ("Unique", ["a", "b", "a", None], 2),
    ("Checked", [True, False, True, None], 2),
    ("Unchecked", [True, False, True, None], 1),
    ("Earliest", [date(2024, 5, 1), date(2023, 1, 2), None], date(2023, 1, 2)),
    ("Latest", [date(2024, 5, 1), date(2023, 1, 2), None], date(2024, 5, 1)),
    ("Sum", [None, "x"], None),
]


@pytest.mark.parametrize(("name", "values", "expected"), SUMMARY_CASES)
def test_summaries(name, values, expected):
    assert summarise(name, values) == expected


def test_a_range_of_dates_is_not_supported_yet():
    with pytest.raises(BaseError, match="Range of dates"):
        summarise("Range", [date(2024, 5, 1), date(2023, 1, 2)], 9)


def test_a_table_view_summarises_the_rows_it_shows():
    text = BASE.replace(
        "    order: [file.name, price]\n",
        "    order: [file.name, price]\n    summaries:\n      price: Sum\n      note.stock: Max\n",
    )
    parsed = load(text, "Shop.base")
    result = run(parsed, parsed.view("Two cheapest"), VAULT, None)
    # Banana 1 and Leek 2 are shown (limit 2); stock is no column but is summarised: 0 and 4.
    assert result.summaries == {"price": ("Sum", 3), "note.stock": ("Max", 4)}
