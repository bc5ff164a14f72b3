"""The case workers' side of the Sprechstunde: today's and this week's appointments of their
departments, and cancelling one with a reason."""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from common.db import utcnow
from common.formatting import local
from common.i18n import _

from ..auth import role_required
from ..core.extensions import db
from ..models import Appointment, AppointmentStatus, ConsultationHours, Role
from . import bp, changes
from .booking import BookingRefused
from .forms import CancelForm
from .hours import to_utc


def department_appointment(appointment_id: int) -> Appointment:
    """Return an appointment of one of the case worker's departments, or 404."""
    appointment = db.session.get(Appointment, appointment_id)
    if appointment is None or appointment.hours.department_id not in current_user.department_ids:
        abort(404)
    return appointment


def appointments_between(start: dt.datetime, end: dt.datetime) -> list[Appointment]:
    """Return the booked appointments of the case worker's departments in [start, end)."""
    return list(db.session.scalars(
        select(Appointment).join(ConsultationHours)
        .where(ConsultationHours.department_id.in_(current_user.department_ids),
               Appointment.status == AppointmentStatus.GEBUCHT,
               Appointment.slot_start >= start, Appointment.slot_start < end)
        .options(joinedload(Appointment.user), joinedload(Appointment.case))
        .order_by(Appointment.slot_start, Appointment.seat)))


def day_bounds(first: dt.date, days: int) -> tuple[dt.datetime, dt.datetime]:
    """Return the UTC instants of local midnight of `first` and `days` days later."""
    return to_utc(first, dt.time()), to_utc(first + dt.timedelta(days=days), dt.time())


@bp.get("/termine")
@role_required(Role.CASEWORKER)
def appointments() -> str:
    """List today's and the week's appointments of the departments.

    The week is today and the six days after it: on a Friday the coming Wednesday matters
    more than the one gone by.
    """
    today = local(utcnow()).date()
    return render_template("sprechstunde/appointments.html", today=today,
                           today_list=appointments_between(*day_bounds(today, 1)),
                           week_list=appointments_between(*day_bounds(today, 7)),
                           form=CancelForm())


@bp.post("/termine/<int:appointment_id>/absagen")
@role_required(Role.CASEWORKER)
def cancel_for_department(appointment_id: int):
    """Cancel an appointment for the department; the resident reads the reason in the box."""
    appointment = department_appointment(appointment_id)
    form = CancelForm()
    if form.validate():
        try:
            changes.cancel_by_department(db.session, appointment, current_user.user,
                                         form.grund.data)
        except BookingRefused as refused:
            db.session.rollback()
            return render_template("sprechstunde/refused.html", message=refused.message,
                                   back=url_for("sprechstunde.appointments")), refused.status
        flash(_("Der Termin ist abgesagt; die Person wurde benachrichtigt."), "success")
        return redirect(url_for("sprechstunde.appointments"))
    message = "; ".join(str(e) for e in form.grund.errors) or _("Bitte versuchen Sie es erneut.")
    return render_template("sprechstunde/refused.html", message=message,
                           back=url_for("sprechstunde.appointments")), 400
