"""The Digitale Sprechstunde: a department's consultation hours, their weekly rules and
exceptions, and the appointments residents book (each one a case)."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from common.db import Base, created_at, intpk, text, utcnow
from mailgateway.models import Department

from .cases import Case
from .users import User


class ConsultationHours(Base):
    """One Sprechstunde of a department: what is offered, how slots are cut and booked."""

    __tablename__ = "consultation_hours"

    id: Mapped[intpk]
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    """The public URL name: /sprechstunde/<slug>."""
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    service_slug: Mapped[str] = mapped_column(String(80))
    """The service definition a booking is filed under (services/sprechstunde-*.yaml)."""
    title: Mapped[str]
    description: Mapped[text] = mapped_column(default="")
    note: Mapped[str] = mapped_column(String(500), default="")
    """Where or how it takes place, e.g. 'Wir rufen Sie unter der angegebenen Nummer an'."""
    slot_minutes: Mapped[int] = mapped_column(default=15)
    capacity: Mapped[int] = mapped_column(default=1)
    """Places per slot: the seats 1..capacity of an appointment."""
    topics: Mapped[list[Any]] = mapped_column(default=list)
    """The topic choices a resident picks from (plain German strings, the department's own)."""
    book_ahead_days: Mapped[int] = mapped_column(default=28)
    lead_minutes: Mapped[int] = mapped_column(default=60)
    """How long before a slot's start booking closes."""
    published: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[created_at]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    department: Mapped[Department] = relationship()
    rules: Mapped[list[ConsultationRule]] = relationship(
        cascade="all, delete-orphan",
        order_by="(ConsultationRule.weekday, ConsultationRule.starts)")
    exceptions: Mapped[list[ConsultationException]] = relationship(
        cascade="all, delete-orphan", order_by="ConsultationException.day")


class ConsultationRule(Base):
    """A weekly window: on `weekday` (0 = Monday) from `starts` to `ends`, local time."""

    __tablename__ = "consultation_rules"

    id: Mapped[intpk]
    hours_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_hours.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int]
    starts: Mapped[dt.time]
    ends: Mapped[dt.time]


class ConsultationException(Base):
    """A day that differs: closed (no times) or other hours that day, with a note."""

    __tablename__ = "consultation_exceptions"

    id: Mapped[intpk]
    hours_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_hours.id", ondelete="CASCADE"), index=True)
    day: Mapped[dt.date]
    starts: Mapped[dt.time | None]
    ends: Mapped[dt.time | None]
    note: Mapped[str] = mapped_column(String(200), default="")


class AppointmentStatus(enum.Enum):
    """Where an appointment stands."""

    GEBUCHT = "gebucht"
    ABGESAGT = "abgesagt"


class Appointment(Base):
    """A booked seat of one slot, linked to the case it was filed as.

    The unique (hours, slot start, seat) decides races: two residents inserting the same seat
    at once, one gets an IntegrityError and tries the next seat. A cancelled appointment gives
    its seat (and its holder) back by setting both to NULL, which no unique constraint counts.
    """

    __tablename__ = "appointments"
    __table_args__ = (
        UniqueConstraint("hours_id", "slot_start", "seat", name="uq_appointments_seat"),
        UniqueConstraint("hours_id", "slot_start", "holder_id", name="uq_appointments_holder"),
    )

    id: Mapped[intpk]
    hours_id: Mapped[int] = mapped_column(ForeignKey("consultation_hours.id"), index=True)
    slot_start: Mapped[dt.datetime]
    """The slot's start as a UTC instant."""
    slot_end: Mapped[dt.datetime]
    seat: Mapped[int | None]
    """1..capacity while booked; None once cancelled."""
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    holder_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    """The resident while booked (None once cancelled): one seat per resident and slot."""
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), unique=True)
    topic: Mapped[str] = mapped_column(String(200))
    status: Mapped[AppointmentStatus] = mapped_column(default=AppointmentStatus.GEBUCHT)
    cancelled_at: Mapped[dt.datetime | None]
    cancelled_by_department: Mapped[bool] = mapped_column(default=False)
    cancel_reason: Mapped[str] = mapped_column(String(500), default="")
    reminded_at: Mapped[dt.datetime | None]
    created_at: Mapped[created_at]

    hours: Mapped[ConsultationHours] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    case: Mapped[Case | None] = relationship()
