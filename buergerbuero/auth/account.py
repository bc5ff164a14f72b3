"""The Konto page: change the e-mail address (confirmed at the new one) and the password, and
choose which e-mails to get."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from common.db import utcnow
from common.i18n import _, _l

from ..core import audit
from ..core.extensions import db
from ..models import Role, TokenPurpose, User
from ..notifications.mails import public_url, queue_mail
from . import bp
from .confirmation import FOREIGN_LINK, refuse
from .forms import ChangeEmailForm, ChangePasswordForm, NotificationsForm
from .limits import mail_limits, password_limits, wrong_password
from .sessions import end_sessions
from .tokens import TokenInvalid, check, issue, redeem

CHANGE = (TokenPurpose.CHANGE_EMAIL,)
WRONG_PASSWORD = _l("Das Passwort ist nicht richtig.")
TAKEN = _l("Zu dieser E-Mail-Adresse gibt es bereits ein anderes Konto. Ihre Adresse bleibt "
           "unverändert.")


def render_account(status: int = 200, **given):
    """Render the Konto page; the form that was posted comes in `given`, the others fresh."""
    user = current_user.user
    forms = {
        "email_form": ChangeEmailForm(formdata=None),
        "password_form": ChangePasswordForm(formdata=None, user=user),
        "notifications_form": NotificationsForm(formdata=None, data={
            "notify_by_email": "on" if user.notify_by_email else "off",
            "digest_subscribed": "on" if user.digest_subscribed else "off"}),
        **given}
    return render_template("auth/account.html", account=user,
                           digest=user.role is Role.CASEWORKER, **forms), status


def taken(email: str, user: User) -> bool:
    """Tell whether another account has the address (in any case)."""
    return db.session.scalar(select(User.id).where(
        func.lower(User.email) == email.lower(), User.id != user.id)) is not None


@bp.route("/")
@login_required
def account():
    """Show the account's address, password and mail settings."""
    return render_account()


@bp.route("/email", methods=["POST"])
@login_required
@mail_limits
@password_limits
def change_email():
    """Send a link to the new address; only that link changes it."""
    user = current_user.user
    form = ChangeEmailForm()
    if form.validate_on_submit() and not user.check_password(form.email_password.data):
        form.email_password.errors.append(WRONG_PASSWORD)
        wrong_password()
    new = (form.new_email.data or "").strip().lower()
    if not form.errors and new == user.email.lower():
        form.new_email.errors.append(_("Das ist bereits Ihre E-Mail-Adresse."))
    if form.errors:
        return render_account(400, email_form=form)
    # A taken address gets no link, and the page says the same as for a free one: the Konto
    # page must not tell which addresses have accounts any more than registration does.
    if not taken(new, user):
        secret = issue(db.session, user, TokenPurpose.CHANGE_EMAIL, new_email=new)
        queue_mail(db.session, kind="change_email", to=new, locale=user.locale, user=user,
                   subject=_l("Bitte bestätigen Sie Ihre neue E-Mail-Adresse"),
                   link=public_url("auth.confirm_new_email", secret=secret))
    audit.record(db.session, "email_change_requested", user)
    db.session.commit()
    flash(_("Wir haben einen Link an %(email)s geschickt. Erst wenn Sie ihn öffnen, ändert "
            "sich Ihre Adresse.", email=new), "success")
    return redirect(url_for("auth.account"), 303)


@bp.route("/email-bestaetigen/<secret>")
@login_required
def confirm_new_email(secret: str):
    """Make the link's new address the account's, and tell the old address."""
    try:
        link = check(db.session, secret, CHANGE)
        if link.user_id != current_user.id:
            return refuse(FOREIGN_LINK, 404)
        if taken(link.new_email, link.user):
            return refuse(TAKEN, 409)
        link = redeem(db.session, secret, CHANGE)
    except TokenInvalid as refused:
        return refuse(refused.message, refused.status)
    user, old = link.user, link.user.email
    user.email, user.email_confirmed_at = link.new_email, utcnow()
    queue_mail(db.session, kind="email_changed", to=old, locale=user.locale, user=user,
               subject=_l("Die E-Mail-Adresse Ihres Kontos wurde geändert"))
    audit.record(db.session, "email_changed", user)
    try:
        db.session.commit()
    except IntegrityError:  # the address was taken meanwhile, by a registration racing this
        return refuse(TAKEN, 409)
    flash(_("Ihre neue E-Mail-Adresse ist bestätigt: %(email)s", email=user.email), "success")
    return redirect(url_for("auth.account"))


@bp.route("/passwort-aendern", methods=["POST"])
@login_required
@password_limits
def change_password():
    """Change the password with the current one; every other login of the account ends."""
    user = current_user.user
    form = ChangePasswordForm(user=user)
    if form.validate_on_submit() and not user.check_password(form.current_password.data):
        form.current_password.errors.append(WRONG_PASSWORD)
        wrong_password()
    if form.errors:
        return render_account(400, password_form=form)
    user.set_password(form.password.data)
    ended = end_sessions(db.session, user, keep=current_user.get_id())
    audit.record(db.session, "password_changed", user, sessions_ended=ended)
    db.session.commit()
    flash(_("Ihr Passwort ist geändert. Andere Anmeldungen mit diesem Konto sind beendet."),
          "success")
    return redirect(url_for("auth.account"), 303)


@bp.route("/benachrichtigungen", methods=["POST"])
@login_required
def notifications():
    """Switch the e-mail notices (and a case worker's daily digest) on or off."""
    user = current_user.user
    form = NotificationsForm()
    if not form.validate_on_submit():
        return render_account(400, notifications_form=form)
    user.notify_by_email = form.notify_by_email.data == "on"
    if user.role is Role.CASEWORKER and form.digest_subscribed.data:
        user.digest_subscribed = form.digest_subscribed.data == "on"
    audit.record(db.session, "notifications_changed", user, notify_by_email=user.notify_by_email,
                 digest_subscribed=user.digest_subscribed)
    db.session.commit()
    flash(_("Ihre Einstellungen sind gespeichert."), "success")
    return redirect(url_for("auth.account"), 303)
