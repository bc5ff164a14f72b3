"""jsonschema's complaints about a definition, told in German with the key and line they concern.

Types are named in the administrator's words, not JSON's; a `pattern` is described by the
`x-message` annotation of its schema node (every pattern of ours has one), never shown as the
regular expression itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jsonschema

from common.i18n import _

from .exceptions import Problem
from .texts import Message, _l
from .yamlsource import key_line, line_of

SCHEMA_KINDS = {"integer": _l("eine ganze Zahl"), "number": _l("eine Zahl"),
                "string": _l("einen Text"), "array": _l("eine Liste"),
                "object": _l("einen Abschnitt (Schlüssel: Wert)"),
                "boolean": _l("einen Wahrheitswert (true oder false)"), "null": _l("nichts")}
"""What a schema's `type` asks for."""
FOUND_KINDS = {bool: _l("einen Wahrheitswert"), int: _l("eine ganze Zahl"),
               float: _l("eine Kommazahl"), str: _l("einen Text"), list: _l("eine Liste"),
               dict: _l("einen Abschnitt"), bytes: _l("Binärdaten (!!binary)"),
               type(None): _l("nichts (leerer Wert)")}
"""What the YAML gave instead, by its Python type."""
A_TEXT = _l("einen Text oder einen Abschnitt mit „de“ (deutsch) und „en“ (englisch)")
"""What a text of a definition asks for (forms.texts.text_schema)."""
UNDESCRIBED_FORM = _l("siehe die Beschreibung der Definitionen")
"""For a pattern without `x-message` (a test keeps every schema of ours from having one)."""
MESSAGE = "x-message"
"""The schema annotation that describes, in German, what a `pattern` expects; a message id,
translated when shown (`make translations` finds those of the JSON schema, forms.schemaextract)."""


def _expected(error: jsonschema.ValidationError) -> str:
    if error.schema.get("x-text"):
        return str(A_TEXT)
    kinds = error.validator_value
    return _(" oder ").join(str(SCHEMA_KINDS.get(k, k))
                            for k in ([kinds] if isinstance(kinds, str) else kinds))


def _number(value: Any) -> Any:
    """Show a bound as written: 1e15 as 1000000000000000, not 1000000000000000.0."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _form(error: jsonschema.ValidationError) -> Any:
    """Return the `x-message` of a pattern, translated when shown."""
    told = error.schema.get(MESSAGE)
    if isinstance(told, Message) or not told:
        return told or UNDESCRIBED_FORM
    return _l(told)


MESSAGES: dict[str, Callable[[jsonschema.ValidationError], Message]] = {
    "type": lambda e: _l("erwartet %(expected)s, gefunden %(found)s", expected=_Later(_expected, e),
                         found=FOUND_KINDS.get(type(e.instance), _l("einen anderen Wert"))),
    "pattern": lambda e: _l("hat nicht die erwartete Form: %(form)s", form=_form(e)),
    "minimum": lambda e: _l("muss mindestens %(bound)s sein", bound=_number(e.validator_value)),
    "maximum": lambda e: _l("darf höchstens %(bound)s sein", bound=_number(e.validator_value)),
    "exclusiveMinimum": lambda e: _l("muss größer als %(bound)s sein",
                                     bound=_number(e.validator_value)),
    "exclusiveMaximum": lambda e: _l("muss kleiner als %(bound)s sein",
                                     bound=_number(e.validator_value)),
    "minLength": lambda e: _l("darf nicht leer sein"),
    "maxLength": lambda e: _l("ist länger als %(count)s Zeichen", count=e.validator_value),
    "minItems": lambda e: _l("braucht mindestens %(count)s Einträge", count=e.validator_value),
    "maxItems": lambda e: _l("hat mehr als %(count)s Einträge", count=e.validator_value),
    "oneOf": lambda e: _l("braucht genau eines von „options“ oder „options_from“"),
    "minProperties": lambda e: _l("darf nicht leer sein"),
    "uniqueItems": lambda e: _l("enthält einen Eintrag doppelt"),
    "enum": lambda e: _l("erlaubt: %(values)s",
                         values=", ".join(str(v) for v in e.validator_value)),
}
"""A German message per validator keyword our schemas use (a test keeps it complete)."""


class _Later:
    """A part of a message worked out when it is shown (in the reader's language)."""

    def __init__(self, work: Callable[..., str], *args: Any) -> None:
        self.work, self.args = work, args

    def __str__(self) -> str:
        return self.work(*self.args)


def describe_error(error: jsonschema.ValidationError, path: list[Any], node: Any) -> Problem:
    """Turn a jsonschema error into a German problem with the offending key and its line."""
    dotted = ".".join(str(p) for p in path)
    if error.validator == "additionalProperties":
        # YAML keys need not be strings (`1:`, `no:`), so sort and name them as text.
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})), key=str)
        key = str(extra[0]) if extra else ""
        name = f"{dotted}.{key}" if dotted else key
        return Problem(_l("unbekannter Schlüssel „%(key)s“", key=key), name,
                       key_line(node, path, key))
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return Problem(_l("Pflichtschlüssel „%(key)s“ fehlt", key=missing), dotted,
                       line_of(node, path))
    told = MESSAGES.get(str(error.validator))
    message = told(error) if told else _l("entspricht nicht der Beschreibung der Definitionen")
    return Problem(message, dotted, line_of(node, path))
