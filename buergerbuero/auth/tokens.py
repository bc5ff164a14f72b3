"""One-time links: issue one (only its hash is stored), check it, use it up exactly once."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from common.db import utcnow
from common.i18n import _l

from ..core.errors import RuleRefused
from ..models import AccountToken, TokenPurpose, User

LIFETIMES = {
    TokenPurpose.SET_PASSWORD: dt.timedelta(hours=24),
    TokenPurpose.RESET_PASSWORD: dt.timedelta(hours=1),
    TokenPurpose.CONFIRM_EMAIL: dt.timedelta(hours=48),
    TokenPurpose.CHANGE_EMAIL: dt.timedelta(hours=24),
}


class TokenInvalid(RuleRefused):
    """A link that is unknown, meant for something else, expired or used; `message` says which,
    `status` is the answer's HTTP status (404 unknown, 410 used up or expired)."""

    def __init__(self, message: object, status: int = 410) -> None:
        super().__init__(message)
        self.status = status


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def issue(session: Session, user: User, purpose: TokenPurpose, *,
          new_email: str | None = None) -> str:
    """Return a new link secret for the user; earlier unused links of the purpose stop working."""
    now = utcnow()
    session.execute(update(AccountToken)
                    .where(AccountToken.user_id == user.id, AccountToken.purpose == purpose,
                           AccountToken.used_at.is_(None))
                    .values(used_at=now))
    raw = secrets.token_urlsafe(32)
    session.add(AccountToken(token_hash=_digest(raw), user_id=user.id, purpose=purpose,
                             new_email=new_email, created_at=now,
                             expires_at=now + LIFETIMES[purpose]))
    return raw


def check(session: Session, raw: str, purposes: tuple[TokenPurpose, ...]) -> AccountToken:
    """Return the link's row if it may be used now for one of the purposes, else TokenInvalid."""
    token = session.scalar(select(AccountToken).where(AccountToken.token_hash == _digest(raw)))
    if token is None or token.purpose not in purposes:
        raise TokenInvalid(_l("Dieser Link ist ungültig. Bitte prüfen Sie, ob Sie ihn "
                              "vollständig aus der E-Mail übernommen haben."), status=404)
    if token.used_at is not None:
        raise TokenInvalid(_l("Dieser Link wurde bereits verwendet oder durch einen neueren "
                              "ersetzt. Bitte fordern Sie einen neuen an."))
    if token.expires_at <= utcnow():
        raise TokenInvalid(_l("Dieser Link ist abgelaufen. Bitte fordern Sie einen neuen an."))
    return token


def redeem(session: Session, raw: str, purposes: tuple[TokenPurpose, ...]) -> AccountToken:
    """Use the link up, or raise TokenInvalid; of two requests racing, exactly one wins."""
    token = check(session, raw, purposes)
    won = session.execute(update(AccountToken)
                          .where(AccountToken.id == token.id, AccountToken.used_at.is_(None))
                          .values(used_at=utcnow())).rowcount
    if won != 1:
        raise TokenInvalid(_l("Dieser Link wurde bereits verwendet oder durch einen neueren "
                              "ersetzt. Bitte fordern Sie einen neuen an."))
    return token
