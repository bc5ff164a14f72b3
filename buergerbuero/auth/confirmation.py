"""Confirming a resident's address by link: needed before the first submission, not before."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import Session

from common.db import utcnow
from common.i18n import _, _l

from ..core import audit
from ..core.extensions import db
from ..models import TokenPurpose, User
from ..notifications.mails import public_url, queue_to_user
from . import bp, safe_target
from .limits import mail_limits
from .tokens import TokenInvalid, check, issue, redeem

CONFIRM = (TokenPurpose.CONFIRM_EMAIL,)
FOREIGN_LINK = _l("Dieser Link gehört zu einem anderen Konto. Bitte melden Sie sich ab und "
                  "öffnen Sie ihn erneut, oder melden Sie sich mit dem richtigen Konto an.")


def send_confirmation(session: Session, user: User) -> None:
    """Queue a mail with a new confirmation link for the account's address (caller commits)."""
    secret = issue(session, user, TokenPurpose.CONFIRM_EMAIL)
    queue_to_user(session, user, kind="confirm_email",
                  subject=_l("Bitte bestätigen Sie Ihre E-Mail-Adresse"),
                  link=public_url("auth.confirm_email", secret=secret))


def refuse(message: object, status: int):
    """Answer a link that cannot be used with the German reason."""
    db.session.rollback()
    return render_template("auth/link_invalid.html", message=message), status


@bp.route("/bestaetigen/<secret>")
def confirm_email(secret: str):
    """Confirm the address the link was sent to; the link works once."""
    try:
        link = check(db.session, secret, CONFIRM)
        if current_user.is_authenticated and current_user.id != link.user_id:
            return refuse(FOREIGN_LINK, 404)
        link = redeem(db.session, secret, CONFIRM)
    except TokenInvalid as refused:
        return refuse(refused.message, refused.status)
    user = link.user
    user.email_confirmed_at = user.email_confirmed_at or utcnow()
    audit.record(db.session, "email_confirmed", user, actor_id=user.id)
    db.session.commit()
    return render_template("auth/email_confirmed.html", email=user.email)


@bp.route("/bestaetigen/erneut", methods=["POST"])
@login_required
@mail_limits
def resend_confirmation():
    """Send the logged-in account a new confirmation link, then go back where it came from."""
    user = current_user.user
    if user.email_confirmed_at is not None:
        flash(_("Ihre E-Mail-Adresse ist bereits bestätigt."), "info")
    else:
        send_confirmation(db.session, user)
        db.session.commit()
        flash(_("Wir haben einen neuen Bestätigungslink an %(email)s geschickt. Er gilt "
                "48 Stunden.", email=user.email), "success")
    return redirect(safe_target(request.form.get("next", "")) or url_for("auth.account"), 303)
