"""Accounts, roles, department memberships and server-side login sessions."""

from __future__ import annotations

import datetime as dt
import enum

from flask_login import UserMixin
from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from common.db import Base, created_at, intpk
from mailgateway.models import Department


class Role(enum.Enum):
    """What an account may do: file, process cases, edit public information, administer."""

    RESIDENT = "resident"
    CASEWORKER = "caseworker"
    EDITOR = "editor"
    ADMIN = "admin"


STAFF_ROLES = (Role.CASEWORKER, Role.EDITOR, Role.ADMIN)
"""Roles an administrator gives: their accounts are created by one, never registered."""

staff_departments = Table(
    "staff_departments", Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("department_id", ForeignKey("departments.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)
"""Which departments a case worker works for (one or more)."""


class User(Base):
    """A person with a login; case workers belong to one or more departments."""

    __tablename__ = "users"

    id: Mapped[intpk]
    email: Mapped[str] = mapped_column(unique=True)
    password_hash: Mapped[str | None]
    """None until the person sets one through their one-time link (new staff accounts)."""
    display_name: Mapped[str]
    role: Mapped[Role] = mapped_column(default=Role.RESIDENT)
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(String(8))
    """The language the person chose with the language switch (None: the browser decides)."""
    email_confirmed_at: Mapped[dt.datetime | None]
    """When the address was confirmed by link; a resident files nothing before."""
    notify_by_email: Mapped[bool] = mapped_column(default=True, server_default="1")
    """Whether the person is told by e-mail that something waits in their Postfach."""
    digest_subscribed: Mapped[bool] = mapped_column(default=False, server_default="0")
    """A case worker's daily digest of new and overdue cases."""
    created_at: Mapped[created_at]

    departments: Mapped[list[Department]] = relationship(
        secondary=staff_departments, order_by=Department.name)

    @property
    def department(self) -> Department | None:
        """Return the first department (by name) a case worker works for, or None."""
        return self.departments[0] if self.departments else None

    @property
    def department_ids(self) -> set[int]:
        """Return the ids of every department the account works for."""
        return {d.id for d in self.departments}

    def set_password(self, password: str) -> None:
        """Store a salted scrypt hash of the password."""
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        """Tell whether the password matches the stored hash (never, while none is set)."""
        if not self.password_hash:
            return False
        return check_password_hash(self.password_hash, password)


class LoginSession(Base):
    """One login; logout revokes it, so a copied session cookie stops working."""

    __tablename__ = "login_sessions"

    id: Mapped[str] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[created_at]
    last_seen_at: Mapped[dt.datetime | None]
    """The last request of this login, kept to the minute: an idle session expires."""
    revoked_at: Mapped[dt.datetime | None]

    user: Mapped[User] = relationship()


class SessionUser(UserMixin):
    """The object flask-login holds: the user plus the login session it came through."""

    def __init__(self, login: LoginSession) -> None:
        self.login = login
        self.user = login.user

    def get_id(self) -> str:
        """Return the login session id, not the user id (flask-login's alternative tokens)."""
        return self.login.id

    def __getattr__(self, name: str):
        return getattr(self.user, name)
