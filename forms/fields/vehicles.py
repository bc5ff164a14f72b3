"""The licence-plate field type (Wunschkennzeichen): FZV structure, refused letters, canonical."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wtforms import StringField
from wtforms.fields.core import UnboundField
from wtforms.validators import ValidationError

from common.text import tidy

from ..patterns import fullmatch, matches
from ..spec import FieldSpec
from ..texts import _l
from .base import FieldType, Presence
from .registry import register

MAX_CHARACTERS = 8
"""Characters on the plate in all, the E or H counted (it takes one of the eight places)."""
NATIONAL_REFUSED_PAIRS = frozenset({"HJ", "KZ", "NS", "SA", "SS"})
"""Letter pairs no Zulassungsbehörde issues (Nazi abbreviations), inside the letters and
across the hyphen (K-Z…, N-S…), following the FZV's rule on the combination of both parts."""
AREA = r"^[A-ZÄÖÜ]{1,3}$"  # untranslated: a regular expression
FORMAT = _l(
    "Ein Kennzeichen besteht aus Unterscheidungszeichen, Buchstaben und Zahl, z. B. WI-AB 123.")
MESSAGES = {
    "characters": _l("Ein Kennzeichen enthält nur Buchstaben, Ziffern, Leerzeichen und einen "
                  "Bindestrich, z. B. WI-AB 123."),
    "hyphen": _l("Der Bindestrich steht nach dem Unterscheidungszeichen, z. B. WI-AB 123."),
    "digits": _l("Nach den Buchstaben folgt eine Zahl mit 1 bis 4 Ziffern, z. B. WI-AB 123."),
    "zero": _l("Die Zahl des Kennzeichens beginnt nicht mit 0."),
    "suffix": _l("Am Ende ist nur E (Elektrofahrzeug) oder H (Oldtimer) möglich."),
    "umlaut": _l("Umlaute (Ä, Ö, Ü) gibt es nur im Unterscheidungszeichen, nicht in den Buchstaben "
              "danach."),
    "letters": _l(
        "Nach dem Unterscheidungszeichen folgen ein oder zwei Buchstaben, z. B. WI-AB 123."),
    "area": _l("Das Unterscheidungszeichen „%(area)s“ kann hier nicht beantragt werden."),
    "unknown_area": _l("Das Kennzeichen beginnt nicht mit einem Unterscheidungszeichen, das hier "
                    "beantragt werden kann."),
    "ambiguous": _l("Bitte trennen Sie das Unterscheidungszeichen mit einem Bindestrich ab, "
                 "z. B. %(example)s."),
    "length": _l("Ein Kennzeichen hat höchstens 8 Zeichen (ein E oder H mitgezählt); "
              "„%(plate)s“ hat %(count)s."),
    "pair": _l("Die Buchstabenfolge „%(pair)s“ wird nicht vergeben."),
    "across": _l(
        "„%(area)s-%(letters)s“ ergibt zusammen „%(pair)s“; diese Buchstabenfolge wird nicht "
              "vergeben."),
    "combination": _l("Die Kombination „%(combination)s“ wird nicht vergeben."),
    "no_suffix": _l("Ein Kennzeichen mit %(suffix)s am Ende kann hier nicht beantragt werden."),
}
COMBINATION = r"^([A-ZÄÖÜ]{1,3}-[A-Z]{1,2}|[A-Z]{1,2} [1-9][0-9]{0,3})$"  # untranslated: regex


class PlateError(ValueError):
    """The typed plate cannot be read or is not issued; the message is German."""


@dataclass(frozen=True)
class Plate:
    """A German licence plate split into its parts."""

    area: str
    """Unterscheidungszeichen, 1–3 letters (umlauts possible)."""
    letters: str
    """1–2 letters A–Z of the Erkennungsnummer."""
    digits: str
    """1–4 digits, no leading zero."""
    suffix: str = ""
    """E (electric) or H (historic) or nothing."""

    def canonical(self) -> str:
        """Return the plate as it is written: WI-AB 123E."""
        return f"{self.area}-{self.letters} {self.digits}{self.suffix}"

    def length(self) -> int:
        """Return the number of characters on the plate, separators not counted."""
        return len(self.area + self.letters + self.digits + self.suffix)


