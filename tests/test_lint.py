"""The note linter (rectified.lint): every rule, its exact line, file names, the CLI, real docs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rectified.lint import Problem, figure_names, lint_paths, lint_text, main, name_problems

ROOT = Path(__file__).resolve().parent.parent
FIGURES = {"relu", "softplus"}

GOOD = """\
---
title: "FAQ: a good note"
aliases:
  - good note
  - '2011'
tags:
  - activation
  - piecewise-linear
created: 2024-05-12
updated: '2024-06-01'
cssclasses: [wide]
---

# A good note

> [!important] Definition
> $$
> \\operatorname{ReLU}(x) = \\max(0, x)
> $$

![[relu.svg]] and ![[relu.svg|400]] and ![[photo.png|A photo of a plot]]
![A sketch of ReLU](sketch.png) <img src="a.png" alt="A plot">

> [!quote]
> Words of someone.
>
> — Someone, *A Book*, p. 3
> ([[References#Someone (2020)|Someone, 2020]])

Code may show anything: `<script>alert(1)</script>`, `javascript:void(0)`, `onclick=`.

```html
<script>alert("in a fence")</script>
<img src="x.png" onerror="alert(1)">
```

> ```html
> <iframe src="https://example.org"></iframe>
> ```
"""

FM = "---\ntitle: T\n{}\n---\n\n# T\n"  # front matter with one extra line (line 3)

# (id, note text, expected [(line, code)]) -- the line is the exact line of the problem.
CASES: list[tuple[str, str, list[tuple[int, str]]]] = [
    ("good note", GOOD, []),
    ("no front matter", "# Just a heading\n\nText.\n", []),
    ("empty front matter", "---\n---\n# T\n", []),
    # front matter: FM001
    ("broken front matter", "---\ntitle: T\ntags: [a, b\n---\n\n# T\n", [(3, "FM001")]),
    ("bad indentation", "---\ntitle: T\ntags:\n  - a\n bad: : x\n---\n", [(5, "FM001")]),
    ("front matter not a mapping", "---\n- a\n- b\n---\n", [(1, "FM001")]),
    ("front matter never closed", "---\ntitle: T\n\n# T\n", [(1, "FM001")]),
    ("key twice", "---\ntitle: A\ntags: []\ntitle: B\n---\n", [(4, "FM001")]),
    ("impossible date elsewhere", FM.format("seen: 2024-02-30"), [(3, "FM001")]),
    # FM002 title
    ("title a number", "---\ntitle: 12\n---\n", [(2, "FM002")]),
    ("title empty", "---\ntitle:\n---\n", [(2, "FM002")]),
    ("title a list", "---\ntitle:\n  - a\n---\n", [(3, "FM002")]),
    # FM003 tags
    ("tags a string", FM.format("tags: activation"), [(3, "FM003")]),
    ("tag uppercase", FM.format("tags:\n  - ok\n  - Activation"), [(5, "FM003")]),
    ("tag underscore", FM.format("tags: [ok, piecewise_linear]"), [(3, "FM003")]),
    ("tag with hash", FM.format("tags:\n  - '#relu'"), [(4, "FM003")]),
    ("tag nested", FM.format("tags:\n  - ml/models"), [(4, "FM003")]),
    ("tag a number", FM.format("tags:\n  - 2011"), [(4, "FM003")]),
    ("tags empty is fine", FM.format("tags:"), []),
    # FM004 aliases
    ("aliases a string", FM.format("aliases: ReLU"), [(3, "FM004")]),
    ("alias a number", FM.format("aliases:\n  - ReLU\n  - 2011"), [(5, "FM004")]),
    ("alias a mapping", FM.format("aliases:\n  - a: b"), [(4, "FM004")]),
    # FM005 dates
    ("date not ISO", FM.format("date: 12/05/2024"), [(3, "FM005")]),
    ("date short form", FM.format("updated: 2024-5-1"), [(3, "FM005")]),
    ("date impossible", FM.format("created: 2024-13-01"), [(3, "FM005")]),
    ("date with time", FM.format("created: 2024-05-12 10:30:00"), [(3, "FM005")]),
    ("date empty", FM.format("modified:"), [(3, "FM005")]),
    ("key ending in date", FM.format("review-date: soon"), [(3, "FM005")]),
    # QT001 quote callouts
    ("quote without attribution", "# T\n\n> [!quote]\n> Words.\n> More words.\n", [(3, "QT001")]),
    ("quote attribution outside", "> [!quote]\n> Words.\n\n— Someone\n", [(1, "QT001")]),
    ("quote empty", "Text.\n\n> [!quote] A title is no source\n", [(3, "QT001")]),
    ("quote cite alias", "> [!cite]-\n> Words.\n", [(1, "QT001")]),
    ("quote double hyphen", "> [!quote]\n> Words.\n> -- Someone, *Book*\n", []),
    ("quote attribution not last", "> [!quote]\n> — Someone\n>\n> Words.\n", [(1, "QT001")]),
    ("quote nested ok", "> [!note]\n> > [!QUOTE]\n> > Words.\n> > — X\n> after\n", []),
    ("quote nested bad", "> [!note]\n> > [!quote]\n> > Words.\n> after — X\n", [(2, "QT001")]),
    ("quote in a fence", "```markdown\n> [!quote]\n> Words.\n```\n", []),
    ("other callout", "> [!tip]\n> No source needed.\n", []),
    # IM001-IM003 alt text
    ("markdown image no alt", "Text.\n\n![](plot.png)\n", [(3, "IM001")]),
    ("markdown image blank alt", "![ ](plot.png)\n", [(1, "IM001")]),
    ("reference image no alt", "![][plot]\n\n[plot]: plot.png\n", [(1, "IM001")]),
    ("embed photo no alt", "# T\n\n![[photo.png]]\n", [(3, "IM002")]),
    ("embed photo size only", "![[photo.jpg|300x200]]\n", [(1, "IM002")]),
    ("embed unknown svg", "![[no-such-figure.svg]]\n", [(1, "IM002")]),
    ("embed figure in a folder", "![[sub/relu.svg]]\n", [(1, "IM002")]),
    ("embed figure registered", "![[softplus.svg]]\n", []),
    ("html img no alt", "<img src='a.png'>\n", [(1, "IM003")]),
    ("html img empty alt", 'Text\n<img src="a.png"\n     alt="">\n', [(2, "IM003")]),
    # JS001-JS003 code that would run on readers' machines
    ("script tag", "# T\n\nText.\n\n<script>alert(1)</script>\n", [(5, "JS001")]),
    ("script in front matter", '---\ntitle: "<script>x</script>"\n---\n', [(2, "JS001")]),
    ("iframe", "<IFRAME src='https://example.org'></IFRAME>\n", [(1, "JS001")]),
    ("object and embed", "<object data=x>\n\n<embed src=x>\n", [(1, "JS001"), (3, "JS001")]),
    ("unclosed fence hides nothing", "```\n<script>alert(1)</script>\n", [(2, "JS001")]),
    # superfences closes a fence only with the same fence at the same indentation
    ("longer closing fence", "```\n<script>alert(1)</script>\n````\n", [(2, "JS001")]),
    ("indented closing fence", "```\n<script>alert(1)</script>\n  ```\n", [(2, "JS001")]),
    ("fence leaving its quote", "> ```\n<script>alert(1)</script>\n> ```\n", [(2, "JS001")]),
    ("fence in a list item", "- item\n\n    ```\n    <script>x</script>\n    ```\n", []),
    # a code span inside a raw HTML block is no code: the rendered note is checked too
    ("span in html block", "<div>\n`<script>alert(1)</script>`\n</div>\n", [(2, "JS001")]),
    ("handler in html block", "<div>\n`<b onclick=alert(1)>x</b>`\n</div>\n", [(2, "JS002")]),
    ("url in html block", '<div>\n`<a href="javascript:x()">x</a>`\n</div>\n', [(2, "JS003")]),
    ("code span then script", "`code` <script>alert(1)</script>\n", [(1, "JS001")]),
    ("escaped backticks", "\\`<script>alert(1)</script>\\`\n", [(1, "JS001")]),
    ("event handler", '<img src="a.png" alt="A" onerror="alert(1)">\n', [(1, "JS002")]),
    ("handler on next line", '<img src="x.png" alt="a>b"\n  onload=alert(1)>\n', [(2, "JS002")]),
    ("handler in attr list", "A paragraph.\n{: onclick='alert(1)' }\n", [(2, "JS002")]),
    ("handler after quote", '<a href="#"onmouseover="alert(1)">x</a>\n', [(1, "JS002")]),
    ("javascript link", "[click](javascript:alert(1))\n", [(1, "JS003")]),
    ("javascript entity", "[click](java&#115;cript&colon;alert(1))\n", [(1, "JS003")]),
    ("javascript split", 'Text.\n\n<a href="java\nscript:alert(1)">x</a>\n', [(3, "JS003")]),
    ("vbscript", "<a href='VBScript:x'>y</a>\n", [(1, "JS003")]),
    ("prose is fine", "One = two when x < y and the object on the left is online.\n", []),
    # JS001 also refuses what redirects, re-targets or embeds: <meta>, <base>, <object>, <embed>
    (
        "meta refresh",
        '# T\n\n<meta http-equiv="refresh" content="0; url=https://example.org">\n',
        [(3, "JS001")],
    ),
    ("meta in front matter", "---\ntitle: <META http-equiv=refresh>\n---\n", [(2, "JS001")]),
    ("base", '<base href="https://example.org/">\n', [(1, "JS001")]),
    ("object", "Text.\n\n<OBJECT data='movie.swf'></OBJECT>\n", [(3, "JS001")]),
    ("embed", "Text <embed src='movie.swf'> inline.\n", [(1, "JS001")]),
    ("meta in code is fine", "`<meta http-equiv=refresh>` and `<base href=x>`\n", []),
    # JS004 attributes that load a page or send a form elsewhere
    ("srcdoc", '<iframe srcdoc="&lt;p&gt;hi"></iframe>\n', [(1, "JS001"), (1, "JS004")]),
    ("srcdoc on any tag", 'Text.\n<div SRCDOC="x">y</div>\n', [(2, "JS004")]),
    (
        "formaction",
        '<form>\n<button formaction="https://example.org/collect">Send</button>\n</form>\n',
        [(2, "JS004")],
    ),
    (
        "formaction unquoted",
        "<input type=submit\n  formAction=https://example.org>\n",
        [(2, "JS004")],
    ),
    (
        "formaction in attr list",
        "A paragraph.\n{: formaction='https://example.org' }\n",
        [(2, "JS004")],
    ),
    ("srcdoc in html block", '<div>\n`<p srcdoc="x">y</p>`\n</div>\n', [(2, "JS004")]),
    ("formaction in code is fine", "`<button formaction=x>`\n\n```html\n<p srcdoc=x>\n```\n", []),
    (
        "attribute names in prose are fine",
        "A srcdoc attribute or a formaction, named in prose.\n",
        [],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule(text, expected):
    problems = lint_text(text, "docs/Note.md", figures=FIGURES)
    assert [(p.line, p.code) for p in problems] == expected, "\n".join(map(str, problems))


def test_there_are_enough_cases():
    assert len(CASES) >= 30
    codes = {code for _, _, expected in CASES for _, code in expected}
    assert codes >= {
        *("FM001", "FM002", "FM003", "FM004", "FM005", "QT001"),
        *("IM001", "IM002", "IM003", "JS001", "JS002", "JS003", "JS004"),
    }


# --- file names ---------------------------------------------------------------------------

NAMES = [
    ("Softplus.md", []),
    ("FAQ - Why is ReLU written max(0, x).md", []),
    ("Hinton's lecture, 2013.md", []),
    ("Éléments de ReLU.md", []),
    ("ReLU: a note.md", ["FN001"]),
    ("what_is_relu.md", ["FN001"]),
    ("Why ReLU?.md", ["FN001"]),
    ("ReLU #1.md", ["FN001"]),
    ("a&b.md", ["FN001"]),
    (" ReLU.md", ["FN002"]),
    ("ReLU .md", ["FN002"]),
]


@pytest.mark.parametrize(("name", "codes"), NAMES, ids=[n for n, _ in NAMES])
def test_file_name(name, codes):
    assert [code for code, _ in name_problems(name)] == codes


def write(base: Path, rel: str, text: str = "# A note\n") -> Path:
    path = base / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_notes_with_the_same_url_are_both_reported(tmp_path):
    docs = tmp_path / "docs"
    write(docs, "Soft plus.md")
    write(docs, "Soft-plus.md")
    write(docs, "Other.md")
    problems = lint_paths([docs], docs=docs, figures=())
    assert [(Path(p.path).name, p.line, p.code) for p in problems] == [
        ("Soft plus.md", 1, "FN003"),
        ("Soft-plus.md", 1, "FN003"),
    ]
    assert "/soft-plus/" in problems[0].message


def test_a_folder_name_is_checked_too(tmp_path):
    docs = tmp_path / "docs"
    write(docs, "Bad_folder/Note.md")
    problems = lint_paths([docs], docs=docs, figures=())
    assert [p.code for p in problems] == ["FN001"]
    assert "Bad_folder" in problems[0].message


def test_figures_folder_and_hidden_folders_are_skipped(tmp_path):
    docs = tmp_path / "docs"
    write(docs, "figures/x_y.md", "<script></script>\n")
    write(docs, ".obsidian/x_y.md", "<script></script>\n")
    assert lint_paths([docs], docs=docs, figures=()) == []


def test_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "docs" / "Note.md"
    path.parent.mkdir()
    path.write_bytes(b"# Caf\xe9\n")
    problems = lint_paths([path], docs=tmp_path / "docs", figures=())
    assert [(p.line, p.code) for p in problems] == [(1, "FN004")]


# --- the registry, the command line, the real vault ----------------------------------------


def test_figure_names_are_read_from_the_registry_without_importing_it(tmp_path):
    assert {"relu", "softplus", "sigmoid"} <= figure_names(ROOT / "snippets" / "registry.py")
    registry = write(tmp_path, "snippets/registry.py", 'FIGURES: dict = {"a-b": f, "c": g}\n')
    assert figure_names(registry) == {"a-b", "c"}
    assert figure_names(tmp_path / "missing.py") == set()


def test_the_registry_next_to_the_vault_is_the_default(tmp_path):
    write(tmp_path, "snippets/registry.py", 'FIGURES = {"mine": f}\n')
    docs = tmp_path / "docs"
    write(docs, "Note.md", "![[mine.svg]]\n\n![[theirs.svg]]\n")
    problems = lint_paths([docs], docs=docs)
    # no alt text, and no such figure (the build would stop on it)
    assert [(p.line, p.code) for p in problems] == [(3, "IM002"), (3, "LK002")]


def test_cli_reports_a_script_and_broken_front_matter_with_file_and_line(
    tmp_path, capsys, monkeypatch
):
    docs = tmp_path / "docs"
    write(docs, "Script.md", "---\ntitle: Script\n---\n\n# Script\n\nHi <script>x()</script>\n")
    write(docs, "Broken.md", "---\ntitle: Broken\naliases: [a, b\n---\n\n# Broken\n")
    write(docs, "Fine.md", "# Fine\n")
    monkeypatch.chdir(tmp_path)
    assert main([]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("docs/Broken.md:3: FM001 malformed front matter: ")
    assert out[1] == "docs/Script.md:7: JS001 raw <script> tag: notes must not embed or run code"
    assert out[2] == "Found 2 problems in notes."
    assert all(re.match(r"^[^:]+:\d+: [A-Z]{2}\d{3} \S", line) for line in out[:2])


def test_cli_takes_single_files_and_is_quiet_about_good_ones(tmp_path, capsys, monkeypatch):
    write(tmp_path, "docs/Fine.md", GOOD)
    write(tmp_path, "docs/photo.png", "")  # the image it embeds
    write(tmp_path, "snippets/registry.py", 'FIGURES = {"relu": f}\n')
    monkeypatch.chdir(tmp_path)
    assert main(["docs/Fine.md"]) == 0
    assert capsys.readouterr().out == "All notes passed.\n"
    with pytest.raises(SystemExit):
        main(["docs/Missing.md"])


def test_problems_print_like_ruff():
    assert str(Problem("docs/A.md", 3, "FM001", "bad")) == "docs/A.md:3: FM001 bad"


def test_the_real_vault_is_clean():
    docs = ROOT / "docs"
    problems = lint_paths([docs], docs=docs, figures=figure_names(ROOT / "snippets/registry.py"))
    assert problems == [], "\n".join(map(str, problems))


def test_a_vault_broken_four_ways_gets_all_four_problems_in_one_run(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    notes = {
        "Target.md": "# Target\n\n## Present\n\nA block. ^real\n",
        "Heading.md": "# Heading\n\nSee [[Target#Presnt]].\n",
        "Block.md": "# Block\n\nText.\n\nSee [[Target#^reel]].\n",
        "Front.md": "---\ntitle: [Front\n---\n\nText.\n",
        "Figure.md": "# Figure\n\n![[gone.svg|a plot that is gone]]\n",
    }
    for name, text in notes.items():
        (docs / name).write_text(text, encoding="utf-8")
    found = [(Path(p.path).name, p.line, p.code) for p in lint_paths([docs], docs=docs)]
    assert found == [
        ("Block.md", 5, "LK001"),
        ("Figure.md", 3, "LK002"),
        ("Front.md", 2, "FM001"),
        ("Heading.md", 3, "LK001"),
    ]
