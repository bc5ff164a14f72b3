"""A case's timeline: submission, receipts, status changes and forwards, in time order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailgateway.receipts import TITLES

from .models import AuditEvent, Case, CaseStatus, Receipt

STATUS_LABELS = {
    CaseStatus.EINGEREICHT: "Eingereicht",
    CaseStatus.ZUGESTELLT: "Zugestellt",
    CaseStatus.IN_BEARBEITUNG: "In Bearbeitung",
    CaseStatus.RUECKFRAGE: "Rückfrage",
    CaseStatus.ABGESCHLOSSEN: "Abgeschlossen",
    CaseStatus.ABGELEHNT: "Abgelehnt",
}


@dataclass(frozen=True)
class TimelineEntry:
    """One event on the timeline."""

    at: dt.datetime
    title: str
    detail: str = ""
    receipt: Receipt | None = None


def case_timeline(session: Session, case: Case) -> list[TimelineEntry]:
    """Return the case's events, oldest first."""
    entries = [
        TimelineEntry(case.created_at, "Antrag eingereicht", f"Aktenzeichen {case.reference}")
    ]
    receipts = session.scalars(select(Receipt).where(Receipt.case_id == case.id)).all()
    entries += [
        TimelineEntry(
            r.issued_at,
            TITLES[r.kind],
            f"Empfänger: {case.department.name}"
            if r.recipient == case.department.key
            else f"Empfänger: {r.recipient}",
            receipt=r,
        )
        for r in receipts
    ]
    changes = session.scalars(
        select(AuditEvent).where(
            AuditEvent.case_id == case.id, AuditEvent.action == "status_changed"
        )
    ).all()
    entries += [
        TimelineEntry(
            e.at,
            "Status geändert",
            f"{status_label(e.details.get('from'))} → {status_label(e.details.get('to'))}",
        )
        for e in changes
    ]
    return sorted(entries, key=lambda e: e.at)


def status_label(value: str | CaseStatus | None) -> str:
    """Return the German label of a status (given as enum or stored value)."""
    if value is None:
        return "–"
    status = value if isinstance(value, CaseStatus) else CaseStatus(value)
    return STATUS_LABELS[status]
