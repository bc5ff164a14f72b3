"""Login, logout and registration of residents."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, logout_user
from sqlalchemy import func, select

from common.db import utcnow
from common.i18n import _, _l

from ..core import audit
from ..core.extensions import db, limiter
from ..models import LoginSession, Role, User
from . import bp, start_session
from .forms import LoginForm, RegisterForm

LOGIN_FAILED = _l("E-Mail-Adresse oder Passwort ist falsch.")


def _login_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN"]


def _account_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN_ACCOUNT"]


def _address_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN_ADDRESS"]


def _posted_account() -> str:
    """Return the account a login names, as it is looked up (no e-mail: one shared key)."""
    return "konto:" + (request.form.get("email") or "").strip().lower()[:254]


def _address_and_account() -> str:
    return f"adresse:{get_remote_address()} {_posted_account()}"


def _failed(response: Response) -> bool:
    """Count a login only when its password was wrong: colleagues behind one address who log
    in successfully never use up each other's attempts."""
    return response.status_code == 401


@bp.route("/anmelden", methods=["GET", "POST"])
# Wrong passwords per account from one address, per account from all addresses together, and
# per address over all accounts (looser): no one locks out the others behind a shared address,
# no one sprays one account from many addresses, nor one password over many accounts.
@limiter.limit(_login_limit, key_func=_address_and_account, methods=["POST"], deduct_when=_failed)
@limiter.limit(_account_limit, key_func=_posted_account, methods=["POST"], deduct_when=_failed)
@limiter.limit(_address_limit, key_func=get_remote_address, methods=["POST"],
               deduct_when=_failed)
def login():
    """Show the login form and log a user in."""
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        user = db.session.scalar(select(User).where(func.lower(User.email) == email))
        if user is None or not user.active or not user.check_password(form.password.data):
            form.password.errors.append(str(LOGIN_FAILED))
            return render_template("auth/login.html", form=form), 401
        start_session(user)
        audit.record(db.session, "login", user, actor_id=user.id)
        db.session.commit()
        return redirect(_safe_next() or _home(user))
    return render_template("auth/login.html", form=form), 400 if form.errors else 200


@bp.route("/abmelden", methods=["POST"])
@login_required
def logout():
    """Revoke the login session server-side, then clear the cookie."""
    login = db.session.get(LoginSession, current_user.get_id())
    if login is not None:
        login.revoked_at = utcnow()
        audit.record(db.session, "logout", login.user)
        db.session.commit()
    logout_user()
    flash(_("Sie haben sich abgemeldet."), "success")
    return redirect(url_for("catalogue.index"))


@bp.route("/registrieren", methods=["GET", "POST"])
def register():
    """Create a resident account."""
    form = RegisterForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        if db.session.scalar(select(User).where(func.lower(User.email) == email)):
            form.email.errors.append(_("Zu dieser E-Mail-Adresse gibt es schon ein Konto."))
            return render_template("auth/register.html", form=form), 409
        user = User(email=email, display_name=form.display_name.data.strip(), role=Role.RESIDENT)
        user.set_password(form.password.data)
        db.session.add(user)
        db.session.flush()
        audit.record(db.session, "register", user, actor_id=user.id)
        start_session(user)
        db.session.commit()
        flash(_("Ihr Konto ist angelegt. Sie sind angemeldet."), "success")
        return redirect(_safe_next() or url_for("catalogue.index"))
    return render_template("auth/register.html", form=form), 400 if form.errors else 200


def _safe_next() -> str | None:
    """Return the `next` target only if it stays on this site."""
    return safe_target(request.args.get("next", ""))


def safe_target(target: str) -> str | None:
    """Return a redirect target only if it is a path on this site, else None."""
    parts = urlsplit(target)
    # Browsers read a backslash as a slash, so "/\\evil.example" would leave the site too;
    # control characters (CR LF) cannot go into a Location header at all.
    if target.startswith("/") and not target.startswith("//") and "\\" not in target \
            and not parts.netloc and target.isprintable():
        return target
    return None


def _home(user: User) -> str:
    if user.role is Role.CASEWORKER:
        return url_for("workbench.inbox")
    if user.role is Role.ADMIN:
        return url_for("admin.index")
    return url_for("cases.index")
