"""Login sessions server-side: end them at once (a disabled account, a new password), end them
after idle time and after their lifetime, and note their last request at most once a minute
(a page's own polls are no request of the person's: `passive`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask import current_app, request
from sqlalchemy import update
from sqlalchemy.orm import Session

from common.db import utcnow
from common.i18n import _l

from ..models import LoginSession, User

TOUCH_EVERY = dt.timedelta(minutes=1)
"""last_seen_at is written at most this often: no database write on every request."""
PASSIVE = "passive_request"
"""The mark `passive` sets on a view."""


def passive(view: Callable) -> Callable:
    """Mark a view a page's script asks on its own (a poll): no activity of the person, so its
    requests do not keep a login alive (else an open tab would never reach the idle time)."""
    setattr(view, PASSIVE, True)
    return view


def is_passive() -> bool:
    """Tell whether the request goes to a view marked `passive`."""
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, PASSIVE, False))


def end_sessions(session: Session, user: User, *, keep: str | None = None) -> int:
    """Revoke every open login session of the user but `keep`; return how many (caller commits)."""
    query = update(LoginSession).where(LoginSession.user_id == user.id,
                                       LoginSession.revoked_at.is_(None))
    if keep is not None:
        query = query.where(LoginSession.id != keep)
    return session.execute(query.values(revoked_at=utcnow())).rowcount


def expiry_notice(login: LoginSession, now: dt.datetime) -> object | None:
    """Return why the login has run out (a German text to show), or None while it is valid."""
    idle = dt.timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    lifetime = dt.timedelta(hours=current_app.config["SESSION_LIFETIME_HOURS"])
    if now - login.created_at >= lifetime:
        return _l("Sie wurden nach %(hours)s Stunden Anmeldung automatisch abgemeldet. Bitte "
                  "melden Sie sich erneut an.", hours=current_app.config["SESSION_LIFETIME_HOURS"])
    if now - (login.last_seen_at or login.created_at) >= idle:
        return _l("Sie wurden nach %(minutes)s Minuten ohne Aktivität abgemeldet. Bitte melden "
                  "Sie sich erneut an.", minutes=current_app.config["SESSION_IDLE_MINUTES"])
    return None


def keep_alive(session: Session, login: LoginSession, now: dt.datetime) -> bool:
    """Note the request on the login if the last note is a minute old and the request is the
    person's (not a `passive` one); tell whether it wrote."""
    if is_passive() or (login.last_seen_at is not None and now - login.last_seen_at < TOUCH_EVERY):
        return False
    login.last_seen_at = now
    return True
