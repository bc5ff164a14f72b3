"""Weiterleitung: a case worker hands a case to another department through the gateway."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

import mailgateway

from ..cases.payloads import forward_payload
from ..core import audit
from ..models import Case, CaseStatus, Department, OutboxMessage, User


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
    session.flush()
    audit.record(session, "forwarded", case, case_id=case.id, actor_id=user.id,
                 reason=reason, message_id=outbox.message_id,
                 **{"from": previous.key, "to": target.key})
    session.commit()  # the gateway enqueues the forward once this commits
