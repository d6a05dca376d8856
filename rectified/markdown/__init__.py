"""Python-Markdown extensions for Obsidian syntax: one construct a module."""
