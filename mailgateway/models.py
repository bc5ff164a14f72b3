"""The gateway's tables: departments as destinations, the outbox, inboxes, receipts, documents."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import Enum, ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from common.db import Base, created_at, intpk, text


class Department(Base):
    """An Amt and its gateway destination: channel, address and pinned OpenPGP key."""

    __tablename__ = "departments"

    id: Mapped[intpk]
    key: Mapped[str] = mapped_column(unique=True)
    name: Mapped[str]
    """The official (German) name: what departments, payloads and keys carry."""
    name_en: Mapped[str | None]
    """The name in English, shown on English pages (None: the German name is shown)."""
    channel: Mapped[str] = mapped_column(default="postfach")
    address: Mapped[str] = mapped_column(default="")
    key_fingerprint: Mapped[str] = mapped_column(default="")
    public_key: Mapped[text] = mapped_column(default="")
    deadline_days: Mapped[int] = mapped_column(default=14)
    fallback_key: Mapped[str | None]


class OutboxStatus(enum.Enum):
    """Delivery state of one outbox message; our tables, not rq's, hold it."""

    PENDING = "pending"
    SENDING = "sending"
    DELIVERED = "delivered"
    FAILED = "failed"


class OutboxKind(enum.StrEnum):
    """What an outbox message carries; each kind has one payload type (mailgateway.payloads).

    A str enum, so a kind compares equal to the string stored in the column.
    """

    SUBMISSION = "submission"
    """A filed case, to the department the routing chose."""
    FORWARD = "forward"
    """A case handed on to another department (Weiterleitung)."""
    COPY = "copy"
    """The part of a case another body is entitled to by law (Mitteilung)."""
    MESSAGE = "message"
    """A resident's message in the case's message box (an answer to a Rückfrage too)."""
    WITHDRAWAL = "withdrawal"
    """The resident withdraws the application (Rücknahme), to the case's department."""
    REPLY = "reply"
    """A department's message to the resident's box."""
    QUERY = "query"
    """A department's Rückfrage (request for information) to the resident's box."""
    DECISION = "decision"
    """A department's Bescheid, sealed, to the resident's box for retrieval."""


class OutboxMessage(Base):
    """A message waiting for, or done with, delivery; written in the submitter's transaction."""

    __tablename__ = "outbox_messages"
    # A department's failed deliveries and its copies, which its inbox shows on every load.
    __table_args__ = (Index("ix_outbox_messages_department_status", "department_id", "status"),
                      Index("ix_outbox_messages_department_kind", "department_id", "kind", "id"))

    id: Mapped[intpk]
    message_id: Mapped[str] = mapped_column(unique=True)
    # Declared here, not by the type map: a str enum would map to a plain string column.
    kind: Mapped[OutboxKind] = mapped_column(
        Enum(OutboxKind, native_enum=False, length=32,
             values_callable=lambda kinds: [k.value for k in kinds]),
        default=OutboxKind.SUBMISSION)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    """The department it goes to, or (to_resident) the department it comes from."""
    to_resident: Mapped[bool] = mapped_column(default=False, server_default="0")
    """Goes to the case's resident (their box in the platform), not to a department."""
    payload: Mapped[dict[str, Any]]
    status: Mapped[OutboxStatus] = mapped_column(default=OutboxStatus.PENDING, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[dt.datetime | None]
    delivered_at: Mapped[dt.datetime | None]
    enqueued_at: Mapped[dt.datetime | None]
    next_attempt_at: Mapped[dt.datetime | None]
    last_error: Mapped[text | None]
    envelope_sha256: Mapped[str | None] = mapped_column()
    created_at: Mapped[created_at]


class PostfachEntry(Base):
    """An encrypted envelope delivered into a department's inbox inside the platform."""

    __tablename__ = "postfach_entries"
    # A department's newest deliveries (the copies from other departments' cases), and those
    # still unopened after a reminder (the inbox's banner).
    __table_args__ = (Index("ix_postfach_entries_department_received", "department_id",
                            "received_at"),
                      Index("ix_postfach_entries_unopened", "department_id", "opened_at",
                            "reminded_at"))

    id: Mapped[intpk]
    message_id: Mapped[str] = mapped_column(unique=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    envelope: Mapped[bytes] = mapped_column(LargeBinary)
    envelope_sha256: Mapped[str] = mapped_column()
    received_at: Mapped[created_at]
    opened_at: Mapped[dt.datetime | None]
    reminded_at: Mapped[dt.datetime | None]
    """When the deadline watch reminded the department that this delivery is still unopened."""
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ResidentBoxEntry(Base):
    """An envelope delivered into a resident's box in the platform: a department's message,
    Rückfrage or Bescheid, encrypted to the gateway's own key (a resident holds none)."""

    __tablename__ = "resident_box_entries"

    id: Mapped[intpk]
    message_id: Mapped[str] = mapped_column(unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    """The outbox kind that brought it (reply, query, decision)."""
    envelope: Mapped[bytes] = mapped_column(LargeBinary)
    envelope_sha256: Mapped[str] = mapped_column()
    received_at: Mapped[created_at]
    opened_at: Mapped[dt.datetime | None]
    """The resident's first authenticated opening (its Abholbestätigung is signed then)."""


class ReceiptKind(enum.Enum):
    """The three proofs of a De-Mail-style delivery."""

    VERSAND = "versand"
    EINGANG = "eingang"
    ABHOLUNG = "abholung"


class Receipt(Base):
    """A receipt record over one delivery, signed with the gateway's OpenPGP key."""

    __tablename__ = "receipts"
    __table_args__ = (UniqueConstraint("message_id", "kind", name="uq_receipts_message_kind"),)

    id: Mapped[intpk]
    message_id: Mapped[str] = mapped_column(index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[ReceiptKind]
    recipient: Mapped[str]
    envelope_sha256: Mapped[str]
    issued_at: Mapped[dt.datetime]
    record: Mapped[text]
    signature: Mapped[text]


class SignedDocument(Base):
    """A signed PDF the gateway produced for a case, e.g. the Eingangsquittung."""

    __tablename__ = "signed_documents"
    __table_args__ = (UniqueConstraint("message_id", "kind", name="uq_signed_documents_msg_kind"),)

    id: Mapped[intpk]
    message_id: Mapped[str]
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str]
    filename: Mapped[str]
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str]
    created_at: Mapped[created_at]
