"""The MkDocs plugin: only what needs more than one page at a time.

- builds the vault index once, validating every note's front matter before any page renders;
- hands the index and the figure manifest to the Markdown extensions (listed in mkdocs.yml);
- gives every note a clean URL (``Leaky ReLU.md`` -> ``/leaky-relu/``) and refuses collisions;
- tells the extensions which note they are converting, so errors name file and line.

Everything per page lives in ``rectified.markdown``.
"""

from __future__ import annotations

import copy
import os
import posixpath
import subprocess
import sys
from pathlib import Path

import markdown
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from rectified import context, crosspage, graph, notebook_page
from rectified.errors import NoteError
from rectified.figures.runner import MANIFEST
from rectified.markdown.embeds import EmbedExtension
from rectified.markdown.figures import FigureExtension, attachment_index, load_manifest
from rectified.markdown.math import MathExtension
from rectified.markdown.tags import TagExtension
from rectified.markdown.wikilinks import WikilinkExtension
from rectified.vault import Vault, url_slug


class RectifiedConfig(Config):
    figures_dir = c.Type(str, default="figures")
    """Folder inside docs/ where `nox -s figures` writes the figures and manifest.json."""
    backlinks = c.Type(bool, default=True)
    local_graph = c.Type(bool, default=True)


# Pages the build writes; their lists are filled in once every note has been rendered.
GENERATED = {
    "notes.md": None,  # computed in on_files
    "gallery.md": None,
    "wanted.md": "# Wanted notes\n\n{fill}\n",
    "tags.md": "# Tags\n\n{fill}\n",
    "graph.md": "# Graph\n\nEvery note and the links between them. Each dot is a link to its "
    "note: use Tab to move between them.\n\n{fill}\n",
}


def placeholder(name: str) -> str:
    return f'<div class="rectified-fill" data-fill="{name}"></div>'


