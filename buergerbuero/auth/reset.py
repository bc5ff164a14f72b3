"""Forgotten passwords: a one-hour link by e-mail, and one neutral answer for every address."""

from __future__ import annotations

from flask import render_template
from sqlalchemy import func, select

from common.i18n import _l

from ..core import audit
from ..core.extensions import db
from ..models import TokenPurpose, User
from ..notifications.mails import public_url, queue_to_user
from . import bp
from .forms import ForgotPasswordForm
from .limits import mail_limits
from .tokens import issue


@bp.route("/passwort-vergessen", methods=["GET", "POST"])
@mail_limits
def forgot_password():
    """Send a reset link if the address has an active account; answer the same either way."""
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        return render_template("auth/forgot_password.html", form=form), \
            400 if form.errors else 200
    email = form.email.data.strip().lower()
    user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    if user is not None and user.active:
        send_reset_link(user)
        db.session.commit()
    return render_template("auth/reset_sent.html", email=email)


def send_reset_link(user: User) -> None:
    """Queue a mail with a new reset link (earlier ones stop working); the caller commits."""
    secret = issue(db.session, user, TokenPurpose.RESET_PASSWORD)
    queue_to_user(db.session, user, kind="reset_password",
                  subject=_l("Ihr Link zum Zurücksetzen des Passworts"),
                  link=public_url("auth.set_password", secret=secret))
    audit.record(db.session, "password_reset_requested", user)
