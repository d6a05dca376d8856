"""A persistent cache of each note's HTML, so a rebuild converts only the pages that changed.

Why: at 1000 notes, converting every page with Python-Markdown and the project's extensions was
about 60 % of a rebuild after editing one note (18 s of 32 s profiled), while almost every page's
HTML was the same as in the previous build. MkDocs and Zensical both make a new ``Markdown`` for
every page and call its ``convert``; :mod:`rectified.context` wraps that method, and at the
outermost conversion of a page the builder adapter knows (:func:`rectified.builders.page_ref`) it
asks :func:`convert` here: a hit returns the stored HTML without running the pipeline, a miss
converts and stores. Entries live in the persistent build cache (:mod:`rectified.cache`,
namespace ``page``), so ``RECTIFIED_CACHE=off`` turns this cache off too.

What a builder reads from the ``Markdown`` after ``convert`` is stored and put back on a hit:
``toc_tokens`` and ``toc`` (both builders; Zensical's ``render`` reads only ``toc_tokens``),
and what each builder's own processors found, through hooks a builder registers with
:func:`register` (MkDocs' title, anchor ids and links to anchors: :mod:`rectified.plugin`; a
builder with no hooks is never cached, so MkDocs without the plugin converts every page).
Under MkDocs the plugin keeps Material's search entries of each page the same way (namespace
``search``, keyed on the page's HTML, URL, title, front matter and table of contents), so that
the search plugin does not parse every page again either. Every log record emitted while a page
converted (MkDocs' link warnings, which ``--strict`` counts; the extensions' warnings) is
stored and emitted again on a hit, through the logger that emitted it, so a cached build warns
as an uncached one does.

The key is a SHA-256 (:func:`rectified.cache.digest`, which adds the hash of the package's code
and the versions of the libraries whose output is cached) of everything the page's HTML is made
from:

- the builder, the page's path, the text handed to ``convert`` and the note's whole file;
- what the vault index says the page shows (:func:`rectified.changes.page_inputs`): every link
  as it resolves (path, anchor, the target's title), the notes it embeds, its "Linked from"
  list with the sentences, its neighbourhood graph, and the same for every note it embeds, at
  any depth; a page that embeds a ``.base`` file (a query over the whole vault) also has the
  text of every note in its key;
- every file of the docs folder by path (what a link may point to, which URLs exist) and,
  for every file that is not a note, its content: the figure manifest, the figures' code
  copies, explorable data, the bibliography, ``.base`` and ``.canvas`` files, images;
- the Markdown extensions and their settings (functions by name and what their closures and
  partials hold), each builder's own settings (MkDocs: the URLs of every file,
  ``use_directory_urls`` and the link validation levels), the versions of Python, Pygments,
  MkDocs, Material and Zensical, and the logging levels (a record not emitted when an entry
  was stored could not be replayed).

Never stored: a page whose conversion raised or logged an error (it shows its error, or the
build fails), the generated pages (Tags, Graph, Wanted notes, ...; their stubs are cheap and
their content is the whole vault), conversions inside another (embeds) and conversions of no
known page (a heading's text, a test's bare ``Markdown``).

Known limits: a page's key is computed from the vault index of this build, once per index
(``page_inputs`` for every note and hashing the docs folder's other files: about 0.2 s at 1000
notes); an extension that read something outside the docs folder (a bibliography configured
outside it, say), the package and the settings would need it added here. Editing a note's title
or headings changes the key of every page that links to it, editing any file that is not a note
(a figure, the bibliography) or any source file of the package changes every page's key: the
cache is exact, not clever. Log records are replayed with their message and level (not their
arguments or traceback objects); one logged during a page's conversion about something else
(a first use of a tool) is replayed with that page.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import sys
import threading
import types
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from typing import Any

from markdown import Markdown

from rectified import cache

__all__ = ["NAMESPACE", "BuilderHooks", "convert", "digest_of", "page_key", "register"]

log = logging.getLogger(__name__)

NAMESPACE = "page"
LIBRARIES = ("pygments", "mkdocs", "mkdocs-material", "zensical")
# Settings that change no page's HTML: ``index_key``, a hash of the whole vault that
# ``python -m rectified.build`` hands Zensical so that Zensical's own page cache renders every
# page again after any edit; here each page's key has what the page shows instead.
TOKENS = {("rectified.markdown.pages", "index_key")}


@dataclass(frozen=True)
class BuilderHooks:
    """What one builder reads from a ``Markdown`` after converting, and what else its HTML
    depends on.

    ``capture(md)`` returns a picklable value after a conversion; ``restore(md, value)`` puts it
    back on a new ``Markdown`` instead of converting; ``key(md)`` returns JSON-encodable
    settings of the builder that change a page's HTML or warnings.
    """

    capture: Callable[[Markdown], Any] = lambda md: None
    restore: Callable[[Markdown, Any], None] = lambda md, value: None
    key: Callable[[Markdown], Any] = lambda md: None


_hooks: dict[str, BuilderHooks] = {}


def register(builder: str, hooks: BuilderHooks) -> None:
    """Let pages converted by ``builder`` be cached, with its hooks."""
    _hooks[builder] = hooks


def _zensical_key(md: Markdown) -> Any:
    from rectified.builders import _zensical_context

    ctx = _zensical_context(md)
    config = getattr(ctx, "config", None) or {}
    return {"use_directory_urls": _canon(config.get("use_directory_urls"))}


register("zensical", BuilderHooks(key=_zensical_key))


# -- canonical, address-free forms of settings ----------------------------------------------------


def _canon(value: Any, depth: int = 0) -> Any:
    """``value`` as JSON-encodable data with no memory addresses, so that a key is stable."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if depth > 6:
        return type(value).__qualname__
    if isinstance(value, dict):
        return [[_canon(k, depth + 1), _canon(v, depth + 1)] for k, v in value.items()]
    if isinstance(value, (list, tuple)):
        return [_canon(v, depth + 1) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(json.dumps(_canon(v, depth + 1), sort_keys=True) for v in value)
    if isinstance(value, types.FunctionType):  # its name, and what a closure holds
        cells = [c.cell_contents for c in value.__closure__ or () if _filled(c)]
        return [
            f"{value.__module__}.{value.__qualname__}",
            _canon([cells, value.__defaults__, value.__kwdefaults__], depth + 1),
        ]
    if isinstance(value, (types.BuiltinFunctionType, type)):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')}"
    if isinstance(value, types.MethodType):
        return [_canon(value.__func__, depth + 1), _canon(value.__self__, depth + 1)]
    if isinstance(value, functools.partial):
        return ["partial", _canon([value.func, value.args, value.keywords], depth + 1)]
    name = f"{type(value).__module__}.{type(value).__qualname__}"
    if name == "zensical.extensions.context.ContextExtension":
        return name  # the builder's page context: the page is in the key already
    configs = getattr(value, "getConfigs", None)
    if callable(configs):  # a Markdown Extension given as an object
        return [name, _canon(configs(), depth + 1)]
    fields = getattr(value, "__dict__", None)
    if isinstance(fields, dict):
        return [name, _canon(dict(sorted(fields.items())), depth + 1)]
    return [name, repr(value)]


def _filled(cell: Any) -> bool:
    try:
        cell.cell_contents  # noqa: B018  (an empty cell raises)
    except ValueError:
        return False
    return True


@functools.cache
def _libraries() -> list[str]:
    """Versions of what makes a page's HTML besides the package and the libraries
    :func:`rectified.cache.code_version` names: highlighting, the builders, Python."""
    out = [sys.version]
    for name in LIBRARIES:
        try:
            out.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name}=-")
    return out


