"""What every field type provides: its options schema, the WTForms field, normalising, display."""

from __future__ import annotations

import copy
from typing import Any

from wtforms import validators as v
from wtforms.fields.core import UnboundField

from ..spec import FieldSpec

COMMON_PROPERTIES: dict[str, Any] = {
    "id": {"type": "string"},
    "type": {"type": "string"},
    "label": {"type": "string"},
    "help": {"type": "string"},
    "required": {"type": "boolean"},
}


def required_message(spec: FieldSpec) -> str:
    """Return the German message for a missing answer, naming the field."""
    return f"Bitte füllen Sie „{spec.label}“ aus."


class FieldType:
    """One field type: everything about it lives in its plug-in (build, validate, store, show)."""

    identifier: str = ""
    options_schema: dict[str, Any] = {}
    """JSON Schema properties of the keys this type accepts besides the common ones."""
    required_options: tuple[str, ...] = ()

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
        return []

    def build(self, spec: FieldSpec) -> UnboundField:
        """Return the unbound WTForms field for this spec."""
        raise NotImplementedError

    def presence(self, spec: FieldSpec) -> list[Any]:
        """Return the required/optional validator that starts every chain."""
        if spec.required:
            return [v.InputRequired(message=required_message(spec))]
        return [v.Optional()]

    def to_json(self, spec: FieldSpec, data: Any) -> Any:
        """Return the normalised answer as stored (JSON-compatible)."""
        return data if data not in ("", None) else None

    def to_form(self, spec: FieldSpec, value: Any) -> Any:
        """Return the stored answer as the WTForms field expects it as data."""
        return value

    def display(self, spec: FieldSpec, value: Any) -> str:
        """Return the answer as a resident or case worker reads it."""
        return "–" if value in (None, "", []) else str(value)
