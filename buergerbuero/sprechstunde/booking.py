"""Booking a slot: one seat per resident and slot, never more seats than places, and the
booking filed as a case under the Sprechstunde's service definition in the same transaction.

Races are decided by the database: each attempt starts by inserting seat n of the slot (on
SQLite a transaction that starts by writing waits its turn); a unique violation means the seat
went to someone else a moment ago, so the next seat is tried, until none is left.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

import forms
from common.db import utcnow
from common.formatting import format_datetime, local
from common.i18n import _, _l

from ..cases.submission import ServiceClosed, file_answers
from ..catalogue.definitions import published, spec_of
from ..core import audit
from ..models import Appointment, AppointmentStatus, ConsultationHours, ServiceDefinition, User
from . import hours as slots

NOTE_MAX = 500
FULL = _l("Dieser Termin ist leider schon ausgebucht. Bitte wählen Sie einen anderen.")


class BookingRefused(Exception):
    """A booking, cancellation or rebooking that cannot be done; carries the HTTP status."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.message, self.status = message, status


def checked_slot(hours: ConsultationHours, start: dt.datetime,
                 now: dt.datetime) -> slots.Slot:
    """Return the slot at `start`, or refuse one outside the rules, past or too far ahead."""
    slot = slots.slot_at(hours, start)
    if slot is None:
        raise BookingRefused(_("Zu dieser Zeit bietet die Sprechstunde keinen Termin an."), 400)
    if start < slots.booking_window(hours, now)[0]:
        raise BookingRefused(_("Dieser Termin liegt in der Vergangenheit oder zu kurz bevor; "
                               "bitte wählen Sie einen späteren."))
    if not slots.bookable(hours, start, now):
        raise BookingRefused(_("Dieser Termin liegt zu weit in der Zukunft."), 400)
    return slot


def appointment_text(slot: slots.Slot) -> str:
    """Describe the slot as the case's answer (German: what the department's record keeps)."""
    end = local(slot.end).strftime("%H:%M")
    return f"{format_datetime(slot.start, 'de')} – {end}"


def booking_answers(session: Session, hours: ConsultationHours, slot: slots.Slot, topic: str,
                    note: str, phone: str) -> tuple[forms.ServiceSpec, ServiceDefinition, dict]:
    """Validate the booking as the definition's answers; return spec, definition, answers."""
    definition = published(session, hours.service_slug)
    if definition is None:
        raise BookingRefused(_("Diese Sprechstunde nimmt zurzeit keine Buchungen an."))
    spec = spec_of(definition)
    step = spec.steps[0]
    data = MultiDict({"termin": appointment_text(slot), "thema": topic, "anliegen": note,
                      "telefon": phone})
    form = forms.step_form_class(spec, step.id)(formdata=data, meta={"csrf": False})
    if not form.validate():
        problems = [f"{form[name].label.text}: {errors[0]}"
                    for name, errors in form.errors.items()]
        raise BookingRefused("; ".join(problems), 400)
    return spec, definition, forms.step_answers(step, form)


def check_input(hours: ConsultationHours, topic: str, note: str) -> None:
    """Refuse an unknown topic or an overlong note."""
    if topic not in hours.topics:
        raise BookingRefused(_("Bitte wählen Sie eines der angebotenen Themen."), 400)
    if len(note) > NOTE_MAX:
        raise BookingRefused(_("Ihre Nachricht ist zu lang (höchstens %(n)s Zeichen).",
                               n=NOTE_MAX), 400)


def holds(session: Session, hours: ConsultationHours, start: dt.datetime, user: User) -> bool:
    """Tell whether the resident already holds a seat of the slot."""
    return session.scalar(select(Appointment.id).where(
        Appointment.hours_id == hours.id, Appointment.slot_start == start,
        Appointment.holder_id == user.id)) is not None


def move_seat(session: Session, place: Appointment, slot: slots.Slot, seat: int,
              user_id: int) -> Appointment:
    """Move the booked appointment to the seat of the slot, only while it is still booked.

    The status read before may be stale (the department may have cancelled meanwhile), so
    the UPDATE itself asks for it; no row changed means the appointment is cancelled: 409.
    """
    moved = session.execute(update(Appointment).where(
        Appointment.id == place.id, Appointment.status == AppointmentStatus.GEBUCHT)
        .values(slot_start=slot.start, slot_end=slot.end, seat=seat, holder_id=user_id,
                reminded_at=None)  # a new time is reminded anew
        .execution_options(synchronize_session=False)).rowcount
    if not moved:
        session.rollback()
        raise BookingRefused(_("Dieser Termin ist inzwischen abgesagt worden; er kann nicht "
                               "mehr verlegt werden."))
    session.refresh(place)
    return place


