"""The outbox relay: enqueue rows that are pending or stuck, so a lost enqueue loses nothing."""

from __future__ import annotations

import datetime as dt
import logging
import time

from flask import current_app
from sqlalchemy import and_, or_, select

from common.db import utcnow

from .deadlines import send_reminders
from .exceptions import QueueUnavailable
from .models import OutboxMessage, OutboxStatus
from .queue import enqueue_delivery
from .state import session as db_session
from .state import state

log = logging.getLogger(__name__)
BATCH = 500


def due_rows(now: dt.datetime):
    """Return the select of outbox ids that need (another) enqueue at `now`."""
    config = current_app.config
    grace = now - dt.timedelta(seconds=config["MAILGATEWAY_RELAY_GRACE_SECONDS"])
    stuck = now - dt.timedelta(seconds=config["MAILGATEWAY_STUCK_SECONDS"])
    pending = and_(
        OutboxMessage.status == OutboxStatus.PENDING,
        or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now),
        or_(OutboxMessage.enqueued_at.is_(None), OutboxMessage.enqueued_at <= grace),
        OutboxMessage.created_at <= grace,
    )
    stuck_sending = and_(OutboxMessage.status == OutboxStatus.SENDING,
                         OutboxMessage.started_at <= stuck,
                         or_(OutboxMessage.enqueued_at.is_(None),
                             OutboxMessage.enqueued_at <= grace))
    return (select(OutboxMessage).where(or_(pending, stuck_sending))
            .order_by(OutboxMessage.id).limit(BATCH))


def relay_once(now: dt.datetime | None = None) -> int:
    """Enqueue every due row once, batch by batch; return how many were enqueued.

    On PostgreSQL the rows are claimed with SKIP LOCKED, so several relays may run side by side.
    A row enqueued here is stamped, so it is not due again within the grace period.
    """
    now = now or utcnow()
    total = 0
    while True:
        count, complete = relay_batch(now)
        total += count
        if count < BATCH or not complete:
            return total


def relay_batch(now: dt.datetime) -> tuple[int, bool]:
    """Enqueue one batch of due rows; return (count, whether Redis took all of them)."""
    session = db_session()
    query = due_rows(now)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    count, complete = 0, True
    for outbox in session.scalars(query).all():
        try:
            enqueue_delivery(outbox.id)
        except QueueUnavailable as exc:
            log.warning("relay: Redis unavailable, will try again: %s", exc)
            complete = False
            break
        outbox.enqueued_at = now
        count += 1
    session.commit()
    return count, complete


def run_relay_hooks() -> None:
    """Run the app's housekeeping of this round; one that fails is logged, the relay goes on."""
    for hook in state().on_relay_round:
        try:
            hook()
        except Exception:  # the relay must outlive any one hook (a locked database, a full disk)
            log.exception("relay: %s failed", getattr(hook, "__name__", hook))
            db_session().rollback()


def run_relay(interval: float, stop_after: float | None = None) -> None:
    """Relay (and watch deadlines) every `interval` seconds, until `stop_after` if given."""
    started = time.monotonic()
    while stop_after is None or time.monotonic() - started < stop_after:
        with current_app._get_current_object().app_context():
            count = relay_once()
            send_reminders()
            run_relay_hooks()
        if count:
            log.info("relay: enqueued %s outbox messages", count)
        time.sleep(interval)
