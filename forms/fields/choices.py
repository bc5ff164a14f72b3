"""Choice field types: select, radio, multiselect and boolean (yes/no)."""

from __future__ import annotations

from typing import Any

from wtforms import BooleanField, RadioField, SelectChoice, SelectField, SelectMultipleField
from wtforms import validators as v
from wtforms.fields.core import UnboundField
from wtforms.widgets import CheckboxInput, ListWidget

from common.i18n import _

from ..spec import FieldSpec
from ..texts import _l, plain, text_schema
from .base import FieldType
from .registry import register

OPTION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["value", "label"],
    "properties": {
        "value": {"type": "string", "minLength": 1, "maxLength": 100},
        "label": text_schema(300),
    },
}
CHOICE_OPTIONS = {
    "options": {"type": "array", "minItems": 1, "maxItems": 1000, "items": OPTION},
    "options_from": {"type": "string", "pattern": "^[a-z0-9_-]+$",
                     "x-message": _l(
                         "der Name einer Codeliste: Kleinbuchstaben, Ziffern, - und _")},
}


class ChoiceType(FieldType):
    """Shared by the choice types: options inline or from a code list, exactly one of them."""

    options_schema = CHOICE_OPTIONS

    def schema(self) -> dict[str, Any]:
        schema = super().schema()
        schema["oneOf"] = [{"required": ["options"]}, {"required": ["options_from"]}]
        return schema

    def check(self, spec: FieldSpec) -> list[str]:
        # Two options of one value cannot be told apart: the answer would show the first label.
        seen: set[str] = set()
        twice = [o.value for o in spec.options if o.value in seen or seen.add(o.value)]
        problems = [_l("Der Wert „%(value)s“ kommt in den Optionen mehrfach vor; jede Option "
                       "braucht einen eigenen Wert.", value=v) for v in dict.fromkeys(twice)]
        return [*problems, *super().check(spec)]

    def choices(self, spec: FieldSpec) -> list[SelectChoice]:
        """Return WTForms choices from the resolved options."""
        return [SelectChoice(o.value, o.label) for o in spec.options]

    def plain_choices(self, spec: FieldSpec) -> list[SelectChoice]:
        """Return choices whose labels are plain text in the reader's language (an `<option>`
        holds no markup, so a German fallback is not wrapped in `<span lang>` there)."""
        return [SelectChoice(o.value, plain(o.label)) for o in spec.options]

    def display(self, spec: FieldSpec, value: Any) -> str:
        return spec.option_label(value) if value else "–"

    def answer_kind_problem(self, spec: FieldSpec, value: Any) -> str | None:
        allowed = [o.value for o in spec.options]
        chosen = value if isinstance(value, list) else [value]
        wrong = next((v for v in chosen if not isinstance(v, str) or v not in allowed), None)
        if wrong is None:
            return None
        shown = ", ".join(allowed[:8]) + (", …" if len(allowed) > 8 else "")
        return _l("„%(value)s“ ist keine Auswahl von „%(id)s“ (möglich: %(allowed)s)",
                  value=wrong, id=spec.id, allowed=shown)


@register("select")
class SelectType(ChoiceType):
    """A drop-down list; the first entry asks the resident to choose."""

    def build(self, spec: FieldSpec) -> UnboundField:
        # The empty first entry is the prompt: choosing it (or sending nothing) is no answer.
        choices = [SelectChoice("", _l("Bitte auswählen …")), *self.plain_choices(spec)]
        return SelectField(spec.label, self.presence(spec), choices=choices,
                           description=spec.help)


@register("radio")
class RadioType(ChoiceType):
    """Radio buttons, one answer."""

    def build(self, spec: FieldSpec) -> UnboundField:
        return RadioField(
            spec.label, self.presence(spec), choices=self.choices(spec), description=spec.help
        )


@register("multiselect")
class MultiselectType(ChoiceType):
    """Check boxes, any number of answers."""

    def build(self, spec: FieldSpec) -> UnboundField:
        return SelectMultipleField(
            spec.label,
            self.presence(spec),
            choices=self.choices(spec),
            description=spec.help,
            widget=ListWidget(prefix_label=False),
            option_widget=CheckboxInput(),
        )

    def to_json(self, spec: FieldSpec, data: Any) -> Any:
        return list(data or [])

    def display(self, spec: FieldSpec, value: Any) -> str:
        # str(): a label's own characters are its German; str() is the reader's language.
        return ", ".join(str(spec.option_label(x)) for x in value) if value else "–"

    def answer_kind_problem(self, spec: FieldSpec, value: Any) -> str | None:
        if not isinstance(value, list):
            return _l("„%(id)s“ erwartet eine Liste", id=spec.id)
        return super().answer_kind_problem(spec, value)


@register("boolean")
class BooleanType(FieldType):
    """A single check box; `required` means it must be ticked (a declaration, a consent)."""

    def missing_message(self, spec: FieldSpec) -> Any:
        if spec.label.de.endswith((".", "!", "?")):  # no „richtig.“.
            return _l("Bitte setzen Sie das Häkchen bei „%(label)s“", label=spec.label)
        return _l("Bitte setzen Sie das Häkchen bei „%(label)s“.", label=spec.label)

    def presence(self, spec: FieldSpec) -> list[Any]:
        return [v.DataRequired(message=self.missing_message(spec))] if spec.required else []

    def build(self, spec: FieldSpec) -> UnboundField:
        return BooleanField(spec.label, self.presence(spec), description=spec.help)

    def to_json(self, spec: FieldSpec, data: Any) -> Any:
        return bool(data)

    def display(self, spec: FieldSpec, value: Any) -> str:
        return _("Ja") if value else _("Nein")

    def answer_kind_problem(self, spec: FieldSpec, value: Any) -> str | None:
        return None if isinstance(value, bool) else _l("„%(id)s“ erwartet true oder false",
                                                       id=spec.id)
