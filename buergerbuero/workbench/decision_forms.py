"""The Bescheid's form on the case page: outcome, the letter's text, reasons, fee and address."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms import validators as v

from common.i18n import _l

from ..core.webforms import GermanForm
from ..models import DecisionOutcome
from .decision_texts import OUTCOME_LABELS
from .decisions import Draft

AMOUNT = re.compile(r"^\d{1,7}(?:\.\d{1,2})?$")
MAX_LINES = 8
"""Lines an address block may have (a window envelope shows no more)."""


def reasons_unless_full_grant(form: DecisionForm, field: TextAreaField) -> None:
    """Refuse a decision without reasons unless it grants the application in full."""
    if form.entscheidung.data != DecisionOutcome.BEWILLIGUNG.value and not (field.data or ""):
        raise v.StopValidation(_l("Bitte begründen Sie die Entscheidung: nur eine "
                                  "vollständige Bewilligung kommt ohne Begründung aus."))


def normalised(text: str) -> str:
    """Return a typed amount with a decimal point: "1.234,50" and "1234.50" give "1234.50"."""
    text = text.strip().replace(" ", "")
    return text.replace(".", "").replace(",", ".") if "," in text else text


def euro_amount(_form: DecisionForm, field: StringField) -> None:
    """Accept an amount in euros with at most two decimals (120 or 120,50), or nothing."""
    if field.data and not AMOUNT.match(normalised(field.data)):
        raise v.ValidationError(_l("Bitte geben Sie die Gebühr in Euro an, etwa 120,00."))


def few_lines(_form: DecisionForm, field: TextAreaField) -> None:
    """Keep the address block within what a window envelope shows."""
    if len([line for line in (field.data or "").splitlines() if line.strip()]) > MAX_LINES:
        raise v.ValidationError(_l("Die Anschrift hat höchstens %(count)d Zeilen.",
                                   count=MAX_LINES))


class DecisionForm(GermanForm):
    """Draft a Bescheid; "Vorlage einsetzen" puts the template of the chosen outcome in."""

    entscheidung = RadioField(_l("Entscheidung"), [v.InputRequired(_l(
        "Bitte wählen Sie die Entscheidung."))], choices=[])
    tenor = TextAreaField(_l("Entscheidung im Wortlaut (Tenor)"), [
        v.Length(max=10000, message=_l("Höchstens 10000 Zeichen."))],
        description=_l("Leer gelassen, setzt „Entwurf speichern“ die Vorlage der gewählten "
                       "Entscheidung ein. Platzhalter in geschweiften Klammern werden beim "
                       "Speichern ausgefüllt."))
    begruendung = TextAreaField(_l("Begründung"), [
        reasons_unless_full_grant, v.Length(max=20000, message=_l("Höchstens 20000 Zeichen."))])
    gebuehr = StringField(_l("Gebühr in Euro"), [euro_amount],
                          description=_l("Vorbelegt mit der bei der Einreichung berechneten "
                                         "Gebühr; leer: der Bescheid setzt keine fest."))
    anschrift = TextAreaField(_l("Anschrift"), [
        v.DataRequired(_l("Bitte geben Sie die Anschrift an.")), few_lines,
        v.Length(max=1000, message=_l("Höchstens 1000 Zeichen."))],
        description=_l("Eine Zeile je Adresszeile, zuerst der Name."))
    aktion = HiddenField()

    def offer(self) -> DecisionForm:
        """Offer the three outcomes (labels in the reader's language)."""
        self.entscheidung.choices = [(o.value, str(OUTCOME_LABELS[o])) for o in DecisionOutcome]
        return self

    @property
    def wants_template(self) -> bool:
        """Tell whether the case worker asked for the chosen outcome's template."""
        return self.aktion.data == "vorlage"

    def fee_cents(self) -> int | None:
        """Return the fee typed, in cents (None when left empty)."""
        text = normalised(self.gebuehr.data or "")
        if not text:
            return None
        try:
            return int(Decimal(text) * 100)
        except InvalidOperation:  # the validator let nothing else through
            return None

    def draft(self, body: str) -> Draft:
        """Return what was typed, with `body` as the letter's text."""
        return Draft(DecisionOutcome(self.entscheidung.data), body, self.begruendung.data or "",
                     self.fee_cents(), self.anschrift.data or "")
