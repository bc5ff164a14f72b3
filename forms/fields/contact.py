"""Contact field types: phone (stored as E.164) and postcode (German Postleitzahl)."""

from __future__ import annotations

import re
from typing import Any

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult
from wtforms import StringField
from wtforms.fields.core import UnboundField
from wtforms.validators import ValidationError

from common.text import tidy

from ..spec import FieldSpec
from ..texts import _l, text_schema
from .base import FieldType, Presence
from .registry import register

E164_MAX_DIGITS = 15
PHONE_CHARACTERS = re.compile(r"^\+?[0-9 /().\-]+$")
SPACES = re.compile(r"\s")
PHONE_LETTERS = _l("Eine Telefonnummer besteht aus Ziffern; erlaubt sind außerdem Leerzeichen, " \
    "Schrägstrich, Bindestrich, Klammern und ein + am Anfang.")
PHONE_SHORT = _l("Die Telefonnummer ist zu kurz. Bitte geben Sie sie mit Vorwahl an.")
PHONE_LONG = _l("Die Telefonnummer ist zu lang.")
PHONE_INVALID = _l("Diese Telefonnummer gibt es so nicht. Bitte prüfen Sie Vorwahl und Ziffern.")
PHONE_COUNTRY = _l("Die Landesvorwahl ist unbekannt. Bitte prüfen Sie die Ziffern nach dem +.")
PHONE_GERMAN = _l("Bitte geben Sie eine deutsche Telefonnummer an.")
PARSE_MESSAGES = {
    NumberParseException.INVALID_COUNTRY_CODE: PHONE_COUNTRY,
    NumberParseException.TOO_SHORT_AFTER_IDD: PHONE_SHORT,
    NumberParseException.TOO_SHORT_NSN: PHONE_SHORT,
    NumberParseException.TOO_LONG: PHONE_LONG,
}
POSSIBLE_MESSAGES = {
    ValidationResult.INVALID_COUNTRY_CODE: PHONE_COUNTRY,
    ValidationResult.TOO_SHORT: PHONE_SHORT,
    ValidationResult.TOO_LONG: PHONE_LONG,
}
POSTCODE_FORMAT = _l("Eine Postleitzahl hat fünf Ziffern, z. B. 65183.")
POSTCODE_UNKNOWN = _l("Diese Postleitzahl gibt es nicht. Bitte prüfen Sie Ihre Eingabe.")
POSTCODE_OUTSIDE = _l("Diese Postleitzahl liegt nicht im Zuständigkeitsbereich.")
# Deutsche Post assigns 01001 to 99998; the zone 00 has never been used.
POSTCODE_RANGE = (1001, 99998)
POSTCODE = {"type": "string", "pattern": "^[0-9]{5}$",
            "x-message": _l("eine fünfstellige Postleitzahl in Anführungszeichen, z. B. \"65183\"")}


def phone_problem(raw: str, international: bool = True) -> str | None:
    """Return what is wrong with a typed phone number in German, or None."""
    text = SPACES.sub(" ", raw).strip()
    if not PHONE_CHARACTERS.match(text):
        return PHONE_LETTERS
    try:
        number = phonenumbers.parse(text, "DE")
    except NumberParseException as exc:
        return PARSE_MESSAGES.get(exc.error_type, PHONE_INVALID)
    if len(phonenumbers.format_number(number, PhoneNumberFormat.E164)) - 1 > E164_MAX_DIGITS:
        return PHONE_LONG
    if not phonenumbers.is_valid_number(number):
        reason = phonenumbers.is_possible_number_with_reason(number)
        return POSSIBLE_MESSAGES.get(reason, PHONE_INVALID)
    if not international and phonenumbers.region_code_for_number(number) != "DE":
        return PHONE_GERMAN
    return None


def e164(raw: str) -> str:
    """Return a valid typed phone number in E.164 (0611 1720 becomes +496111720)."""
    try:
        number = phonenumbers.parse(SPACES.sub(" ", raw).strip(), "DE")
    except NumberParseException as exc:
        raise ValueError(str(exc)) from exc
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def readable_phone(stored: str) -> str:
    """Return a stored E.164 number grouped for reading (+49 611 1720)."""
    return phonenumbers.format_number(phonenumbers.parse(stored, None),
                                      PhoneNumberFormat.INTERNATIONAL)


