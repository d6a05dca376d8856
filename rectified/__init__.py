"""Rectified's own tooling: Markdown extensions, the figure runner and the MkDocs plugin."""
