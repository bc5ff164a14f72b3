"""Cases (Vorgänge), what was submitted, the message box and the reference counters."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

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
    ENTSCHIEDEN = "entschieden"
    ABGESCHLOSSEN = "abgeschlossen"
    ABGELEHNT = "abgelehnt"
    ZURUECKGENOMMEN = "zurueckgenommen"
    """The resident withdrew the application (Rücknahme) before it was decided."""


DONE = frozenset({CaseStatus.ENTSCHIEDEN, CaseStatus.ABGESCHLOSSEN, CaseStatus.ABGELEHNT,
                  CaseStatus.ZURUECKGENOMMEN})
"""Decided, withdrawn or closed: no processing deadline runs any more."""
CLOSED = frozenset({CaseStatus.ABGESCHLOSSEN, CaseStatus.ZURUECKGENOMMEN})
"""Closed: the case is read-only (no message, no Rückfrage) until it is reopened."""


class Case(Base):
    """A Vorgang: one filed application with its human reference.

    What the department's inbox lists, filters and sorts by lives in this row, so the inbox
    reads one narrow table through its indexes (envelopes and PDFs stay in their own tables).
    """

    __tablename__ = "cases"
    __table_args__ = (
        # The inbox's views, each a range of one index in its sort order (docs/benchmarks.md);
        # a column after the unique id only lets a count or a filter read the index alone.
        Index("ix_cases_inbox_received", "department_id", "is_open", "received_at", "id"),
        Index("ix_cases_inbox_due", "department_id", "is_open", "due_at", "id", "received_at"),
        Index("ix_cases_inbox_status", "department_id", "status", "received_at", "id",
              "assignee_id"),
        Index("ix_cases_inbox_reply", "department_id", "reply_at", "received_at"),
        Index("ix_cases_assignee", "assignee_id", "department_id", "is_open", "received_at", "id"),
        Index("ix_cases_decided", "department_id", "decided_at"),
        # A purged case's audit events keep its id (the hash chain covers it), so an id is
        # never handed out twice: SQLite would reuse the highest one once its row is gone.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[intpk]
    reference: Mapped[str] = mapped_column(unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("service_definitions.id"))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    status: Mapped[CaseStatus] = mapped_column(default=CaseStatus.EINGEREICHT)
    is_open: Mapped[bool] = mapped_column(default=True, server_default="1")
    """False once decided or closed (status in DONE); kept with the status by `validates`."""
    due_at: Mapped[dt.datetime | None]
    applicant_name: Mapped[str] = mapped_column(default="", server_default="")
    """The resident's name when filing, for the inbox and its search (case_search_terms)."""
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    """The case worker who claimed the case or was assigned it (None: nobody yet)."""
    received_at: Mapped[dt.datetime | None]
    """When the case was delivered to its current department (None: on its way)."""
    reply_at: Mapped[dt.datetime | None]
    """When the resident wrote and the department has not opened the case since."""
    decided_at: Mapped[dt.datetime | None]
    """When the case was decided (entschieden or abgelehnt)."""
    closed_at: Mapped[dt.datetime | None]
    """When the case was closed (status in CLOSED); its Löschfrist runs from here. Emptied when
    it is reopened (cases/lifecycle.py)."""
    retrieval_consent_at: Mapped[dt.datetime | None]
    """When the resident consented, filing, that decisions are announced by retrieval
    (§ 41 Abs. 2a VwVfG); None: a Bescheid goes by post."""
    locale: Mapped[str] = mapped_column(String(8), default="de", server_default="de")
    """The language the resident filed in: the receipt, the case page and e-mails use it."""
    created_at: Mapped[created_at]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    definition: Mapped[ServiceDefinition] = relationship()
    department: Mapped[Department] = relationship()
    submission: Mapped[Submission] = relationship(back_populates="case", uselist=False)

    @validates("status")
    def _keep_open_with_status(self, _key: str, status: CaseStatus) -> CaseStatus:
        self.is_open = status not in DONE
        return status


class CaseSearchTerm(Base):
    """One folded word of a case's applicant name: the inbox's name search is an index lookup.

    It carries copies of its case's department and received time (kept in step by
    cases/applicants.py: filing, delivery, forward), so a search reads the newest matches of one
    department straight from one index in the inbox's order, however many cases share the name.
    """

    __tablename__ = "case_search_terms"
    __table_args__ = (Index("ix_case_search_terms_inbox", "term", "department_id",
                            "received_at", "case_id"),)

    term: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"),
                                         primary_key=True, index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    received_at: Mapped[dt.datetime | None]


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
