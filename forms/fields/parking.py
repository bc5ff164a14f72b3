"""The parking_address field type: a street and house number that must lie in a parking zone.

The zones come from a code list (`zones_from`) whose entries are streets with house-number
ranges: `{value: lindenweg, label: Lindenweg, ranges: [{from: 1, to: 29, zone: A, parity: odd}]}`.
The answer stores street, house number and the zone found, so routing and fees can use the zone.
"""

from __future__ import annotations

import re
from typing import Any

import wtforms
from wtforms import FormField, SelectChoice, SelectField, StringField
from wtforms import validators as v
from wtforms.fields.core import UnboundField
from wtforms.validators import ValidationError

from ..spec import FieldSpec, Option
from ..texts import _l, plain
from .base import FieldType, required_message
from .compose import GermanMeta
from .registry import register

HOUSE_NUMBER = re.compile(r"^([1-9][0-9]{0,3})\s*([a-zA-Z]?)$")
NO_ZONE = (_l("Diese Anschrift liegt in keiner Bewohnerparkzone. Ein Bewohnerparkausweis ist nur "
           "für Anschriften in einer Zone möglich."))


def zone_of(street: Option | None, house_number: str) -> str | None:
    """Return the zone of a street and house number, or None if the address is in none."""
    match = HOUSE_NUMBER.match((house_number or "").strip())
    if street is None or match is None:
        return None
    number = int(match.group(1))
    for item in street.data.get("ranges", ()):
        parity = item.get("parity", "all")
        fits_parity = parity == "all" or (number % 2 == 1) == (parity == "odd")
        if item["from"] <= number <= item["to"] and fits_parity:
            return item["zone"]
    return None


def street(spec: FieldSpec, value: str | None) -> Option | None:
    """Return the street's code list entry."""
    return next((o for o in spec.options if o.value == value), None)


class AddressForm(wtforms.Form):
    """Street and house number; CSRF lives on the enclosing step form."""

    class Meta(GermanMeta):
        pass


@register("parking_address")
class ParkingAddressType(FieldType):
    """Main residence in a parking zone: street from the zone list plus house number."""

    codelist_option = "zones_from"
    required_options = ("zones_from",)
    options_schema = {"zones_from": {"type": "string", "pattern": "^[a-z0-9_-]+$",
                                     "x-message": _l("der Name einer Codeliste: Kleinbuchstaben, "
                                                  "Ziffern, - und _")}}

    def check(self, spec: FieldSpec) -> list[str]:
        if "required_if" in spec.settings or "visible_if" in spec.settings:
            return [_l("parking_address kennt kein required_if/visible_if (immer gefragt)")]
        return []

    def build(self, spec: FieldSpec) -> UnboundField:
        needed = [v.InputRequired(message=required_message(spec))]

        def validate_hausnummer(form: Any, field: Any) -> None:
            if not HOUSE_NUMBER.match((field.data or "").strip()):
                raise ValidationError(_l("Bitte geben Sie eine Hausnummer an, z. B. 12 oder 12a."))
            if zone_of(street(spec, form.strasse.data), field.data) is None:
                raise ValidationError(NO_ZONE)

        subform = type("ParkingAddress", (AddressForm,), {
            "strasse": SelectField(_l("Straße"), needed, choices=[
                SelectChoice("", _l("Bitte auswählen …")),
                *(SelectChoice(o.value, plain(o.label)) for o in spec.options)]),
            "hausnummer": StringField(_l("Hausnummer"), needed, render_kw={"autocomplete": "off"}),
            "validate_hausnummer": validate_hausnummer,
        })
        return FormField(subform, spec.label, description=spec.help)

    def to_json(self, spec: FieldSpec, data: Any) -> Any:
        if not data or not data.get("strasse"):
            return None
        entry = street(spec, data["strasse"])
        number = (data.get("hausnummer") or "").strip()
        return {"strasse": data["strasse"], "strasse_name": entry.label if entry else "",
                "hausnummer": number, "parkzone": zone_of(entry, number)}

    def to_form(self, spec: FieldSpec, value: Any) -> Any:
        return {"strasse": value.get("strasse"), "hausnummer": value.get("hausnummer")} \
            if value else None

    def display(self, spec: FieldSpec, value: Any) -> str:
        if not value:
            return "–"
        return _l("%(street)s %(number)s (Zone %(zone)s)", street=value["strasse_name"],
                  number=value["hausnummer"], zone=value["parkzone"])
