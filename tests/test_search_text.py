"""What the search index gets of a page (rectified.crosspage.search_text): the same words, cheaper.

Material's own search parser reads both the page and what ``search_text`` makes of it; for code
blocks the index must be the same with and without the highlighting spans.
"""

from __future__ import annotations

import re

import markdown
import pytest
from material.plugins.search.plugin import Parser

from rectified.crosspage import search_text, unhighlighted

CODE = '''\
# A page

Some text with `inline code`.

```python
def relu(x: float) -> float:
    """The rectifier."""
    return max(0.0, x)  # <not a tag>


class Leaky:
    slope = 0.01
```

    indented = "code"
'''


def indexed(page_html: str) -> list[tuple]:
    parser = Parser()
    parser.feed(page_html)
    parser.close()
    return [(s.id, "".join(s.title), "".join(s.text)) for s in parser.data]


def highlighted(text: str, **config) -> str:
    return markdown.markdown(
        text,
        extensions=["pymdownx.highlight", "pymdownx.superfences", "toc"],
        extension_configs={"pymdownx.highlight": config},
    )


@pytest.mark.parametrize(
    "config",
    [{}, {"linenums": True}, {"anchor_linenums": True}, {"line_spans": "__span"}],
    ids=["plain", "linenums", "anchor-linenums", "line-spans"],
)
def test_the_index_is_the_same_without_highlighting_spans(config: dict):
    page = highlighted(CODE, **config)
    assert "<span" in page
    assert indexed(unhighlighted(page)) == indexed(page)
    assert indexed(search_text(page)) == indexed(page)


def test_plain_highlighting_spans_are_removed():
    page = highlighted(CODE)
    stripped = unhighlighted(page)
    assert "<span" not in stripped
    assert "</span>" not in stripped
    assert "def" in stripped
    assert "&lt;not a tag&gt;" in stripped


def test_a_block_with_other_spans_is_left_alone():
    page = highlighted(CODE, line_spans="__span")  # <span id="__span-0-1">: kept
    assert 'id="__span-0-1"' in page
    first = page[page.index("<pre") : page.index("</pre>")]
    assert first in unhighlighted(page)


def test_spans_outside_code_blocks_are_kept():
    page = '<p><span class="x">a</span> <span data-search-exclude>b</span></p>'
    assert unhighlighted(page) == page


@pytest.mark.parametrize("known", [True, False], ids=["typeset-here", "from-elsewhere"])
def test_math_as_tex_finds_each_formula_whole(known: bool, monkeypatch: pytest.MonkeyPatch):
    """A formula this process typeset is skipped whole; any other by counting its tags."""
    from rectified import crosspage
    from rectified.crosspage import math_as_tex
    from rectified.markdown import math

    formulas = [(r"a < b \land c", False), (r"\sum_i x_i^2", True), (r"x \,\&\, y", False)]
    page = "<p>" + " and ".join(math.render_tex(t, d) for t, d in formulas) + " end</p>"
    if known:  # found whole: the tag-counting fallback is never needed
        monkeypatch.setattr(crosspage, "_SPAN_TAG", re.compile(r"(?!)"))
    else:
        monkeypatch.setattr(math, "_memory", {})
    assert math_as_tex(page) == (
        r"<p> a &lt; b \land c  and  \sum_i x_i^2  and  x \,\&amp;\, y  end</p>"
    )
