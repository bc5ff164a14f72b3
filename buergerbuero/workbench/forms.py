"""The fixed forms of the Postfach: forwarding a case, changing its status."""

from __future__ import annotations

from sqlalchemy import select
from wtforms import SelectChoice, SelectField, TextAreaField
from wtforms import validators as v

from ..core.extensions import db
from ..core.labels import label
from ..core.webforms import GermanForm
from ..models import CaseStatus, Department

WORKABLE = [
    CaseStatus.IN_BEARBEITUNG,
    CaseStatus.RUECKFRAGE,
    CaseStatus.ABGESCHLOSSEN,
    CaseStatus.ABGELEHNT,
]


class ForwardForm(GermanForm):
    """Forward a case to another department."""

    department = SelectField("Weiterleiten an", choices=[])
    reason = TextAreaField("Begründung", [
        v.DataRequired("Bitte begründen Sie die Weiterleitung."),
        v.Length(max=1000, message="Höchstens 1000 Zeichen.")])

    def offer(self, current: Department) -> ForwardForm:
        """Offer every department but the current one."""
        others = db.session.scalars(select(Department).where(Department.id != current.id)
                                    .order_by(Department.name)).all()
        self.department.choices = [SelectChoice(d.key, d.name) for d in others]
        return self


class StatusForm(GermanForm):
    """Change a case's status."""

    status = SelectField(
        "Neuer Status", choices=[SelectChoice(s.value, label(s)) for s in WORKABLE]
    )
