"""Helpers of the tests that age a login session: find the open one, move its timestamps."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from buergerbuero.models import LoginSession, User
from common.db import utcnow

from .. import support


def open_login(db_session, email: str) -> LoginSession:
    """Return the account's open login session, read afresh."""
    support.fresh(db_session)
    return db_session.scalar(select(LoginSession).join(User).where(
        User.email == email, LoginSession.revoked_at.is_(None)))


def move(db_session, login: LoginSession, **ago: dt.timedelta) -> None:
    """Set the login's timestamps that far in the past."""
    now = utcnow()
    db_session.execute(update(LoginSession).where(LoginSession.id == login.id)
                       .values(**{column: now - delta for column, delta in ago.items()}))
    db_session.commit()
