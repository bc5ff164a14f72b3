"""Ending login sessions server-side: a disabled account or a new password ends them at once."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from common.db import utcnow

from ..models import LoginSession, User


def end_sessions(session: Session, user: User, *, keep: str | None = None) -> int:
    """Revoke every open login session of the user but `keep`; return how many (caller commits)."""
    query = update(LoginSession).where(LoginSession.user_id == user.id,
                                       LoginSession.revoked_at.is_(None))
    if keep is not None:
        query = query.where(LoginSession.id != keep)
    return session.execute(query.values(revoked_at=utcnow())).rowcount
