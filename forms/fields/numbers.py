"""Number field types: `number` (decimal) and `integer`, written and shown the reader's way:
German 1.234,56, English 1,234.56 (stored as JSON numbers, whatever the language)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from wtforms import StringField
from wtforms.fields.core import UnboundField
from wtforms.validators import ValidationError

from common.i18n import current_language

from ..spec import FieldSpec
from ..texts import _l, text_schema
from .base import FieldType, Presence
from .registry import register

SAFE_INTEGER = 2**53 - 1
"""Largest integer every JSON reader (JavaScript, doubles) keeps exactly."""
MAX_DIGITS = 15
"""Significant digits a stored JSON number (a double) keeps exactly."""
NUMBER_FORMAT = _l("Bitte geben Sie eine Zahl an, z. B. 1.234,56.")
DIGITS_ONLY = _l("Bitte schreiben Sie die Zahl mit den Ziffern 0 bis 9, z. B. 1.234,56.")
INTEGER_FORMAT = _l("Bitte geben Sie eine ganze Zahl an, z. B. 1.234.")
INTEGER_DIGITS_ONLY = _l("Bitte schreiben Sie die Zahl mit den Ziffern 0 bis 9, z. B. 1.234.")
_SPACES = "[ \u00a0\u202f]"
_GROUPED = rf"[0-9]{{1,3}}(?:\.[0-9]{{3}})+|[0-9]{{1,3}}(?:{_SPACES}[0-9]{{3}})+"
# German notation first: "1.234" is one thousand two hundred thirty-four, "1.234,5" has a
# decimal comma. A lone dot before other than three digits ("12.5") is a decimal point, as
# people (and number pads) type it. Digits are 0 to 9 only, not `\d`: Decimal reads every
# Unicode digit (U+0661 U+0662 as 12), so the answer stored would differ from the one shown.
_COMMA_DECIMAL = re.compile(rf"^(?P<int>[0-9]+|{_GROUPED})(?:,(?P<frac>[0-9]+))?$")
_DOT_DECIMAL = re.compile(
    rf"^(?P<int>[0-9]+|[0-9]{{1,3}}(?:{_SPACES}[0-9]{{3}})+)\.(?P<frac>[0-9]+)$")
# English: commas between thousands, a decimal point; a lone comma before other than three
# digits ("12,5") is a decimal comma, as a German keyboard habit types it.
_GROUPED_EN = rf"[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]{{1,3}}(?:{_SPACES}[0-9]{{3}})+"
_DOT_DECIMAL_EN = re.compile(rf"^(?P<int>[0-9]+|{_GROUPED_EN})(?:\.(?P<frac>[0-9]+))?$")
_COMMA_DECIMAL_EN = re.compile(
    rf"^(?P<int>[0-9]+|[0-9]{{1,3}}(?:{_SPACES}[0-9]{{3}})+),(?P<frac>[0-9]{{1,2}}|[0-9]{{4,}})$")
NUMBER_BOUND = {"type": "number", "minimum": -1e15, "maximum": 1e15}
INTEGER_BOUND = {"type": "integer", "minimum": -SAFE_INTEGER, "maximum": SAFE_INTEGER}


class ForeignDigits(ValueError):
    """Digits other than 0 to 9: the message says so, whatever the field's own example."""


def parse_german_number(raw: str) -> Decimal:
    """Read a number as Germans write it (1.234,56 / 1234,56 / 1234.56 / −7); ValueError if not."""
    return _parse(raw, (_COMMA_DECIMAL, _DOT_DECIMAL))


def parse_english_number(raw: str) -> Decimal:
    """Read a number as English writes it (1,234.56 / 1234.56 / 1234,5 / −7); ValueError if not."""
    return _parse(raw, (_DOT_DECIMAL_EN, _COMMA_DECIMAL_EN))


def _parse(raw: str, notations: tuple[re.Pattern[str], ...]) -> Decimal:
    """Read a signed number by the first notation that matches (groups int and frac)."""
    text = raw.strip()
    negative = text[:1] in ("-", "\u2212")
    if text[:1] in ("+", "-", "\u2212"):
        text = text[1:]
    match = next((m for pattern in notations if (m := pattern.match(text))), None)
    if match is None:
        foreign = any(c.isdigit() and not c.isascii() for c in text)
        raise ForeignDigits(DIGITS_ONLY) if foreign else ValueError(NUMBER_FORMAT)
    whole = re.sub(r"[^0-9]", "", match["int"])
    value = Decimal(f"{whole}.{match['frac']}" if match["frac"] else whole)
    return -value if negative else value


