"""Case workers of a department (and administrators) create and edit its consultation hours.

A Sprechstunde files its bookings under the service `sprechstunde-<department key>` (a
definition with `filed_through: sprechstunde` that goes to the department), so a department
gets one once that definition is published. Bad rules are refused with a German
message naming the line; the form keeps what was typed.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from common.i18n import _

from ..auth import role_required
from ..catalogue.definitions import booking_service
from ..core import audit
from ..core.extensions import db
from ..models import (
    ConsultationException,
    ConsultationHours,
    ConsultationRule,
    Department,
    Role,
)
from . import bp
from .forms import HoursForm
from .rules_text import RulesError, exceptions_as_text, parse_exceptions, parse_rules, rules_as_text

MANAGING_ROLES = (Role.CASEWORKER, Role.ADMIN)


def managed_departments() -> list[Department]:
    """Return the departments whose hours the user may edit (an administrator: all)."""
    if current_user.role is Role.ADMIN:
        return list(db.session.scalars(select(Department).order_by(Department.name)))
    return list(current_user.departments)


def managed_hours(hours_id: int) -> ConsultationHours:
    """Return hours the user may edit, or 404."""
    hours = db.session.get(ConsultationHours, hours_id)
    if hours is None or hours.department_id not in {d.id for d in managed_departments()}:
        abort(404)
    return hours


@bp.get("/verwaltung/")
@role_required(*MANAGING_ROLES)
def manage_index() -> str:
    """List the consultation hours of the user's departments, with those that may get one."""
    departments = managed_departments()
    hours_list = list(db.session.scalars(select(ConsultationHours).where(
        ConsultationHours.department_id.in_([d.id for d in departments]))
        .order_by(ConsultationHours.title)))
    offered = [d for d in departments if booking_service(db.session, d.key)]
    return render_template("sprechstunde/manage_index.html", hours_list=hours_list,
                           offered=offered)


def apply_form(hours: ConsultationHours, form: HoursForm) -> None:
    """Copy the form into the hours; raise RulesError for a bad line (nothing changed then)."""
    rules = parse_rules(form.rules.data, form.slot_minutes.data)
    exceptions = parse_exceptions(form.exceptions.data or "", form.slot_minutes.data)
    hours.title, hours.description = form.title.data, form.description.data or ""
    hours.note = form.note.data or ""
    hours.slot_minutes, hours.capacity = form.slot_minutes.data, form.capacity.data
    hours.book_ahead_days, hours.lead_minutes = form.book_ahead_days.data, form.lead_minutes.data
    hours.topics = [t.strip()[:200] for t in form.topics.data.splitlines() if t.strip()]
    hours.published = form.published.data
    hours.rules = [ConsultationRule(weekday=w, starts=s, ends=e) for w, s, e in rules]
    hours.exceptions = [ConsultationException(day=x.day, starts=x.starts, ends=x.ends,
                                              note=x.note) for x in exceptions]


def fill_form(hours: ConsultationHours) -> HoursForm:
    """Return the edit form filled with the stored hours (on GET)."""
    form = HoursForm(obj=hours)
    if request.method == "GET":
        form.rules.data = rules_as_text(hours.rules)
        form.exceptions.data = exceptions_as_text(hours.exceptions)
        form.topics.data = "\n".join(hours.topics)
    return form


def save(hours: ConsultationHours, form: HoursForm, action: str):
    """Validate and store; re-render with the error (400) and what was typed otherwise."""
    if form.validate():
        try:
            apply_form(hours, form)
        except RulesError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.add(hours)
            db.session.flush()
            audit.record(db.session, action, hours, slug=hours.slug)
            db.session.commit()
            flash(_("Die Sprechstunde ist gespeichert."), "success")
            return redirect(url_for("sprechstunde.manage_edit", hours_id=hours.id))
    return render_template("sprechstunde/manage_edit.html", form=form, hours=hours), 400


@bp.route("/verwaltung/neu/<department_key>", methods=["GET", "POST"])
@role_required(*MANAGING_ROLES)
def manage_new(department_key: str):
    """Create consultation hours for one of the user's departments."""
    department = next((d for d in managed_departments() if d.key == department_key), None)
    if department is None or booking_service(db.session, department.key) is None:
        abort(404)
    hours = ConsultationHours(department=department, slug=department.key,
                              service_slug=f"sprechstunde-{department.key}", title="", topics=[])
    taken = set(db.session.scalars(select(ConsultationHours.slug)))
    hours.slug = next(s for n in range(1, len(taken) + 2)
                      if (s := department.key if n == 1 else f"{department.key}-{n}") not in taken)
    form = HoursForm() if request.method == "POST" else HoursForm(
        slot_minutes=15, capacity=1, book_ahead_days=28, lead_minutes=60, published=True)
    if request.method == "GET":
        return render_template("sprechstunde/manage_edit.html", form=form, hours=None)
    return save(hours, form, "consultation_hours_created")


@bp.route("/verwaltung/<int:hours_id>", methods=["GET", "POST"])
@role_required(*MANAGING_ROLES)
def manage_edit(hours_id: int):
    """Edit consultation hours."""
    hours = managed_hours(hours_id)
    form = fill_form(hours)
    if request.method == "GET":
        return render_template("sprechstunde/manage_edit.html", form=form, hours=hours)
    return save(hours, form, "consultation_hours_changed")
