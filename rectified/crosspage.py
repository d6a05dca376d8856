"""Pages and sections that need the whole vault: all notes, gallery, wanted notes, backlinks.

Pure functions from records to Markdown or HTML; the MkDocs plugin decides when to call them.
Generated Markdown uses vault-absolute links (``/Note.md``) so that MkDocs validates them.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from urllib.parse import quote

from rectified.markdown.figures import SHOW_CALL, embedded_figures
from rectified.markdown.wikilinks import plain_sentence
from rectified.source import CODE, MATH, parse
from rectified.vault import Vault, slugify

Link = tuple[str | None, str, str | None, int | None, str]  # source, target, anchor, line, sentence
Wanted = tuple[str, str | None, int | None]  # title, source, line


def _md_link(text: str, rel_path: str, anchor: str | None = None) -> str:
    target = "/" + quote(rel_path) + (f"#{anchor}" if anchor else "")
    label = text.replace("[", r"\[").replace("]", r"\]")
    return f"[{label}]({target})"


def notes_index_markdown(vault: Vault, exclude: Iterable[str] = ()) -> str:
    """The "All notes" page: every note by title, with its tags, A to Z."""
    skip = set(exclude)
    notes = sorted(
        (n for n in vault.notes.values() if n.rel_path not in skip),
        key=lambda n: n.title.casefold(),
    )
    lines = [
        "# All notes",
        "",
        f"The vault holds {len(notes)} notes. Follow links, search (press `/`), browse the "
        "[tags](/tags.md) or the [graph](/graph.md).",
        "",
    ]
    for note in notes:
        tags = " ".join(f"`{t}`" for t in note.tags)
        lines.append(f"- {_md_link(note.title, note.rel_path)}" + (f" · {tags}" if tags else ""))
    return "\n".join(lines) + "\n"


def figures_used_by(vault: Vault) -> dict[str, list[str]]:
    """Figure name -> vault paths of the notes that embed ``![[NAME.svg]]`` (not in code)."""
    used: dict[str, list[str]] = defaultdict(list)
    for note in sorted(vault.notes.values(), key=lambda n: n.rel_path):
        for name in embedded_figures(note.text):
            used[name].append(note.rel_path)
    return used


def notebook_figures(notebooks: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    """Figure name -> (title, vault path) of the notebook pages that ``show()`` it.

    ``notebooks`` maps a notebook's vault path to its ``.ipynb`` JSON text.
    """
    import json

    shown: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for rel, text in sorted(notebooks.items()):
        nb = json.loads(text)
        title = rel.rsplit("/", 1)[-1].removesuffix(".ipynb")
        for cell in nb.get("cells", []):
            source = "".join(cell.get("source", []))
            for name in (
                dict.fromkeys(SHOW_CALL.findall(source)) if cell["cell_type"] == "code" else ()
            ):
                if (title, rel) not in shown[name]:
                    shown[name].append((title, rel))
    return shown


def gallery_markdown(
    manifest: dict,
    vault: Vault,
    figures_dir: str,
    shown_by: dict[str, list[tuple[str, str]]] | None = None,
) -> str:
    """The Gallery: each figure as a card with its docstring title and sentence."""
    used = figures_used_by(vault)
    lines = [
        "# Gallery",
        "",
        f"Every figure on this site, {len(manifest)} in all, drawn by a function in `snippets/` "
        "when the site was built. Each card names the notes that show it; open a note to see "
        "the figure's code.",
        "",
        '<div class="grid cards rectified-gallery" markdown>',
        "",
    ]
    for name in sorted(manifest, key=lambda n: manifest[n]["title"].casefold()):
        entry = manifest[name]
        light = f"/{figures_dir}/{quote(entry['files']['light'])}"
        dark = f"/{figures_dir}/{quote(entry['files']['dark'])}"
        alt = f"{entry['title']}: {entry['summary']}".replace("]", r"\]").replace("[", r"\[")
        places = [
            _md_link(vault.notes[p].title, p, f"figure-{name}")
            for p in used.get(name, [])
            if p in vault.notes
        ] + [_md_link(title, rel) for title, rel in (shown_by or {}).get(name, [])]
        where = "Shown in " + ", ".join(places) if places else "Not shown in any note yet."
        lines += [
            f'-   ![{alt}]({light}#only-light){{ loading=lazy width="{entry.get("width", 0)}" '
            f'height="{entry.get("height", 0)}" }}'
            f'![{alt}]({dark}#only-dark){{ loading=lazy width="{entry.get("width", 0)}" '
            f'height="{entry.get("height", 0)}" }}',
            "",
            f"    **{entry['title']}**",
            "",
            f"    {entry['summary']}",
            "",
            f"    `{name}.svg` · {where}",
            "",
        ]
    lines += ["</div>", ""]
    return "\n".join(lines)


_EMPHASIS = re.compile(r"(\*\*|__|\*)")


def context_html(sentence: str) -> str:
    """A linking sentence from the source, as HTML: math typeset, code as code, markup dropped.

    A display formula becomes "…"; one cut by the sentence boundary ends the sentence there.
    """
    from rectified.markdown.math import render_tex

    sentence = plain_sentence(re.sub(r"(?m)^\s*>\s?", "", sentence))  # callouts' quote markers
    src = parse(sentence, front_matter=False)
    out, pos = [], 0
    for span in src.of(MATH, CODE):
        out.append(_text_html(sentence[pos : span.start]))
        whole = sentence[span.start : span.end]
        if span.kind == CODE:
            out.append(f"<code>{html.escape(whole.strip('`').strip())}</code>")
        elif span.data == "display":
            out.append(" … ")
        else:
            try:
                out.append(render_tex(whole[1:-1], False))
            except ValueError:
                out.append(html.escape(whole))
        pos = span.end
    out.append(_text_html(sentence[pos:]))
    return " ".join("".join(out).split())


def _text_html(text: str) -> str:
    """Plain text of a piece between code and math: emphasis marks dropped, cut constructs ended."""
    for cut in ("$$", "[["):  # a formula or link cut by the sentence boundary ("et al.")
        if cut in text:
            text = text[: text.index(cut)] + " …"
    return html.escape(_EMPHASIS.sub("", text))


def backlinks_html(
    rel_path: str, links: Iterable[Link], vault: Vault, href: Callable[[str], str]
) -> str:
    """The "Linked from" section of one note (empty string when nothing links to it)."""
    by_source: dict[str, list[str]] = defaultdict(list)
    for source, target, _anchor, _line, sentence in links:
        if target != rel_path or source is None or source == rel_path:
            continue
        if sentence and sentence not in by_source[source]:
            by_source[source].append(sentence)
        else:
            by_source.setdefault(source, [])
    if not by_source:
        return ""
    items = []
    for source in sorted(by_source, key=lambda s: vault.notes[s].title.casefold()):
        note = vault.notes[source]
        quotes = "".join(
            f'<blockquote class="backlink-context">{context_html(s)}</blockquote>'
            for s in by_source[source][:3]
        )
        items.append(
            f'<li><a href="{html.escape(href(source))}">{html.escape(note.title)}</a>{quotes}</li>'
        )
    return (
        '<section class="backlinks" aria-labelledby="linked-from">'
        '<h2 id="linked-from">Linked from</h2>'
        f"<ul>{''.join(items)}</ul></section>"
    )


def wanted_html(
    wanted: Iterable[Wanted], vault: Vault, href: Callable[[str], str]
) -> tuple[str, set[str]]:
    """The Wanted notes list: each missing title with the notes that want it; and its anchors."""
    groups: dict[str, dict] = {}
    for title, source, line in wanted:
        key = slugify(title)
        group = groups.setdefault(key, {"title": title, "sources": {}})
        if source is not None:
            group["sources"].setdefault(source, line)
    if not groups:
        return "<p>No note is wanted: every link points to a note that exists.</p>", set()
    parts = [
        f"<p>{len(groups)} notes are linked to but not written yet. Each is listed with the "
        "notes that want it; writing one turns those links into real ones.</p>"
    ]
    for key in sorted(groups, key=lambda k: groups[k]["title"].casefold()):
        group = groups[key]
        sources = "".join(
            f'<li><a href="{html.escape(href(s))}">{html.escape(vault.notes[s].title)}</a></li>'
            for s in sorted(group["sources"], key=lambda s: vault.notes[s].title.casefold())
            if s in vault.notes
        )
        parts.append(
            f'<h2 id="{html.escape(key)}">{html.escape(group["title"])}</h2>'
            f"<p>Wanted by:</p><ul>{sources}</ul>"
        )
    return "".join(parts), set(groups)


def tags_html(
    tags: dict[str, set[str]], vault: Vault, href: Callable[[str], str]
) -> tuple[str, set[str]]:
    """The Tags page: one heading per tag (its anchor is the tag's slug), notes A to Z."""
    if not tags:
        return "<p>No note has tags yet.</p>", set()
    parts = [f"<p>{len(tags)} tags over {len(vault.notes)} notes.</p>"]
    anchors = set()
    for tag in sorted(tags, key=str.casefold):
        key = slugify(tag)
        anchors.add(key)
        notes = sorted(tags[tag], key=lambda r: vault.notes[r].title.casefold())
        items = "".join(
            f'<li><a href="{html.escape(href(r))}">{html.escape(vault.notes[r].title)}</a></li>'
            for r in notes
        )
        parts.append(f'<h2 id="{html.escape(key)}">#{html.escape(tag)}</h2><ul>{items}</ul>')
    return "".join(parts), anchors


_KATEX_START = re.compile(r'<span class="katex(?:-display)?">')
_SPAN_TAG = re.compile(r"<span\b|</span>")
_TEX = re.compile(r'<annotation encoding="application/x-tex">(.*?)</annotation>', re.S)


def math_as_tex(page_html: str) -> str:
    """The page with every KaTeX formula replaced by its TeX source, for the search index.

    KaTeX's markup (hundreds of nested spans per formula, and a MathML copy) is most of a
    note's HTML; indexing it costs time and fills the index with glyph fragments. Its TeX is
    what a reader would type.
    """
    out, pos = [], 0
    for start in _KATEX_START.finditer(page_html):
        if start.start() < pos:
            continue  # inside a formula already replaced (katex inside katex-display)
        depth, end = 0, None
        for tag in _SPAN_TAG.finditer(page_html, start.start()):
            depth += 1 if tag.group(0) == "<span" else -1
            if depth == 0:
                end = tag.end()
                break
        if end is None:
            break
        tex = _TEX.search(page_html, start.start(), end)
        out.append(page_html[pos : start.start()])
        out.append(f" {tex.group(1).strip()} " if tex else " ")
        pos = end
    out.append(page_html[pos:])
    return "".join(out)