def parse_plate(raw: str, areas: frozenset[str]) -> Plate:
    """Read a typed plate ("wi-ab 123", "WI AB123E", "wiab123"); PlateError if impossible."""
    text = " ".join(raw.split())
    if not fullmatch(r"[A-Za-zÄÖÜäöü0-9 -]+", text):  # untranslated: regex
        raise PlateError(MESSAGES["characters"])
    compact, hints, hyphens = _compact(text.upper())
    match = fullmatch(r"([A-ZÄÖÜ]+)([0-9]*)([A-ZÄÖÜ]*)", compact)  # untranslated: regex
    if match is None:
        raise PlateError(FORMAT)
    run, digits, suffix = match.groups()
    _check_number(digits, suffix)
    if hyphens and (len(hyphens) > 1 or not 0 < hyphens[0] < len(run)):
        raise PlateError(MESSAGES["hyphen"])
    inside = hyphens or [p for p in hints if 0 < p < len(run)]
    area, letters = _split(run, inside, areas, digits)
    return Plate(area, letters, digits, suffix)


def _compact(text: str) -> tuple[str, list[int], list[int]]:
    """Drop separators; return the rest and where spaces and hyphens stood in it."""
    compact, spaces, hyphens = "", [], []
    for char in text:
        if char == " ":
            spaces.append(len(compact))
        elif char == "-":
            hyphens.append(len(compact))
        else:
            compact += char
    return compact, spaces, hyphens


def _check_number(digits: str, suffix: str) -> None:
    if not digits or len(digits) > 4:
        raise PlateError(MESSAGES["digits"])
    if digits[0] == "0":
        raise PlateError(MESSAGES["zero"])
    if suffix not in ("", "E", "H"):
        raise PlateError(MESSAGES["suffix"])


def _split(run: str, separators: list[int], areas: frozenset[str], digits: str) -> tuple[str, str]:
    """Split the leading letters into area and letters, by the typed separator or the areas."""
    if len(separators) > 1:
        raise PlateError(FORMAT)
    if separators:
        area, letters = run[:separators[0]], run[separators[0]:]
        _check_parts(area, letters, areas)
        return area, letters
    splits = [(run[:n], run[n:]) for n in (1, 2, 3) if 1 <= len(run) - n <= 2]
    known = [(a, b) for a, b in splits if a in areas]
    valid = [(a, b) for a, b in known if fullmatch(r"[A-Z]+", b)]
    if len(valid) > 1:
        area, letters = valid[0]
        raise PlateError(MESSAGES["ambiguous"] % dict(example=f"{area}-{letters} {digits}"))
    if valid or known:
        _check_parts(*(valid or known)[0], areas)
        return (valid or known)[0]
    raise PlateError(MESSAGES["unknown_area"] if splits else MESSAGES["letters"])


def _check_parts(area: str, letters: str, areas: frozenset[str]) -> None:
    if not matches(AREA, area) or area not in areas:
        raise PlateError(MESSAGES["area"] % dict(area=area))
    if not 1 <= len(letters) <= 2:
        raise PlateError(MESSAGES["letters"])
    if not fullmatch(r"[A-Z]+", letters):
        raise PlateError(MESSAGES["umlaut"])


