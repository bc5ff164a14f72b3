"""Weiterleitung: a case worker hands a case to another department through the gateway."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.db import utcnow

from . import audit
from .models import Case, CaseStatus, Department, OutboxMessage, User
from .submission import hand_to_gateway


def forward(session: Session, case: Case, target: Department, user: User, reason: str) -> None:
    """Re-deliver the case to `target`; the current department loses access at once."""
    original = session.scalar(select(OutboxMessage).where(
        OutboxMessage.case_id == case.id, OutboxMessage.kind == "submission"))
    previous = case.department
    payload = {**original.payload, "department": target.key, "department_name": target.name,
               "forwarded": {"from": previous.key, "from_name": previous.name,
                             "by": user.display_name, "reason": reason,
                             "at": utcnow().isoformat()}}
    outbox = OutboxMessage(message_id=str(uuid.uuid4()), kind="forward", case_id=case.id,
                           department_id=target.id, payload=payload, enqueued_at=utcnow())
    session.add(outbox)
    case.department, case.status = target, CaseStatus.WEITERGELEITET
    session.flush()
    audit.record(session, "forwarded", case, case_id=case.id, actor_id=user.id,
                 reason=reason, message_id=outbox.message_id,
                 **{"from": previous.key, "to": target.key})
    session.commit()
    hand_to_gateway(outbox.id)
