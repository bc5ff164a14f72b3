"""Login, logout and registration of residents, neither telling which addresses have accounts."""

from __future__ import annotations

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, logout_user
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from common.db import utcnow
from common.i18n import _, _l, supported

from ..core import audit
from ..core.extensions import db, limiter
from ..core.i18n import LANGUAGE_COOKIE
from ..models import LoginSession, Role, User
from ..notifications.mails import public_url, queue_to_user
from . import bp, safe_target, start_session
from .confirmation import send_confirmation
from .forms import LoginForm, RegisterForm
from .limits import mail_limits
from .passwords import hash_password, verify

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
        user = find_account(email)
        if not verify(user, form.password.data):
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
@mail_limits
def register():
    """Open a resident account, answering alike whether or not the address has one.

    Never logs in: a new address gets a confirmation link, a known one a note to its owner.
    Both paths hash the password once, so they take about as long.
    """
    form = RegisterForm()
    if not form.validate_on_submit():
        return render_template("auth/register.html", form=form), 400 if form.errors else 200
    email = form.email.data.strip().lower()
    password_hash = hash_password(form.password.data)
    user = find_account(email)
    if user is None:
        try:
            open_account(email, form.display_name.data.strip(), password_hash)
        except IntegrityError:  # registered at the same moment in another request: one account
            db.session.rollback()
    elif user.active:
        queue_to_user(db.session, user, kind="already_registered",
                      subject=_l("Jemand wollte ein Konto mit Ihrer E-Mail-Adresse anlegen"),
                      login_url=public_url("auth.login"),
                      reset_url=public_url("auth.forgot_password"))
    db.session.commit()
    return render_template("auth/registered.html", email=email)


def open_account(email: str, name: str, password_hash: str) -> None:
    """Add an unconfirmed resident account with its confirmation mail, and commit."""
    user = User(email=email, display_name=name, role=Role.RESIDENT, password_hash=password_hash,
                locale=supported(request.cookies.get(LANGUAGE_COOKIE)))
    db.session.add(user)
    db.session.flush()
    audit.record(db.session, "register", user, actor_id=user.id)
    send_confirmation(db.session, user)
    db.session.commit()


def find_account(email: str) -> User | None:
    """Return the account of an address (any case), or None."""
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def _safe_next() -> str | None:
    """Return the `next` target only if it stays on this site."""
    return safe_target(request.args.get("next", ""))


def _home(user: User) -> str:
    """Return where a login lands: the role's own start page."""
    if user.role is Role.CASEWORKER:
        return url_for("workbench.inbox")
    if user.role is Role.ADMIN:
        return url_for("admin.index")
    if user.role is Role.EDITOR:
        return url_for("public.editor_index")
    return url_for("cases.index")
