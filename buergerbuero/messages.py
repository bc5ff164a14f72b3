"""The case message box, shared by the resident's and the case worker's view."""

from __future__ import annotations

from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import Session
from wtforms import TextAreaField
from wtforms import validators as v

from . import audit
from .models import Case, Message, User


class MessageForm(FlaskForm):
    """A new message."""

    class Meta:
        locales = ("de_DE", "de")

    body = TextAreaField(
        "Ihre Nachricht",
        [v.InputRequired("Bitte schreiben Sie eine Nachricht."),
         v.Length(max=5000, message="Eine Nachricht hat höchstens 5000 Zeichen.")])


def case_messages(session: Session, case: Case) -> list[Message]:
    """Return the case's messages, oldest first."""
    return list(session.scalars(select(Message).where(Message.case_id == case.id)
                                .order_by(Message.created_at, Message.id)).all())


def post_message(session: Session, case: Case, author: User, body: str, *,
                 from_department: bool) -> Message:
    """Store a message with its audit event and commit."""
    message = Message(case_id=case.id, author_id=author.id, body=body.strip(),
                      from_department=from_department)
    session.add(message)
    session.flush()
    audit.record(session, "message_sent", message, case_id=case.id, actor_id=author.id,
                 from_department=from_department)
    session.commit()
    return message
