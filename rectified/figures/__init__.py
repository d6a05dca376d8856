"""The figure engine: ``python -m rectified.figures`` renders every registered figure.

- :mod:`~rectified.figures.spec`: what a registry entry is, read from source; the cache key;
- :mod:`~rectified.figures.render`: one figure in both palettes, as deterministic SVG;
- :mod:`~rectified.figures.workers`: processes that draw many figures, each as if alone;
- :mod:`~rectified.figures.runner`: cache, timeouts, publishing into ``docs/figures/``;
- :mod:`~rectified.figures.manifest`: ``manifest.json`` and figure embeds (a bottom module the
  site's extensions and pages import too);
- :mod:`~rectified.figures.files`: atomic writes, only when the content changes;
- :mod:`~rectified.figures.display`: ``show("name")`` for notebook pages.
"""
