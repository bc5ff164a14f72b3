"""The reminder the day before an appointment: one e-mail per booked appointment, queued in a
relay round once the appointment's local date is tomorrow; never its content, only that it is
tomorrow and a link to the case. A cancelled appointment is not reminded."""

from __future__ import annotations

import datetime as dt
import logging

from flask import Flask
from sqlalchemy import select, update

import mailgateway
from common.db import utcnow
from common.formatting import local
from common.i18n import _l

from ..core.extensions import db
from ..models import Appointment, AppointmentStatus
from ..notifications.mails import public_url, queue_mail
from .hours import to_utc

log = logging.getLogger(__name__)
BATCH = 500


def init_app(app: Flask) -> None:
    """Register the reminder with the gateway's relay round."""
    mailgateway.state_of(app).on_relay_round.append(remind_tomorrows_appointments)


def tomorrows(now: dt.datetime) -> list[Appointment]:
    """Return the booked, unreminded appointments on the local day after `now`'s."""
    tomorrow = local(now).date() + dt.timedelta(days=1)
    start, end = to_utc(tomorrow, dt.time()), to_utc(tomorrow + dt.timedelta(days=1), dt.time())
    return list(db.session.scalars(select(Appointment).where(
        Appointment.status == AppointmentStatus.GEBUCHT, Appointment.reminded_at.is_(None),
        Appointment.slot_start >= start, Appointment.slot_start < end)
        .order_by(Appointment.slot_start, Appointment.id).limit(BATCH)))


def remind(appointment: Appointment) -> None:
    """Queue the reminder mail of one appointment, unless its resident switched mails off."""
    resident, case = appointment.user, appointment.case
    if case is None or not resident.notify_by_email or not resident.active:
        return
    queue_mail(db.session, kind="appointment_reminder", to=resident.email,
               locale=case.locale or resident.locale, user=resident,
               subject=_l("Erinnerung: Ihr Termin morgen (%(reference)s)",
                          reference=case.reference),
               reference=case.reference, starts=appointment.slot_start,
               case_url=public_url("cases.detail", reference=case.reference))


def remind_tomorrows_appointments(now: dt.datetime | None = None) -> int:
    """Queue the reminder of every appointment tomorrow once (`reminded_at`, set
    conditionally, so two relays remind once); return how many. Commits."""
    now = now or utcnow()
    reminded = 0
    for appointment in tomorrows(now):
        won = db.session.execute(update(Appointment).where(
            Appointment.id == appointment.id, Appointment.reminded_at.is_(None),
            Appointment.status == AppointmentStatus.GEBUCHT).values(reminded_at=now)).rowcount
        if won:
            remind(appointment)
            reminded += 1
    db.session.commit()
    if reminded:
        log.info("relay: reminded %s appointments", reminded)
    return reminded
