"""A text of a service definition in German and, where given, English.

A definition may write any text a person reads as a plain string (German) or as a mapping
`{de: …, en: …}` (German required). `Text` shows itself in the reader's language: `str()` and
format give the plain text, `__html__` (Jinja's autoescape) marks a German fallback on an
English page with `lang="de"`. Compared with a string it compares as its German text, the
source; what is stored and sent to a department never depends on the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from flask_babel import force_locale, gettext
from markupsafe import Markup, escape

from common.i18n import SOURCE_LANGUAGE, current_language

TEXT_LANGUAGES = ("de", "en")


class Text(str):
    """One text in its languages: German (`de`, never empty) and optionally English (`en`).

    A `str` whose characters are the German text: what code stores, sends as JSON or binds in
    SQL is the source, whatever the reader's language; `str()`, formatting and templates give
    the reader's language. (Concatenating or slicing a Text gives German: use `str(text)`.)
    """

    en: str | None

    def __new__(cls, de: str, en: str | None = None) -> Text:
        text = super().__new__(cls, de)
        text.en = en or None
        return text

    @property
    def de(self) -> str:
        """The German text, the source."""
        return str.__str__(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return Text, (self.de, self.en)

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
        return language if language == SOURCE_LANGUAGE or (language == "en" and self.en) \
            else SOURCE_LANGUAGE

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

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self.de)

    def __repr__(self) -> str:
        return f"Text({self.de!r}, en={self.en!r})"


class Message(str):
    """A message of the engine, translated when shown: a `str` whose characters are the German
    text (so code that stores, compares or searches it sees the source), while `str()`,
    formatting and templates give the reader's language, per request (a compiled form serves
    both languages). `%` on it translates first. In a template it is escaped: its parameters
    may be an administrator's labels, which are untrusted text."""

    msgid: str
    params: dict[str, Any]

    def __new__(cls, msgid: str, params: dict[str, Any] | None = None) -> Message:
        params = params or {}
        german = msgid % {key: _german(value) for key, value in params.items()} \
            if params else msgid
        message = super().__new__(cls, german)
        message.msgid, message.params = msgid, params
        return message

    @property
    def de(self) -> str:
        """The German text, the source."""
        return str.__str__(self)

    def __str__(self) -> str:
        return gettext(self.msgid, **self.params) if self.params else gettext(self.msgid)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __mod__(self, other: Any) -> str:
        return str(self) % other

    def __html__(self) -> str:
        return escape(str(self))

    def __reduce__(self) -> tuple[Any, ...]:
        return Message, (self.msgid, self.params)

    def __repr__(self) -> str:
        return f"Message({self.msgid!r})"


class Shown:
    """A message parameter formatted when the message is shown, for its reader: a number in a
    help text that is built once per compiled form, e.g. `Shown(number_text, max_mb)`."""

    __slots__ = ("render", "args")

    def __init__(self, render: Any, *args: Any) -> None:
        self.render, self.args = render, args

    def __str__(self) -> str:
        return self.render(*self.args)


def _german(value: Any) -> Any:
    """Return a parameter as the German text shows it (numbers stay numbers for %d)."""
    if isinstance(value, str):
        return str.__str__(value)  # a Text's or a Message's characters are its German
    if isinstance(value, int | float | Decimal):
        return value
    with force_locale(SOURCE_LANGUAGE):
        return str(value)


def _l(msgid: str, **params: Any) -> Message:
    """Mark a German message id; translate it (with `params`) when it is shown."""
    return Message(msgid, params)


class PlainText(Text):
    """A Text shown as plain text in a template even where it falls back to German: for places
    that hold no markup (an `<option>`, `<title>`)."""

    def __html__(self) -> str:
        return escape(str(self))


def plain(text: Any) -> PlainText:
    """Return a definition's text as a PlainText."""
    value = Text.of(text)
    return PlainText(value.de, value.en)


def text_schema(max_length: int | None = None, *, empty: bool = False) -> dict[str, Any]:
    """Return the JSON Schema of one text: a string, or {de, en} with German required.

    `max_length` bounds each language; `empty` allows the plain string "" (an optional help).
    The `x-text` annotation lets the loader find every text of a definition (forms.bilingual).
    """
    one = {"type": "string", "minLength": 1} | ({"maxLength": max_length} if max_length else {})
    return {**one, "x-text": True, "type": ["string", "object"], "minLength": 0 if empty else 1,
            "additionalProperties": False, "required": [SOURCE_LANGUAGE],
            "properties": {language: dict(one) for language in TEXT_LANGUAGES}}

