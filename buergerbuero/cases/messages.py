"""The case message box, shared by the resident's and the case worker's view; a resident's
message flags the case for its department and answers a Rückfrage."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

import mailgateway
from common.db import utcnow

from ..core import audit
from ..models import Case, CaseStatus, Message, User
from ..notifications.events import message_posted
from . import lifecycle
from .payloads import message_payload


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
    if not from_department:  # the department's own messages stay in the platform
        mailgateway.post(session, message_payload(case, author, message),
                         department=case.department, case_id=case.id)
        note_reply(session, case)
    else:  # the resident is told by mail that a message waits, never what it says
        message_posted(session, case)
    session.commit()
    return message


def note_reply(session: Session, case: Case) -> None:
    """Flag the case "Antwort eingegangen"; a reply to a Rückfrage puts it back into work."""
    case.reply_at = utcnow()
    if case.status is CaseStatus.RUECKFRAGE:
        lifecycle.change_status(session, case, CaseStatus.IN_BEARBEITUNG, None, cause="reply")
