"""Task lists: [ ], [x] (pymdownx.tasklist) and Obsidian's other statuses (markdown.tasks)."""

from __future__ import annotations

import re

import markdown
import pytest

from rectified.markdown.tasks import TaskExtension, makeExtension


def convert(text: str) -> str:
    exts = [TaskExtension(), "pymdownx.tasklist"]
    html = markdown.Markdown(
        extensions=exts, extension_configs={"pymdownx.tasklist": {"custom_checkbox": True}}
    ).convert(text)
    return "".join(line.strip() for line in html.splitlines())


BOX = (
    '<label class="task-list-control"><input type="checkbox" disabled{}/>'
    '<span class="task-list-indicator"></span></label> '
)
TICKED, OPEN = BOX.format(" checked"), BOX.format("")


def item(state: str, box: str, text: str) -> str:
    return f'<li class="task-list-item" data-task="{state}">{box}{text}</li>'


# (id, Markdown, expected HTML)
CASES = [
    ("open", "- [ ] a", f'<ul class="task-list">{item(" ", OPEN, "a")}</ul>'),
    ("done", "- [x] a", f'<ul class="task-list">{item("x", TICKED, "a")}</ul>'),
    ("done-upper", "- [X] a", f'<ul class="task-list">{item("x", TICKED, "a")}</ul>'),
    ("half", "- [/] a", f'<ul class="task-list">{item("/", TICKED, "a")}</ul>'),
    ("cancelled", "- [-] a", f'<ul class="task-list">{item("-", TICKED, "a")}</ul>'),
    ("question", "- [?] a", f'<ul class="task-list">{item("?", TICKED, "a")}</ul>'),
    ("forwarded", "- [>] a", f'<ul class="task-list">{item("&gt;", TICKED, "a")}</ul>'),
    (
        "mixed",
        "- [ ] a\n- [/] b\n- c",
        f'<ul class="task-list">{item(" ", OPEN, "a")}{item("/", TICKED, "b")}<li>c</li></ul>',
    ),
    ("ordered", "1. [!] a", f'<ol class="task-list">{item("!", TICKED, "a")}</ol>'),
    (
        "loose",
        "- [/] a\n\n- [ ] b",
        f'<ul class="task-list"><li class="task-list-item" data-task="/"><p>{TICKED}a</p></li>'
        f'<li class="task-list-item" data-task=" "><p>{OPEN}b</p></li></ul>',
    ),
    ("not-a-status-link", "- [[Note]]", "<ul><li>[[Note]]</li></ul>"),
    ("not-a-status-two-chars", "- [ab] a", "<ul><li>[ab] a</li></ul>"),
    ("not-a-status-no-space", "- [/]a", "<ul><li>[/]a</li></ul>"),
    ("not-in-a-list", "[/] a", "<p>[/] a</p>"),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_render(text: str, expected: str) -> None:
    html = convert(text)
    html = re.sub(r"\s*/>", "/>", html)
    assert html == expected


def test_make_extension() -> None:
    assert isinstance(makeExtension(), TaskExtension)
