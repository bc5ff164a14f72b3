"""The IBAN field type: country length and the ISO 13616 mod-97 check digits."""

from __future__ import annotations

import re
from typing import Any

from wtforms import StringField
from wtforms.fields.core import UnboundField
from wtforms.validators import ValidationError

from ..spec import FieldSpec
from ..texts import _l
from .base import FieldType
from .registry import register

# IBAN lengths of the SEPA countries (ISO 13616 registry); a SEPA mandate needs one of them.
SEPA_IBAN_LENGTHS = {
    "AD": 24, "AL": 28, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22,
    "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GI": 23, "GR": 27, "HR": 21,
    "HU": 28, "IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27,
    "MD": 24, "ME": 22, "MK": 19, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24,
    "SE": 24, "SI": 19, "SK": 24, "SM": 27, "VA": 22,
}
_SHAPE = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]+$")


def normalise_iban(raw: str) -> str:
    """Drop spaces and dashes and upper-case, as residents type IBANs in many ways."""
    return re.sub(r"[\s-]", "", raw or "").upper()


def iban_problem(iban: str) -> str | None:
    """Return what is wrong with a normalised IBAN in German, or None if it is valid."""
    if not _SHAPE.match(iban):
        return _l("Eine IBAN beginnt mit dem Länderkürzel und zwei Prüfziffern, z. B. DE89 …")
    expected = SEPA_IBAN_LENGTHS.get(iban[:2])
    if expected is None:
        return _l("Für das Land %(country)s ist kein SEPA-Lastschriftmandat möglich.",
                  country=iban[:2])
    if len(iban) != expected:
        return _l("Eine IBAN aus %(country)s hat %(expected)d Zeichen, Ihre Eingabe %(given)d.",
                  country=iban[:2], expected=expected, given=len(iban))
    if mod97(iban) != 1:
        return _l("Die Prüfziffern der IBAN stimmen nicht. Bitte prüfen Sie Ihre Eingabe.")
    return None


def mod97(iban: str) -> int:
    """Return the ISO 7064 mod-97 remainder of the rearranged IBAN (1 means valid)."""
    rearranged = iban[4:] + iban[:4]
    digits = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(digits) % 97


def validate_iban(form: Any, field: Any) -> None:
    """WTForms validator for the IBAN check."""
    problem = iban_problem(normalise_iban(field.data or ""))
    if problem:
        raise ValidationError(problem)


@register("iban")
class IbanType(FieldType):
    """A SEPA IBAN, stored without spaces, shown in groups of four."""

    def build(self, spec: FieldSpec) -> UnboundField:
        return StringField(spec.label, [*self.presence(spec), validate_iban],
                           description=spec.help, render_kw={"autocomplete": "off",
                                                             "spellcheck": "false"})

    def to_json(self, spec: FieldSpec, data: Any) -> Any:
        return normalise_iban(data) or None

    def display(self, spec: FieldSpec, value: Any) -> str:
        return " ".join(value[i:i + 4] for i in range(0, len(value), 4)) if value else "–"
