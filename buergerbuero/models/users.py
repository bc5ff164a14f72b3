"""Accounts, roles and server-side login sessions."""

from __future__ import annotations

import datetime as dt
import enum

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from common.db import Base, created_at, intpk
from mailgateway.models import Department


class Role(enum.Enum):
    """What an account may do: file (resident), process (caseworker) or administer."""

    RESIDENT = "resident"
    CASEWORKER = "caseworker"
    ADMIN = "admin"


class User(Base):
    """A person with a login; caseworkers belong to exactly one department."""

    __tablename__ = "users"

    id: Mapped[intpk]
    email: Mapped[str] = mapped_column(unique=True)
    password_hash: Mapped[str]
    display_name: Mapped[str]
    role: Mapped[Role] = mapped_column(default=Role.RESIDENT)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(String(8))
    """The language the person chose with the language switch (None: the browser decides)."""
    created_at: Mapped[created_at]

    department: Mapped[Department | None] = relationship()

    def set_password(self, password: str) -> None:
        """Store a salted scrypt hash of the password."""
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        """Tell whether the password matches the stored hash."""
        return check_password_hash(self.password_hash, password)


class LoginSession(Base):
    """One login; logout revokes it, so a copied session cookie stops working."""

    __tablename__ = "login_sessions"

    id: Mapped[str] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[created_at]
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
