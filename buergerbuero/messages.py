"""The case message box, shared by the resident's and the case worker's view."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.db import utcnow

from . import audit
from .models import Case, Message, OutboxMessage, User
from .submission import hand_to_gateway


def case_messages(session: Session, case: Case) -> list[Message]:
    """Return the case's messages, oldest first."""
    return list(session.scalars(select(Message).where(Message.case_id == case.id)
                                .order_by(Message.created_at, Message.id)).all())


def post_message(session: Session, case: Case, author: User, body: str, *,
                 from_department: bool) -> Message:
    """Store a message with its audit event; a resident's goes to the department via the gateway."""
    message = Message(case_id=case.id, author_id=author.id, body=body.strip(),
                      from_department=from_department)
    session.add(message)
    session.flush()
    audit.record(session, "message_sent", message, case_id=case.id, actor_id=author.id,
                 from_department=from_department)
    outbox = None if from_department else message_outbox(case, author, message)
    if outbox is not None:
        session.add(outbox)
    session.commit()
    if outbox is not None:
        hand_to_gateway(outbox.id)
    return message


def message_outbox(case: Case, author: User, message: Message) -> OutboxMessage:
    """Return the outbox row that carries a resident's message to the department, with proof."""
    payload = {"case_reference": case.reference, "department": case.department.key,
               "department_name": case.department.name,
               "message": {"id": message.id, "author": author.display_name,
                           "body": message.body, "sent_at": utcnow().isoformat()}}
    return OutboxMessage(message_id=str(uuid.uuid4()), kind="message", case_id=case.id,
                         department_id=case.department_id, payload=payload,
                         enqueued_at=utcnow())
