"""A case's timeline: submission, receipts, status changes and forwards, in time order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailgateway.receipts import TITLES

from .labels import label
from .models import AuditEvent, Case, CaseStatus, Department, OutboxMessage, Receipt

KIND_SUFFIX = {"message": " – Nachricht", "forward": " – Weiterleitung", "copy": " – Mitteilung"}


@dataclass(frozen=True)
class TimelineEntry:
    """One event on the timeline."""

    at: dt.datetime
    title: str
    detail: str = ""
    receipt: Receipt | None = None


def case_timeline(session: Session, case: Case) -> list[TimelineEntry]:
    """Return the case's events, oldest first."""
    names = dict(session.execute(select(Department.key, Department.name)).all())
    entries = [
        TimelineEntry(case.created_at, "Antrag eingereicht", f"Aktenzeichen {case.reference}")
    ]
    receipts = session.scalars(select(Receipt).where(Receipt.case_id == case.id)).all()
    kinds = dict(
        session.execute(
            select(OutboxMessage.message_id, OutboxMessage.kind).where(
                OutboxMessage.case_id == case.id
            )
        ).all()
    )
    entries += [
        TimelineEntry(
            r.issued_at,
            TITLES[r.kind] + KIND_SUFFIX.get(kinds.get(r.message_id), ""),
            f"Empfänger: {names.get(r.recipient, r.recipient)}",
            receipt=r,
        )
        for r in receipts
    ]
    events = session.scalars(
        select(AuditEvent).where(
            AuditEvent.case_id == case.id, AuditEvent.action.in_(["status_changed", "forwarded"])
        )
    ).all()
    entries += [audit_entry(e, names) for e in events]
    return sorted(entries, key=lambda e: e.at)


def audit_entry(event: AuditEvent, names: dict[str, str]) -> TimelineEntry:
    """Describe a status change or a forward for the timeline."""
    before, after = event.details.get("from"), event.details.get("to")
    if event.action == "forwarded":
        return TimelineEntry(
            event.at, "Weitergeleitet", f"{names.get(before, before)} → {names.get(after, after)}"
        )
    return TimelineEntry(
        event.at, "Status geändert", f"{status_label(before)} → {status_label(after)}"
    )


def status_label(value: str | CaseStatus | None) -> str:
    """Return the German label of a status (given as enum or stored value)."""
    if value is None:
        return "–"
    status = value if isinstance(value, CaseStatus) else CaseStatus(value)
    return label(status)
