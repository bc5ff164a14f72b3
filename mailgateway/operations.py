"""Operator actions on the outbox: retry a failed message by hand."""

from __future__ import annotations

import logging
from typing import Any

from common.db import utcnow

from .exceptions import GatewayError, QueueUnavailable
from .models import OutboxMessage, OutboxStatus
from .queue import enqueue_delivery

log = logging.getLogger(__name__)


def retry_failed(session: Any, outbox: OutboxMessage) -> None:
    """Put a failed message back in the queue with a fresh set of attempts (the caller audits)."""
    if outbox.status is not OutboxStatus.FAILED:
        raise GatewayError(f"outbox {outbox.id} is {outbox.status.value}, not failed")
    outbox.status, outbox.attempts = OutboxStatus.PENDING, 0
    outbox.next_attempt_at, outbox.enqueued_at = None, utcnow()
    session.commit()
    try:
        enqueue_delivery(outbox.id)
    except QueueUnavailable as exc:
        log.warning("retry of outbox %s waits for the relay: %s", outbox.id, exc)
