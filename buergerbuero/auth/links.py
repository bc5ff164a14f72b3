"""Password links: ask for a reset link (one neutral answer for every address), and the page
one-time links lead to: set a first password, or a new one after a reset."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import logout_user
from sqlalchemy import func, select

from common.db import utcnow
from common.i18n import _, _l

from ..core import audit
from ..core.extensions import db
from ..models import TokenPurpose, User
from ..notifications.mails import public_url, queue_to_user
from . import bp
from .forms import ForgotPasswordForm, NewPasswordForm
from .limits import mail_limits
from .sessions import end_sessions
from .tokens import TokenInvalid, check, issue, redeem

PASSWORD_LINKS = (TokenPurpose.SET_PASSWORD, TokenPurpose.RESET_PASSWORD)


@bp.route("/passwort/<secret>", methods=["GET", "POST"])
def set_password(secret: str):
    """Let the holder of a one-time link choose a password; the link works once."""
    try:
        link = check(db.session, secret, PASSWORD_LINKS)
    except TokenInvalid as refused:
        return render_template("auth/link_invalid.html", message=refused.message), refused.status
    form = NewPasswordForm(user=link.user)
    if not form.validate_on_submit():
        return render_template("auth/set_password.html", form=form, link=link), \
            400 if form.errors else 200
    try:
        link = redeem(db.session, secret, PASSWORD_LINKS)
    except TokenInvalid as refused:  # the same link was used meanwhile, in another tab
        db.session.rollback()
        return render_template("auth/link_invalid.html", message=refused.message), refused.status
    user = link.user
    user.set_password(form.password.data)
    # The mail reached this address, so the link confirms it too.
    user.email_confirmed_at = user.email_confirmed_at or utcnow()
    end_sessions(db.session, user)  # whoever knew the old password is logged out
    first = link.purpose is TokenPurpose.SET_PASSWORD
    audit.record(db.session, "password_set" if first else "password_reset", user, actor_id=user.id)
    db.session.commit()
    logout_user()
    flash(_("Ihr Passwort ist gespeichert. Bitte melden Sie sich damit an."), "success")
    return redirect(url_for("auth.login"))


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
