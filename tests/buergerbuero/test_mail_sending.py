"""Sending queued mails through a real SMTP server: both parts, retries, the relay, rollbacks."""

from __future__ import annotations

import datetime as dt

import pytest

from buergerbuero.core.extensions import db
from buergerbuero.models import MailMessage, MailStatus
from buergerbuero.notifications.jobs import send_mail
from buergerbuero.notifications.mails import queue_mail
from buergerbuero.notifications.relay import relay_mails
from common.db import utcnow
from common.i18n import _l

from .mailing import (
    Mailbox,
    empty_mail_queue,
    free_port,
    mails_to,
    queued_count,
    run_mail_worker,
    smtp_server,
)


@pytest.fixture
def mailbox(app, redis_conn, monkeypatch):
    """A real SMTP server the app sends to, with an empty mail queue."""
    empty_mail_queue(app)
    box = Mailbox()
    with smtp_server(box) as port:
        monkeypatch.setitem(app.config, "MAIL_SMTP_PORT", port)
        yield box


def queue_one(app, address: str, locale: str = "de") -> int:
    """Queue and commit one notification mail to `address`; return its id."""
    with app.test_request_context():
        mail = queue_mail(db.session, kind="case_message", to=address, locale=locale,
                          subject=_l("Neue Nachricht zu Ihrem Antrag %(reference)s",
                                     reference="HST-2026-000001"),
                          reference="HST-2026-000001", case_url="http://example.org/fall")
        db.session.commit()
        return mail.id


def send(app, mail_id: int) -> str:
    """Run the sending job once, as the worker does (inside the app)."""
    with app.app_context():
        return send_mail(mail_id)


def test_a_queued_mail_arrives_with_text_and_html_in_the_recipients_language(
        app, mailbox, db_session):
    queue_one(app, "english@example.org", locale="en")
    assert queued_count(app) == 1  # enqueued by the commit, not sent inside it
    run_mail_worker(app)
    [message] = mailbox.to("english@example.org")
    assert message["Subject"] == "New message about your application HST-2026-000001"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["From"] == app.config["MAIL_FROM"] and message["Message-ID"]
    assert message["Date"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "A new message from the office" in text and "http://example.org/fall" in text
    assert '<a href="http://example.org/fall">' in html
    [row] = mails_to(db_session, "english@example.org")
    assert row.status is MailStatus.SENT and row.sent_at is not None and row.attempts == 1
    # The content is gone from the database once sent; what and to whom stays.
    assert (row.subject, row.body_text, row.body_html) == ("", "", "")
    assert (row.kind, row.to_address) == ("case_message", "english@example.org")


def test_a_mail_is_sent_once_however_often_its_job_runs(app, mailbox, db_session):
    mail_id = queue_one(app, "once@example.org")
    assert send(app, mail_id) == "sent"
    assert send(app, mail_id) == "skipped"
    run_mail_worker(app)  # the job its commit enqueued: skipped as well
    assert len(mailbox.to("once@example.org")) == 1


def test_a_closed_port_gives_retries_then_failed_with_the_reason_and_keeps_the_mail(
        app, redis_conn, monkeypatch, db_session):
    monkeypatch.setitem(app.config, "MAIL_SMTP_PORT", free_port())  # nobody listens
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 3)
    monkeypatch.setitem(app.config, "MAIL_BACKOFF_SECONDS", 60)
    mail_id = queue_one(app, "closed@example.org")
    assert send(app, mail_id) == "retry"
    [row] = mails_to(db_session, "closed@example.org")
    assert row.status is MailStatus.PENDING and row.attempts == 1
    assert "ConnectionRefusedError" in row.last_error
    assert row.next_attempt_at.replace(tzinfo=dt.UTC) > utcnow() + dt.timedelta(seconds=50)
    assert send(app, mail_id) == "skipped"  # not due yet
    monkeypatch.setitem(app.config, "MAIL_BACKOFF_SECONDS", 0)
    db_session.get(MailMessage, mail_id).next_attempt_at = None  # as if the delay had passed
    db_session.commit()
    assert [send(app, mail_id), send(app, mail_id)] == ["retry", "failed"]
    [row] = mails_to(db_session, "closed@example.org")
    assert row.status is MailStatus.FAILED and row.attempts == 3
    assert "ConnectionRefusedError" in row.last_error
    assert row.subject and row.body_text and row.body_html  # nothing lost: it can be resent
    assert send(app, mail_id) == "skipped"


def test_the_relay_enqueues_a_pending_mail_whose_enqueue_was_lost(app, mailbox, db_session):
    queue_one(app, "lost@example.org")
    empty_mail_queue(app)  # as if Redis had lost the job
    with app.app_context():
        relay_mails()  # a fresh mail is left to its own enqueue for a while
    run_mail_worker(app)
    assert mailbox.to("lost@example.org") == []
    with app.app_context():
        assert relay_mails(utcnow() + dt.timedelta(minutes=5)) >= 1
    run_mail_worker(app)
    assert len(mailbox.to("lost@example.org")) == 1
    with app.app_context():
        later = utcnow() + dt.timedelta(minutes=5)
        assert "lost@example.org" not in {db.session.get(MailMessage, i).to_address
                                          for i in _due_ids(later)}


def _due_ids(now):
    from buergerbuero.notifications.relay import due_mails

    return due_mails(now)


def test_no_mail_is_stored_or_enqueued_for_a_rolled_back_transaction(app, redis_conn,
                                                                     db_session):
    empty_mail_queue(app)
    with app.test_request_context():
        queue_mail(db.session, kind="case_message", to="rolled@example.org", locale="de",
                   subject=_l("Neue Nachricht zu Ihrem Antrag %(reference)s", reference="X"),
                   reference="X", case_url="http://example.org/")
        db.session.flush()  # written, then undone
        db.session.rollback()
        db.session.commit()  # a later commit of the same session enqueues nothing either
    assert mails_to(db_session, "rolled@example.org") == []
    assert queued_count(app) == 0


def test_the_gateway_worker_also_sends_the_mails(app, mailbox):
    from mailgateway import run_worker

    queue_one(app, "worker@example.org")
    with app.app_context():
        run_worker(burst=True)  # what `flask gateway worker` runs under make run
    assert len(mailbox.to("worker@example.org")) == 1
