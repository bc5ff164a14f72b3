"""E-mails to people (notifications, one-time links), stored before they are sent."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from common.db import Base, created_at, intpk, text


class MailStatus(enum.Enum):
    """Where one e-mail stands; an rq job sends it, the relay picks up what was missed."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class MailMessage(Base):
    """One e-mail, rendered in the recipient's language when it was queued.

    Written in the transaction of what it tells of, so no mail is lost and none goes out for a
    change that was rolled back. Once sent, subject and bodies are emptied: a one-time link
    must not outlive its mail in the database.
    """

    __tablename__ = "mail_messages"
    __table_args__ = (Index("ix_mail_messages_status_next", "status", "next_attempt_at"),)

    id: Mapped[intpk]
    kind: Mapped[str]
    """The template it was built from (e.g. `set_password`)."""
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                index=True)
    to_address: Mapped[str]
    locale: Mapped[str] = mapped_column(default="de")
    subject: Mapped[text]
    body_text: Mapped[text]
    body_html: Mapped[text]
    status: Mapped[MailStatus] = mapped_column(default=MailStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime | None]
    last_error: Mapped[text | None]
    created_at: Mapped[created_at]
    sent_at: Mapped[dt.datetime | None]
