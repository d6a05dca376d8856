"""Gallery: every figure the snippets draw, as a card with its docstring title and sentence.

A figure the registry declares explorable (a slider under it, rectified.markdown.explore) is
marked on its card, naming what the slider sets.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as etree
from collections import defaultdict
from urllib.parse import quote

from rectified.figures.manifest import SHOW_CALL, embedded_figures

NAME = "gallery"
FILE = "gallery.md"
TITLE = "Gallery"
INTRO = "Every figure on the site, drawn by a function in `snippets/`, with the notes that show it."


def figures_used_by(vault) -> dict[str, list[str]]:
    """Figure name -> vault paths of the notes that embed ``![[NAME.svg]]`` (not in code)."""
    used: dict[str, list[str]] = defaultdict(list)
    for note in sorted(vault.content_notes(), key=lambda n: n.rel_path):
        for name in embedded_figures(note.text):
            used[name].append(note.rel_path)
    return used


def notebook_figures(notebooks: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    """Figure name -> (title, vault path) of the notebook pages that ``show()`` it.

    ``notebooks`` maps a notebook's vault path to its ``.ipynb`` JSON text.
    """
    shown: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for rel, text in sorted(notebooks.items()):
        nb = json.loads(text)
        title = rel.rsplit("/", 1)[-1].removesuffix(".ipynb")
        for cell in nb.get("cells", []):
            if cell.get("cell_type") != "code":
                continue
            for name in dict.fromkeys(SHOW_CALL.findall("".join(cell.get("source", [])))):
                if (title, rel) not in shown[name]:
                    shown[name].append((title, rel))
    return shown


def _notebooks(ctx) -> dict[str, str]:
    root = ctx.site.docs_dir
    return {
        p.relative_to(root).as_posix(): p.read_text("utf-8")
        for p in sorted(root.rglob("*.ipynb"))
        if not any(part.startswith(".") for part in p.relative_to(root).parts)
    }


def render(ctx) -> list[etree.Element]:
    manifest = ctx.site.manifest
    used = figures_used_by(ctx.vault)
    shown_by = notebook_figures(_notebooks(ctx))
    intro = etree.Element("p")
    intro.text = (
        f"Every figure on this site, {len(manifest)} in all, drawn by a function in "
        "snippets/ when the site was built. Each card names the notes that show it; open a note "
        "to see the figure's code."
    )
    grid = etree.Element("div", {"class": "grid cards rectified-gallery"})
    ul = etree.SubElement(grid, "ul")
    base = ctx.site.figures_url
    for name in sorted(manifest, key=lambda n: manifest[n]["title"].casefold()):
        entry = manifest[name]
        li = etree.SubElement(ul, "li")
        pictures = etree.SubElement(li, "p")
        alt = f"{entry['title']}: {entry['summary']}"
        for variant, only in (("light", "only-light"), ("dark", "only-dark")):
            etree.SubElement(
                pictures,
                "img",
                {
                    "src": f"{base}{quote(entry['files'][variant])}#{only}",
                    "alt": alt,
                    "loading": "lazy",
                    "width": str(entry.get("width", 0)),
                    "height": str(entry.get("height", 0)),
                },
            )
        title = etree.SubElement(etree.SubElement(li, "p"), "strong")
        title.text = entry["title"]
        summary = etree.SubElement(li, "p")
        summary.text = entry["summary"]
        explore = entry.get("explore")
        if isinstance(explore, dict):  # a slider under the figure (rectified.markdown.explore)
            mark = etree.SubElement(li, "p", {"class": "rectified-gallery-explorable"})
            strong = etree.SubElement(mark, "strong")
            strong.text = "Explorable:"
            strong.tail = (
                f" a slider sets the {explore['label']} where a note shows it."
                if used.get(name)
                else f" a slider sets the {explore['label']} in a note that embeds it, and on "
                "a notebook page that shows it (as MkDocs renders one)."
            )
        where = etree.SubElement(li, "p")
        code = etree.SubElement(where, "code")
        code.text = f"{name}.svg"
        places = [(ctx.title(p), ctx.href(p, f"figure-{name}")) for p in used.get(name, [])] + [
            (title, ctx.href(rel)) for title, rel in shown_by.get(name, [])
        ]
        if not places:
            code.tail = " · Not shown in any note yet."
            continue
        code.tail = " · Shown in "
        last = None
        for text, href in places:
            if last is not None:
                last.tail = ", "
            last = etree.SubElement(where, "a", {"href": href})
            last.text = text
    return [intro, grid]