def plate_problem(plate: Plate, refused_pairs: frozenset[str] = NATIONAL_REFUSED_PAIRS,
                  refused_combinations: frozenset[str] = frozenset(),
                  suffixes: frozenset[str] = frozenset({"E", "H"})) -> str | None:
    """Return why this plate is not issued, in German, or None."""
    if plate.length() > MAX_CHARACTERS:
        return MESSAGES["length"] % {"plate": plate.canonical(), "count": plate.length()}
    if plate.suffix and plate.suffix not in suffixes:
        return MESSAGES["no_suffix"] % dict(suffix=plate.suffix)
    if plate.letters in refused_pairs:
        return MESSAGES["pair"] % dict(pair=plate.letters)
    across = plate.area[-1] + plate.letters[0]
    if across in refused_pairs:
        return MESSAGES["across"] % dict(area=plate.area, letters=plate.letters, pair=across)
    for combination in (f"{plate.area}-{plate.letters}", f"{plate.letters} {plate.digits}"):
        if combination in refused_combinations:
            return MESSAGES["combination"] % dict(combination=combination)
    return None


class PlateRule:
    """Validator: the plate can be read, its area may be applied for here, it is issued."""

    def __init__(self, spec: FieldSpec) -> None:
        settings = spec.settings
        self.areas = frozenset(o.value for o in spec.options)
        self.pairs = NATIONAL_REFUSED_PAIRS | frozenset(settings.get("refused_pairs", ()))
        self.combinations = frozenset(settings.get("refused_combinations", ()))
        self.suffixes = frozenset(settings.get("suffixes", ("E", "H")))

    def __call__(self, form: Any, field: Any) -> None:
        try:
            plate = parse_plate(field.data, self.areas)
        except PlateError as exc:
            raise ValidationError(str(exc)) from exc
        problem = plate_problem(plate, self.pairs, self.combinations, self.suffixes)
        if problem:
            raise ValidationError(problem)


@register("licence_plate")
class LicencePlateType(FieldType):
    """A Wunschkennzeichen; areas from a code list (`areas_from`), stored as WI-AB 123E."""

    codelist_option = "areas_from"
    required_options = ("areas_from",)
    options_schema = {
        "areas_from": {"type": "string", "pattern": "^[a-z0-9_-]+$",
                       "x-message": _l(
                           "der Name einer Codeliste: Kleinbuchstaben, Ziffern, - und _")},
        "refused_pairs": {"type": "array", "maxItems": 100,
                          "items": {"type": "string", "pattern": "^[A-Z]{2}$",
                                    "x-message": _l("zwei Großbuchstaben, z. B. KZ")}},
        "refused_combinations": {"type": "array", "maxItems": 1000, "items": {
            "type": "string", "pattern": COMBINATION,
            "x-message": _l("ein Unterscheidungszeichen mit Buchstaben (z. B. WI-AB) oder "
                         "Buchstaben mit Zahl (z. B. „AB 123“)")}},
        "suffixes": {"type": "array", "uniqueItems": True,
                     "items": {"type": "string", "enum": ["E", "H"]}},
        # The platform reserves the plate at submit (90 days, never twice); see
        # buergerbuero/cases/plates.py. The engine itself only validates the plate's form.
        "reserve": {"type": "boolean"},
    }

    def presence(self, spec: FieldSpec) -> list[Any]:
        return [Presence(spec)]

    def check(self, spec: FieldSpec) -> list[str]:
        wrong = [o.value for o in spec.options if not matches(AREA, o.value)]
        if wrong:
            return [_l("%(codelist)s: kein Unterscheidungszeichen: %(values)s",
                       codelist=spec.settings["areas_from"], values=", ".join(wrong[:5]))]
        return []

    def build(self, spec: FieldSpec) -> UnboundField:
        render = {"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        chain = [*self.presence(spec), PlateRule(spec)]
        return StringField(spec.label, chain, description=spec.help, filters=[_strip],
                           render_kw=render)

    def to_json(self, spec: FieldSpec, data: Any) -> Any:
        if not data:
            return None
        return parse_plate(data, frozenset(o.value for o in spec.options)).canonical()


def _strip(value: Any) -> Any:
    return tidy(value) if isinstance(value, str) else value
