"""Errors that point at the note (file and line) they came from."""

from __future__ import annotations

try:  # Under MkDocs a BuildError aborts the build with just our message, no traceback.
    from mkdocs.exceptions import BuildError as _Base
except ImportError:  # pragma: no cover - the extensions also work without MkDocs
    _Base = Exception


class NoteError(_Base):
    """A problem in a note or snippet, reported as ``path:line: message``.

    MkDocs aborts a strict build on it; the nox sessions print it as is.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        code: str | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.code = code  # a rule's code, for the note linter (``LK001``), when one applies

    def __str__(self) -> str:
        where = self.path or "<markdown>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}"

    def key(self) -> tuple[str, int, str]:
        """What makes two reports of a problem the same one (sorting and removing repeats)."""
        return (self.path or "", self.line or 0, self.message)

    def as_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "message": self.message, "code": self.code}

    @classmethod
    def from_dict(cls, data: dict) -> NoteError:
        return cls(
            str(data.get("message", "")),
            path=data.get("path"),
            line=data.get("line"),
            code=data.get("code"),
        )
