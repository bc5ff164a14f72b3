"""A text of a service definition in German and, where given, English.

A definition may write any text a person reads as a plain string (German) or as a mapping
`{de: …, en: …}` (German required). `Text` shows itself in the reader's language: `str()` and
format give the plain text, `__html__` (Jinja's autoescape) marks a German fallback on an
English page with `lang="de"`. Compared with a string it compares as its German text, the
source; what is stored and sent to a department never depends on the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape

from common.i18n import SOURCE_LANGUAGE, current_language

TEXT_LANGUAGES = ("de", "en")


class Text:
    """One text in its languages: German (`de`, never empty) and optionally English (`en`)."""

    __slots__ = ("de", "en")

    def __init__(self, de: str, en: str | None = None) -> None:
        self.de = de
        self.en = en or None

    @classmethod
    def of(cls, value: Any) -> Text:
        """Return a Text for a definition's value: a string (German) or a {de, en} mapping."""
        if isinstance(value, Text):
            return value
        if isinstance(value, Mapping):
            return cls(str(value["de"]), value.get("en"))
        return cls(str(value))

    def language_for(self, language: str) -> str:
        """Return the language this text is shown in for a reader of `language`."""
        return language if getattr(self, language, None) else SOURCE_LANGUAGE

    def in_language(self, language: str) -> str:
        """Return the text for a reader of `language` (German where it has no translation)."""
        return getattr(self, self.language_for(language))

    def falls_back(self, language: str) -> bool:
        """Say whether a reader of `language` gets the German text instead."""
        return self.language_for(language) != language

    def __str__(self) -> str:
        return self.in_language(current_language())

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __html__(self) -> str:
        page = current_language()
        shown = self.language_for(page)
        text = escape(self.in_language(page))
        return Markup(f'<span lang="{shown}">{text}</span>') if shown != page else text

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Text):
            return (self.de, self.en) == (other.de, other.en)
        return isinstance(other, str) and self.de == other

    def __hash__(self) -> int:
        return hash(self.de)

    def __bool__(self) -> bool:
        return bool(self.de)

    def __repr__(self) -> str:
        return f"Text({self.de!r}, en={self.en!r})"

    def as_data(self) -> str | dict[str, str]:
        """Return the text as a definition writes it (a string when there is only German)."""
        return {"de": self.de, "en": self.en} if self.en else self.de
