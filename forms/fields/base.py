"""What every field type provides: its options schema, the WTForms field, normalising, display."""

from __future__ import annotations

import copy
from typing import Any

from wtforms import validators as v
from wtforms.fields.core import UnboundField
from wtforms.validators import StopValidation

from ..autofill import autofill_problem
from ..spec import FieldSpec
from ..texts import _l, text_schema

COMMON_PROPERTIES: dict[str, Any] = {
    "id": {"type": "string"},
    "type": {"type": "string"},
    "label": text_schema(300),
    "help": text_schema(1000, empty=True),
    "required": {"type": "boolean"},
    # Conditions: expressions the loader compiles and checks (forms/expressions.py).
    "visible_if": {"type": "string", "minLength": 1},
    "required_if": {"type": "string", "minLength": 1},
}


def required_message(spec: FieldSpec) -> Any:
    """Return the message for a missing answer, naming the field (translated when shown)."""
    return _l("Bitte füllen Sie „%(label)s“ aus.", label=spec.label)


class FieldType:
    """One field type: everything about it lives in its plug-in (build, validate, store, show)."""

    identifier: str = ""
    options_schema: dict[str, Any] = {}
    """JSON Schema properties of the keys this type accepts besides the common ones."""
    required_options: tuple[str, ...] = ()
    codelist_option: str = "options_from"
    """The key naming a code list whose entries become `FieldSpec.options` (e.g. `areas_from`)."""
    has_answer: bool = True
    """False for text-only fields: nothing is stored, the review shows no row."""
    multipart: bool = False
    """True when the field posts files, so its step form needs multipart/form-data."""
    control: str = "text"
    """The HTML control it renders (text, textarea, email, tel): which autocomplete fits."""

    def schema(self) -> dict[str, Any]:
        """Return the JSON Schema a field of this type must satisfy (unknown keys refused)."""
        properties = copy.deepcopy(COMMON_PROPERTIES) | copy.deepcopy(self.options_schema)
        return {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "type", "label", *self.required_options],
            "properties": properties,
        }

    def check(self, spec: FieldSpec) -> list[str]:
        """Return problems the schema cannot see (e.g. min greater than max)."""
        problem = autofill_problem(spec.settings["autocomplete"], self.control) \
            if "autocomplete" in spec.settings else None
        return [problem] if problem else []

    def build(self, spec: FieldSpec) -> UnboundField:
        """Return the unbound WTForms field for this spec."""
        raise NotImplementedError

    def missing_message(self, spec: FieldSpec) -> Any:
        """Return the German message for a required answer that is missing, naming the field."""
        return required_message(spec)

    def presence(self, spec: FieldSpec) -> list[Any]:
        """Return the required/optional validator that starts every chain."""
        if spec.required:
            return [v.InputRequired(message=self.missing_message(spec))]
        return [v.Optional()]

    def to_json(self, spec: FieldSpec, data: Any) -> Any:
        """Return the normalised answer as stored (JSON-compatible)."""
        return data if data not in ("", None) else None

    def to_form(self, spec: FieldSpec, value: Any) -> Any:
        """Return the stored answer as the WTForms field expects it as data."""
        return value

    def display(self, spec: FieldSpec, value: Any) -> str:
        """Return the answer as a resident or case worker reads it."""
        return "–" if value in (None, "", []) else str(value)  # untranslated: a dash

    def answer_kind_problem(self, spec: FieldSpec, value: Any) -> str | None:
        """Return why an answer a rule test gives (as YAML) cannot be one a resident gives to
        this field, in German, or None; the value is not None."""
        return None


class Presence:
    """First link of a typed field's chain: an answer that could not be read keeps its own
    message; no answer stops the chain, with the required message when an answer is needed."""

    def __init__(self, spec: FieldSpec) -> None:
        self.message = required_message(spec) if spec.required else ""
        self.field_flags = {"required": True} if spec.required else {"optional": True}

    def __call__(self, form: Any, field: Any) -> None:
        if field.process_errors:
            raise StopValidation()
        if field.data is None or field.data == "":
            raise StopValidation(self.message)
