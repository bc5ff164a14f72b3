"""Operator actions on the outbox: retry a failed message by hand."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import update

from common.db import utcnow

from .exceptions import QueueUnavailable
from .models import OutboxMessage, OutboxStatus
from .queue import enqueue_delivery

log = logging.getLogger(__name__)


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
    session.commit()
    try:
        enqueue_delivery(outbox.id)
    except QueueUnavailable as exc:
        log.warning("retry of outbox %s waits for the relay: %s", outbox.id, exc)
    return True
