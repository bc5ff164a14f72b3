"""Errors of the form engine; a definition error names the file, the line and the key."""

from __future__ import annotations

from dataclasses import dataclass


class FormsError(Exception):
    """Base of every error the form engine raises."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a definition, located for the administrator."""

    message: str
    path: str = ""
    line: int | None = None

    def describe(self, source: str) -> str:
        """Return 'file:line: key: message', the form editors and the CLI print."""
        where = source if self.line is None else f"{source}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class DefinitionError(FormsError):
    """A service definition cannot be loaded; `problems` lists every finding."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__("\n".join(p.describe(source) for p in problems))


class ExpressionError(FormsError):
    """An expression is not valid; `message` is German, `position` 0-based (None: as a whole)."""

    def __init__(self, message: str, position: int | None = None) -> None:
        self.message, self.position = message, position
        super().__init__(message if position is None else f"{message} (Zeichen {position + 1})")
