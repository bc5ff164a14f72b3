"""Retry, in one place: backoff after a failed attempt, giving up, rq's failure record, and an
operator's retry by hand; or leave the row to the job that took it over.

Every change after a failed attempt is conditional on the claim the job holds: the row is
`sending` with the attempt number and start time the job's claim gave it (a manual retry resets
the attempts, the start time tells the claims apart). A job that hung past the stuck bound may
have lost its row to another job; its late failure then changes nothing, so it can neither put
back nor fail a row that the other job is still delivering or has delivered.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, NamedTuple

from flask import current_app
from sqlalchemy import update

from common.db import utcnow

from .exceptions import PermanentDeliveryError
from .models import OutboxMessage, OutboxStatus
from .outbox import enqueue_after_commit
from .reasons import failure_record
from .state import session as db_session
from .state import state

log = logging.getLogger(__name__)


class Claim(NamedTuple):
    """What identifies one job's claim on an outbox row."""

    attempt: int
    started_at: dt.datetime


def schedule_retry(session: Any, outbox_id: int, claim: Claim, exc: BaseException) -> bool:
    """Put the claimed row back as pending with exponential backoff, or fail it after the last
    attempt; False, changing nothing, if the claim was lost meanwhile."""
    session.rollback()
    config, attempt = current_app.config, claim.attempt
    if attempt >= config["MAILGATEWAY_MAX_ATTEMPTS"]:
        values: dict[str, Any] = {"status": OutboxStatus.FAILED}
        level, note = logging.ERROR, f"failed for good after {attempt} attempts"
    else:
        delay = config["MAILGATEWAY_BACKOFF_SECONDS"] * 2 ** (attempt - 1)
        values = {"status": OutboxStatus.PENDING, "enqueued_at": None,
                  "next_attempt_at": utcnow() + dt.timedelta(seconds=delay)}
        level, note = logging.WARNING, f"attempt {attempt} failed, retry in {delay}s"
    error = _error_text(exc)
    released = _release(session, outbox_id, claim, last_error=error, **values)
    if released:
        log.log(level, "outbox %s: %s: %s", outbox_id, note, error)
    return released


def give_up(session: Any, outbox_id: int, claim: Claim, exc: BaseException) -> bool:
    """Mark the claimed row failed at once: retrying cannot help. False if the claim was lost
    meanwhile."""
    session.rollback()
    error = _error_text(exc)
    if _release(session, outbox_id, claim, status=OutboxStatus.FAILED, last_error=error):
        log.error("outbox %s: permanent failure: %s", outbox_id, error)
        return True
    return False


def record_failure(job: Any, connection: Any, exc_type: Any, exc: Any, traceback: Any) -> None:
    """rq failure callback: note the error on the row if the job could not do so itself.

    The job leaves its claim in this process's open claims only when recording its own outcome
    failed (say, the database was away); otherwise there is nothing to do here.
    """
    outbox_id = job.args[0]
    log.error("job %s for outbox %s failed: %s", job.id, outbox_id, exc)
    claim = state().open_claims.pop(outbox_id, None)
    if claim is None:
        return
    settle = give_up if isinstance(exc, PermanentDeliveryError) else schedule_retry
    with current_app._get_current_object().app_context():
        settle(db_session(), outbox_id, claim, exc)


def retry_failed(session: Any, outbox: OutboxMessage) -> bool:
    """Put a failed message back in the queue with a fresh set of attempts; commit what the
    caller added (its audit event) with it. False, rolling back, if the row is no longer failed
    (a second click, or another operator was quicker: a worker may already be sending it)."""
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == outbox.id, OutboxMessage.status == OutboxStatus.FAILED)
        .values(status=OutboxStatus.PENDING, attempts=0, next_attempt_at=None,
                enqueued_at=utcnow())
        .execution_options(synchronize_session="fetch"))
    if result.rowcount != 1:
        session.rollback()
        return False
    enqueue_after_commit(session, outbox.id)
    session.commit()
    return True


def _release(session: Any, outbox_id: int, claim: Claim, **values: Any) -> bool:
    """Apply `values` only while the job's claim holds; commit; True if it did."""
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == outbox_id, OutboxMessage.status == OutboxStatus.SENDING,
               OutboxMessage.attempts == claim.attempt,
               OutboxMessage.started_at == claim.started_at)
        .values(**values)
        .execution_options(synchronize_session=False))
    session.commit()
    return result.rowcount == 1


def _error_text(exc: BaseException) -> str:
    return failure_record(exc)
