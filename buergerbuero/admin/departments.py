"""Verwaltung → Ämter: add and edit departments and their destinations in the browser."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from sqlalchemy import select

from common.i18n import _
from mailgateway import destination_problem, gateway_keys
from signing import SigningError

from ..auth import role_required
from ..core import audit
from ..core.extensions import db
from ..core.labels import department_name
from ..models import Department, Role
from . import bp
from .forms import DepartmentForm, NewDepartmentForm


def others(key: str | None) -> list[tuple[str, str]]:
    """Return (key, name in the reader's language) of every department but `key`."""
    rows = db.session.scalars(select(Department).order_by(Department.name)).all()
    return [(d.key, str(department_name(d))) for d in rows if d.key != key]


@bp.route("/aemter")
@role_required(Role.ADMIN)
def departments():
    """List the departments with their destinations."""
    rows = db.session.scalars(select(Department).order_by(Department.name)).all()
    return render_template("admin/departments.html", rows=rows)


@bp.route("/aemter/neu", methods=["GET", "POST"], defaults={"key": None})
@bp.route("/aemter/<key>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def department(key: str | None):
    """Create a department, or edit one (its key stays)."""
    existing = db.session.scalar(select(Department).where(Department.key == key)) if key else None
    if key and existing is None:
        abort(404)
    form_class = DepartmentForm if existing else NewDepartmentForm
    form = form_class(data=current_values(existing)).offer(others(key))
    if form.validate_on_submit() and apply(form, existing):
        flash(_("Das Amt „%(name)s“ ist gespeichert.", name=form.name.data), "success")
        return redirect(url_for("admin.departments"))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/department.html", form=form, existing=existing), status


def current_values(department: Department | None) -> dict[str, object]:
    """Return the form's starting values; the key fields stay empty (only to add or replace)."""
    if department is None:
        return {}
    return {"key": department.key, "name": department.name,
            "name_en": department.name_en or "", "channel": department.channel,
            "address": department.address, "deadline_days": department.deadline_days,
            "fallback": department.fallback_key or ""}


def apply(form: DepartmentForm, existing: Department | None) -> bool:
    """Check destination, key and uniqueness; store and commit. False (with errors) if refused."""
    key = existing.key if existing else form.key.data
    if existing is None and db.session.scalar(select(Department).where(Department.key == key)):
        form.key.errors.append(_("Diese Kennung ist schon vergeben."))
        return False
    problem = destination_problem(key, form.channel.data, form.address.data or "",
                                  current_app.config)
    if problem:
        form.address.errors.append(problem)
        return False
    pinned = pin_key(form, existing)
    if pinned is None:
        return False
    fingerprint, armored = pinned
    department = existing or Department(key=key)
    department.name, department.channel = form.name.data.strip(), form.channel.data
    department.name_en = (form.name_en.data or "").strip() or None
    department.address, department.deadline_days = form.address.data or "", form.deadline_days.data
    department.fallback_key = form.fallback.data or None
    if fingerprint:
        department.key_fingerprint, department.public_key = fingerprint, armored
    db.session.add(department)
    db.session.flush()
    audit.record(db.session, "department_saved", department, key=key, channel=department.channel,
                 fingerprint=department.key_fingerprint)
    db.session.commit()
    return True


def pin_key(form: DepartmentForm, existing: Department | None) -> tuple[str, str] | None:
    """Return (fingerprint, armored key) to store: the given key imported against its pin, a
    key generated for a new department of the platform's own Postfach, or ('', '') to keep
    the key (editing). None, with the errors on the form, if refused."""
    armored, pinned = (form.public_key.data or "").strip(), (form.fingerprint.data or "").strip()
    if not armored and not pinned:
        # NewDepartmentForm let a new department through without a key only for IN_PLATFORM.
        return ("", "") if existing is not None else generated_key(form)
    if not armored or not pinned:
        form.fingerprint.errors.append(_("Bitte geben Sie Schlüssel und Fingerabdruck an."))
        return None
    try:
        return gateway_keys().keyring.import_pinned(armored, pinned), armored
    except SigningError as exc:
        form.fingerprint.errors.append(str(exc))
        return None


def generated_key(form: DepartmentForm) -> tuple[str, str]:
    """Generate the key pair of a department whose Postfach is opened in the platform: its
    secret key stays where that Postfach is opened, as for the departments of departments.yaml."""
    keyring = gateway_keys().keyring
    fingerprint = keyring.generate_key(form.name.data.strip(), f"{form.key.data}@amt.invalid")
    return fingerprint, keyring.export_public(fingerprint)
