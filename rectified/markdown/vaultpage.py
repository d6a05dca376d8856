"""The vault, and the note of it, that a page's conversion is about.

One definition for the extensions that resolve what a note writes from where the note is
(media embeds, note embeds, base embeds). Not an extension itself (no ``makeExtension``): an
extension mixes in :class:`VaultPage` when it takes an optional ``vault=`` object (tests) and a
``source`` config option (the note's vault path outside a builder). Under a builder the vault is
the build's shared index (:func:`rectified.site.vault_of`) and the note is the page being
converted (:func:`rectified.context.current_page`).

Known limits: the page context wins over the ``source`` option; a page known only by its file
path is looked up in the vault by that path, so a file outside the vault has no vault path.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown import Markdown

from rectified import context
from rectified.site import vault_of
from rectified.vault import Vault

__all__ = ["VaultPage", "source_of"]


def source_of(md: Markdown, vault: Callable[[], Vault], default: str | None) -> str | None:
    """Vault path of the note ``md`` converts, or ``default`` when no page is being converted.

    ``vault`` is called only when the page context lacks the note's vault path (the vault then
    finds it from the file's path), so a page that names its path needs no vault.
    """
    page = context.current_page(md)
    if page is not None:
        return page.rel_path or vault().rel_path_of(page.path)
    return default or None


class VaultPage:
    """``vault_in(md)`` and ``source_in(md)`` for an extension (see the module docstring).

    The extension sets ``self._vault`` (``None``: the build's) and has a ``source`` option.
    """

    _vault: Vault | None = None

    def vault_in(self, md: Markdown) -> Vault:
        """The vault given to this extension, or the build's (see :mod:`rectified.site`)."""
        return self._vault or vault_of(md, type(self).__name__)

    def source_in(self, md: Markdown) -> str | None:
        """Vault path of the note ``md`` converts (the ``source`` option outside a page)."""
        source = self.getConfig("source")  # type: ignore[attr-defined]  # the Extension's
        return source_of(md, lambda: self.vault_in(md), source)
