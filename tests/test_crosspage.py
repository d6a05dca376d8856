"""Pure cross-page helpers: math in the search index, backlink sentences."""

from __future__ import annotations

import html

import pytest

from rectified import crosspage
from rectified.crosspage import context_html, math_as_tex, search_text
from rectified.markdown.math import render_tex


@pytest.mark.parametrize(
    ("tex", "display"),
    [
        ("x^2", False),
        (r"\max(0, x)", False),
        (r"\frac{a}{b} < c", True),
        (r"\lvert x \rvert", True),
    ],
)
def test_math_as_tex_keeps_only_the_tex(tex, display):
    page = f"<p>before {render_tex(tex, display)} after</p>"
    out = math_as_tex(page)
    assert "katex" not in out
    assert out.startswith("<p>before ")
    assert out.endswith(" after</p>")
    assert tex.replace("<", "&lt;") in out


def test_math_as_tex_handles_several_formulas_and_plain_pages():
    page = "<p>" + render_tex("a", False) + " and " + render_tex("b", True) + "</p>"
    assert math_as_tex(page) == "<p> a  and  b </p>"
    assert math_as_tex("<p>no math</p>") == "<p>no math</p>"


@pytest.mark.parametrize(
    ("sentence", "expected_text"),
    [
        ("See [[Softplus|the soft one]] here.", "See the soft one here."),
        ("A ==highlighted== word ^abc123", "A highlighted word"),
        ("Cut at $$ x = 1", "Cut at …"),
        ("Cut inside [[References#Dugas et al.", "Cut inside …"),
        # Code stays code (a reader sees `[[x]]` as written, as in the note).
        ("**Bold** and `code`", "Bold and <code>code</code>"),
        ("disable `Use [[Wikilinks]]` here", "disable <code>Use [[Wikilinks]]</code> here"),
        ("adding `[!info]` to a quote", "adding <code>[!info]</code> to a quote"),
    ],
)
def test_backlink_context_is_plain(sentence, expected_text):
    assert context_html(sentence) == expected_text


def test_search_text_leaves_out_the_added_sections():
    page = (
        '<p>Note text.</p><section aria-labelledby="local-graph" class="local-graph">'
        '<h2 id="local-graph">Neighbourhood</h2><svg></svg></section>'
        '<section class="backlinks" aria-labelledby="linked-from"><h2>Linked from</h2></section>'
    )
    assert search_text(page) == "<p>Note text.</p>"


@pytest.mark.parametrize(
    ("sentence", "formulas"),
    [
        ("The gap is $\\log 2$ at $x = 0$.", [("\\log 2", False), ("x = 0", False)]),
        ("Code `$x$` is not math, $y$ is.", [("y", False)]),
        ("A display $$z^2$$ is shown as an ellipsis.", []),
        ("No math here.", []),
    ],
)
def test_sentence_formulas_are_what_the_backlink_typesets(sentence, formulas):
    assert crosspage.sentence_formulas(sentence) == formulas
    typeset = crosspage.code_and_math_html(sentence, html.escape)
    assert typeset.count('class="katex"') == len(formulas)
