"""The outbox relay: enqueue rows that are pending or stuck, so a lost enqueue loses nothing."""

from __future__ import annotations

import datetime as dt
import logging
import time

from flask import current_app
from sqlalchemy import and_, or_, select

from common.db import utcnow

from . import session as db_session
from .deadlines import send_reminders
from .exceptions import QueueUnavailable
from .models import OutboxMessage, OutboxStatus
from .queue import enqueue_delivery

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
                         OutboxMessage.started_at <= stuck)
    return (select(OutboxMessage).where(or_(pending, stuck_sending))
            .order_by(OutboxMessage.id).limit(BATCH))


def relay_once(now: dt.datetime | None = None) -> int:
    """Enqueue every due row once; return how many were enqueued.

    On PostgreSQL the rows are claimed with SKIP LOCKED, so several relays may run side by side.
    """
    session = db_session()
    now = now or utcnow()
    query = due_rows(now)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    count = 0
    for outbox in session.scalars(query).all():
        try:
            enqueue_delivery(outbox.id)
        except QueueUnavailable as exc:
            log.warning("relay: Redis unavailable, will try again: %s", exc)
            break
        outbox.enqueued_at = now
        count += 1
    session.commit()
    return count


def run_relay(interval: float, stop_after: float | None = None) -> None:
    """Relay (and watch deadlines) every `interval` seconds, until `stop_after` if given."""
    started = time.monotonic()
    while stop_after is None or time.monotonic() - started < stop_after:
        with current_app._get_current_object().app_context():
            count = relay_once()
            send_reminders()
        if count:
            log.info("relay: enqueued %s outbox messages", count)
        time.sleep(interval)
