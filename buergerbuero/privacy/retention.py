"""The Löschfrist of cases: a case closed longer ago than its service's `retention_days` is
deleted with everything that belongs to it, one case per transaction.

What stays is a CaseStatistic (service, department, days, outcome) and the case's audit
events, redacted, with one `case_purged` event that names no person and no reference. A
case whose service has the Anbietungspflicht goes only once the archive decided
(privacy/archive_offers.py).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
from collections.abc import Iterator
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from common.formatting import local

from ..catalogue.definitions import DefinitionUnavailable, spec_of
from ..core import audit
from ..models import (
    CLOSED,
    Case,
    CaseStatistic,
    Decision,
    DecisionState,
    ServiceDefinition,
)
from . import erasure

BATCH = 200
SHORTEST_RETENTION = dt.timedelta(days=30)  # the schema's minimum of retention_days


@dataclass(frozen=True)
class DueCase:
    """A closed case past its Löschfrist, as the purge found it."""

    case_id: int
    service_slug: str
    cutoff: dt.datetime
    """Closed at or before this instant: past the Löschfrist of its service."""
    archive_offer: bool


def due_cases(session: Session, now: dt.datetime) -> Iterator[DueCase]:
    """Yield the closed cases whose Löschfrist has passed at `now`, oldest first; a case whose
    definition no longer loads is left (its Löschfrist cannot be read), see skipped_cases."""
    last = 0
    while True:
        rows = session.execute(
            select(Case.id, ServiceDefinition, Case.closed_at)
            .join(ServiceDefinition, ServiceDefinition.id == Case.definition_id)
            .where(Case.status.in_(CLOSED), Case.closed_at <= now - SHORTEST_RETENTION,
                   Case.id > last)
            .order_by(Case.id).limit(BATCH)).all()
        for case_id, definition, closed_at in rows:
            try:
                spec = spec_of(definition)
            except DefinitionUnavailable:
                continue
            cutoff = now - dt.timedelta(days=spec.retention_days)
            if closed_at <= cutoff:
                yield DueCase(case_id, definition.slug, cutoff, spec.archive_offer)
        if len(rows) < BATCH:
            return
        last = rows[-1][0]


def lock_if_due(session: Session, due: DueCase) -> Case | None:
    """Lock the case row and check again that it is closed and past its Löschfrist; return it,
    or None (it was reopened or is gone: that change wins, the purge leaves the case).

    A conditional UPDATE is the lock on both databases: PostgreSQL locks the row and re-reads
    it after a concurrent change; SQLite takes its write lock before the check.
    """
    locked = session.execute(
        update(Case).where(Case.id == due.case_id, Case.status.in_(CLOSED),
                           Case.closed_at <= due.cutoff)
        .values(is_open=False).execution_options(synchronize_session=False)).rowcount
    if not locked:
        session.rollback()
        return None
    return session.get(Case, due.case_id, populate_existing=True)


def statistic_of(session: Session, case: Case, now: dt.datetime) -> CaseStatistic:
    """Return what the statistic keeps of the case: days and codes, nobody's name."""
    outcome = session.scalar(select(Decision.outcome).where(
        Decision.issued_case_id == case.id, Decision.state == DecisionState.ISSUED))
    return CaseStatistic(
        service_slug=case.definition.slug, definition_version=case.definition.version,
        department_key=case.department.key, filed_on=day(case.created_at),
        received_on=day(case.received_at), decided_on=day(case.decided_at),
        closed_on=day(case.closed_at), status=case.status.value,
        outcome=outcome.value if outcome else None, purged_at=now)


def day(moment: dt.datetime | None) -> dt.date | None:
    """Return the local day of an instant (None stays None)."""
    return local(moment).date() if moment is not None else None


def purge_case(session: Session, due: DueCase, now: dt.datetime) -> bool:
    """Delete one due case in one transaction, then its files; False if it was no longer due.

    The rows go before the commit, the files after it (listed in pending_file_removals, so
    a crash in between leaves no file of a deleted case for long and no half-deleted case).
    """
    case = lock_if_due(session, due)
    if case is None:
        return False
    session.add(statistic_of(session, case, now))
    retention = (now - due.cutoff).days
    audit.redact_case_events(session, case.id)
    session.flush()
    session.expunge_all()  # the rows go by SQL below; no stale object may flush after them
    bundle = erasure.queue_released_bundle(session, due.case_id, now)  # before its case_id goes
    names = erasure.delete_case_rows(session, due.case_id)
    erasure.queue_removals(session, names, now)
    # Recorded after the expunge: the hash chain links the events still in the session when
    # it commits, and this one must be among them.
    audit.record(session, "case_purged", case, case_id=case.id, actor_id=None,
                 service=due.service_slug, retention_days=retention)
    session.commit()
    fault("after_commit")
    erasure.remove_pending(session, names + bundle)
    return True


def fault(point: str) -> None:
    """Kill this process at `point` when PRIVACY_PURGE_FAULT names it (the crash tests run a
    real purge process and kill it there, between a commit and its file removals)."""
    if current_app.config.get("PRIVACY_PURGE_FAULT") == point:
        os.kill(os.getpid(), signal.SIGKILL)