def digest_of(value: Any) -> str:
    """SHA-256 of ``value``'s canonical form (for a builder's hooks)."""
    return _hash(_canon(value))


def _hash(value: Any) -> str:
    """SHA-256 of ``value`` as JSON (anything JSON cannot encode: its :func:`_canon` form)."""
    return cache.sha256_json(value, sort_keys=True, default=_canon)


# -- what the pages of one vault index read -------------------------------------------------------


class _VaultFacts:
    """Per vault index: each note's digest of what its page shows, and the docs folder's."""

    def __init__(self, site: Any) -> None:
        from rectified.changes import page_inputs

        vault = site.vault
        self.vault = vault  # held, so that the id below is never another object's
        inputs = page_inputs(vault, generated=False)
        notes = {n.rel_path for n in vault.content_notes()}
        own = {p: _hash(parts) for p, parts in inputs.items() if p in notes}
        embeds: dict[str, list[str]] = {}
        bases: set[str] = set()
        for note in vault.content_notes():
            embeds[note.rel_path] = sorted(
                {e[0] for e in inputs[note.rel_path].get("a note it embeds changed", [])}
            )
            # A .base view queries the whole vault: known by where its links resolve (the
            # vault's answer, not a second reading of the link text).
            resolved = inputs[note.rel_path].get("a link resolves differently", [])
            if any(str(link[1]).lower().endswith(".base") for link in resolved):
                bases.add(note.rel_path)
        everything = _hash(sorted((p, n.text) for p, n in vault.notes.items()))
        self.pages: dict[str, str] = {}
        for page in notes:
            seen, todo = {page}, [page]
            while todo:  # the page and every note it embeds, at any depth
                for inner in embeds.get(todo.pop(), ()):
                    if inner not in seen:
                        seen.add(inner)
                        todo.append(inner)
            whole = everything if seen & bases else ""
            self.pages[page] = _hash([[p, own.get(p, "")] for p in sorted(seen)] + [whole])
        self.folder = _folder_digest(str(site.docs_dir))


