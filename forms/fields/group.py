"""The group field type: a set of sub-fields, repeatable (e.g. one entry per dog)."""

from __future__ import annotations

from typing import Any

from wtforms import FieldList, FormField
from wtforms.fields.core import UnboundField

from common.i18n import ngettext

from ..spec import FieldSpec
from ..texts import _l, text_schema
from .base import FieldType
from .compose import subform_class
from .registry import field_types, register

REPEAT = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "min": {"type": "integer", "minimum": 0, "maximum": 50},
        "max": {"type": "integer", "minimum": 1, "maximum": 50},
    },
}


class GroupField(FieldList):
    """A group's entries; after validation each entry's messages say which entry they are in
    ("Hund 2: Chipnummer: …"), at the field and in the page's error summary alike."""

    def __init__(self, *args: Any, item_label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item_label = item_label
        self.type = "FieldList"  # templates render it as the FieldList it is (macros/forms.html)

    def validate(self, form: Any, extra_validators: Any = ()) -> bool:
        valid = super().validate(form, extra_validators)
        for number, entry in enumerate(self.entries, start=1):
            for sub in entry.form:
                if sub.errors:
                    # In place: the entries' error dicts already hold these very lists.
                    sub.errors[:] = [self.located(number, sub.label.text, message)
                                     for message in sub.errors]
        return valid

    def located(self, number: int, label: str, message: str) -> str:
        """Return the message prefixed with its entry, and the field's label unless it names it."""
        shown = str(message)  # in the reader's language, as its label is
        # Is the label quoted in the message already (German or English quotes)?
        named = f"„{label}“" in shown or f"“{label}”" in shown  # untranslated: a search
        prefix = "" if named else f"{label}: "  # formatted: a label's `+` would give German
        return f"{self.item_label} {number}: {prefix}{message}"


@register("group")
class GroupType(FieldType):
    """Sub-fields filled in `repeat.min` to `repeat.max` times; stored as a list of objects."""

    options_schema = {
        "fields": {"type": "array", "minItems": 1, "maxItems": 50, "items": {"type": "object"}},
        "repeat": REPEAT,
        "add_label": text_schema(100),
        "item_label": text_schema(100),
    }
    required_options = ("fields",)

    def check(self, spec: FieldSpec) -> list[str]:
        repeat = spec.repeat
        if repeat and repeat.min > repeat.max:
            return [_l("repeat.min ist größer als repeat.max")]
        if any(f.type == "group" for f in spec.fields):
            return [_l("Gruppen lassen sich nicht verschachteln")]
        return []

    def build(self, spec: FieldSpec) -> UnboundField:
        repeat = spec.repeat
        return GroupField(
            FormField(subform_class(spec.fields)),
            spec.label,
            min_entries=repeat.min if repeat else 1,
            max_entries=repeat.max if repeat else 1,
            description=spec.help,
            item_label=spec.settings.get("item_label", spec.label),
        )

    def to_json(self, spec: FieldSpec, data: Any) -> Any:
        return [
            {f.id: field_types[f.type].to_json(f, entry.get(f.id)) for f in spec.fields
             if field_types[f.type].has_answer}
            for entry in data or []
        ]

    def to_form(self, spec: FieldSpec, value: Any) -> Any:
        return [
            {f.id: field_types[f.type].to_form(f, entry.get(f.id)) for f in spec.fields}
            for entry in value or []
        ]

    def display(self, spec: FieldSpec, value: Any) -> str:
        return ngettext("%(num)d Eintrag", "%(num)d Einträge", len(value or []))
