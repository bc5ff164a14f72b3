"""One-time links sent by e-mail: set or reset a password, confirm an address."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from common.db import Base, created_at, intpk

from .users import User


class TokenPurpose(enum.Enum):
    """What a one-time link does; each purpose has its own lifetime (auth/tokens.py)."""

    SET_PASSWORD = "set_password"
    """A new staff account's first password."""
    RESET_PASSWORD = "reset_password"
    CONFIRM_EMAIL = "confirm_email"
    """A resident's address, confirmed before the first submission."""
    CHANGE_EMAIL = "change_email"
    """A new address, confirmed at that address before it replaces the old one."""


class AccountToken(Base):
    """A one-time link; only the SHA-256 of its secret is stored, so a copy of the table opens
    nothing."""

    __tablename__ = "account_tokens"

    id: Mapped[intpk]
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[TokenPurpose]
    new_email: Mapped[str | None]
    """The address a CHANGE_EMAIL link confirms."""
    created_at: Mapped[created_at]
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]

    user: Mapped[User] = relationship()
