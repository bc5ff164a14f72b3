"""The fixed forms of the Postfach: forwarding a case, changing its status."""

from __future__ import annotations

from sqlalchemy import select
from wtforms import SelectChoice, SelectField, TextAreaField
from wtforms import validators as v

from common.i18n import _l

from ..core.extensions import db
from ..core.labels import department_name, label
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


class StatusForm(GermanForm):
    """Change a case's status."""

    status = SelectField(_l("Neuer Status"), choices=[])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Built per form, so the labels are in the reader's language.
        self.status.choices = [SelectChoice(s.value, str(label(s))) for s in WORKABLE]
