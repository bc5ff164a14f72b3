"""Deleting a resident's account (Art. 17 DSGVO), within what administrative law requires.

What happens is planned first and shown before the resident confirms: drafts go at once with
their uploads; a case not yet decided is withdrawn through the ordinary Rücknahme (which travels
to its department through the gateway; open Rückfragen end with it); every case's file stays
with the department until its Löschfrist, no longer tied to a person who can log in. Then the
account row is pseudonymised (rows of cases, messages and audit events point to it, so it is
kept, with nothing left that reaches or names the person). One transaction: the caller commits,
and removes the upload files after the commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from common.db import utcnow
from common.i18n import SOURCE_LANGUAGE, _, force_locale

from ..auth.sessions import end_sessions
from ..cases import uploads
from ..cases.withdrawal import can_withdraw, withdraw
from ..catalogue.definitions import DefinitionUnavailable, spec_of
from ..core import audit
from ..models import (
    CLOSED,
    AccountToken,
    Case,
    CaseQuery,
    Draft,
    MailMessage,
    MailStatus,
    Upload,
    User,
)

WITHDRAW = "withdraw"
KEEP = "keep"
PLACEHOLDER_DOMAIN = "konto-geloescht.invalid"
"""Addresses of deleted accounts: `.invalid` is reserved (RFC 2606), no mail can reach it."""


@dataclass(frozen=True)
class CasePlan:
    """What the deletion does with one case, and until when its file is kept."""

    case: Case
    action: str
    """WITHDRAW (withdrawn now, then kept) or KEEP (decided or closed: kept as it is)."""
    retention_days: int | None
    """The service's Löschfrist in days after closing (None: the definition no longer loads)."""
    kept_until: dt.date | None
    """The day the Löschfrist ends (None: it begins only when the decided case closes)."""
    open_queries: int


def plan(session: Session, user: User, *, for_update: bool = False) -> list[CasePlan]:
    """Return what deleting the account would do with each of its cases, oldest first;
    `for_update` locks the cases until the commit, so no decision slips in between."""
    query = select(Case).where(Case.user_id == user.id).order_by(Case.id)
    cases = session.scalars(query.with_for_update() if for_update else query)
    return [case_plan(session, case) for case in cases]


def case_plan(session: Session, case: Case) -> CasePlan:
    """Return the plan of one case: withdraw it while it can be, else keep it."""
    days = retention_days(case)
    withdrawing = can_withdraw(session, case)
    closed_at = utcnow() if withdrawing else closing_time(case)
    until = (closed_at + dt.timedelta(days=days)).date() if closed_at and days is not None \
        else None
    open_queries = len(session.scalars(select(CaseQuery.id).where(
        CaseQuery.case_id == case.id, CaseQuery.answered_at.is_(None))).all())
    return CasePlan(case, WITHDRAW if withdrawing else KEEP, days, until,
                    open_queries if withdrawing else 0)


def retention_days(case: Case) -> int | None:
    """Return the Löschfrist of the case's service version in days."""
    try:
        return spec_of(case.definition).retention_days
    except DefinitionUnavailable:
        return None


def closing_time(case: Case) -> dt.datetime | None:
    """Return when the case was closed, None while open: the Löschfrist the purge counts
    from (privacy/retention.py), so the date announced here is the date it goes."""
    return case.closed_at if case.status in CLOSED else None


def fingerprint(plans: list[CasePlan]) -> str:
    """Return a digest of the plan: the confirmation holds only for the plan that was shown."""
    shown = ";".join(f"{p.case.reference}={p.action}" for p in plans)
    return hashlib.sha256(shown.encode()).hexdigest()[:16]


def delete_account(session: Session, user: User, plans: list[CasePlan]) -> list[str]:
    """Carry out the plan and pseudonymise the account; return the upload files to remove
    after the commit (the caller commits; a WithdrawalRefused leaves it to roll back)."""
    user.notify_by_email = False  # the withdrawals' notices would go to a leaving address
    with force_locale(SOURCE_LANGUAGE):  # the department reads the reason in German
        reason = _("Die Antragstellerin/der Antragsteller hat das Konto gelöscht.")
    for case_plan_ in plans:
        if case_plan_.action == WITHDRAW:
            withdraw(session, case_plan_.case, user, reason)
    files = uploads.delete_unfiled(session, "account_deleted", Upload.user_id == user.id)
    drafts = session.execute(delete(Draft).where(Draft.user_id == user.id)).rowcount
    record_deletion(session, user, plans, drafts)
    pseudonymise(session, user)
    return files


def record_deletion(session: Session, user: User, plans: list[CasePlan], drafts: int) -> None:
    """Record the deletion: counts on the account's event, and one event per case with its
    case id. No reference in the account's event: the Löschfrist redacts a case's events by
    case id, and a reference there would tie the pseudonymised account to a purged case."""
    audit.record(session, "account_deleted", user, actor_id=user.id, drafts=drafts,
                 withdrawn=sum(p.action == WITHDRAW for p in plans), kept=len(plans))
    for case_plan_ in plans:
        audit.record(session, "account_deleted_case", case_plan_.case,
                     case_id=case_plan_.case.id, actor_id=user.id, plan=case_plan_.action)


def pseudonymise(session: Session, user: User) -> None:
    """Leave the row nothing that names or reaches the person, and no way to log in."""
    placeholder = f"geloescht-{user.id}-{secrets.token_hex(6)}@{PLACEHOLDER_DOMAIN}"
    end_sessions(session, user)
    session.execute(delete(AccountToken).where(AccountToken.user_id == user.id))
    session.execute(delete(MailMessage).where(MailMessage.user_id == user.id,
                                              MailMessage.status != MailStatus.SENT))
    session.execute(update(MailMessage).where(MailMessage.user_id == user.id)
                    .values(to_address=placeholder))
    user.email, user.display_name, user.password_hash = placeholder, "", None
    user.active, user.locale, user.email_confirmed_at = False, None, None
    user.notify_by_email = user.digest_subscribed = False