class PhoneRule:
    """Validator: the typed text is a valid phone number (German plan or, if allowed, foreign)."""

    def __init__(self, international: bool) -> None:
        self.international = international

    def __call__(self, form: Any, field: Any) -> None:
        problem = phone_problem(field.data, self.international)
        if problem:
            raise ValidationError(problem)


@register("phone")
class PhoneType(FieldType):
    """A telephone number: German (0611 …) or international (+44 …); stored in E.164."""

    control = "tel"

    options_schema = {
        "international": {"type": "boolean"},
        "autocomplete": {"type": "string", "maxLength": 50},
    }

    def presence(self, spec: FieldSpec) -> list[Any]:
        return [Presence(spec)]

    def build(self, spec: FieldSpec) -> UnboundField:
        chain = [*self.presence(spec), PhoneRule(spec.settings.get("international", True))]
        render = {"autocomplete": spec.settings.get("autocomplete", "tel"), "inputmode": "tel"}
        return StringField(spec.label, chain, description=spec.help, filters=[strip],
                           render_kw=render)

    def to_json(self, spec: FieldSpec, data: Any) -> Any:
        return e164(data) if data else None

    def to_form(self, spec: FieldSpec, value: Any) -> Any:
        return readable_phone(value) if value else None

    def display(self, spec: FieldSpec, value: Any) -> str:
        return readable_phone(value) if value else "–"


def postcode_problem(postcode: str, allowed: Any = None, prefixes: Any = None,
                     outside: str = POSTCODE_OUTSIDE) -> str | None:
    """Return what is wrong with a typed German postcode in German, or None."""
    if not re.fullmatch(r"[0-9]{5}", postcode):
        return POSTCODE_FORMAT
    if not POSTCODE_RANGE[0] <= int(postcode) <= POSTCODE_RANGE[1]:
        return POSTCODE_UNKNOWN
    if allowed is not None and postcode not in allowed:
        return outside
    if prefixes is not None and not postcode.startswith(tuple(prefixes)):
        return outside
    return None


class PostcodeRule:
    """Validator: five digits in the Deutsche Post range, optionally from a given area."""

    def __init__(self, settings: Any) -> None:
        self.allowed = frozenset(settings["allowed"]) if "allowed" in settings else None
        self.prefixes = tuple(settings["prefixes"]) if "prefixes" in settings else None
        self.outside = settings.get("outside_message", POSTCODE_OUTSIDE)

    def __call__(self, form: Any, field: Any) -> None:
        problem = postcode_problem(field.data, self.allowed, self.prefixes, self.outside)
        if problem:
            raise ValidationError(problem)


@register("postcode")
class PostcodeType(FieldType):
    """A German Postleitzahl; `allowed` (list) or `prefixes` limit it to an area."""

    options_schema = {
        "allowed": {"type": "array", "minItems": 1, "maxItems": 10000, "items": POSTCODE},
        "prefixes": {"type": "array", "minItems": 1, "maxItems": 1000,
                     "items": {"type": "string", "pattern": "^[0-9]{1,4}$",
                               "x-message": _l("der Anfang einer Postleitzahl, 1 bis 4 Ziffern in "
                                            "Anführungszeichen, z. B. \"651\"")}},
        "outside_message": text_schema(300),
    }

    def presence(self, spec: FieldSpec) -> list[Any]:
        return [Presence(spec)]

    def check(self, spec: FieldSpec) -> list[str]:
        settings = spec.settings
        if "allowed" in settings and "prefixes" in settings:
            return [_l("allowed und prefixes schließen einander aus")]
        unknown = [p for p in settings.get("allowed", ()) if postcode_problem(p)]
        return [_l("keine gültige Postleitzahl: %(values)s", values=", ".join(unknown))] \
            if unknown else []

    def build(self, spec: FieldSpec) -> UnboundField:
        chain = [*self.presence(spec), PostcodeRule(spec.settings)]
        render = {"autocomplete": "postal-code", "inputmode": "numeric", "spellcheck": "false"}
        return StringField(spec.label, chain, description=spec.help, filters=[strip],
                           render_kw=render)

    def to_json(self, spec: FieldSpec, data: Any) -> Any:
        return data or None


def strip(value: Any) -> Any:
    """Trim what was typed (invisible characters too), so spaces alone are no answer."""
    return tidy(value) if isinstance(value, str) else value