def take_seat(session: Session, hours: ConsultationHours, slot: slots.Slot, user: User,
              place: Appointment | None = None, topic: str = "") -> Appointment:
    """Insert (or move `place` to) the first free seat of the slot; leave it uncommitted.

    Refuse with 409 when the resident holds the slot already or no seat is left.
    """
    hours_id, user_id = hours.id, user.id
    for seat in range(1, hours.capacity + 1):
        session.commit()  # start each attempt with a write (see the module's docstring)
        try:
            if place is not None:
                row = move_seat(session, place, slot, seat, user_id)
            else:
                row = Appointment(hours_id=hours_id, slot_start=slot.start, slot_end=slot.end,
                                  seat=seat, user_id=user_id, holder_id=user_id, topic=topic)
                session.add(row)
                session.flush()
        except IntegrityError:
            session.rollback()
            if holds(session, hours, slot.start, user):
                raise BookingRefused(_("Sie haben diesen Termin bereits gebucht.")) from None
            continue
        refuse_if_overbooked(session, hours_id, slot.start)
        return row
    raise BookingRefused(str(FULL))


def refuse_if_overbooked(session: Session, hours_id: int, start: dt.datetime) -> None:
    """Undo the seat just taken when the slot now holds more than the capacity (lowered
    after earlier bookings took seats above it), with 409.

    The hours' row is locked first (FOR NO KEY UPDATE, which the appointments' foreign key
    does not wait for), so two bookers of different seats count one after the other; on
    SQLite the seat's write already made this transaction the only writer.
    """
    capacity = session.scalar(select(ConsultationHours.capacity).where(
        ConsultationHours.id == hours_id).with_for_update(key_share=True))
    booked = session.scalar(select(func.count()).select_from(Appointment).where(
        Appointment.hours_id == hours_id, Appointment.slot_start == start,
        Appointment.status == AppointmentStatus.GEBUCHT))
    if capacity is None or booked > capacity:
        session.rollback()
        raise BookingRefused(str(FULL))


def book(session: Session, hours: ConsultationHours, start: dt.datetime, user: User, *,
         topic: str, note: str = "", phone: str = "") -> Appointment:
    """Book a seat of the slot at `start` and file it as a case; commit."""
    now = utcnow()
    check_input(hours, topic, note)
    slot = checked_slot(hours, start, now)
    spec, definition, answers = booking_answers(session, hours, slot, topic, note.strip(),
                                                phone.strip())
    if holds(session, hours, start, user):
        raise BookingRefused(_("Sie haben diesen Termin bereits gebucht."))
    appointment = take_seat(session, hours, slot, user, topic=topic)
    refuse_if_too_many(session, appointment, now)
    try:
        case = file_answers(session, definition, spec, answers, user)
    except ServiceClosed as exc:
        session.rollback()
        raise BookingRefused(str(exc)) from exc
    appointment.case_id = case.id
    audit.record(session, "appointment_booked", appointment, case_id=case.id,
                 actor_id=user.id, hours=hours.slug, slot=slot.start.isoformat())
    session.commit()
    return appointment


def refuse_if_too_many(session: Session, appointment: Appointment, now: dt.datetime) -> None:
    """Undo the seat just taken when the resident now holds more future appointments of the
    Sprechstunde than SPRECHSTUNDE_MAX_OPEN_PER_RESIDENT allows (409), so no one resident
    books every slot. Counted after the seat's write, under the lock take_seat took."""
    limit = current_app.config["SPRECHSTUNDE_MAX_OPEN_PER_RESIDENT"]
    held = session.scalar(select(func.count()).select_from(Appointment).where(
        Appointment.hours_id == appointment.hours_id,
        Appointment.user_id == appointment.user_id,
        Appointment.status == AppointmentStatus.GEBUCHT, Appointment.slot_start > now))
    if held > limit:
        session.rollback()
        raise BookingRefused(_("Sie haben in dieser Sprechstunde schon %(n)s offene Termine; "
                               "mehr lassen sich nicht gleichzeitig buchen. Sagen Sie einen "
                               "ab oder warten Sie, bis einer vorbei ist.", n=limit))


def refuse_if_cancelled(appointment: Appointment) -> None:
    """Refuse to act on a cancelled appointment (409)."""
    if appointment.status is AppointmentStatus.ABGESAGT:
        raise BookingRefused(_("Dieser Termin ist bereits abgesagt."))