class RectifiedPlugin(BasePlugin[RectifiedConfig]):
    def on_startup(self, *, command, dirty) -> None:
        self.serving = command == "serve"

    def on_serve(self, server, config, builder):
        """Watch the snippets and notebooks too: editing one re-renders what it draws."""
        root = Path(config.config_file_path).parent
        for folder in ("snippets", "notebooks"):
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        return server

    def _refresh_generated(self, config) -> None:
        """While serving, bring figures and notebooks up to date before each build.

        A subprocess, so an edited snippet is imported afresh; the runners' caches make an
        unchanged figure cost nothing.
        """
        root = Path(config.config_file_path).parent
        env = {**os.environ, "JUPYTER_PLATFORM_DIRS": "1"}
        for module in ("rectified.figures", "rectified.notebooks"):
            proc = subprocess.run([sys.executable, "-m", module], cwd=root, env=env)
            if proc.returncode != 0:
                raise PluginError(f"`python -m {module}` failed; see its messages above")

    def on_config(self, config):
        if getattr(self, "serving", False):
            self._refresh_generated(config)
        docs = Path(config.docs_dir)
        names = config.markdown_extensions
        heading_exts = [MathExtension()] if "rectified.markdown.math" in names else []
        try:
            self.vault = Vault.from_dir(docs, heading_extensions=heading_exts)
        except NoteError as exc:
            raise PluginError(str(exc)) from None
        self.manifest = load_manifest(docs / self.config.figures_dir / MANIFEST)
        self.notebook_css: dict[str, str] = {}
        # Extensions that need objects (the vault, the manifest) are handed over as instances:
        # Python-Markdown's string configs would coerce them.
        self.figures = FigureExtension(
            **config.mdx_configs.pop("rectified.markdown.figures", {}),
            manifest=self.manifest,
            figures_url=f"/{self.config.figures_dir}/",
            attachments=attachment_index(docs),
        )
        self.wikilinks = WikilinkExtension(
            **config.mdx_configs.pop("rectified.markdown.wikilinks", {}), vault=self.vault
        )
        self.tag_ext = TagExtension(
            **config.mdx_configs.pop("rectified.markdown.tags", {}), vault=self.vault
        )
        self.embeds = EmbedExtension(
            **config.mdx_configs.pop("rectified.markdown.embeds", {}),
            vault=self.vault,
            new_markdown=lambda: self._embed_markdown(config),
        )
        for name, instance in (
            ("rectified.markdown.figures", self.figures),
            ("rectified.markdown.wikilinks", self.wikilinks),
            ("rectified.markdown.tags", self.tag_ext),
            ("rectified.markdown.embeds", self.embeds),
        ):
            if name in names:
                names[names.index(name)] = instance
        return config

    def _embed_markdown(self, config) -> markdown.Markdown:
        """A Markdown like the pages' for an embedded note (``![[Note#Heading]]``).

        New recording extensions: what the embedded text links to or tags is recorded by that
        note's own page, not again for the page that embeds it. The figures extension keeps the
        Markdown it was added to, so it is copied.
        """
        fresh = []
        for ext in config.markdown_extensions:
            if ext is self.wikilinks or ext is self.tag_ext:
                ext = type(ext)(**ext.getConfigs(), vault=self.vault)
            elif ext is self.figures:
                ext = copy.copy(ext)
            fresh.append(ext)
        return markdown.Markdown(extensions=fresh, extension_configs=config.mdx_configs)

    def on_files(self, files: Files, config) -> Files:
        """Add the generated pages; give every page a clean, collision-free URL."""
        self.generated: set[str] = set()
        for name, template in GENERATED.items():
            if files.get_file_from_path(name) is not None:
                raise PluginError(f"docs/{name}: this name is reserved for a generated page")
            if name == "notes.md":
                content = crosspage.notes_index_markdown(self.vault)
            elif name == "gallery.md":
                notebooks = {
                    f.src_uri: f.content_string for f in files if f.src_uri.endswith(".ipynb")
                }
                content = crosspage.gallery_markdown(
                    self.manifest,
                    self.vault,
                    self.config.figures_dir,
                    crosspage.notebook_figures(notebooks),
                )
            else:
                content = template.format(fill=placeholder(name[:-3]))
            files.append(File.generated(config, name, content=content))
            self.generated.add(name)
        seen: dict[str, str] = {}
        for file in files.documentation_pages():
            slug = url_slug(file.src_uri)
            other = seen.get(slug)
            if other is not None:
                raise PluginError(
                    f"docs/{file.src_uri}: its URL /{slug} collides with docs/{other}; "
                    "rename one of the two notes"
                )
            seen[slug] = file.src_uri
            file.dest_uri = posixpath.join(slug, "index.html") if slug else "index.html"
            file.__dict__.pop("url", None)
            file.__dict__.pop("abs_dest_path", None)
        self._all_files = list(files)
        self._by_src = None
        self._cache: dict[str, object] = {}
        self._rendered: dict[str, str] = {}  # page -> its HTML while search indexes plain TeX
        return files

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        raw = page.file.content_string
        start = raw.find(markdown[:200]) if markdown else -1
        offset = raw.count("\n", 0, start) if start > 0 else 0
        path = posixpath.join(Path(config.docs_dir).name, page.file.src_uri)
        context.set_page(context.Page(path=path, markdown=markdown, line_offset=offset))
        return markdown

    def on_page_content(self, html: str, page, config, files) -> str:
        context.set_page(None)
        if page.file.src_uri.endswith(".ipynb"):
            html, css = notebook_page.finish(html)
            name = notebook_page.stylesheet_name(css)
            self.notebook_css[name] = css
            href = get_relative_url(name, page.url)
            html = f'<link rel="stylesheet" href="{href}">' + html
        return html

    def on_post_build(self, config) -> None:
        for name, css in self.notebook_css.items():
            path = Path(config.site_dir) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(css, encoding="utf-8")

    # Every page has been rendered when MkDocs starts writing them: the cross-page parts
    # (backlinks, graphs, wanted notes, tags) are added here, before anchors are validated.
    @event_priority(100)  # before the search plugin indexes the page
    def _index_math_as_tex(self, ctx, page, config, nav):
        if 'class="katex' in page.content:
            self._rendered[page.file.src_uri] = page.content
            page.content = crosspage.math_as_tex(page.content)
        return ctx

    @event_priority(-100)  # after the search plugin
    def _add_cross_page_parts(self, ctx, page, config, nav):
        page.content = self._rendered.pop(page.file.src_uri, page.content)
        src = page.file.src_uri
        files = self._files_by_src(page)

        def href(rel: str) -> str:
            target = files.get(rel)
            return target.url_relative_to(page.file) if target else "/" + rel

        if src in self.generated:
            fill = self._fill(src[:-3], href)
            if fill is not None:
                html, anchors = fill
                page.content = page.content.replace(placeholder(src[:-3]), html)
                page.present_anchor_ids = (page.present_anchor_ids or set()) | anchors
            return ctx
        if src not in self.vault.notes:
            return ctx
        extra = []
        if self.config.local_graph:
            nodes, sub = graph.neighbourhood(src, self._adjacency())
            if len(nodes) > 1:
                extra.append(
                    '<section class="local-graph" aria-labelledby="local-graph">'
                    '<h2 id="local-graph">Neighbourhood</h2>'
                    + graph.svg(
                        nodes,
                        sub,
                        self._titles(),
                        href,
                        current=src,
                        height=300,
                        label=f"Notes linked with {self.vault.notes[src].title}",
                        iterations=100,  # a neighbourhood is small: settles quickly
                    )
                    + "</section>"
                )
        if self.config.backlinks:
            back = crosspage.backlinks_html(src, self._links_to().get(src, []), self.vault, href)
            if back:
                extra.append(back)
        if extra:
            page.content += "".join(extra)
            page.present_anchor_ids = (page.present_anchor_ids or set()) | {
                "local-graph",
                "linked-from",
            }
        return ctx

    on_page_context = CombinedEvent(_index_math_as_tex, _add_cross_page_parts)

    def _files_by_src(self, page) -> dict:
        if getattr(self, "_by_src", None) is None:
            self._by_src = {f.src_uri: f for f in self._all_files}
        return self._by_src

    # Cross-page indexes, built once per build after every page has been rendered.
    def _titles(self) -> dict[str, str]:
        if self._cache.get("titles") is None:
            self._cache["titles"] = {rel: n.title for rel, n in self.vault.notes.items()}
        return self._cache["titles"]

    def _edges(self) -> list[tuple[str, str]]:
        if self._cache.get("edges") is None:
            self._cache["edges"] = graph.edges_from_links(self.wikilinks.links, self.vault.notes)
        return self._cache["edges"]

    def _adjacency(self) -> dict[str, set[str]]:
        if self._cache.get("adjacency") is None:
            self._cache["adjacency"] = graph.adjacency(self._edges())
        return self._cache["adjacency"]

    def _links_to(self) -> dict[str, list]:
        """Target note -> the links that point to it."""
        if self._cache.get("links_to") is None:
            index: dict[str, list] = {}
            for link in self.wikilinks.links:
                index.setdefault(link[1], []).append(link)
            self._cache["links_to"] = index
        return self._cache["links_to"]

    def _fill(self, name: str, href) -> tuple[str, set[str]] | None:
        if name == "wanted":
            return crosspage.wanted_html(self.wikilinks.wanted, self.vault, href)
        if name == "graph":
            nodes = sorted(self.vault.notes)
            return (
                graph.svg(nodes, self._edges(), self._titles(), href, width=900, height=700),
                set(),
            )
        if name == "tags":
            return crosspage.tags_html(self._tags(), self.vault, href)
        return None

    def _tags(self) -> dict[str, set[str]]:
        """Tag -> notes, from front matter and (when the tags extension runs) inline #tags."""
        tags: dict[str, set[str]] = {}
        for rel, note in self.vault.notes.items():
            for tag in note.tags:
                tags.setdefault(str(tag), set()).add(rel)
        for rel, inline in getattr(getattr(self, "tag_ext", None), "tags", {}).items():
            for tag in inline:
                tags.setdefault(tag, set()).add(rel)
        return tags
