"""The conversation after filing: Rückfragen with their answers and the Bescheid of a case."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column, relationship

from common.db import Base, created_at, intpk, text

from .cases import Case, Message
from .users import User


class CaseQuery(Base):
    """A Rückfrage: what a case worker asked the resident for, by when, and the answer."""

    __tablename__ = "case_queries"
    # The open Rückfragen of a case (its page, the resident's list) and those due a reminder.
    __table_args__ = (Index("ix_case_queries_case_open", "case_id", "answered_at"),
                      Index("ix_case_queries_due", "answered_at", "answer_by", "reminded_at"))

    id: Mapped[intpk]
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    asked_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    question_id: Mapped[int] = mapped_column(ForeignKey("messages.id"))
    """The message in the box that carries the question (and any files sent with it)."""
    items: Mapped[list[Any]] = mapped_column(default=list)
    """The information or documents asked for, one text each."""
    answer_by: Mapped[dt.date]
    """The answer deadline, a local day (the resident may answer until its end)."""
    asked_at: Mapped[created_at]
    message_id: Mapped[str | None]
    """The outbox message that carried it into the resident's box."""
    answered_at: Mapped[dt.datetime | None]
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    reminded_at: Mapped[dt.datetime | None]
    """When the resident was reminded by mail that the deadline is near."""

    case: Mapped[Case] = relationship()
    asked_by: Mapped[User] = relationship()
    question: Mapped[Message] = relationship(foreign_keys=[question_id])
    answer: Mapped[Message | None] = relationship(foreign_keys=[answer_id])


class DecisionOutcome(enum.Enum):
    """What a Bescheid decides."""

    BEWILLIGUNG = "bewilligung"
    TEILBEWILLIGUNG = "teilbewilligung"
    ABLEHNUNG = "ablehnung"


class DecisionState(enum.Enum):
    """Where a Bescheid stands before it goes out."""

    DRAFT = "entwurf"
    AWAITING_APPROVAL = "freigabe"
    """Four-eyes: a second case worker of the department must approve it."""
    ISSUED = "erlassen"
    """Handed to the gateway: sealed and placed in the resident's box (or printed for post)."""


class Decision(Base):
    """A Bescheid of a case: its draft, approval, issue and its Bekanntgabe.

    At most one is issued per case (`issued_case_id`, unique); a draft may be reworked.
    """

    __tablename__ = "decisions"

    id: Mapped[intpk]
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    issued_case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), unique=True)
    """The case again once issued: the database refuses a second Bescheid of one case."""
    state: Mapped[DecisionState] = mapped_column(default=DecisionState.DRAFT)
    outcome: Mapped[DecisionOutcome]
    body: Mapped[text]
    """The decision itself (Tenor), completed from the template."""
    reasons: Mapped[text] = mapped_column(default="")
    remedy: Mapped[text] = mapped_column(default="")
    """The Rechtsbehelfsbelehrung as printed."""
    recipient: Mapped[text] = mapped_column(default="")
    """The address block: the resident's name and address, one line each."""
    fee_cents: Mapped[int | None]
    drafted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    drafted_at: Mapped[created_at]
    needs_approval: Mapped[bool] = mapped_column(default=False)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[dt.datetime | None]
    issued_at: Mapped[dt.datetime | None]
    dated: Mapped[dt.date | None]
    """The letter's date (the day it was issued)."""
    message_id: Mapped[str | None] = mapped_column(unique=True)
    """The outbox message that carries the sealed letter into the resident's box."""
    by_retrieval: Mapped[bool] = mapped_column(default=True)
    """Announced by retrieval (§ 41 Abs. 2a VwVfG, the resident consented); else by post."""
    notified_at: Mapped[dt.datetime | None]
    """When the resident was told the letter is ready for retrieval (the ten days run)."""
    notice_mail_id: Mapped[int | None] = mapped_column(
        ForeignKey("mail_messages.id", ondelete="SET NULL"))
    """The mail that tells the resident (its sending is `notified_at`)."""
    retrieved_at: Mapped[dt.datetime | None]
    """The resident's first authenticated download (its Abholbestätigung is signed)."""
    provision_ended_at: Mapped[dt.datetime | None]
    """Ten days passed without retrieval: the provision ended, no Bekanntgabe took place."""
    posted_on: Mapped[dt.date | None]
    """The day the letter was handed to the post (Aufgabe zur Post)."""
    posted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    announced_on: Mapped[dt.date | None]
    """The day it is deemed announced (Bekanntgabe)."""
    remedy_ends_on: Mapped[dt.date | None]
    """The last day for a Widerspruch or an action (one month after Bekanntgabe)."""

    case: Mapped[Case] = relationship(foreign_keys=[case_id])
    drafted_by: Mapped[User] = relationship(foreign_keys=[drafted_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
