"""Verwaltung → Konten: staff accounts in the browser (create, edit, disable, send a new link).

The rules are `auth.staff`'s; these views only read the forms, name the acting administrator
and own the transaction.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from common.i18n import _

from ..auth import role_required, staff
from ..core.extensions import db
from ..models import Department, Role, User
from . import bp
from .forms import AccountFilter, AccountForm


def all_departments() -> list[Department]:
    """Return every department by name (the form's checkboxes, the list's filter)."""
    return list(db.session.scalars(select(Department).order_by(Department.name)))


def acting() -> staff.Actor:
    """Return the logged-in administrator as the actor of a change."""
    return staff.Actor(db.session.get(User, current_user.id))


def account_or_404(user_id: int) -> User:
    """Return the staff account, or 404 for an unknown id or a resident's account."""
    user = staff.staff_account(db.session, user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/konten")
@role_required(Role.ADMIN)
def accounts():
    """List the staff accounts with role, departments and state; filter by role and department."""
    departments = all_departments()
    form = AccountFilter(request.args).offer(departments)
    role = next((r for r in Role if r.value == form.rolle.data), None)
    key = form.amt.data if form.amt.data in {d.key for d in departments} else None
    rows = staff.staff_accounts(db.session, role=role, department_key=key)
    return render_template("admin/accounts.html", rows=rows, form=form)


@bp.route("/konten/neu", methods=["GET", "POST"], defaults={"user_id": None})
@bp.route("/konten/<int:user_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def account(user_id: int | None):
    """Create a staff account (a one-time link goes out by mail), or edit one."""
    existing = account_or_404(user_id) if user_id is not None else None
    form = AccountForm(data=current_values(existing)).offer(all_departments())
    if form.validate_on_submit() and save(form, existing):
        flash(_("Das Konto von %(name)s ist gespeichert.", name=form.display_name.data)
              + ("" if existing else " " + _("Der Link zum Festlegen des Passworts ist "
                                             "unterwegs.")), "success")
        return redirect(url_for("admin.accounts"))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/account.html", form=form, existing=existing), status


def current_values(user: User | None) -> dict[str, object]:
    """Return the form's starting values: the account's, or a case worker to be."""
    if user is None:
        return {"role": Role.CASEWORKER.value}
    return {"display_name": user.display_name, "email": user.email, "role": user.role.value,
            "departments": [d.key for d in user.departments]}


def save(form: AccountForm, existing: User | None) -> bool:
    """Apply the form through the staff rules and commit; False (with the error) if refused."""
    role = next((r for r in Role if r.value == form.role.data), None)
    if role is None:
        form.role.errors.append(_("Bitte wählen Sie eine Rolle."))
        return False
    profile = staff.Profile(form.display_name.data, form.email.data, role,
                            tuple(form.departments.data or ()))
    try:
        if existing is None:
            staff.create_account(db.session, profile, acting())
        else:
            staff.update_account(db.session, existing, profile, acting())
    except staff.StaffRefused as refused:
        db.session.rollback()
        getattr(form, refused.field or "role").errors.append(str(refused.message))
        return False
    db.session.commit()
    return True


@bp.route("/konten/<int:user_id>/sperren", methods=["POST"])
@role_required(Role.ADMIN)
def disable(user_id: int):
    """Disable the account; every session of it ends at once."""
    return act(user_id, staff.disable, _("Das Konto ist gesperrt; alle Sitzungen sind beendet."))


@bp.route("/konten/<int:user_id>/entsperren", methods=["POST"])
@role_required(Role.ADMIN)
def enable(user_id: int):
    """Enable the account again."""
    return act(user_id, staff.enable, _("Das Konto ist entsperrt."))


@bp.route("/konten/<int:user_id>/link", methods=["POST"])
@role_required(Role.ADMIN)
def send_link(user_id: int):
    """Mail a new one-time link to set the password; the earlier one stops working."""
    return act(user_id, staff.send_password_link,
               _("Ein neuer Link ist unterwegs; der frühere gilt nicht mehr."))


def act(user_id: int, change, done: str):
    """Run a change on the account and commit; a refused one shows its message with 409."""
    user = account_or_404(user_id)
    try:
        change(db.session, user, acting())
    except staff.StaffRefused as refused:
        db.session.rollback()
        return refusal(account_or_404(user_id), str(refused.message))
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("admin.account", user_id=user_id))


def refusal(user: User, message: str):
    """Show the account's page with the reason a change was refused (409)."""
    form = AccountForm(data=current_values(user)).offer(all_departments())
    return render_template("admin/account.html", form=form, existing=user,
                           refusal=message), 409
