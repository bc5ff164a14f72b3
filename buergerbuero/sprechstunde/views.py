"""The public pages of the Sprechstunde and the resident's booking, cancelling and rebooking."""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from common.db import utcnow
from common.formatting import format_datetime, local
from common.i18n import _

from ..auth import role_required
from ..core.extensions import db
from ..models import Appointment, ConsultationHours, Role
from . import bp, changes
from . import hours as slots
from .booking import BookingRefused, book, refuse_if_cancelled
from .forms import BookingForm, SlotForm


def hours_or_404(slug: str) -> ConsultationHours:
    """Return the published Sprechstunde, or 404."""
    hours = db.session.scalar(select(ConsultationHours).where(ConsultationHours.slug == slug))
    if hours is None or not hours.published:
        abort(404)
    return hours


def own_appointment(appointment_id: int) -> Appointment:
    """Return the current resident's appointment, or 404."""
    appointment = db.session.get(Appointment, appointment_id)
    if appointment is None or appointment.user_id != current_user.id:
        abort(404)
    return appointment


def week_of() -> int:
    """Return the week asked for (?woche=), 0 for an unreadable one."""
    return request.args.get("woche", 0, type=int)


def parse_start(value: str | None) -> dt.datetime:
    """Read a slot start (ISO 8601 UTC) from a form, or refuse it with 400."""
    try:
        start = dt.datetime.fromisoformat(value or "")
        start = (start if start.tzinfo else start.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)
        local(start)  # the city's wall time must exist too (9999-12-31 23:30 UTC has none)
    except (ValueError, OverflowError):  # an instant beyond year 1..9999 overflows
        raise BookingRefused(_("Bitte wählen Sie einen Termin."), 400) from None
    return start


def slot_choices(form: SlotForm, slots_shown: list[slots.Slot]) -> None:
    """Offer the free slots of the page as the form's choices."""
    form.beginn.choices = [(s.start.isoformat(), slot_label(s)) for s in slots_shown if s.free]


def slot_label(slot: slots.Slot) -> str:
    """Name a slot for the reader: date, time and places left."""
    return _("%(start)s bis %(end)s (%(free)s frei)", start=format_datetime(slot.start),
             end=local(slot.end).strftime("%H:%M"), free=slot.free)


def week_context(hours: ConsultationHours, week: int) -> dict:
    """Return the week's slots and the paging of a Sprechstunde's page."""
    last = slots.weeks_ahead(hours) - 1
    week = min(max(week, 0), last)
    return {"week": week, "last_week": last,
            "slots": slots.week_slots(db.session, hours, week, utcnow())}


@bp.get("/")
def index() -> str:
    """List the published consultation hours."""
    return render_template("sprechstunde/index.html", hours_list=slots.published_hours(db.session))


@bp.get("/<hours_slug>")
def hours_page(hours_slug: str) -> str:
    """Show a Sprechstunde: its description, the week's free slots and the booking form."""
    hours = hours_or_404(hours_slug)
    return render_hours(hours, BookingForm(), week_of())


def render_hours(hours: ConsultationHours, form: BookingForm, week: int) -> str:
    """Render a Sprechstunde's page with the form (as typed, with its errors)."""
    context = week_context(hours, week)
    slot_choices(form, context["slots"])
    form.thema.choices = [(t, t) for t in hours.topics]
    return render_template("sprechstunde/hours.html", hours=hours, form=form, **context)


@bp.post("/<hours_slug>/buchen")
@role_required(Role.RESIDENT)
def book_slot(hours_slug: str):
    """Book the chosen slot; the booking becomes a case."""
    hours = hours_or_404(hours_slug)
    form, week = BookingForm(), request.form.get("woche", 0, type=int)
    if not form.validate():
        return render_hours(hours, form, week), 400
    try:
        appointment = book(db.session, hours, parse_start(form.beginn.data), current_user.user,
                           topic=form.thema.data, note=form.anliegen.data or "",
                           phone=form.telefon.data or "")
    except BookingRefused as refused:
        db.session.rollback()
        form.form_errors.append(refused.message)
        return render_hours(hours, form, week), refused.status
    flash(_("Ihr Termin ist gebucht. Hier finden Sie ihn mit seinem Postfach."), "success")
    return redirect(url_for("cases.detail", reference=appointment.case.reference))


@bp.post("/termin/<int:appointment_id>/absagen")
@role_required(Role.RESIDENT)
def cancel(appointment_id: int):
    """Cancel the resident's appointment (before it starts)."""
    appointment = own_appointment(appointment_id)
    reference = appointment.case.reference
    try:
        changes.cancel_by_resident(db.session, appointment, current_user.user)
    except BookingRefused as refused:
        db.session.rollback()
        return render_template("sprechstunde/refused.html", message=refused.message,
                               back=url_for("cases.detail", reference=reference)), refused.status
    flash(_("Ihr Termin ist abgesagt; das Amt wurde benachrichtigt."), "success")
    return redirect(url_for("cases.detail", reference=reference))


@bp.route("/termin/<int:appointment_id>/verlegen", methods=["GET", "POST"])
@role_required(Role.RESIDENT)
def rebook(appointment_id: int):
    """Choose another slot for the resident's appointment (the same case)."""
    appointment = own_appointment(appointment_id)
    back = url_for("cases.detail", reference=appointment.case.reference)
    try:  # a cancelled or begun appointment offers no slots to move to (the post refuses too)
        refuse_if_cancelled(appointment)
        changes.refuse_if_begun(appointment, utcnow())
    except BookingRefused as refused:
        return render_template("sprechstunde/refused.html", message=refused.message,
                               back=back), refused.status
    form = SlotForm()
    week = request.values.get("woche", 0, type=int)
    status = 200
    if request.method == "POST":
        if form.validate():
            try:
                changes.rebook(db.session, appointment, parse_start(form.beginn.data),
                               current_user.user)
            except BookingRefused as refused:
                db.session.rollback()
                form.form_errors.append(refused.message)
                status = refused.status
            else:
                flash(_("Ihr Termin ist verlegt."), "success")
                return redirect(url_for("cases.detail", reference=appointment.case.reference))
        else:
            status = 400
    context = week_context(appointment.hours, week)
    slot_choices(form, context["slots"])
    return render_template("sprechstunde/rebook.html", appointment=appointment, form=form,
                           hours=appointment.hours, **context), status
