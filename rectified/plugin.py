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
- ``serve --dirty`` (what ``nox -s serve`` runs): after the first, full build, a rebuild renders
  only the pages an edit changes (:mod:`rectified.serve` decides which; anything but an edit of
  existing notes is a full rebuild, from an emptied site folder), and the search index keeps the
  entries of the pages it did not render, so it lists every page as a full build does
  (Material's own dirty-reload shortcut keeps only the first page it sees and is bypassed); the
  sitemap is written whole by every build. A build that fails after writing pages owes them to
  the next; one that fails before (an unreadable note) changes nothing. MkDocs' warning that a
  dirty build may be stale is dropped (under ``--strict`` it would fail every build), and the
  theme's templates are compiled once per process. Known limits: in a vault of more than
  ``DEFER_GRAPH_ABOVE`` notes, the Graph page follows in a rebuild of its own when an edit
  changes it (its layout takes seconds at 1000 notes); the search index is completed for
  Material's search plugin only (with another one, every rebuild is a full one);
- notebook pages from mkdocs-jupyter (itself a MkDocs plugin) finished: styles moved to one
  cached stylesheet, scripts removed, math typeset;
- the search index gets each formula's TeX instead of KaTeX's markup, and no local graph or
  backlinks (see :func:`rectified.crosspage.search_text`);
- the page cache's MkDocs hooks (:mod:`rectified.pagecache`): what ``Page.render`` reads from
  MkDocs' own processors after a conversion (the title, the anchor ids, the links to anchors)
  stored and put back, and the settings MkDocs' link rewriting depends on in the key; Material's
  search entries of a page kept in the same cache (the search plugin parses only new pages).
"""

from __future__ import annotations

import gc
import logging
import os
import posixpath
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from urllib.parse import quote

import jinja2
import jinja2.bccache
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import clean_directory, get_relative_url

from rectified import (
    cache,
    context,
    crosspage,
    notebook_page,
    pagecache,
    pages,
    prerender,
    serve,
    site,
)
from rectified.check import vault_problems
from rectified.errors import NoteError
from rectified.pages import local_graph
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


_DIRTY_NOTICE = "A 'dirty' build is being performed"
# Above this many notes, laying out the whole vault's graph takes seconds (its cost grows with
# the square of the notes): a serve rebuild leaves the Graph page to a rebuild of its own.
DEFER_GRAPH_ABOVE = 150


def _mkdocs_capture(md) -> dict:
    """What ``Page.render`` reads from MkDocs' processors after ``convert`` (MkDocs 1.6)."""
    tree, pre = md.treeprocessors, md.preprocessors
    links = getattr(tree["relpath"], "links_to_anchors", {}) if "relpath" in tree else {}
    return {
        "title": getattr(tree["mkdocs_extract_title"], "title", None)
        if "mkdocs_extract_title" in tree
        else None,
        "anchors": sorted(getattr(tree["mkdocs_extract_anchors"], "present_anchor_ids", ()))
        if "mkdocs_extract_anchors" in tree
        else [],
        "raw_anchors": sorted(getattr(pre["mkdocs_raw_html"], "present_anchor_ids", ()))
        if "mkdocs_raw_html" in pre
        else [],
        "links_to_anchors": {f.src_uri: dict(v) for f, v in links.items()},
    }


def _mkdocs_restore(md, value: dict) -> None:
    tree, pre = md.treeprocessors, md.preprocessors
    if "mkdocs_extract_title" in tree:
        tree["mkdocs_extract_title"].title = value["title"]
    if "mkdocs_extract_anchors" in tree:
        tree["mkdocs_extract_anchors"].present_anchor_ids = set(value["anchors"])
    if "mkdocs_raw_html" in pre:
        pre["mkdocs_raw_html"].present_anchor_ids = set(value["raw_anchors"])
    if "relpath" in tree:
        files = tree["relpath"].files
        found = {uri: files.get_file_from_path(uri) for uri in value["links_to_anchors"]}
        tree["relpath"].links_to_anchors = {
            found[uri]: dict(v) for uri, v in value["links_to_anchors"].items() if found[uri]
        }


def _formula_groups(vault, rel_path: str) -> list[list[tuple[str, bool]]]:
    """The formulas a note's page shows, as groups: the note's own, and those of the sentences
    its "Linked from" list quotes."""
    note = vault.notes.get(rel_path)
    quoted = dict.fromkeys(
        f for link in vault.links_to(rel_path) for f in crosspage.sentence_formulas(link.sentence)
    )
    return [group for group in (note.math if note else [], list(quoted)) if group]


_urls_seen: list = [None, None]  # the Files of this build (held) and its URLs' digest


def _mkdocs_key(md) -> list:
    """What MkDocs' link rewriting and validation read besides the page: every file's URL."""
    relpath = md.treeprocessors["relpath"]
    files, config = relpath.files, relpath.config
    if _urls_seen[0] is not files:
        urls = sorted((f.src_uri, f.dest_uri, f.url) for f in files)
        _urls_seen[:] = [files, pagecache.digest_of(urls)]
    validation = {k: dict(v) for k, v in config.validation.items()}
    return [_urls_seen[1], config.use_directory_urls, validation]


def _search_entries_kept(page, config) -> bool:
    """Whether Material's search entries of ``page`` are in the page cache (then the search
    plugin's indexing of it appends them instead of parsing the page; otherwise it stores them).

    The key is the page's HTML before the search text is made from it, its URL, title, front
    matter and table of contents, and Material's version (with the package's code, as every key).
    """
    search, store = _search_plugin(config), cache.current()
    index = getattr(search, "search_index", None)
    if store is None or index is None or not search.config.enabled:
        return False
    if index.__dict__.get("rectified_pages") is None:  # a new index: every build makes one
        index.rectified_pages = {}
        index.add_entry_from_context = _cached_indexing(index, store)
    toc = [(a.id, a.url, a.title) for top in page.toc for a in _anchors(top)]
    key = cache.digest(
        "search",
        page.content,
        page.url,
        page.title,
        pagecache.digest_of(page.meta),
        toc,
        _MATERIAL,
        getattr(sys.modules.get(type(index).__module__), "jieba", None) is not None,
    )
    found = store.get("search", key)
    index.rectified_pages[page.file.src_uri] = (key, found)
    return found is not None


def _index_ahead(page, config) -> None:
    """Make and keep Material's search entries of the converted ``page`` now, without adding
    them to the index: when the search plugin indexes the page, they are in the cache."""
    search = _search_plugin(config)
    if search is None or _search_entries_kept(page, config):
        return
    index = search.search_index
    html, page.content = page.content, crosspage.search_text(page.content)
    before = len(index.entries)
    try:
        index.add_entry_from_context(page)  # :func:`_cached_indexing`: kept in the cache
    finally:
        del index.entries[before:]
        page.content = html


def _anchors(anchor):
    yield anchor
    for child in anchor.children:
        yield from _anchors(child)


def _cached_indexing(index, store):
    index_page = index.add_entry_from_context

    def add(page) -> None:
        key, found = index.rectified_pages.pop(page.file.src_uri, (None, None))
        if found is not None:
            index.entries.extend(dict(entry) for entry in found)
            return
        before = len(index.entries)
        index_page(page)
        if key is not None:
            store.put("search", key, [dict(entry) for entry in index.entries[before:]])

    return add


try:
    _MATERIAL = metadata.version("mkdocs-material")
except metadata.PackageNotFoundError:
    _MATERIAL = "-"


pagecache.register(
    "mkdocs",
    pagecache.BuilderHooks(capture=_mkdocs_capture, restore=_mkdocs_restore, key=_mkdocs_key),
)


class _QuietDirtyNotice(logging.Filter):
    """Drop MkDocs' warning that a dirty build may show stale pages: under ``serve --strict``
    it would fail every build, and the plugin renders every page an edit changes."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(_DIRTY_NOTICE)


class _CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates compiled once per process (a bucket checks its source's checksum).

    ``serve`` makes a new Jinja environment for every rebuild, and compiling Material's templates
    again cost about half a second of each.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # ignored when the template's source changed

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_TEMPLATES = _CompiledTemplates()


@dataclass
class _Built:
    """What a successful ``serve`` build leaves for the next one to compare with."""

    files: serve.Snapshot  # the docs folder as the build read it
    config: tuple  # mkdocs.yml's (size, mtime), the theme's custom folder, watched paths
    site: site.Site
    search: dict[str, list] = field(default_factory=dict)  # page URL -> its search entries


def _stamp(path: str | None) -> tuple:
    try:
        st = os.stat(path) if path else None
    except OSError:
        return ()
    return (st.st_size, st.st_mtime_ns) if st else ()


def _outside_docs(config) -> tuple:
    """mkdocs.yml and what else ``serve`` may watch besides the notes, which can change every
    page: the theme's custom folder and the paths mkdocs.yml lists under ``watch``."""
    stamps: dict[str, tuple] = {"": _stamp(config.config_file_path)}
    custom = getattr(config.theme, "_custom_dir", None)
    for path in [*([custom] if custom else []), *config.watch]:
        if os.path.isdir(path):
            stamps.update({f"{path}/{k}": v for k, v in serve.snapshot(path).items()})
        else:
            stamps[path] = _stamp(path)
    return tuple(sorted(stamps.items()))


def _untitled_nav_entries(nav) -> set[str]:
    """Pages the navigation lists without a title of its own: every page shows their title."""
    out: set[str] = set()
    for item in nav or []:
        if isinstance(item, str):
            out.add(item)
        elif isinstance(item, dict):
            for value in item.values():
                if isinstance(value, list):
                    out |= _untitled_nav_entries(value)
    return out


def _nav_title(vault, path: str) -> tuple:
    """What MkDocs makes a page's title of: the front matter's title, else the first h1."""
    note = vault.notes[path]
    return note.meta.get("title"), [h.text for h in note.headings if h.level == 1][:1]


def _page_url(file: File) -> str:
    """The page's URL as MkDocs' ``Page.url`` (and so the search index) writes it."""
    return "" if file.url in (".", "./") else file.url


def _search_plugin(config):
    """Material's search plugin, whose index the plugin completes after a partial rebuild."""
    for plugin in config.plugins.values():
        if hasattr(plugin, "search_index_prev") and hasattr(plugin, "search_index"):
            return plugin
    return None


class RectifiedConfig(Config):
    figures_dir = c.Type(str, default="figures")
    """Folder inside docs/ where `nox -s figures` writes the figures and manifest.json."""


class RectifiedPlugin(BasePlugin[RectifiedConfig]):
    def on_startup(self, *, command, dirty) -> None:
        self.serving = command == "serve"
        self.dirty = dirty
        self._last: _Built | None = None  # the last successful build (serve --dirty)
        self._candidate: _Built | None = None  # this build's, kept once it succeeded
        self._owed: serve.Plan | None = None  # what failed builds since the last success touched
        self._deferred: set[str] = set()  # the Graph page of a large vault, left to the next build
        self._trigger: Path | None = None
        if self.serving and dirty:
            build_log = logging.getLogger("mkdocs.commands.build")
            if not any(isinstance(f, _QuietDirtyNotice) for f in build_log.filters):
                build_log.addFilter(_QuietDirtyNotice())

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
        if getattr(self, "dirty", False):  # touched to ask for the rebuild of a deferred page
            self._trigger = Path(tempfile.mkdtemp(prefix="rectified-serve-")) / "deferred"
            server.watch(str(self._trigger.parent))
        return server

    def on_shutdown(self) -> None:
        trigger = getattr(self, "_trigger", None)
        if trigger is not None:
            shutil.rmtree(trigger.parent, ignore_errors=True)

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
        if not getattr(self, "serving", False):
            # A build's heap is large and long-lived (the vault index, every page's HTML):
            # Python's default thresholds walked it so often that garbage collection cost
            # 1.5-2.5 s of CPU time in a cold 1000-note build. Rarer collections, and none of
            # what exists before the pages (frozen in on_nav); not while serving, whose
            # process lives on and must free each build's index.
            gc.set_threshold(20_000, 50, 50)
        if getattr(self, "serving", False) and not getattr(self, "refreshed", False):
            self._refresh_generated(config)  # the first build; later, the watcher does it
            self.refreshed = True
        math = "rectified.markdown.math" in config.markdown_extensions
        self._plan = self._plan_build(config, math)
        site.invalidate()  # a new build: read the vault afresh, once (or as the plan updated it)
        if self._fresh_site is not None:
            site.install(self._fresh_site, math=math)
        site.set_auto_refresh(False)
        context.collect_errors(True)  # every page's error, listed at the end of the build
        try:  # every note's front matter and block ids, before any page renders
            self._site = site.site_for(
                config.docs_dir,
                self.config.figures_dir,
                math=math,
                prefetch=False,
                ahead=not getattr(self, "serving", False),
            )
        except NoteError as exc:
            found = vault_problems(config.docs_dir, self.config.figures_dir, math=math)
            raise PluginError(_listed(found or [exc])) from None
        self.notebook_css: dict[str, str] = {}
        self._rendered: dict[str, str] = {}  # page -> its HTML while search indexes plain TeX
        self._math = math
        self._helper: prerender.Helper | None = None
        return config

    def on_nav(self, nav, config, files):
        """Start typesetting every formula in the background, after (perhaps) forking a helper
        that converts pages ahead into the page cache (:mod:`rectified.prerender`)."""
        if not getattr(self, "serving", False):
            gc.freeze()  # see on_config; before a fork, it also spares the helper's copy
        vault = self._site.vault
        notes = [vault.notes.get(f.src_uri) for f in files.documentation_pages()]
        ahead = [
            f.page
            for f, note in zip(files.documentation_pages(), notes, strict=True)
            if f.page is not None and note is not None and note.generated is None
        ]
        reason = prerender.reason_not_to(
            len(ahead), serving=getattr(self, "serving", False), warm=vault.warm
        )
        if reason is None:
            from mkdocs.commands.build import _populate_page

            if config.mdx_configs.get("rectified.markdown.pages", {}).get("local_graph", True):
                local_graph.prepare(self._site)  # once, before the fork

            def convert(page) -> None:  # what the build does to a page, up to writing it
                _populate_page(page, config, files)
                _index_ahead(page, config)

            cache.flush()  # what this process has made so far is there for the helper too
            self._helper = prerender.start(
                ahead,
                convert,
                lambda page: _formula_groups(vault, page.file.src_uri),
                lambda page: page.file.src_uri,
            )
        else:
            log.debug("pages are converted in this process only: %s", reason)
        if self._math and self._fresh_site is None:  # a new index: its formulas, in page order
            from rectified.markdown.math import prefetch_in_background

            if self._helper is None:
                prefetch_in_background(note.math for note in notes if note is not None)
            else:  # the helper typesets its own pages' formulas
                groups, page_of = [], []
                for i, page in enumerate(ahead):
                    for group in _formula_groups(vault, page.file.src_uri):
                        groups.append(group)
                        page_of.append(i)
                wanted = self._helper.wanted
                prefetch_in_background(groups, wanted=lambda g: wanted(page_of[g]))
        return nav

    def _stop_helper(self) -> None:
        helper, self._helper = getattr(self, "_helper", None), None
        if helper is not None:
            reached = helper.stop()
            log.debug("a helper process converted pages ahead: it reached %d", reached)

    def _plan_build(self, config, math: bool) -> serve.Plan:
        """Which pages this build renders: all of them, unless ``serve --dirty`` rebuilds after
        an edit of existing notes (then :func:`rectified.serve.plan` says which)."""
        self._fresh_site: site.Site | None = None
        self._writing = False  # until on_pre_build, a failed build has written nothing
        self._taken: set[str] = set()
        if not getattr(self, "dirty", False):
            return serve.Plan.everything("not a dirty build")
        if self._candidate is not None:  # the previous build succeeded
            self._last, self._candidate, self._owed = self._candidate, None, None
        self._files_seen = serve.snapshot(config.docs_dir)  # before any note is read
        self._config_seen = _outside_docs(config)
        plan = self._edit_plan(config, math)
        owed = self._owed
        if owed is not None and not plan.full:  # pages a failed build may have left half done
            plan = owed if owed.full else serve.Plan(False, plan.reason, plan.pages | owed.pages)
        deferred, self._deferred = self._deferred, set()
        self._taken = deferred  # given back if this build fails before it writes anything
        if plan.full:
            self._fresh_site = None
        else:
            plan.pages |= deferred
            self._defer_graph(plan)
        log.info("Rendering %s", plan.describe())
        return plan

    def _defer_graph(self, plan: serve.Plan) -> None:
        """Leave the Graph page of a large vault to a rebuild of its own, asked for at once.

        Its layout costs seconds at 1000 notes, and the browser shows nothing of a rebuild until
        all of it is done: the edited page and its backlinks come first, the Graph page a few
        seconds later (that second rebuild reloads the browser again).
        """
        from rectified.changes import generated_page

        vault = self._fresh_site.vault if self._fresh_site is not None else None
        if vault is None or self._trigger is None or plan.reason == serve.DEFERRED:
            return
        graph_page = generated_page(vault, "graph")
        big = len(vault.content_notes()) > DEFER_GRAPH_ABOVE
        if big and graph_page in plan.pages and len(plan.pages) > 1:
            plan.pages.discard(graph_page)
            self._deferred = {graph_page}
            log.info("The Graph page follows in a rebuild of its own (its layout is slow)")

    def _edit_plan(self, config, math: bool) -> serve.Plan:
        last = self._last
        if not self.serving or last is None:
            return serve.Plan.everything("first build")
        if _search_plugin(config) is None and "search" in " ".join(config.plugins):
            return serve.Plan.everything("a search plugin whose index cannot be completed")
        if self._config_seen != last.config:
            return serve.Plan.everything("mkdocs.yml, the theme or a watched path changed")
        changed = serve.changed_files(last.files, self._files_seen)
        if not changed:  # a hidden file (Obsidian's workspace), or the deferred pages' trigger
            self._fresh_site = last.site
            return serve.Plan(False, serve.DEFERRED if self._deferred else "no note changed")
        extensions = []
        if math:
            from rectified.markdown.math import MathExtension

            extensions = [MathExtension()]
        try:
            vault = serve.refreshed_vault(
                last.site.vault, config.docs_dir, changed, heading_extensions=extensions
            )
        except NoteError as exc:  # listed with every other problem of the vault, as a full build
            found = vault_problems(config.docs_dir, self.config.figures_dir, math=math)
            raise PluginError(_listed(found or [exc])) from None
        if vault is None:
            shown = ", ".join(sorted(changed)[:3]) + (", …" if len(changed) > 3 else "")
            return serve.Plan.everything(f"not only edits of existing notes: {shown}")
        if config.nav is None:  # MkDocs lists every page, by its title, on every page
            in_nav = {p for p in changed if _nav_title(last.site.vault, p) != _nav_title(vault, p)}
        else:
            in_nav = changed & _untitled_nav_entries(config.nav)
        if in_nav:  # its title is in every page's navigation
            return serve.Plan.everything(f"a page the navigation names by its title: {in_nav}")
        old = last.site
        self._fresh_site = site.Site(
            docs_dir=old.docs_dir,
            figures_dir=old.figures_dir,
            vault=vault,
            manifest=old.manifest,
            attachments=old.attachments,
        )
        return serve.plan(old.vault, vault, changed)

    def on_pre_build(self, config) -> None:
        """A full rebuild while serving dirty starts from an empty folder (no deleted note's page
        stays online), as a clean build would."""
        self._writing = True
        if getattr(self, "dirty", False) and self._plan.full and self._last is not None:
            clean_directory(config.site_dir)

    def on_env(self, env, config, files):
        self._stop_helper()  # every page is converted
        if getattr(self, "serving", False):
            env.bytecode_cache = _TEMPLATES
        return env

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
        if getattr(self, "dirty", False):  # MkDocs renders the pages whose is_modified() is true
            self._page_urls = [_page_url(f) for f in files.documentation_pages()]
            self._rendered_urls = set()
            for file in files.documentation_pages():
                wanted = self._plan.wants(file.src_uri)
                if wanted:
                    self._rendered_urls.add(_page_url(file))
                file.is_modified = (lambda: True) if wanted else (lambda: False)  # type: ignore[method-assign]
        return files

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        """A notebook page's "Edit this page" opens its jupytext source, not the executed copy."""
        src = page.file.src_uri
        helper = getattr(self, "_helper", None)
        if helper is not None:
            helper.at(src)
        if src.endswith(".ipynb") and page.edit_url:
            docs = Path(config.docs_dir).name
            edit_uri = config.edit_uri or ""
            base = edit_uri[: -len(docs) - 1] if edit_uri.rstrip("/").endswith(docs) else edit_uri
            source = "notebooks/" + posixpath.basename(src)[: -len(".ipynb")] + ".py"
            page.edit_url = (
                config.repo_url.rstrip("/") + "/" + base.strip("/") + "/" + quote(source)
            )
        return markdown

    def _notebook_styles(self, html: str, page, config, files) -> str:
        if page.file.src_uri.endswith(".ipynb"):
            html, css = notebook_page.finish(html)
            name = notebook_page.stylesheet_name(css)
            self.notebook_css[name] = css
            href = get_relative_url(name, page.url)
            html = f'<link rel="stylesheet" href="{href}">' + html
        return html

    @event_priority(-100)  # after every other plugin: the page's final HTML
    def _search_entries_now(self, html: str, page, config, files) -> str:
        """While a helper converts pages ahead, index this page now rather than after every page
        (the same work, so the helper meets the build sooner and what is left after is less)."""
        if getattr(self, "_helper", None) is not None and not page.file.src_uri.endswith(".ipynb"):
            page.content = html
            _index_ahead(page, config)
        return html

    on_page_content = CombinedEvent(_notebook_styles, _search_entries_now)

    def on_build_error(self, error) -> None:
        self._stop_helper()
        context.collect_errors(False)
        if getattr(self, "dirty", False):
            self._candidate = None
            if not getattr(self, "_writing", True):  # failed before writing (a note unreadable)
                self._deferred |= getattr(self, "_taken", set())
                return
            plan, owed = getattr(self, "_plan", None), self._owed
            if plan is None or plan.full or (owed is not None and owed.full):
                self._owed = serve.Plan.everything("a build failed")
            else:
                pages = plan.pages | (owed.pages if owed is not None else set())
                self._owed = serve.Plan(False, "a build failed", pages | self._deferred)

    @event_priority(50)  # before the search plugin writes its index
    def on_post_build(self, config) -> None:
        errors = context.collected()
        context.collect_errors(False)
        if errors:
            raise PluginError(_listed(errors))
        cache.flush()  # the build's entries, for the next process (serve keeps running)
        for name, css in self.notebook_css.items():
            path = Path(config.site_dir) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(css, encoding="utf-8")
        if getattr(self, "serving", False) and getattr(self, "dirty", False):
            self._keep_for_next_build(config)

    def _keep_for_next_build(self, config) -> None:
        """Complete the search index with the pages not rendered; remember this build.

        It counts as the last good build once MkDocs finishes without error (strict mode fails a
        build after this event: see :meth:`on_build_error`).
        """
        search = _search_plugin(config)
        by_page: dict[str, list] = {}
        if search is not None:
            fresh: dict[str, list] = {}
            for entry in search.search_index.entries:
                fresh.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
            kept = self._last.search if self._last is not None and not self._plan.full else {}
            for url in dict.fromkeys([*self._page_urls, *fresh, *kept]):
                rendered = url in self._rendered_urls or url in fresh
                entries = fresh.get(url, []) if rendered else kept.get(url, [])
                if entries:
                    by_page[url] = entries
            search.search_index.entries = [e for url in by_page for e in by_page[url]]
            search.search_index_prev = None  # its own dirty merge keeps one page only
        self._candidate = _Built(self._files_seen, self._config_seen, self._site, by_page)
        if self._deferred and self._trigger is not None:  # the server rebuilds once this is done
            self._trigger.write_text(str(time.time_ns()), encoding="utf-8")

    @event_priority(100)  # before the search plugin indexes the page
    def _index_math_as_tex(self, ctx, page, config, nav):
        if page.content:
            self._rendered[page.file.src_uri] = page.content
            if not _search_entries_kept(page, config):
                page.content = crosspage.search_text(page.content)
        return ctx

    @event_priority(-100)  # after the search plugin
    def _restore_math(self, ctx, page, config, nav):
        page.content = self._rendered.pop(page.file.src_uri, page.content)
        return ctx

    on_page_context = CombinedEvent(_index_math_as_tex, _restore_math)
