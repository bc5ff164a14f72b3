"""The fixed forms of the Postfach: forwarding a case, changing its status, assigning it."""

from __future__ import annotations

from sqlalchemy import select
from wtforms import DateField, SelectChoice, SelectField, TextAreaField
from wtforms import validators as v

from common.i18n import _l

from ..cases.lifecycle import allowed_next, needs_reason
from ..core.extensions import db
from ..core.labels import department_name, label
from ..core.webforms import GermanForm
from ..models import Case, CaseStatus, Department, User

STATUS_VALUES = frozenset(s.value for s in CaseStatus)


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


def known_status(_form: GermanForm, field: SelectField) -> None:
    """Refuse a value that is no status at all (a status not allowed now is the machine's to
    refuse, with its own message and 409)."""
    if field.data not in STATUS_VALUES:
        raise v.ValidationError(_l("Bitte wählen Sie einen gültigen Status."))


class StatusForm(GermanForm):
    """Change a case's status: only the changes the state machine allows are offered."""

    status = SelectField(_l("Neuer Status"), [known_status], choices=[], validate_choice=False)
    reason = TextAreaField(
        _l("Grund"),
        [v.Length(max=2000, message=_l("Höchstens 2000 Zeichen."))],
        description=_l("Nötig, wenn Sie einen Vorgang von Hand abschließen oder wieder "
                       "öffnen; die Antragstellerin oder der Antragsteller sieht ihn im "
                       "Verlauf."),
        id="status-reason")  # the forward form has a `reason` too: one page, unique ids

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


class PostingForm(GermanForm):
    """Record the day a Bescheid was handed to the post (Aufgabe zur Post)."""

    posted_on = DateField(_l("Tag der Aufgabe zur Post"), [
        v.InputRequired(_l("Bitte geben Sie den Tag an, an dem der Bescheid zur Post gegeben "
                           "wurde."))])
