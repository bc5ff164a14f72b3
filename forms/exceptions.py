"""Errors of the form engine; a definition error names the file, the line and the key."""

from __future__ import annotations

from typing import Any


class FormsError(Exception):
    """Base of every error the form engine raises."""


class Problem:
    """One thing wrong with a definition, located for the administrator.

    The message is kept as given (a message id marked with `_l`, translated when shown) and
    read as text in the reader's language: `problem.message` is a plain `str` each time.
    """

    __slots__ = ("_message", "path", "line")

    def __init__(self, message: Any, path: str = "", line: int | None = None) -> None:
        self._message, self.path, self.line = message, path, line

    @property
    def message(self) -> str:
        """The message in the reader's language (German outside a request)."""
        return str(self._message)

    def describe(self, source: str) -> str:
        """Return 'file:line: key: message', the form editors and the CLI print."""
        where = source if self.line is None else f"{source}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"

    def _identity(self) -> tuple[str, str, int | None]:
        # The German text (a message's own characters), so equality never depends on who reads.
        text = str.__str__(self._message) if isinstance(self._message, str) else str(
            self._message)
        return text, self.path, self.line

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and self._identity() == other._identity()

    def __hash__(self) -> int:
        return hash(self._identity())

    def __repr__(self) -> str:
        return f"Problem({self.message!r}, {self.path!r}, {self.line!r})"


class DefinitionError(FormsError):
    """A service definition cannot be loaded; `problems` lists every finding."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(source, problems)

    def __str__(self) -> str:
        # Described when shown, in the reader's language (a refusal may be cached and re-read).
        return "\n".join(p.describe(self.source) for p in self.problems)


class ExpressionError(FormsError):
    """An expression is not valid; `message` is a message translated when shown, `position`
    0-based (None: as a whole); `described` is the message with the position, for a Problem."""

    def __init__(self, message: Any, position: int | None = None) -> None:
        from .texts import _l  # texts needs flask-babel; the errors above do not

        self.message, self.position = message, position
        self.described = message if position is None else _l(
            "%(message)s (Zeichen %(position)d)", message=message, position=position + 1)
        super().__init__(self.described)
