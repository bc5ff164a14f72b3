"""Deadline watch: deliveries left unopened for 3 working days remind their department.

Working days skip weekends and the nationwide German public holidays (Easter-dependent ones
computed), which is what a department's office calendar has in common everywhere.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import select, update

from common.db import utcnow
from common.holidays import nationwide

from .models import PostfachEntry
from .state import session as db_session

log = logging.getLogger(__name__)
REMIND_AFTER_WORKING_DAYS = 3


def is_working_day(day: dt.date) -> bool:
    """Tell whether offices are open on this day."""
    return day.weekday() < 5 and day not in nationwide(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """Return the date `days` working days after `start`."""
    current = start
    while days > 0:
        current += dt.timedelta(days=1)
        days -= is_working_day(current)
    return current


def reminder_due(received_at: dt.datetime, now: dt.datetime) -> bool:
    """Tell whether a delivery received then and still unopened needs a reminder now."""
    return now.date() > add_working_days(received_at.date(), REMIND_AFTER_WORKING_DAYS)


def send_reminders(now: dt.datetime | None = None) -> int:
    """Mark every unopened, unreminded delivery that is due; return how many were reminded."""
    session: Any = db_session()
    now = now or utcnow()
    # Older than three calendar days is a cheap pre-filter; working days are checked exactly.
    candidates = session.scalars(select(PostfachEntry).where(
        PostfachEntry.opened_at.is_(None), PostfachEntry.reminded_at.is_(None),
        PostfachEntry.received_at < now - dt.timedelta(days=REMIND_AFTER_WORKING_DAYS))).all()
    due = [e.id for e in candidates if reminder_due(e.received_at, now)]
    if due:
        session.execute(update(PostfachEntry).where(PostfachEntry.id.in_(due))
                        .values(reminded_at=now))
        log.info("deadline watch: reminded %s unopened deliveries", len(due))
    session.commit()
    return len(due)
