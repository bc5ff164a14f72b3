"""HTML autofill tokens (`autocomplete`) and the controls each one fits, as the HTML standard says.

WHATWG HTML, "Autofilling form controls": every field name belongs to a control group, and a
control accepts only some groups (street-address is multi-line: a textarea, never an input).
"""

from __future__ import annotations

from .texts import _l

GROUPS: dict[str, frozenset[str]] = {
    "text": frozenset("""name honorific-prefix given-name additional-name family-name
        honorific-suffix nickname organization-title organization address-line1 address-line2
        address-line3 address-level4 address-level3 address-level2 address-level1 country
        country-name postal-code cc-name cc-given-name cc-additional-name cc-family-name
        cc-number cc-csc cc-type transaction-currency language sex tel-country-code
        tel-national tel-area-code tel-local tel-local-prefix tel-local-suffix
        tel-extension""".split()),
    "multiline": frozenset({"street-address"}),
    "username": frozenset({"username"}),
    "password": frozenset({"new-password", "current-password", "one-time-code"}),
    "url": frozenset({"url", "photo", "impp"}),
    "email": frozenset({"email"}),
    "tel": frozenset({"tel"}),
    "numeric": frozenset({"cc-exp-month", "cc-exp-year", "transaction-amount", "bday-day",
                          "bday-month", "bday-year"}),
    "month": frozenset({"cc-exp"}),
    "date": frozenset({"bday"}),
}
EVERY_GROUP = frozenset(GROUPS)
CONTROLS: dict[str, frozenset[str]] = {
    "hidden": EVERY_GROUP,
    "text": EVERY_GROUP - {"multiline"},
    "search": EVERY_GROUP - {"multiline"},
    "textarea": EVERY_GROUP,
    "select": EVERY_GROUP,
    "password": frozenset({"password"}),
    "url": frozenset({"url"}),
    "email": frozenset({"email", "username"}),
    "tel": frozenset({"tel"}),
    "number": frozenset({"numeric"}),
    "month": frozenset({"month"}),
    "date": frozenset({"date"}),
}
CONTROL_NAMES = {"text": _l(
    "ein einzeiliges Textfeld"), "textarea": _l("ein mehrzeiliges Textfeld"),
                 "email": _l("ein E-Mail-Feld"), "tel": _l("ein Telefonfeld")}
CONTACT = frozenset({"home", "work", "mobile", "fax", "pager"})
CONTACT_FIELDS = frozenset({"tel", "email", "impp"}) | {n for n in GROUPS["text"]
                                                        if n.startswith("tel-")}
SUGGESTIONS = {"street-address": _l(" Für Straße und Hausnummer in einer Zeile: address-line1.")}


def field_name(tokens: list[str]) -> str | None:
    """Return the field name of a token list, or None when the tokens break the grammar."""
    rest = tokens[:-1] if tokens[-1:] == ["webauthn"] else tokens
    if rest and rest[0].startswith("section-"):
        rest = rest[1:]
    if rest and rest[0] in ("shipping", "billing"):
        rest = rest[1:]
    if len(rest) == 2 and rest[0] in CONTACT and rest[1] in CONTACT_FIELDS:
        rest = rest[1:]
    return rest[0] if len(rest) == 1 else None


def autofill_problem(value: str, control: str) -> str | None:
    """Return, in German, why `value` is no valid autocomplete for the control, or None."""
    tokens = value.lower().split()
    if tokens in (["on"], ["off"]):
        return None
    name = field_name(tokens) if tokens else None
    group = next((g for g, names in GROUPS.items() if name in names), None)
    if group is None:
        return _l("autocomplete „%(value)s“ ist kein Autofill-Wert des HTML-Standards.",
                  value=value)
    if group not in CONTROLS.get(control, EVERY_GROUP):
        where = CONTROL_NAMES.get(control) or _l("ein Feld vom Typ %(type)s", type=control)
        return _l("autocomplete „%(value)s“ passt nicht auf %(control)s.%(hint)s", value=value,
                  control=where, hint=SUGGESTIONS.get(name, ""))
    return None
