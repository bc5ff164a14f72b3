"""Who opened my application: per case, which department opened which delivery and when.

Built from the gateway's signed Abholbestätigungen (one per delivery a department opened) and
the Postfach entries they receipt; the audit event `opened` of each carries the same message
id. Never a case worker's name or id: the resident learns the department and the time only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.i18n import _l

from ..core.labels import department_name
from ..models import Department, OutboxMessage, PostfachEntry, Receipt, ReceiptKind

WHAT = {"submission": _l("Antrag"), "forward": _l("Antrag (weitergeleitet)"),
        "copy": _l("Mitteilung nach Gesetz (Teil der Angaben)"), "message": _l("Ihre Nachricht"),
        "withdrawal": _l("Ihre Rücknahme")}
"""What the department opened, by the outbox kind that carried it."""


@dataclass(frozen=True)
class Opening:
    """One first opening of a delivery by a department."""

    department: str
    """The department's name in the reader's language."""
    department_key: str
    opened_at: dt.datetime
    """The time of the signed Abholbestätigung (UTC)."""
    what: str
    message_id: str


def openings(session: Session, case_ids: list[int]) -> dict[int, list[Opening]]:
    """Return every department opening of the cases' deliveries, oldest first, per case id."""
    found: dict[int, list[Opening]] = {case_id: [] for case_id in case_ids}
    if not case_ids:
        return found
    rows = session.execute(
        select(Receipt.case_id, Receipt.issued_at, Receipt.message_id, Department,
               OutboxMessage.kind)
        .join(Department, Department.key == Receipt.recipient)
        .outerjoin(OutboxMessage, OutboxMessage.message_id == Receipt.message_id)
        # the join keeps departments only: the resident's own openings name the case instead
        .where(Receipt.case_id.in_(case_ids), Receipt.kind == ReceiptKind.ABHOLUNG)
        .order_by(Receipt.issued_at, Receipt.id)).all()
    for case_id, at, message_id, department, kind in rows:
        found[case_id].append(Opening(
            department=str(department_name(department)), department_key=department.key,
            opened_at=at, what=str(WHAT.get(getattr(kind, "value", kind), _l("Sendung"))),
            message_id=message_id))
    return found


def unopened_count(session: Session, case_id: int) -> int:
    """Return how many deliveries of the case lie unopened in a department's Postfach."""
    return len(session.scalars(select(PostfachEntry.id).where(
        PostfachEntry.case_id == case_id, PostfachEntry.opened_at.is_(None))).all())
