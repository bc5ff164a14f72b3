"""The sending job, its one enqueue helper, and what a commit that queued mails enqueues.

A job takes a mail's id, runs in its own app context and is idempotent: it claims the row with
a conditional UPDATE (pending and due; the claim pushes `next_attempt_at` out by a lease), so a
job that runs twice, or beside another, sends once. A mail already sent is never sent again.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from flask import current_app
from redis.exceptions import RedisError
from rq import Queue
from sqlalchemy import event, or_, update
from sqlalchemy.orm import Session

import mailgateway
from common.db import utcnow

from ..core.extensions import db
from ..core.log_masking import without_addresses
from ..models import MailMessage, MailStatus
from .sending import PermanentMailError, build_message, send_message

log = logging.getLogger(__name__)
QUEUED = "notifications.queued"
"""Key in `Session.info`: ids of the mails flushed in this transaction, enqueued on commit."""


def mail_queue() -> Queue:
    """Return the rq queue of outgoing mails (worked by the gateway worker)."""
    return Queue(current_app.config["MAIL_QUEUE"], connection=mailgateway.redis_connection())


def enqueue_mail(mail_id: int) -> bool:
    """Enqueue the sending of one mail; False if Redis is down (the relay round retries)."""
    try:
        mail_queue().enqueue(
            "buergerbuero.notifications.jobs.send_mail", mail_id,
            job_timeout=current_app.config["MAIL_JOB_TIMEOUT"], result_ttl=600,
            failure_ttl=7 * 24 * 3600, description=f"send mail {mail_id}")
    except RedisError as exc:
        log.warning("mail %s stays pending for the relay: %s", mail_id, exc)
        return False
    return True


def send_mail(mail_id: int) -> str:
    """Send one mail at most once; return what happened ("sent", "retry", "failed", "skipped")."""
    with current_app._get_current_object().app_context():  # fresh session per job
        session = db.session
        mail = claim(session, mail_id)
        if mail is None:
            log.info("mail %s: not claimable (sent, failed, or being sent)", mail_id)
            return "skipped"
        config = current_app.config
        try:
            send_message(config, build_message(mail, config["MAIL_FROM"]))
        except PermanentMailError as exc:
            return settle(session, mail, failed=True, error=exc)
        except Exception as exc:  # noqa: BLE001 - any failure of the network is retried
            return settle(session, mail, failed=mail.attempts >= config["MAIL_MAX_ATTEMPTS"],
                          error=exc)
        release(session, mail, status=MailStatus.SENT, sent_at=utcnow(), subject="",
                body_text="", body_html="", last_error=None, next_attempt_at=None)
        log.info("mail %s (%s): sent", mail_id, mail.kind)
        return "sent"


def claim(session: Any, mail_id: int) -> MailMessage | None:
    """Take the mail for one attempt if it is pending and due; None if another job has it."""
    now = utcnow()
    lease = now + dt.timedelta(seconds=current_app.config["MAIL_JOB_TIMEOUT"] + 60)
    mail = session.scalar(
        update(MailMessage)
        .where(MailMessage.id == mail_id, MailMessage.status == MailStatus.PENDING,
               or_(MailMessage.next_attempt_at.is_(None), MailMessage.next_attempt_at <= now))
        .values(attempts=MailMessage.attempts + 1, next_attempt_at=lease)
        .returning(MailMessage))
    session.commit()  # the claim holds before the network is touched
    return mail


def settle(session: Any, mail: MailMessage, *, failed: bool, error: Exception) -> str:
    """Record a failed attempt: give up, or put the mail back with a growing delay."""
    reason = f"{type(error).__name__}: {error}"[:1000]
    if failed:
        release(session, mail, status=MailStatus.FAILED, last_error=reason, next_attempt_at=None)
        log.error("mail %s: failed for good after %s attempts: %s", mail.id, mail.attempts,
                  without_addresses(reason))
        return "failed"
    delay = current_app.config["MAIL_BACKOFF_SECONDS"] * 2 ** (mail.attempts - 1)
    release(session, mail, last_error=reason,
            next_attempt_at=utcnow() + dt.timedelta(seconds=delay))
    log.warning("mail %s: attempt %s failed, retry in %ss: %s", mail.id, mail.attempts, delay,
                without_addresses(reason))
    return "retry"


def release(session: Any, mail: MailMessage, **values: Any) -> None:
    """Write the attempt's outcome, only while this job's claim (its attempt) still holds."""
    session.execute(
        update(MailMessage)
        .where(MailMessage.id == mail.id, MailMessage.status == MailStatus.PENDING,
               MailMessage.attempts == mail.attempts)
        .values(**values).execution_options(synchronize_session=False))
    session.commit()


def listen_for_commits() -> None:
    """Install (once per process) the listeners that enqueue the mails a commit stored."""
    if not event.contains(Session, "after_flush", _note_new_mails):
        event.listen(Session, "after_flush", _note_new_mails)
        event.listen(Session, "after_commit", _enqueue_noted)
        event.listen(Session, "after_rollback", _forget_noted)


def _note_new_mails(session: Session, _context: Any) -> None:
    # After the flush the new rows have their ids; session.new still lists them here.
    ids = [obj.id for obj in session.new if isinstance(obj, MailMessage)]
    if ids:
        session.info.setdefault(QUEUED, []).extend(ids)


def _enqueue_noted(session: Session) -> None:
    for mail_id in session.info.pop(QUEUED, ()):
        enqueue_mail(mail_id)


def _forget_noted(session: Session) -> None:
    session.info.pop(QUEUED, None)
