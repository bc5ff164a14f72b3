"""Staff accounts: create, edit, disable and enable case workers, editors and administrators.

One set of rules for the browser (Verwaltung → Konten), the command line (`flask users`) and the
demo set-up. Nothing here commits: the caller owns the transaction. Every change is an audit
event naming its actor (None on the command line, with `via: "cli"`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from common.db import utcnow
from common.i18n import _l

from ..core import audit
from ..core.errors import RuleRefused
from ..models import STAFF_ROLES, AccountToken, Department, Role, TokenPurpose, User
from ..notifications.mails import public_url, queue_to_user
from . import tokens
from .sessions import end_sessions

MAX_NAME, MAX_EMAIL = 120, 254


class StaffRefused(RuleRefused):
    """A change the rules refuse; `field` is the form field it concerns."""

    def __init__(self, message: object, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Actor:
    """Who makes a change: an administrator's account, or None with the way it came (cli)."""

    user: User | None = None
    via: str = "browser"

    @property
    def id(self) -> int | None:
        """Return the acting account's id (None for the command line and the set-up)."""
        return self.user.id if self.user else None


@dataclass(frozen=True)
class Profile:
    """What an administrator enters for an account: name, address, role, departments."""

    display_name: str
    email: str
    role: Role
    department_keys: tuple[str, ...] = ()


def normalised_email(raw: str) -> str:
    """Return the address lower-cased and checked, or raise StaffRefused."""
    email = (raw or "").strip().lower()
    if not email or len(email) > MAX_EMAIL:
        raise StaffRefused(_l("Bitte geben Sie eine gültige E-Mail-Adresse an, "
                              "z. B. name@example.de."), "email")
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as exc:
        raise StaffRefused(_l("Bitte geben Sie eine gültige E-Mail-Adresse an, "
                              "z. B. name@example.de."), "email") from exc
    return email


def departments_of(session: Session, role: Role, keys: Iterable[str]) -> list[Department]:
    """Return the departments a role needs (case workers: one or more), refusing unknown keys."""
    wanted = sorted({k.strip() for k in keys if k and k.strip()})
    if role is not Role.CASEWORKER:
        return []  # only case workers work for departments
    if not wanted:
        raise StaffRefused(_l("Eine Sachbearbeitung braucht mindestens ein Amt."), "departments")
    found = {d.key: d for d in session.scalars(select(Department).where(
        Department.key.in_(wanted)))}
    for key in wanted:
        if key not in found:
            raise StaffRefused(_l("Das Amt „%(key)s“ gibt es nicht.", key=key), "departments")
    return [found[k] for k in wanted]


def checked(session: Session, profile: Profile, user: User | None = None) -> tuple[
        str, str, list[Department]]:
    """Return name, address and departments of a profile the rules allow, else StaffRefused."""
    if profile.role not in STAFF_ROLES:
        raise StaffRefused(_l("Konten von Bürgerinnen und Bürgern werden hier nicht verwaltet."),
                           "role")
    name = (profile.display_name or "").strip()
    if not name or len(name) > MAX_NAME:
        raise StaffRefused(_l("Bitte geben Sie einen Namen mit höchstens 120 Zeichen an."),
                           "display_name")
    email = normalised_email(profile.email)
    taken = session.scalar(select(User.id).where(func.lower(User.email) == email))
    if taken is not None and (user is None or taken != user.id):
        raise StaffRefused(_l("Zu dieser E-Mail-Adresse gibt es schon ein Konto."), "email")
    return name, email, departments_of(session, profile.role, profile.department_keys)


def staff_account(session: Session, user_id: int) -> User | None:
    """Return the staff account with the id, or None (unknown, or a resident's account)."""
    user = session.get(User, user_id)
    return user if user is not None and user.role in STAFF_ROLES else None


def create_account(session: Session, profile: Profile, actor: Actor, *,
                   send_link: bool = True) -> tuple[User, str | None]:
    """Add a staff account without a password; return it and its one-time link's secret.

    With `send_link` the link is issued and mailed (24 h, single use); without it (the demo
    set-up, which sets a password itself) neither.
    """
    name, email, departments = checked(session, profile)
    user = User(email=email, display_name=name, role=profile.role, password_hash=None,
                email_confirmed_at=utcnow(),  # an administrator entered it
                departments=departments)
    session.add(user)
    try:
        session.flush()  # the unique address speaks here, when two create it at once
    except IntegrityError as exc:
        session.rollback()
        raise StaffRefused(_l("Zu dieser E-Mail-Adresse gibt es schon ein Konto."),
                           "email") from exc
    audit.record(session, "staff_created", user, actor_id=actor.id, via=actor.via,
                 role=user.role.value, departments=[d.key for d in departments])
    return user, send_password_link(session, user, actor) if send_link else None


