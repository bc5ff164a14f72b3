"""The fixed forms of the Postfach: forwarding a case, asking the resident (Rückfrage),
changing its status, assigning it, drafting its Bescheid."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from wtforms import (
    DateField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms import validators as v

from common.i18n import _l

from ..cases.lifecycle import allowed_next, needs_reason
from ..cases.queries import MAX_DAYS, deadline_problem, default_answer_by
from ..core.extensions import db
from ..core.forms import MessageForm
from ..core.labels import department_name, label
from ..core.webforms import GermanForm
from ..models import Case, CaseStatus, DecisionOutcome, Department, User
from .decision_texts import OUTCOME_LABELS
from .decisions import Draft

STATUS_VALUES = frozenset(s.value for s in CaseStatus)
MAX_ITEMS = 20


class ForwardForm(GermanForm):
    """Forward a case to another department."""

    department = SelectField(_l("Weiterleiten an"), choices=[])
    reason = TextAreaField(_l("Begründung"), [
        v.DataRequired(_l("Bitte begründen Sie die Weiterleitung.")),
        v.Length(max=1000, message=_l("Höchstens 1000 Zeichen."))])

    def offer(self, current: Department) -> ForwardForm:
        """Offer every department but the current one."""
        others = db.session.scalars(select(Department).where(Department.id != current.id)
                                    .order_by(Department.name)).all()
        self.department.choices = [SelectChoice(d.key, str(department_name(d))) for d in others]
        return self


class QueryForm(MessageForm):
    """Ask the resident (Rückfrage): the question, what is needed one per line, by when; files
    as with a message."""

    body = TextAreaField(
        _l("Ihre Rückfrage"),
        [v.DataRequired(_l("Bitte schreiben Sie Ihre Rückfrage.")),
         v.Length(max=5000, message=_l("Eine Rückfrage hat höchstens 5000 Zeichen."))])
    items = TextAreaField(
        _l("Was benötigen Sie?"),
        [v.DataRequired(_l("Bitte nennen Sie, was Sie benötigen: eine Angabe oder ein Dokument "
                           "je Zeile.")),
         v.Length(max=3000, message=_l("Höchstens 3000 Zeichen."))],
        description=_l("Eine Angabe oder ein Dokument je Zeile, höchstens %(count)s.",
                       count=MAX_ITEMS))
    answer_by = DateField(
        _l("Antwort bis"),
        [v.InputRequired(_l("Bitte geben Sie die Antwortfrist an."))],
        description=_l("Nach dem heutigen Tag, höchstens %(days)s Tage später.",
                       days=MAX_DAYS))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Its own field names: the message box's form on the same page has a `body` too.
        kwargs.setdefault("prefix", "rueckfrage")
        super().__init__(*args, **kwargs)

    def offer(self, case: Case) -> QueryForm:
        """Propose the service's answer period when no deadline was typed."""
        if self.answer_by.data is None and not self.answer_by.raw_data:
            self.answer_by.data = default_answer_by(case)
        return self

    def item_list(self) -> list[str]:
        """Return what is asked for, one entry per non-empty line."""
        return [line.strip() for line in (self.items.data or "").splitlines() if line.strip()]

    def validate_items(self, _field: TextAreaField) -> None:
        """Refuse too many entries, or one too long."""
        entries = self.item_list()
        if len(entries) > MAX_ITEMS:
            raise v.ValidationError(_l("Höchstens %(count)s Zeilen.", count=MAX_ITEMS))
        if any(len(entry) > 300 for entry in entries):
            raise v.ValidationError(_l("Eine Zeile hat höchstens 300 Zeichen."))

    def validate_answer_by(self, field: DateField) -> None:
        """Refuse a deadline today or earlier, or too far ahead."""
        if field.data is not None and (problem := deadline_problem(field.data)):
            raise v.ValidationError(problem)


def known_status(_form: GermanForm, field: SelectField) -> None:
    """Refuse a value that is no status at all (a status not allowed now is the machine's to
    refuse, with its own message and 409)."""
    if field.data not in STATUS_VALUES:
        raise v.ValidationError(_l("Bitte wählen Sie einen gültigen Status."))


class StatusForm(GermanForm):
    """Change a case's status: only the changes the state machine allows are offered."""

    status = SelectField(_l("Neuer Status"), [known_status], choices=[], validate_choice=False)
    # its own id: the forward form's reason sits on the same page
    reason = TextAreaField(
        _l("Grund"),
        [v.Length(max=2000, message=_l("Höchstens 2000 Zeichen."))], id="status-reason",
        description=_l("Nötig, wenn Sie einen Vorgang von Hand abschließen oder wieder "
                       "öffnen; die Antragstellerin oder der Antragsteller sieht ihn im "
                       "Verlauf."))

    def offer(self, case: Case) -> StatusForm:
        """Offer the statuses the case may move to now (labels in the reader's language)."""
        self.status.choices = [SelectChoice(s.value, label(s)) for s in allowed_next(case.status)]
        return self

    def asks_reason(self, case: Case) -> bool:
        """Tell whether a status on offer needs a reason (then the text area is shown)."""
        return any(needs_reason(case.status, CaseStatus(c.value), None)
                   for c in self.status.choices)


class AssignForm(GermanForm):
    """Assign a case to a case worker of its department (checked by assignment.assignee_for)."""

    bearbeitung = SelectField(_l("Zuweisen an"), choices=[], validate_choice=False)

    def offer(self, colleagues: list[User]) -> AssignForm:
        """Offer the department's active case workers."""
        self.bearbeitung.choices = [SelectChoice(str(u.id), u.display_name) for u in colleagues]
        return self


# --- the Bescheid (workbench/decision_views.py) ---------------------------------------

AMOUNT = re.compile(r"^\d{1,7}(?:\.\d{1,2})?$")
LETTER_INPUT = {"class": "app-letter-input", "rows": 12}
"""render_kw of the letter's long texts (app.css gives them room)."""
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
                       "Speichern ausgefüllt."), render_kw=LETTER_INPUT)
    begruendung = TextAreaField(_l("Begründung"), [
        reasons_unless_full_grant, v.Length(max=20000, message=_l("Höchstens 20000 Zeichen."))],
        render_kw=LETTER_INPUT)
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


class PostingForm(GermanForm):
    """Record the day a Bescheid was handed to the post (Aufgabe zur Post)."""

    posted_on = DateField(_l("Tag der Aufgabe zur Post"), [
        v.InputRequired(_l("Bitte geben Sie den Tag an, an dem der Bescheid zur Post gegeben "
                           "wurde."))])
