"""The date field type, with bounds that may be absolute or relative to today."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from wtforms import DateField
from wtforms.fields.core import UnboundField
from wtforms.validators import ValidationError

from common.formatting import format_date
from common.i18n import _, current_language

from ..spec import FieldSpec
from ..texts import _l
from .base import FieldType
from .registry import register

# The date picker sends ISO; typed by hand (or where there is no picker) people write 17.05.1980.
INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
BOUND = {"type": "string", "pattern": r"^(today([+-]([0-9]{1,5}d|[0-9]{1,4}m|[0-9]{1,3}y))?"
                                      r"|[0-9]{4}-[0-9]{2}-[0-9]{2})$",
         "x-message": _l("today, today-18y, today+6m, today+30d oder ein Datum JJJJ-MM-TT")}
"""`today`, `today-18y`, `today+6m`, `today-30d` or an ISO date."""
MONTHS_PER_UNIT = {"m": 1, "y": 12}
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def resolve_bound(bound: str, today: dt.date | None = None) -> dt.date:
    """Turn 'today', 'today-18y', 'today+6m', 'today-30d' or '2026-01-31' into a date."""
    today = today or dt.date.today()
    if not bound.startswith("today"):
        return dt.date.fromisoformat(bound)
    if bound == "today":
        return today
    amount, unit = int(bound[5:-1]), bound[-1]
    if unit == "d":
        return today + dt.timedelta(days=amount)
    return add_months(today, amount * MONTHS_PER_UNIT[unit])


def add_months(day: dt.date, months: int) -> dt.date:
    """Return the same day `months` later (or earlier); the month's last day if it has fewer.

    So 29 February less a year is 28 February, and 31 August plus six months 28 (29) February;
    with `max: today-18y`, someone born on 29 February 2008 may apply from 1 March 2026.
    """
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def german(day: dt.date) -> str:
    """Format a date for the reader: 01.12.2026 in German, 1 December 2026 in English."""
    language = current_language()
    return day.strftime("%d.%m.%Y") if language == "de" else format_date(day, language)


def _exists(bound: str) -> bool:
    try:
        resolve_bound(bound)
    except (ValueError, OverflowError):
        return False
    return True


class DateBounds:
    """Validator: the date lies within the definition's min and max (resolved per request)."""

    def __init__(self, minimum: str | None, maximum: str | None,
                 clock: Callable[[], dt.date] = dt.date.today) -> None:
        self.minimum, self.maximum, self.clock = minimum, maximum, clock

    def __call__(self, form: Any, field: Any) -> None:
        if field.data is None:
            return
        today = self.clock()
        if self.minimum and field.data < resolve_bound(self.minimum, today):
            earliest = german(resolve_bound(self.minimum, today))
            raise ValidationError(_("Das Datum darf nicht vor dem %(day)s liegen.", day=earliest))
        if self.maximum and field.data > resolve_bound(self.maximum, today):
            latest = german(resolve_bound(self.maximum, today))
            raise ValidationError(_("Das Datum darf nicht nach dem %(day)s liegen.", day=latest))


class GermanDateField(DateField):
    """A date input whose parse error speaks German; digits are 0 to 9 (strptime takes others)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            if any(not str(value).isascii() for value in valuelist):
                raise ValueError("a date of other digits than 0 to 9")
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ).")) from exc


@register("date")
class DateType(FieldType):
    """A calendar date; `min`/`max` as ISO dates or `today` with an offset in d, m or y."""

    options_schema = {"min": BOUND, "max": BOUND}

    def check(self, spec: FieldSpec) -> list[str]:
        bounds = {k: spec.settings[k] for k in ("min", "max") if k in spec.settings}
        try:
            days = {k: resolve_bound(bound) for k, bound in bounds.items()}
        except (ValueError, OverflowError):  # 2026-02-30, or today-2026y: before the year 1
            return [_l("%(key)s: „%(bound)s“ ist kein Tag, den es im Kalender gibt", key=k,
                       bound=bound) for k, bound in bounds.items() if not _exists(bound)]
        # `today` against a fixed date would only hold on some days: a stored definition must
        # load tomorrow as it did today, so only bounds of the same kind are compared.
        same_kind = len({bound.startswith("today") for bound in bounds.values()}) == 1
        if len(days) == 2 and same_kind and days["min"] > days["max"]:
            return [_l("min liegt nach max")]
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

    def answer_kind_problem(self, spec: FieldSpec, value: Any) -> str | None:
        if isinstance(value, str) and iso_date(value) is not None:
            return None
        return _l("„%(id)s“ erwartet ein Datum JJJJ-MM-TT", id=spec.id)


def iso_date(text: str) -> dt.date | None:
    """Return the day of 'YYYY-MM-DD' text (as date fields store it), else None."""
    if not ISO_DATE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
