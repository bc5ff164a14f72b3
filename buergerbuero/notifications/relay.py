"""The relay round's share of the mail: enqueue what is pending and due, send the digest.

An enqueue lost after a commit (Redis down, restarted without its data) and every retry whose
delay has passed come back here; the job's claim makes an extra enqueue harmless.
"""

from __future__ import annotations

import datetime as dt
import logging

from flask import Flask, current_app
from sqlalchemy import or_, select

import mailgateway
from common.db import utcnow

from ..core.extensions import db
from ..models import MailMessage, MailStatus
from .digest import digest_due, send_digests
from .jobs import enqueue_mail

log = logging.getLogger(__name__)
BATCH = 500


def due_mails(now: dt.datetime) -> list[int]:
    """Return the ids of pending mails due at `now` (oldest first, at most one batch).

    A mail younger than the grace period is left to the enqueue of its own commit.
    """
    grace = now - dt.timedelta(seconds=current_app.config["MAIL_RELAY_GRACE_SECONDS"])
    query = (select(MailMessage.id)
             .where(MailMessage.status == MailStatus.PENDING,
                    or_(MailMessage.next_attempt_at.is_(None),
                        MailMessage.next_attempt_at <= now),
                    MailMessage.created_at <= grace)
             .order_by(MailMessage.id).limit(BATCH))
    return list(db.session.scalars(query))


def relay_mails(now: dt.datetime | None = None) -> int:
    """Enqueue every due pending mail once; return how many were enqueued."""
    ids = due_mails(now or utcnow())
    db.session.rollback()  # read only: end the transaction before talking to Redis
    count = 0
    for mail_id in ids:
        if not enqueue_mail(mail_id):
            break  # Redis is down: the next round tries again
        count += 1
    if count:
        log.info("relay: enqueued %s mails", count)
    return count


def relay_round() -> None:
    """The relay round's hook: pending mails, then the digest once its hour has come."""
    relay_mails()
    if digest_due():
        send_digests()


def init_relay(app: Flask) -> None:
    """Register the hook with the gateway's relay."""
    mailgateway.state_of(app).on_relay_round.append(relay_round)
