"""Weiterleitung: a case worker hands a case to another department through the gateway, and
the receiving department reads who forwarded it, from where, when and why."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

import mailgateway

from ..cases.applicants import follow_case
from ..cases.payloads import forward_payload
from ..core import audit
from ..models import AuditEvent, Case, CaseStatus, Department, OutboxMessage, User


def forward(session: Session, case: Case, target: Department, user: User, reason: str) -> None:
    """Re-deliver the case to `target`; the current department loses access at once."""
    original = session.scalar(select(OutboxMessage).where(
        OutboxMessage.case_id == case.id, OutboxMessage.kind == mailgateway.OutboxKind.SUBMISSION))
    filed = mailgateway.payload_for(original.kind, original.payload)
    previous = case.department
    outbox = mailgateway.post(session, forward_payload(filed, previous, target, user, reason),
                              department=target, case_id=case.id)
    case.department, case.status = target, CaseStatus.WEITERGELEITET
    # The receiving department starts afresh: nobody there has claimed or read it yet.
    case.received_at = case.assignee_id = case.reply_at = None
    follow_case(session, case.id, target.id, None)
    session.flush()
    audit.record(session, "forwarded", case, case_id=case.id, actor_id=user.id,
                 reason=reason, message_id=outbox.message_id,
                 **{"from": previous.key, "to": target.key})
    session.commit()  # the gateway enqueues the forward once this commits


@dataclass(frozen=True)
class ReceivedForward:
    """How a case came to its department: the forward's audit event, its sender, its author."""

    event: AuditEvent
    source: Department | None
    by: User | None


def received_forward(session: Session, case: Case) -> ReceivedForward | None:
    """Return the forward that brought the case to its current department (None: filed here)."""
    # The newest forward is the one that brought it here (a forward moves the case at once).
    event = session.scalar(select(AuditEvent).where(
        AuditEvent.case_id == case.id, AuditEvent.action == "forwarded")
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(1))
    if event is None or event.details.get("to") != case.department.key:
        return None
    source = session.scalar(select(Department).where(Department.key == event.details["from"]))
    by = session.get(User, event.actor_id) if event.actor_id is not None else None
    return ReceivedForward(event, source, by)
