"""The gateway at a glance: messages per state and channel, the oldest waiting, the failures."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from common.db import utcnow

from .models import Department, OutboxMessage, OutboxStatus
from .queue import redis_connection
from .reasons import describe_failure
from .redis_health import redis_warnings
from .state import session as db_session

WAITING = (OutboxStatus.PENDING, OutboxStatus.SENDING)


def gateway_status(failures: int = 20) -> dict[str, Any]:
    """Return counts per state and channel, the oldest waiting message's age and recent failures."""
    session = db_session()
    rows = session.execute(
        select(Department.channel, OutboxMessage.status, func.count())
        .join(Department, OutboxMessage.department_id == Department.id)
        .group_by(Department.channel, OutboxMessage.status)
    ).all()
    by_channel: dict[str, dict[str, int]] = {}
    for channel, status, count in rows:
        by_channel.setdefault(channel, {})[status.value] = count
    oldest = session.scalar(select(func.min(OutboxMessage.created_at))
                            .where(OutboxMessage.status.in_(WAITING)))
    failed = session.scalars(select(OutboxMessage).where(
        OutboxMessage.status == OutboxStatus.FAILED).order_by(OutboxMessage.id.desc())
        .limit(failures)).all()
    return {
        "redis_warnings": redis_warnings(redis_connection()),
        "states": {s.value: sum(c.get(s.value, 0) for c in by_channel.values())
                   for s in OutboxStatus},
        "channels": by_channel,
        "oldest_waiting_seconds": int((utcnow() - oldest).total_seconds()) if oldest else None,
        "retrying": session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.attempts > 0)),
        # last_error as stored (language-independent); reason in the reader's language.
        "failures": [{"outbox_id": m.id, "message_id": m.message_id, "attempts": m.attempts,
                      "last_error": m.last_error, "reason": describe_failure(m.last_error)}
                     for m in failed],
    }
