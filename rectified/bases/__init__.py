"""Obsidian Bases: ``.base`` files (filters, formulas, views) evaluated over the vault index.

:mod:`rectified.bases.values` holds the value types, :mod:`rectified.bases.expr` the expression
language, :mod:`rectified.bases.query` the file and its views, :mod:`rectified.bases.runs` each
file parsed and each view evaluated once per build. The Markdown extension that shows an
embedded base is :mod:`rectified.markdown.bases`.
"""

from rectified.bases.query import Base, Result, View, load, run
from rectified.bases.values import BaseError

__all__ = ["Base", "BaseError", "Result", "View", "load", "run"]
