"""The pages one-time links lead to: set a first password, or a new one after a reset."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import logout_user

from common.db import utcnow
from common.i18n import _

from ..core import audit
from ..core.extensions import db
from ..models import TokenPurpose
from . import bp
from .forms import NewPasswordForm
from .sessions import end_sessions
from .tokens import TokenInvalid, check, redeem

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
