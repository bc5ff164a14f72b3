"""The reminder shortly before a Rückfrage's deadline: one e-mail per unanswered Rückfrage,
queued in a relay round once its deadline is QUERY_REMINDER_DAYS days away or nearer."""

from __future__ import annotations

import datetime as dt
import logging

from flask import Flask, current_app
from sqlalchemy import select, update

import mailgateway
from common.db import utcnow
from common.formatting import local

from ..core.extensions import db
from ..models import Case, CaseQuery
from ..notifications.events import notify_resident

log = logging.getLogger(__name__)
BATCH = 500


def init_app(app: Flask) -> None:
    """Set the reminder's lead time and register it with the gateway's relay round."""
    app.config.setdefault("QUERY_REMINDER_DAYS", 2)
    mailgateway.state_of(app).on_relay_round.append(remind_due_queries)


def due_queries(today: dt.date, lead_days: int) -> list[CaseQuery]:
    """Return the unanswered, unreminded Rückfragen of open cases whose deadline is between
    today and `lead_days` ahead (a passed deadline is overdue, no longer reminded)."""
    return list(db.session.scalars(
        select(CaseQuery).join(Case, Case.id == CaseQuery.case_id).where(
            CaseQuery.answered_at.is_(None), CaseQuery.reminded_at.is_(None),
            CaseQuery.answer_by >= today,
            CaseQuery.answer_by <= today + dt.timedelta(days=lead_days), Case.is_open)
        .order_by(CaseQuery.answer_by, CaseQuery.id).limit(BATCH)))


def remind_due_queries(now: dt.datetime | None = None) -> int:
    """Queue the reminder of every due Rückfrage once (`reminded_at`, set conditionally, so two
    relays remind once); return how many were reminded. Commits."""
    now = now or utcnow()
    reminded = 0
    for query in due_queries(local(now).date(), int(current_app.config["QUERY_REMINDER_DAYS"])):
        won = db.session.execute(update(CaseQuery).where(
            CaseQuery.id == query.id, CaseQuery.reminded_at.is_(None)).values(
            reminded_at=now)).rowcount
        if won:  # a resident who switched mails off is not reminded, and not asked again
            notify_resident(db.session, query.case, "case_query_reminder",
                            answer_by=query.answer_by)
            reminded += 1
    db.session.commit()
    if reminded:
        log.info("relay: reminded %s Rückfragen", reminded)
    return reminded
