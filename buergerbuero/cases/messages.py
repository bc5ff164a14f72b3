"""The case message box, shared by the resident's and the case worker's view.

Every message travels through the gateway with its files: a resident's to the department
(MESSAGE), a department's into the resident's box (REPLY), each with its receipts; the Message
row is what both pages show. A resident's message flags the case for its department and
answers a Rückfrage.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import mailgateway
from common.db import utcnow
from forms.fields.uploads import ReceivedFile

from ..core import audit
from ..models import Case, CaseStatus, Message, ResidentBoxEntry, User
from ..notifications.events import message_posted
from . import lifecycle
from .message_files import kept_if_committed, store_files
from .payloads import message_payload

OPENED_ON_THE_PAGE = ("reply", "query")
"""The resident's box entries the case page opens (a Bescheid is opened by its retrieval)."""


def case_messages(session: Session, case: Case) -> list[Message]:
    """Return the case's messages, oldest first."""
    return list(session.scalars(select(Message).where(Message.case_id == case.id)
                                .order_by(Message.created_at, Message.id)).all())


def add_message(session: Session, case: Case, author: User, body: str, *,
                from_department: bool, files: Sequence[ReceivedFile],
                written: list[str]) -> tuple[Message, tuple[dict[str, Any], ...]]:
    """Add a message and its files with its audit event (nothing posted, nothing committed);
    return it with its files' references."""
    message = Message(case_id=case.id, author_id=author.id, body=body.strip(),
                      from_department=from_department)
    session.add(message)
    session.flush()
    attachments = tuple(store_files(session, case, message, author, list(files), written))
    audit.record(session, "message_sent", message, case_id=case.id, actor_id=author.id,
                 from_department=from_department, files=len(attachments))
    return message, attachments


def post_message(session: Session, case: Case, author: User, body: str, *,
                 from_department: bool, files: Sequence[ReceivedFile] = ()) -> Message:
    """Store a message with its files and send it through the gateway; commit."""
    with kept_if_committed(session) as written:
        message, attachments = add_message(session, case, author, body,
                                           from_department=from_department, files=files,
                                           written=written)
        if from_department:  # into the resident's box; the mail says only that one waits
            mailgateway.post(session, reply_payload(case, author, message, attachments),
                             department=case.department, case_id=case.id)
            message_posted(session, case)
        else:
            mailgateway.post(session, message_payload(case, author, message, attachments),
                             department=case.department, case_id=case.id)
            note_reply(session, case)
        session.commit()
    return message


def note_of(author: User, message: Message, attachments: tuple[dict[str, Any], ...]
            ) -> mailgateway.Note:
    """Return a message as its payload carries it."""
    return mailgateway.Note(id=message.id, author=author.display_name, body=message.body,
                            sent_at=utcnow().isoformat(), attachments=attachments)


def reply_payload(case: Case, author: User, message: Message,
                  attachments: tuple[dict[str, Any], ...]) -> mailgateway.ReplyPayload:
    """Return what carries a department's message into the resident's box."""
    return mailgateway.ReplyPayload(case_reference=case.reference,
                                    department=case.department.key,
                                    department_name=case.department.name,
                                    message=note_of(author, message, attachments))


def note_reply(session: Session, case: Case) -> None:
    """Flag the case "Antwort eingegangen"; a reply to a Rückfrage puts it back into work."""
    case.reply_at = utcnow()
    if case.status is CaseStatus.RUECKFRAGE:
        lifecycle.change_status(session, case, CaseStatus.IN_BEARBEITUNG, None, cause="reply")


def open_box_entries(session: Session, case: Case, user: User) -> int:
    """Open every unopened message and Rückfrage the department placed in the resident's box
    (each first opening signs its Abholbestätigung); return how many were opened."""
    entries = session.scalars(select(ResidentBoxEntry).where(
        ResidentBoxEntry.case_id == case.id, ResidentBoxEntry.opened_at.is_(None),
        ResidentBoxEntry.kind.in_(OPENED_ON_THE_PAGE)).order_by(ResidentBoxEntry.id)).all()
    for entry in entries:
        mailgateway.open_resident_entry(session, entry, case.reference, user.id)
    return len(entries)