def _folder_digest(docs_dir: str) -> str:
    """Every file's path in the docs folder (hidden ones left out, as the vault does) and the
    content of every file that is not a note."""
    h = hashlib.sha256()
    for folder, dirs, files in os.walk(docs_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, docs_dir).replace(os.sep, "/")
            h.update(rel.encode("utf-8") + b"\0")
            if not name.endswith(".md"):
                try:
                    with open(path, "rb") as fh:
                        h.update(hashlib.sha256(fh.read()).digest())
                except OSError:
                    h.update(b"?")
    return h.hexdigest()


_lock = threading.Lock()
_facts: _VaultFacts | None = None
_settings: dict[tuple, tuple[tuple, str]] = {}  # ids of settings objects -> (them, digest)


def _facts_for(site: Any) -> _VaultFacts:
    global _facts
    with _lock:
        facts = _facts
        if facts is None or facts.vault is not site.vault:
            facts = _facts = _VaultFacts(site)
        return facts


def _settings_digest(ref: Any) -> str:
    """The extensions and their settings, hashed once per settings objects (held, as above)."""
    objects = (*ref.extensions, *ref.extension_configs.values())
    ident = (ref.builder, tuple(map(id, objects)), tuple(ref.extension_configs))
    with _lock:
        found = _settings.get(ident)
        if found is not None:
            return found[1]
    configs = {
        name: {k: v for k, v in c.items() if (name, k) not in TOKENS} if isinstance(c, dict) else c
        for name, c in ref.extension_configs.items()
    }
    value = _hash(_canon([ref.extensions, configs]))
    with _lock:
        if len(_settings) > 16:
            _settings.clear()
        _settings[ident] = (objects, value)
    return value


_LOGGERS = ("", "mkdocs", "rectified", "markdown", "zensical")


def _log_levels() -> list[int]:
    return [logging.root.manager.disable] + [
        logging.getLogger(n).getEffectiveLevel() for n in _LOGGERS
    ]


