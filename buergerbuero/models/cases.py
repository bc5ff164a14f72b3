"""Cases (Vorgänge), what was submitted, the message box and the reference counters."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from common.db import Base, created_at, intpk, text, utcnow
from mailgateway.models import Department

from .services import ServiceDefinition
from .users import User


class CaseStatus(enum.Enum):
    """Where a case stands, as the resident and the case worker see it."""

    EINGEREICHT = "eingereicht"
    ZUGESTELLT = "zugestellt"
    WEITERGELEITET = "weitergeleitet"
    IN_BEARBEITUNG = "in_bearbeitung"
    RUECKFRAGE = "rueckfrage"
    ABGESCHLOSSEN = "abgeschlossen"
    ABGELEHNT = "abgelehnt"


class Case(Base):
    """A Vorgang: one filed application with its human reference."""

    __tablename__ = "cases"

    id: Mapped[intpk]
    reference: Mapped[str] = mapped_column(unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("service_definitions.id"))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    status: Mapped[CaseStatus] = mapped_column(default=CaseStatus.EINGEREICHT)
    due_at: Mapped[dt.datetime | None]
    locale: Mapped[str] = mapped_column(String(8), default="de", server_default="de")
    """The language the resident filed in: the receipt, the case page and e-mails use it."""
    created_at: Mapped[created_at]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()
    definition: Mapped[ServiceDefinition] = relationship()
    department: Mapped[Department] = relationship()
    submission: Mapped[Submission] = relationship(back_populates="case", uselist=False)


class Submission(Base):
    """Exactly what was filed, with the definition version it was filed under."""

    __tablename__ = "submissions"

    id: Mapped[intpk]
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    definition_slug: Mapped[str]
    definition_version: Mapped[int]
    definition_sha256: Mapped[str]
    answers: Mapped[dict[str, Any]]
    attachments: Mapped[list[Any]] = mapped_column(default=list)
    submitted_at: Mapped[created_at]
    fee_cents: Mapped[int | None]
    """The fee the definition computed from the answers, in cents (None: the service has none,
    or, with a currency, the answers gave none and the department sets it)."""
    fee_currency: Mapped[str | None] = mapped_column(String(3))

    case: Mapped[Case] = relationship(back_populates="submission")


class Message(Base):
    """One message in a case's message box."""

    __tablename__ = "messages"

    id: Mapped[intpk]
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    from_department: Mapped[bool] = mapped_column(default=False)
    body: Mapped[text]
    created_at: Mapped[created_at]

    author: Mapped[User] = relationship()


class ReferenceCounter(Base):
    """The last number handed out per reference prefix and year (HST-2026-000123)."""

    __tablename__ = "reference_counters"

    prefix: Mapped[str] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(default=0)
