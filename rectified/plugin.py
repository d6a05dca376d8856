"""The MkDocs plugin: only what needs more than one page at a time.

- builds the vault index once, validating every note's front matter before any page renders;
- hands the index and the figure manifest to the Markdown extensions (listed in mkdocs.yml);
- gives every note a clean URL (``Leaky ReLU.md`` -> ``/leaky-relu/``) and refuses collisions;
- tells the extensions which note they are converting, so errors name file and line.

Everything per page lives in ``rectified.markdown``.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from rectified import context
from rectified.errors import NoteError
from rectified.figures.runner import MANIFEST
from rectified.markdown.figures import FigureExtension, attachment_index, load_manifest
from rectified.markdown.math import MathExtension
from rectified.markdown.wikilinks import WikilinkExtension
from rectified.vault import Vault, url_slug


class RectifiedConfig(Config):
    figures_dir = c.Type(str, default="figures")
    """Folder inside docs/ where `nox -s figures` writes the figures and manifest.json."""


class RectifiedPlugin(BasePlugin[RectifiedConfig]):
    def on_config(self, config):
        docs = Path(config.docs_dir)
        names = config.markdown_extensions
        heading_exts = [MathExtension()] if "rectified.markdown.math" in names else []
        try:
            self.vault = Vault.from_dir(docs, heading_extensions=heading_exts)
        except NoteError as exc:
            raise PluginError(str(exc)) from None
        self.manifest = load_manifest(docs / self.config.figures_dir / MANIFEST)
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
        for name, instance in (
            ("rectified.markdown.figures", self.figures),
            ("rectified.markdown.wikilinks", self.wikilinks),
        ):
            if name in names:
                names[names.index(name)] = instance
        return config

    def on_files(self, files: Files, config) -> Files:
        """Clean, collision-free URLs for every note."""
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
        return html