def send_password_link(session: Session, user: User, actor: Actor) -> str:
    """Issue a new set-password link (earlier ones stop working) and queue its mail."""
    if not user.active:
        raise StaffRefused(_l("Das Konto ist gesperrt. Bitte entsperren Sie es zuerst."))
    secret = tokens.issue(session, user, TokenPurpose.SET_PASSWORD)
    hours = int(tokens.LIFETIMES[TokenPurpose.SET_PASSWORD].total_seconds() // 3600)
    queue_to_user(session, user, kind="set_password",
                  subject=_l("Ihr Zugang zum %(site)s: Passwort festlegen",
                             site=current_app.config["SITE_NAME"]),
                  link=public_url("auth.set_password", secret=secret), hours=hours)
    audit.record(session, "staff_link_sent", user, actor_id=actor.id, via=actor.via)
    return secret


def update_account(session: Session, user: User, profile: Profile, actor: Actor) -> list[str]:
    """Change name, address, role and departments; return the names of what changed."""
    if user.role not in STAFF_ROLES:
        raise StaffRefused(_l("Konten von Bürgerinnen und Bürgern werden hier nicht verwaltet."),
                           "role")
    name, email, departments = checked(session, profile, user)
    if user.role is Role.ADMIN and profile.role is not Role.ADMIN:
        keep_an_administrator(session, user, _l(
            "Das ist das letzte aktive Verwaltungskonto; es behält seine Rolle."), "role")
    before = {"display_name": user.display_name, "email": user.email, "role": user.role.value,
              "departments": sorted(d.key for d in user.departments)}
    user.display_name, user.email, user.role = name, email, profile.role
    user.departments = departments
    after = {"display_name": name, "email": email, "role": profile.role.value,
             "departments": sorted(d.key for d in departments)}
    changed = [key for key in before if before[key] != after[key]]
    if not changed:
        return []
    # Names and addresses are personal data: the event says that they changed, not to what.
    details = {k: {"from": before[k], "to": after[k]} for k in ("role", "departments")
               if k in changed}
    audit.record(session, "staff_updated", user, actor_id=actor.id, via=actor.via,
                 changed=changed, **details)
    if "email" in changed and user.password_hash is None and user.active:
        send_password_link(session, user, actor)  # the first link went to the old address
    return changed


def set_role(session: Session, user: User, role: Role, actor: Actor,
             department_keys: Iterable[str] = ()) -> list[str]:
    """Give the account another role (a case worker needs departments); return what changed."""
    keys = tuple(department_keys) or tuple(d.key for d in user.departments)
    return update_account(session, user, Profile(user.display_name, user.email, role, keys),
                          actor)


def disable(session: Session, user: User, actor: Actor) -> int:
    """Disable the account: its sessions end at once, its open links stop; return sessions ended."""
    if user.role not in STAFF_ROLES:
        raise StaffRefused(_l("Konten von Bürgerinnen und Bürgern werden hier nicht verwaltet."))
    if actor.user is not None and actor.user.id == user.id:
        raise StaffRefused(_l("Sie können Ihr eigenes Konto nicht sperren."))
    if user.role is Role.ADMIN:
        keep_an_administrator(session, user, _l(
            "Das ist das letzte aktive Verwaltungskonto; es kann nicht gesperrt werden."))
    user.active = False
    ended = end_sessions(session, user)
    session.execute(update(AccountToken).where(AccountToken.user_id == user.id,
                                               AccountToken.used_at.is_(None))
                    .values(used_at=utcnow()))
    audit.record(session, "staff_disabled", user, actor_id=actor.id, via=actor.via,
                 sessions_ended=ended)
    return ended


def enable(session: Session, user: User, actor: Actor) -> None:
    """Enable a disabled account again (it logs in with its password, or asks for a link)."""
    if user.role not in STAFF_ROLES:
        raise StaffRefused(_l("Konten von Bürgerinnen und Bürgern werden hier nicht verwaltet."))
    if user.active:
        return
    user.active = True
    audit.record(session, "staff_enabled", user, actor_id=actor.id, via=actor.via)


def keep_an_administrator(session: Session, user: User, message: object,
                          field: str | None = None) -> None:
    """Refuse (StaffRefused) when the user is the last active administrator."""
    # FOR UPDATE on PostgreSQL: two administrators demoting each other at once cannot both pass.
    others = session.scalars(select(User.id).where(
        User.role == Role.ADMIN, User.active.is_(True), User.id != user.id)
        .with_for_update()).all()
    if user.active and not others:
        raise StaffRefused(message, field)


def staff_accounts(session: Session, *, role: Role | None = None,
                   department_key: str | None = None) -> list[User]:
    """Return the staff accounts by name, optionally of one role or one department."""
    query = select(User).where(User.role.in_(STAFF_ROLES)).order_by(User.display_name, User.id)
    if role is not None:
        query = query.where(User.role == role)
    if department_key:
        query = query.where(User.departments.any(Department.key == department_key))
    return list(session.scalars(query).unique())