def page_key(md: Markdown, source: str) -> tuple[Any, str] | None:
    """(the builder's hooks, the cache key) of the page ``md`` converts, or None: not cached."""
    from rectified import builders, context, site

    ref = builders.page_ref(md)
    if ref is None or ref.builder not in _hooks:
        return None
    hooks = _hooks[ref.builder]
    # Which index the page's extensions will ask for (the capture preprocessor sets the page
    # again, with its lines, if the page is converted).
    md.rectified_page = context.Page(  # type: ignore[attr-defined]
        path=ref.rel_path,
        markdown=source,
        rel_path=ref.rel_path,
        docs_dir=ref.docs_dir,
        builder=ref.builder,
        extensions=ref.extensions,
        extension_configs=ref.extension_configs,
    )
    shared = site.site_of(md)
    if shared is None:
        return None
    note = shared.vault.notes.get(ref.rel_path)
    if note is None or note.generated is not None:
        return None
    facts = _facts_for(shared)
    shows = facts.pages.get(ref.rel_path)
    if shows is None:
        return None
    key = cache.digest(
        NAMESPACE,
        ref.builder,
        ref.rel_path,
        source,
        note.text,
        shows,
        facts.folder,
        _settings_digest(ref),
        _canon(hooks.key(md)),
        _log_levels(),
        _libraries(),
    )
    return hooks, key


# -- log records: kept during a conversion, emitted again on a hit ---------------------------------


class _Recorder(logging.Handler):
    """Keeps the records of this thread that reach the loggers it is attached to."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.thread = threading.get_ident()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.records.append(record)


def _terminal_loggers() -> list[logging.Logger]:
    """The root logger and every logger that does not pass records on: each record reaches
    exactly one of them (or none, if it stops at a logger with no handlers but propagation off)."""
    out = [logging.root]
    for logger in list(logging.root.manager.loggerDict.values()):
        if isinstance(logger, logging.Logger) and not logger.propagate:
            out.append(logger)
    return out


def _kept(record: logging.LogRecord) -> tuple:
    message = record.getMessage()
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        message = f"{message}\n{record.exc_text}"
    return (record.name, record.levelno, message, record.pathname, record.lineno, record.funcName)


def _replay(kept: tuple) -> None:
    name, level, message, pathname, lineno, func = kept
    record = logging.makeLogRecord(
        {
            "name": name,
            "levelno": level,
            "levelname": logging.getLevelName(level),
            "msg": message,
            "args": None,
            "pathname": pathname,
            "filename": os.path.basename(pathname),
            "module": os.path.splitext(os.path.basename(pathname))[0],
            "lineno": lineno,
            "funcName": func,
        }
    )
    logging.getLogger(name).handle(record)


# -- the conversion ------------------------------------------------------------------------------


def convert(md: Markdown, run: Callable[[str], str], source: str) -> str:
    """``run(source)`` (``md``'s own convert), or the stored HTML of the same page and inputs."""
    store = cache.current()
    if store is None:
        return run(source)
    found = page_key(md, source)
    if found is None:
        return run(source)
    hooks, key = found
    entry = store.get(NAMESPACE, key)
    if isinstance(entry, dict):
        for name in ("toc_tokens", "toc"):
            if name in entry:
                setattr(md, name, entry[name])
        hooks.restore(md, entry["builder"])
        for kept in entry["logs"]:
            _replay(kept)
        return entry["html"]
    recorder = _Recorder()
    loggers = _terminal_loggers()
    for logger in loggers:
        logger.addHandler(recorder)
    try:
        html = run(source)
    finally:
        for logger in loggers:
            logger.removeHandler(recorder)
    if any(r.levelno >= logging.ERROR for r in recorder.records):
        return html  # the page reported an error: never kept
    from rectified.context import ERROR_MARKER

    if ERROR_MARKER in html:
        return html
    entry = {
        "html": html,
        "builder": hooks.capture(md),
        "logs": [_kept(r) for r in recorder.records],
    }
    for name in ("toc_tokens", "toc"):
        if hasattr(md, name):
            entry[name] = getattr(md, name)
    store.put(NAMESPACE, key, entry)
    return html
