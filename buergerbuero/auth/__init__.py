"""Accounts: registration, login with server-side sessions, logout, role checks."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, request
from flask_login import LoginManager, current_user, login_user
from sqlalchemy import select

from common.db import utcnow
from common.i18n import _l, supported

from ..core.extensions import db
from ..core.i18n import LANGUAGE_COOKIE
from ..models import LoginSession, Role, SessionUser, User
from .sessions import expiry_notice, keep_alive

bp = Blueprint("auth", __name__)


def init_login(manager: LoginManager) -> None:
    """Teach flask-login to load users through their (revocable) login session."""
    manager.login_view = "auth.login"
    manager.login_message = _l("Bitte melden Sie sich an, um diese Seite zu sehen.")
    manager.localize_callback = str  # the flash message is stored in the session: plain text
    manager.login_message_category = "info"
    manager.session_protection = "strong"
    manager.user_loader(load_session_user)


def load_session_user(token: str) -> SessionUser | None:
    """Return the user of an unrevoked login session, or None (a logged-out cookie is dead).

    A login idle too long or past its lifetime is revoked here and the page says why; a
    valid one notes the request (at most once a minute). It runs before the view (see
    `load_user_first`), so committing here commits nothing of the view's.
    """
    login = db.session.scalar(
        select(LoginSession).where(LoginSession.id == token, LoginSession.revoked_at.is_(None))
    )
    if login is None or not login.user.active:
        return None
    now = utcnow()
    notice = expiry_notice(login, now)
    if notice is not None:
        login.revoked_at = now
        db.session.commit()
        flash(str(notice), "info")
        return None
    if keep_alive(db.session, login, now):
        db.session.commit()
    return SessionUser(login)


@bp.before_app_request
def load_user_first() -> None:
    """Load the logged-in user before any view runs: the loader may commit its own writes.

    Not for static files: they need no user, and a page loads a dozen of them.
    """
    if request.endpoint != "static":
        current_user._get_current_object()  # noqa: SLF001 - werkzeug's proxy has no public one


def start_session(user: User) -> None:
    """Open a new login session for the user and log them in (the caller commits).

    An account that has chosen no language yet keeps the one this browser chose before login.
    """
    if user.locale is None:
        user.locale = supported(request.cookies.get(LANGUAGE_COOKIE))
    login = LoginSession(id=secrets.token_urlsafe(32), user=user)
    db.session.add(login)
    db.session.flush()
    login_user(SessionUser(login))


def safe_target(target: str) -> str | None:
    """Return a redirect target only if it is a path on this site, else None."""
    parts = urlsplit(target)
    # Browsers read a backslash as a slash, so "/\\evil.example" would leave the site too;
    # control characters (CR LF) cannot go into a Location header at all.
    if target.startswith("/") and not target.startswith("//") and "\\" not in target \
            and not parts.netloc and target.isprintable():
        return target
    return None


def role_required(*roles: Role) -> Callable:
    """Let only logged-in users with one of the roles through; others get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                from ..core.extensions import login_manager

                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


# Last: their routes join bp, and they use start_session. language imports views.
from . import account, confirmation, language, links, views  # noqa: E402,F401
