"""The date field type, with bounds that may be absolute or relative to today."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wtforms import DateField
from wtforms.fields.core import UnboundField
from wtforms.validators import ValidationError

from ..spec import FieldSpec
from .base import FieldType
from .registry import register

# The date picker sends ISO; typed by hand (or where there is no picker) people write 17.05.1980.
INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
BOUND = {"type": "string", "pattern": r"^(today([+-][0-9]{1,5}d)?|[0-9]{4}-[0-9]{2}-[0-9]{2})$"}


def resolve_bound(bound: str, today: dt.date | None = None) -> dt.date:
    """Turn 'today', 'today-6570d' or '2026-01-31' into a date."""
    today = today or dt.date.today()
    if bound.startswith("today"):
        offset = bound[5:-1]
        return today + dt.timedelta(days=int(offset)) if offset else today
    return dt.date.fromisoformat(bound)


def german(day: dt.date) -> str:
    """Format a date as Germans write it."""
    return day.strftime("%d.%m.%Y")


class DateBounds:
    """Validator: the date lies within the definition's min and max (resolved per request)."""

    def __init__(self, minimum: str | None, maximum: str | None) -> None:
        self.minimum, self.maximum = minimum, maximum

    def __call__(self, form: Any, field: Any) -> None:
        if field.data is None:
            return
        if self.minimum and field.data < resolve_bound(self.minimum):
            earliest = german(resolve_bound(self.minimum))
            raise ValidationError(f"Das Datum darf nicht vor dem {earliest} liegen.")
        if self.maximum and field.data > resolve_bound(self.maximum):
            latest = german(resolve_bound(self.maximum))
            raise ValidationError(f"Das Datum darf nicht nach dem {latest} liegen.")


class GermanDateField(DateField):
    """A date input whose parse error speaks German."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError("Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ).") from exc


@register("date")
class DateType(FieldType):
    """A calendar date; `min`/`max` as ISO dates or `today` with an optional day offset."""

    options_schema = {"min": BOUND, "max": BOUND}

    def check(self, spec: FieldSpec) -> list[str]:
        bounds = {k: spec.settings[k] for k in ("min", "max") if k in spec.settings}
        try:
            days = {k: resolve_bound(bound) for k, bound in bounds.items()}
        except ValueError as exc:
            return [f"ungültiges Datum: {exc}"]
        # `today` against a fixed date would only hold on some days: a stored definition must
        # load tomorrow as it did today, so only bounds of the same kind are compared.
        same_kind = len({bound.startswith("today") for bound in bounds.values()}) == 1
        if len(days) == 2 and same_kind and days["min"] > days["max"]:
            return ["min liegt nach max"]
        return []

    def build(self, spec: FieldSpec) -> UnboundField:
        chain = self.presence(spec) + [
            DateBounds(spec.settings.get("min"), spec.settings.get("max"))
        ]
        return GermanDateField(spec.label, chain, format=INPUT_FORMATS, description=spec.help)

    def to_json(self, spec: FieldSpec, data: Any) -> Any:
        return data.isoformat() if isinstance(data, dt.date) else None

    def to_form(self, spec: FieldSpec, value: Any) -> Any:
        return dt.date.fromisoformat(value) if value else None

    def display(self, spec: FieldSpec, value: Any) -> str:
        return german(dt.date.fromisoformat(value)) if value else "–"
