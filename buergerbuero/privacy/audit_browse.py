"""Browsing the audit log (Verwaltung → Protokoll): filters read from the URL, one page of
events newest first with keyset paging, and the chain's status line.

Malformed filters are refused in German (400); a person or case that does not exist finds
nothing and says so.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from common.i18n import _

from ..core.errors import Refused
from ..core.url_converters import database_id
from ..models import HEAD_ID, AuditChainHead, AuditCheck, AuditEvent, AuditSeal, Case, User
from .audit_export import period
from .audit_verify import Break, break_of

PARAMETERS = ("aktion", "objekt", "person", "vorgang", "von", "bis")  # untranslated: URL names
MAX_LENGTH = 255
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class LogFilters:
    """What the administrator narrowed the log to (ids resolved, UTC moments)."""

    action: str | None = None
    object_type: str | None = None
    actor_id: int | None = None
    case_id: int | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    before_id: int | None = None
    nothing: bool = False
    """A person or case was asked for that does not exist: no event can match."""
    notices: list[str] = field(default_factory=list)


def given(args: Mapping[str, str]) -> dict[str, str]:
    """Return the filled-in filter parameters (for the form and the next page's link)."""
    return {name: args[name].strip() for name in PARAMETERS if args.get(name, "").strip()}


def read_filters(session: Session, args: Mapping[str, str]) -> LogFilters:
    """Read the filters from the URL; refuse what no form of the page sends."""
    values = given(args)
    if any(len(value) > MAX_LENGTH for value in values.values()):
        raise Refused(_("Ein Suchfeld ist zu lang (höchstens %(num)d Zeichen).", num=MAX_LENGTH))
    filters = LogFilters(action=values.get("aktion"), object_type=values.get("objekt"))
    start, end = values.get("von"), values.get("bis")  # untranslated: URL parameter names
    first = local_day(start, _("Das Datum „von“ ist ungültig (JJJJ-MM-TT)."))
    last = local_day(end, _("Das Datum „bis“ ist ungültig (JJJJ-MM-TT)."))
    if first and last and first > last:
        raise Refused(_("„von“ liegt nach „bis“."))
    filters.since = period(first, first)[0] if first else None
    filters.until = period(last, last)[1] if last else None
    cursor = args.get("vor", "").strip()  # untranslated: URL parameter name
    if cursor:
        filters.before_id = database_id(cursor)
        if filters.before_id is None:
            raise Refused(_("Der Verweis auf die nächste Seite ist ungültig. Bitte beginnen "
                            "Sie wieder auf der ersten Seite."))
    resolve_people(session, values, filters)
    return filters


def local_day(value: str | None, message: str) -> dt.date | None:
    """Return a date given as YYYY-MM-DD, or None; refuse anything else with the message."""
    if value is None:
        return None
    try:
        if not DATE.fullmatch(value):
            raise ValueError(value)
        day = dt.date.fromisoformat(value)
        period(day, day)  # the calendar's last day has no end
    except (ValueError, OverflowError):
        raise Refused(message) from None
    return day


def resolve_people(session: Session, values: Mapping[str, str], filters: LogFilters) -> None:
    """Turn the person's e-mail address and the case reference into ids (or "nothing")."""
    if "person" in values:
        filters.actor_id = session.scalar(select(User.id).where(
            func.lower(User.email) == values["person"].lower()))
        if filters.actor_id is None:
            filters.nothing = True
            filters.notices.append(_("Kein Konto hat diese E-Mail-Adresse."))
    if "vorgang" in values:
        filters.case_id = session.scalar(select(Case.id).where(
            Case.reference == values["vorgang"].upper()))
        if filters.case_id is None:
            filters.nothing = True
            filters.notices.append(_("Einen Vorgang mit diesem Aktenzeichen gibt es nicht."))


def page_of(session: Session, filters: LogFilters, size: int) -> tuple[list[Any], int | None]:
    """Return one page of events (with actor e-mail and case reference), newest first, and
    the id the next page starts before (None on the last page)."""
    if filters.nothing:
        return [], None
    rows = session.execute(query(filters).limit(size + 1)).all()
    return rows[:size], rows[size - 1].AuditEvent.id if len(rows) > size else None


def query(filters: LogFilters) -> Select[Any]:
    """Return the filtered query, newest first."""
    actor = aliased(User)
    statement = (select(AuditEvent, actor.email.label("actor_email"),
                        Case.reference.label("reference"))
                 .outerjoin(actor, actor.id == AuditEvent.actor_id)
                 .outerjoin(Case, Case.id == AuditEvent.case_id)
                 .order_by(AuditEvent.id.desc()))
    conditions = [
        (filters.action, lambda v: AuditEvent.action == v),
        (filters.object_type, lambda v: AuditEvent.object_type == v),
        (filters.actor_id, lambda v: AuditEvent.actor_id == v),
        (filters.case_id, lambda v: AuditEvent.case_id == v),
        (filters.since, lambda v: AuditEvent.at >= v),
        (filters.until, lambda v: AuditEvent.at < v),
        (filters.before_id, lambda v: AuditEvent.id < v),
    ]
    for value, condition in conditions:
        if value is not None:
            statement = statement.where(condition(value))
    return statement


@dataclass
class ChainStatus:
    """The status line: the newest verify run, the newest seal, the head."""

    check: AuditCheck | None
    problem: Break | None
    seal: AuditSeal | None
    head_seq: int


def chain_status(session: Session) -> ChainStatus:
    """Return what the status line of the log shows."""
    check = session.scalar(select(AuditCheck).order_by(AuditCheck.id.desc()).limit(1))
    seal = session.scalar(select(AuditSeal).order_by(AuditSeal.seq.desc()).limit(1))
    head = session.get(AuditChainHead, HEAD_ID)
    return ChainStatus(check, break_of(check.problem) if check else None, seal,
                       head.seq if head else 0)
