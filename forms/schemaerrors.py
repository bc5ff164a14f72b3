"""jsonschema's complaints about a definition, told in German with the key and line they concern.

Types are named in the administrator's words, not JSON's; a `pattern` is described by the
`x-message` annotation of its schema node (every pattern of ours has one), never shown as the
regular expression itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jsonschema

from .exceptions import Problem
from .yamlsource import key_line, line_of

SCHEMA_KINDS = {"integer": "eine ganze Zahl", "number": "eine Zahl", "string": "einen Text",
                "array": "eine Liste", "object": "einen Abschnitt (Schlüssel: Wert)",
                "boolean": "einen Wahrheitswert (true oder false)", "null": "nichts"}
"""What a schema's `type` asks for."""
FOUND_KINDS = {bool: "einen Wahrheitswert", int: "eine ganze Zahl", float: "eine Kommazahl",
               str: "einen Text", list: "eine Liste", dict: "einen Abschnitt",
               bytes: "Binärdaten (!!binary)", type(None): "nichts (leerer Wert)"}
"""What the YAML gave instead, by its Python type."""
UNDESCRIBED_FORM = "siehe die Beschreibung der Definitionen"
"""For a pattern without `x-message` (a test keeps every schema of ours from having one)."""
MESSAGE = "x-message"
"""The schema annotation that describes, in German, what a `pattern` expects."""


def _expected(kinds: str | list[str]) -> str:
    return " oder ".join(SCHEMA_KINDS.get(k, k) for k in ([kinds] if isinstance(kinds, str)
                                                           else kinds))


def _number(value: Any) -> Any:
    """Show a bound as written: 1e15 as 1000000000000000, not 1000000000000000.0."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


MESSAGES: dict[str, Callable[[jsonschema.ValidationError], str]] = {
    "type": lambda e: f"erwartet {_expected(e.validator_value)}, gefunden "
                      f"{FOUND_KINDS.get(type(e.instance), 'einen anderen Wert')}",
    "pattern": lambda e: "hat nicht die erwartete Form: "
                         + e.schema.get(MESSAGE, UNDESCRIBED_FORM),
    "minimum": lambda e: f"muss mindestens {_number(e.validator_value)} sein",
    "maximum": lambda e: f"darf höchstens {_number(e.validator_value)} sein",
    "exclusiveMinimum": lambda e: f"muss größer als {_number(e.validator_value)} sein",
    "exclusiveMaximum": lambda e: f"muss kleiner als {_number(e.validator_value)} sein",
    "minLength": lambda e: "darf nicht leer sein",
    "maxLength": lambda e: f"ist länger als {e.validator_value} Zeichen",
    "minItems": lambda e: f"braucht mindestens {e.validator_value} Einträge",
    "maxItems": lambda e: f"hat mehr als {e.validator_value} Einträge",
    "oneOf": lambda e: "braucht genau eines von „options“ oder „options_from“",
    "minProperties": lambda e: "darf nicht leer sein",
    "uniqueItems": lambda e: "enthält einen Eintrag doppelt",
    "enum": lambda e: "erlaubt: " + ", ".join(str(v) for v in e.validator_value),
}
"""A German sentence per validator keyword our schemas use (a test keeps it complete)."""


def describe_error(error: jsonschema.ValidationError, path: list[Any], node: Any) -> Problem:
    """Turn a jsonschema error into a German problem with the offending key and its line."""
    dotted = ".".join(str(p) for p in path)
    if error.validator == "additionalProperties":
        # YAML keys need not be strings (`1:`, `no:`), so sort and name them as text.
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})), key=str)
        key = str(extra[0]) if extra else ""
        name = f"{dotted}.{key}" if dotted else key
        return Problem(f"unbekannter Schlüssel „{key}“", name, key_line(node, path, key))
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return Problem(f"Pflichtschlüssel „{missing}“ fehlt", dotted, line_of(node, path))
    told = MESSAGES.get(str(error.validator))
    message = told(error) if told else "entspricht nicht der Beschreibung der Definitionen"
    return Problem(message, dotted, line_of(node, path))