def parse_number(raw: str, language: str | None = None) -> Decimal:
    """Read a number in the reader's notation (German unless the language is English)."""
    english = (language or current_language()) == "en"
    return parse_english_number(raw) if english else parse_german_number(raw)


def number_text(value: Decimal | int | float, language: str | None = None) -> str:
    """Format a number for the reader: 12.345,6 / 12,345.6; four digits stay ungrouped (1998)."""
    thousands, decimal = (",", ".") if (language or current_language()) == "en" else (".", ",")
    number = Decimal(str(value))
    sign = "-" if number < 0 else ""
    whole, _, fraction = format(abs(number), "f").partition(".")
    # DIN 5008 leaves four-digit numbers ungrouped, so a year reads 1998, not 1.998.
    grouped = f"{int(whole):,}".replace(",", thousands) if len(whole) > 4 else whole
    return sign + grouped + (decimal + fraction if fraction else "")


def decimal_places(value: Decimal) -> int:
    """Return the decimal places that matter (1,50 has one: trailing zeros add nothing)."""
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def as_decimal(value: Any) -> Decimal | None:
    """Turn a bound from the definition (int or float from YAML) into an exact Decimal."""
    return None if value is None else Decimal(str(value))


class NumberRules:
    """Validator: bounds, decimal places and step of a number, all compared exactly."""

    def __init__(self, spec: FieldSpec, integer: bool) -> None:
        settings = spec.settings
        self.minimum = as_decimal(settings.get("min"))
        self.maximum = as_decimal(settings.get("max"))
        self.step = as_decimal(settings.get("step"))
        self.decimals = 0 if integer else settings.get("decimals", 2)
        self.unit = settings.get("unit", "")

    def __call__(self, form: Any, field: Any) -> None:
        problem = self.problem(field.data)
        if problem:
            raise ValidationError(problem)

    def problem(self, value: Decimal) -> str | None:
        """Return what is wrong with the number in German, or None."""
        if len(value.normalize().as_tuple().digits) > MAX_DIGITS or abs(value) > SAFE_INTEGER:
            return _l("Die Zahl hat zu viele Stellen (höchstens %(count)d).", count=MAX_DIGITS)
        if decimal_places(value) > self.decimals:
            if self.decimals == 0:
                return INTEGER_FORMAT
            return _l("Bitte geben Sie höchstens eine Nachkommastelle an.") \
                if self.decimals == 1 else \
                _l("Bitte geben Sie höchstens %(count)d Nachkommastellen an.", count=self.decimals)
        return self.bounds_problem(value) or self.step_problem(value)

    def bounds_problem(self, value: Decimal) -> str | None:
        """Return the message for a number outside min and max."""
        low = self.minimum is not None and value < self.minimum
        high = self.maximum is not None and value > self.maximum
        if (low or high) and self.minimum is not None and self.maximum is not None:
            low_text, high_text = self.show(self.minimum), self.show(self.maximum)
            return _l("Bitte geben Sie eine Zahl von %(low)s bis %(high)s an.", low=low_text,
                      high=high_text)
        if low:
            return _l("Die Zahl muss mindestens %(bound)s sein.", bound=self.show(self.minimum))
        if high:
            return _l("Die Zahl darf höchstens %(bound)s sein.", bound=self.show(self.maximum))
        return None

    def step_problem(self, value: Decimal) -> str | None:
        """Return the message for a number off the step grid (counted from min, else from 0)."""
        if self.step is None:
            return None
        base = self.minimum if self.minimum is not None else Decimal(0)
        if (value - base) % self.step == 0:
            return None
        if base == 0:
            return _l("Bitte geben Sie ein Vielfaches von %(step)s an.", step=self.show(self.step))
        return _l("Bitte geben Sie %(base)s plus ein Vielfaches von %(step)s an.",
                  base=self.show(base), step=self.show(self.step))

    def show(self, value: Decimal) -> str:
        """Format a bound for a message, with the unit."""
        return f"{number_text(value)} {self.unit}".strip()


