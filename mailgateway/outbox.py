"""The one door into the outbox: `post` writes a row, its delivery is enqueued after commit.

A row is written in the caller's transaction and enqueued only once that commits (a rollback
forgets it); should Redis be down then, the row stays pending and the relay enqueues it later.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from common.db import utcnow

from .exceptions import QueueUnavailable
from .models import Department, OutboxMessage
from .payloads import Payload, serialised
from .queue import enqueue_delivery

log = logging.getLogger(__name__)
POSTED = "mailgateway.posted"
"""Key in `Session.info`: the outbox ids to enqueue when the session's transaction commits."""


def post(session: Any, payload: Payload, *, department: Department, case_id: int | None = None,
         enqueued_at: dt.datetime | None = None) -> OutboxMessage:
    """Add an outbox row carrying `payload` to `department` (for a payload to the resident:
    from it); it is enqueued after the commit."""
    row = OutboxMessage(message_id=str(uuid.uuid4()), kind=payload.KIND, case_id=case_id,
                        department_id=department.id, to_resident=payload.TO_RESIDENT,
                        payload=serialised(payload),
                        enqueued_at=enqueued_at or utcnow())
    session.add(row)
    session.flush()  # the id is what gets enqueued
    enqueue_after_commit(session, row.id)
    return row


def enqueue_after_commit(session: Any, outbox_id: int) -> None:
    """Enqueue the row's delivery once this session's transaction commits; not if it rolls back."""
    session.info.setdefault(POSTED, []).append(outbox_id)


def enqueue_now(outbox_id: int) -> None:
    """Enqueue the row's delivery; if Redis is down, the relay picks the row up later."""
    try:
        enqueue_delivery(outbox_id)
    except QueueUnavailable as exc:
        log.warning("outbox %s stays pending for the relay: %s", outbox_id, exc)


def listen_for_commits() -> None:
    """Install (once per process) the session listeners that enqueue what a commit posted."""
    if not event.contains(Session, "after_commit", _enqueue_posted):
        event.listen(Session, "after_commit", _enqueue_posted)
        event.listen(Session, "after_rollback", _forget_posted)


def _enqueue_posted(session: Session) -> None:
    for outbox_id in session.info.pop(POSTED, ()):
        enqueue_now(outbox_id)


def _forget_posted(session: Session) -> None:
    session.info.pop(POSTED, None)
