"""Cancelling and rebooking an appointment: the seat is freed or moved, and the other side is
told through the case's message box (so the news travels through the gateway like any message).

What is written into the box is German: it is the department's record of the case.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from common.db import utcnow
from common.i18n import _

from ..cases.messages import post_message
from ..core import audit
from ..models import Appointment, AppointmentStatus, Case, User
from . import hours as slots
from .booking import BookingRefused, appointment_text, checked_slot, refuse_if_cancelled, take_seat

REASON_MAX = 500


def slot_of(appointment: Appointment) -> slots.Slot:
    """Return the appointment's slot."""
    return slots.Slot(appointment.slot_start, appointment.slot_end)


def refuse_if_begun(appointment: Appointment, now: dt.datetime) -> None:
    """Refuse a change by the resident once the slot has started (409)."""
    if appointment.slot_start <= now:
        raise BookingRefused(_("Der Termin hat bereits begonnen; er kann nicht mehr abgesagt "
                               "oder verlegt werden."))


def mark_cancelled(session: Session, appointment: Appointment, *, by_department: bool,
                   reason: str, now: dt.datetime) -> None:
    """Set the appointment cancelled and free its seat, once (a second cancel gets 409)."""
    won = session.execute(update(Appointment).where(
        Appointment.id == appointment.id, Appointment.status == AppointmentStatus.GEBUCHT)
        .values(status=AppointmentStatus.ABGESAGT, seat=None, holder_id=None,
                cancelled_at=now, cancelled_by_department=by_department,
                cancel_reason=reason)).rowcount
    if not won:
        session.rollback()
        raise BookingRefused(_("Dieser Termin ist bereits abgesagt."))


def cancel_by_resident(session: Session, appointment: Appointment, user: User) -> None:
    """Cancel the resident's own appointment before it starts and tell the department."""
    now = utcnow()
    refuse_if_cancelled(appointment)
    refuse_if_begun(appointment, now)
    when = appointment_text(slot_of(appointment))
    mark_cancelled(session, appointment, by_department=False, reason="", now=now)
    audit.record(session, "appointment_cancelled", appointment, case_id=appointment.case_id,
                 actor_id=user.id, by_department=False)
    body = f"Ich sage meinen Termin am {when} ab."  # untranslated: the department's record
    post_message(session, appointment.case, user, body, from_department=False)


def cancel_on_withdrawal(session: Session, case: Case, user: User) -> None:
    """Free the seat of a withdrawn case's appointment in the withdrawal's transaction (a
    hook of cases.withdrawal; the withdrawal's own message tells the department)."""
    appointment = session.scalar(select(Appointment).where(Appointment.case_id == case.id))
    if appointment is None:
        return
    freed = session.execute(update(Appointment).where(
        Appointment.id == appointment.id, Appointment.status == AppointmentStatus.GEBUCHT)
        .values(status=AppointmentStatus.ABGESAGT, seat=None, holder_id=None,
                cancelled_at=utcnow(), cancelled_by_department=False,
                cancel_reason="Antrag zurückgenommen")  # untranslated: the record
        .execution_options(synchronize_session=False)).rowcount
    if freed:
        session.refresh(appointment)
        audit.record(session, "appointment_cancelled", appointment, case_id=case.id,
                     actor_id=user.id, by_department=False, cause="withdrawal")


def cancel_by_department(session: Session, appointment: Appointment, staff: User,
                         reason: str) -> None:
    """Cancel an appointment for the department with a reason the resident reads."""
    reason = reason.strip()
    if not reason:
        raise BookingRefused(_("Bitte nennen Sie einen Grund für die Absage."), 400)
    if len(reason) > REASON_MAX:
        raise BookingRefused(_("Der Grund ist zu lang (höchstens %(n)s Zeichen).",
                               n=REASON_MAX), 400)
    refuse_if_cancelled(appointment)
    when = appointment_text(slot_of(appointment))
    mark_cancelled(session, appointment, by_department=True, reason=reason, now=utcnow())
    audit.record(session, "appointment_cancelled", appointment, case_id=appointment.case_id,
                 actor_id=staff.id, by_department=True)
    body = (f"Ihr Termin am {when} wurde leider abgesagt. "  # untranslated: the record
            f"Grund: {reason}")
    post_message(session, appointment.case, staff, body, from_department=True)


def rebook(session: Session, appointment: Appointment, start: dt.datetime, user: User) -> None:
    """Move the resident's appointment (the same case) to another free slot and say so."""
    now = utcnow()
    refuse_if_cancelled(appointment)
    refuse_if_begun(appointment, now)
    if start == appointment.slot_start:
        raise BookingRefused(_("Bitte wählen Sie einen anderen Termin als den gebuchten."), 400)
    slot = checked_slot(appointment.hours, start, now)
    before, from_slot = appointment_text(slot_of(appointment)), appointment.slot_start
    take_seat(session, appointment.hours, slot, user, place=appointment)
    audit.record(session, "appointment_rebooked", appointment, case_id=appointment.case_id,
                 actor_id=user.id, from_slot=from_slot.isoformat(), slot=slot.start.isoformat())
    body = (f"Ich habe meinen Termin vom {before} "  # untranslated: the department's record
            f"auf {appointment_text(slot)} verlegt.")
    post_message(session, appointment.case, user, body, from_department=False)
