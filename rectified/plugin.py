"""The MkDocs plugin: only what MkDocs alone needs. Everything a note needs is an extension.

Every construct of a note, the generated pages and the per-note additions (backlinks, local
graph) are Python-Markdown extensions (:mod:`rectified.markdown`), which Zensical runs too. What
is left here is MkDocs' own business:

- clean URLs (``Leaky ReLU.md`` -> ``/leaky-relu/``), with collisions refused;
- the stubs of generated pages a vault lacks (All notes, Gallery...), added as virtual files;
- the vault checked before any page renders (bad front matter fails at once, every problem of
  every note listed by :mod:`rectified.check`), and the shared index refreshed for every build
  (``serve`` rebuilds);
- every page's error collected (:func:`rectified.context.collect_errors`) and the build failed at
  its end with the whole list, so ``mkdocs build`` names every broken note in one run;
- ``serve``: figures and notebooks brought up to date before the first build, and again whenever
  ``snippets/`` or ``notebooks/`` changes, by a watcher of their own and outside any build: the
  runners write only what changed into ``docs/``, which MkDocs watches, so one edit is one
  rebuild (rendering inside a build would land new figures while it runs and cause a second);
- notebook pages from mkdocs-jupyter (itself a MkDocs plugin) finished: styles moved to one
  cached stylesheet, scripts removed, math typeset;
- the search index gets each formula's TeX instead of KaTeX's markup, and no local graph or
  backlinks (see :func:`rectified.crosspage.search_text`).
"""

from __future__ import annotations

import logging
import os
import posixpath
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import quote

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from rectified import context, crosspage, notebook_page, pages, site
from rectified.check import vault_problems
from rectified.errors import NoteError
from rectified.vault import url_slug

log = logging.getLogger("mkdocs.plugins.rectified")

# File names of the generated pages (their stubs are added when the vault lacks them).
GENERATED = {module.FILE: name for name, module in pages.GENERATED.items()}


def _listed(errors: list[NoteError]) -> str:
    """Every note error, one a line, and how many (MkDocs prints it as the build fails).

    Under ``python -m rectified.build`` (which lists them with the vault check's), just how many.
    """
    if os.environ.get(context.ERRORS_ENV):
        return "notes have errors (listed below, with the vault check's)"
    n = len(errors)
    lines = "\n".join(str(e) for e in sorted(errors, key=NoteError.key))
    return f"{n} error{'s' if n != 1 else ''} in notes:\n{lines}"


class RectifiedConfig(Config):
    figures_dir = c.Type(str, default="figures")
    """Folder inside docs/ where `nox -s figures` writes the figures and manifest.json."""


class RectifiedPlugin(BasePlugin[RectifiedConfig]):
    def on_startup(self, *, command, dirty) -> None:
        self.serving = command == "serve"

    def on_serve(self, server, config, builder):
        """Re-render when a snippet or notebook changes, before (not inside) the next build.

        The folders get a watchdog handler of their own on the server's observer instead of
        ``server.watch`` (which would rebuild at once): a worker thread runs the figure and
        notebook runners; what they rewrite in ``docs/`` then triggers the one rebuild.
        """
        import watchdog.events

        root = Path(config.config_file_path).parent
        wanted = threading.Event()

        def on_event(event) -> None:
            if not event.is_directory and "__pycache__" not in str(event.src_path):
                wanted.set()

        def worker() -> None:
            while True:
                wanted.wait()
                threading.Event().wait(0.3)  # an editor's save is several events: take them all
                wanted.clear()
                try:
                    self._refresh_generated(config)
                except PluginError as exc:  # shown; the site keeps its last good figures
                    log.error("%s", exc)

        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = on_event  # type: ignore[method-assign]
        for folder in ("snippets", "notebooks"):
            if (root / folder).is_dir():
                server.observer.schedule(handler, str(root / folder), recursive=True)
        threading.Thread(target=worker, name="rectified-figures", daemon=True).start()
        return server

    def _refresh_generated(self, config) -> None:
        """Bring figures and notebooks up to date (a subprocess, so snippets are imported afresh).

        The runners' caches make an unchanged figure cost nothing, and they rewrite no file
        whose content is unchanged, so a run with nothing to do triggers no rebuild.
        """
        root = Path(config.config_file_path).parent
        env = {**os.environ, "JUPYTER_PLATFORM_DIRS": "1"}
        for module in ("rectified.figures", "rectified.notebooks"):
            proc = subprocess.run([sys.executable, "-m", module], cwd=root, env=env)
            if proc.returncode != 0:
                raise PluginError(f"`python -m {module}` failed; see its messages above")

    def on_config(self, config):
        if getattr(self, "serving", False) and not getattr(self, "refreshed", False):
            self._refresh_generated(config)  # the first build; later, the watcher does it
            self.refreshed = True
        site.invalidate()  # a new build: read the vault afresh, once
        site.set_auto_refresh(False)
        math = "rectified.markdown.math" in config.markdown_extensions
        context.collect_errors(True)  # every page's error, listed at the end of the build
        try:  # every note's front matter and block ids, before any page renders
            site.site_for(config.docs_dir, self.config.figures_dir, math=math)
        except NoteError as exc:
            found = vault_problems(config.docs_dir, self.config.figures_dir, math=math)
            raise PluginError(_listed(found or [exc])) from None
        self.notebook_css: dict[str, str] = {}
        self._rendered: dict[str, str] = {}  # page -> its HTML while search indexes plain TeX
        return config

    def on_files(self, files: Files, config) -> Files:
        """Add missing stubs of generated pages; give every page a clean, collision-free URL."""
        for file_name, name in GENERATED.items():
            if files.get_file_from_path(file_name) is None:
                stub = pages.stub_text(name)
                files.append(File.generated(config, file_name, content=stub))
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
        """A notebook page's "Edit this page" opens its jupytext source, not the executed copy."""
        src = page.file.src_uri
        if src.endswith(".ipynb") and page.edit_url:
            docs = Path(config.docs_dir).name
            edit_uri = config.edit_uri or ""
            base = edit_uri[: -len(docs) - 1] if edit_uri.rstrip("/").endswith(docs) else edit_uri
            source = "notebooks/" + posixpath.basename(src)[: -len(".ipynb")] + ".py"
            page.edit_url = (
                config.repo_url.rstrip("/") + "/" + base.strip("/") + "/" + quote(source)
            )
        return markdown

    def on_page_content(self, html: str, page, config, files) -> str:
        if page.file.src_uri.endswith(".ipynb"):
            html, css = notebook_page.finish(html)
            name = notebook_page.stylesheet_name(css)
            self.notebook_css[name] = css
            href = get_relative_url(name, page.url)
            html = f'<link rel="stylesheet" href="{href}">' + html
        return html

    def on_build_error(self, error) -> None:
        context.collect_errors(False)

    def on_post_build(self, config) -> None:
        errors = context.collected()
        context.collect_errors(False)
        if errors:
            raise PluginError(_listed(errors))
        for name, css in self.notebook_css.items():
            path = Path(config.site_dir) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(css, encoding="utf-8")

    @event_priority(100)  # before the search plugin indexes the page
    def _index_math_as_tex(self, ctx, page, config, nav):
        if page.content:
            self._rendered[page.file.src_uri] = page.content
            page.content = crosspage.search_text(page.content)
        return ctx

    @event_priority(-100)  # after the search plugin
    def _restore_math(self, ctx, page, config, nav):
        page.content = self._rendered.pop(page.file.src_uri, page.content)
        return ctx

    on_page_context = CombinedEvent(_index_math_as_tex, _restore_math)