class GermanNumberField(StringField):
    """A text input (not type=number) for numbers typed the reader's way; data is a Decimal."""

    def __init__(self, *args: Any, format_message: str = NUMBER_FORMAT,
                 digits_message: str = DIGITS_ONLY, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.format_message = format_message
        self.digits_message = digits_message

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = None
        if valuelist and isinstance(valuelist[0], str) and valuelist[0].strip():
            try:
                self.data = parse_number(valuelist[0])
            except ForeignDigits as exc:
                raise ValueError(self.digits_message) from exc
            except ValueError as exc:  # the example fits the field: no decimals for an integer
                raise ValueError(self.format_message) from exc

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return number_text(self.data) if self.data is not None else ""


class NumberType(FieldType):
    """Shared by number and integer: parse, check, store a JSON number, show it German."""

    integer = False
    format_message = NUMBER_FORMAT
    digits_message = DIGITS_ONLY
    answer_kind = _l("eine Zahl")
    """What a rule test's answer must be, as the German message names it."""

    def presence(self, spec: FieldSpec) -> list[Any]:
        return [Presence(spec)]

    def check(self, spec: FieldSpec) -> list[str]:
        settings = spec.settings
        problems = []
        if "min" in settings and "max" in settings and settings["min"] > settings["max"]:
            problems.append(_l("min ist größer als max"))
        decimals = 0 if self.integer else settings.get("decimals", 2)
        for key in ("min", "max", "step"):
            if key in settings and decimal_places(as_decimal(settings[key])) > decimals:
                problems.append(_l("%(key)s hat mehr Nachkommastellen als erlaubt (%(count)d)",
                                   key=key, count=decimals))
        return problems

    def build(self, spec: FieldSpec) -> UnboundField:
        render = {"autocomplete": "off", "spellcheck": "false"}
        if spec.settings.get("min", -1) >= 0:  # phone keypads for numbers have no minus sign
            render["inputmode"] = "numeric" if self.integer else "decimal"
        chain = [*self.presence(spec), NumberRules(spec, self.integer)]
        return GermanNumberField(spec.label, chain, description=self.hint(spec), render_kw=render,
                                 format_message=self.format_message,
                                 digits_message=self.digits_message)

    def hint(self, spec: FieldSpec) -> str:
        """Return the help text, with the unit when the definition names one."""
        unit = spec.settings.get("unit")
        if not unit:
            return spec.help
        return _l("%(help)s (Angabe in %(unit)s)", help=spec.help, unit=unit) if spec.help \
            else _l("Angabe in %(unit)s", unit=unit)

    def to_json(self, spec: FieldSpec, data: Any) -> Any:
        if data is None:
            return None
        return int(data) if data == data.to_integral_value() else float(data)

    def to_form(self, spec: FieldSpec, value: Any) -> Any:
        return as_decimal(value)

    def display(self, spec: FieldSpec, value: Any) -> str:
        if value is None:
            return "–"
        return f"{number_text(value)} {spec.settings.get('unit', '')}".strip()

    def answer_kind_problem(self, spec: FieldSpec, value: Any) -> str | None:
        kinds = int if self.integer else int | float
        if isinstance(value, kinds) and not isinstance(value, bool):
            return None
        return _l("„%(field)s“ erwartet %(kind)s", field=spec.id, kind=self.answer_kind)


@register("number")
class DecimalType(NumberType):
    """A number with decimal places (`decimals`, default 2), `min`, `max`, `step`, `unit`."""

    options_schema = {
        "min": NUMBER_BOUND,
        "max": NUMBER_BOUND,
        "step": {"type": "number", "exclusiveMinimum": 0, "maximum": 1e15},
        "decimals": {"type": "integer", "minimum": 0, "maximum": 6},
        "unit": text_schema(20),
    }


@register("integer")
class IntegerType(NumberType):
    """A whole number with `min`, `max`, `step` and `unit`."""

    integer = True
    format_message = INTEGER_FORMAT
    digits_message = INTEGER_DIGITS_ONLY
    answer_kind = _l("eine ganze Zahl")
    options_schema = {
        "min": INTEGER_BOUND,
        "max": INTEGER_BOUND,
        "step": {"type": "integer", "minimum": 1, "maximum": SAFE_INTEGER},
        "unit": text_schema(20),
    }
