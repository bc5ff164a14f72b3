"""A job that hangs past the stuck bound loses its row to another job, and can no longer touch it.

Whatever the hung job does afterwards (its channel breaks, refuses for good, or succeeds), the
row ends as the job that took it over leaves it, with one entry and one receipt of each kind.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from sqlalchemy import select

import mailgateway
from buergerbuero.models import AuditEvent, OutboxMessage, OutboxStatus, Receipt
from buergerbuero.workbench.gateway_hooks import retry_audited
from common.db import utcnow
from mailgateway.exceptions import PermanentDeliveryError
from mailgateway.jobs import claim, deliver
from mailgateway.retries import Claim, record_failure, retry_failed, schedule_retry
from mailgateway.transports.postfach import PostfachTransport

from .. import support
from .support import count_entries, filed_case


def age_claim(app, db_session, outbox_id: int) -> None:
    """Make the row's claim older than the stuck bound, as if its job hung."""
    stuck = dt.timedelta(seconds=app.config["MAILGATEWAY_STUCK_SECONDS"] + 1)
    db_session.get(OutboxMessage, outbox_id).started_at = utcnow() - stuck
    db_session.commit()


def hang_in_postfach(monkeypatch, meanwhile, then) -> None:
    """The first postfach delivery runs `meanwhile()`, then `then(original, self, parcel)`."""
    original, calls = PostfachTransport.deliver, []

    def hanging(self, parcel):
        calls.append(parcel.message_id)
        if len(calls) > 1:
            return original(self, parcel)
        meanwhile()
        return then(original, self, parcel)

    monkeypatch.setattr(PostfachTransport, "deliver", hanging)


def breaks(original, self, parcel):
    """The hung job's connection breaks (a retry would follow)."""
    raise ConnectionError("Verbindung abgebrochen")


def refuses(original, self, parcel):
    """The hung job's channel refuses for good."""
    raise PermanentDeliveryError("Empfänger unbekannt")


def succeeds(original, self, parcel):
    """The hung job's channel takes the message after all."""
    return original(self, parcel)


def assert_delivered_once(db_session, case, outbox_id: int) -> None:
    """The row is delivered by the second job: one entry, one receipt per kind, one event."""
    support.fresh(db_session)
    row = db_session.get(OutboxMessage, outbox_id)
    assert (row.status, row.last_error) == (OutboxStatus.DELIVERED, None)
    assert count_entries(db_session, case) == 1
    kinds = db_session.scalars(select(Receipt.kind).where(Receipt.message_id == row.message_id))
    assert sorted(kind.value for kind in kinds) == ["eingang", "versand"]
    events = db_session.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id,
                                                         AuditEvent.action == "delivered"))
    assert len(events.all()) == 1


@pytest.mark.parametrize("then", [breaks, succeeds, refuses])
def test_after_the_other_job_delivered_the_hung_job_changes_nothing(
        client, db_session, app, redis_conn, monkeypatch, then):
    case, outbox = filed_case(client, db_session)

    def taken_over_and_delivered() -> None:
        age_claim(app, db_session, outbox.id)
        assert deliver(outbox.id) == "delivered"

    hang_in_postfach(monkeypatch, taken_over_and_delivered, then)
    with app.app_context():
        assert deliver(outbox.id) == "skipped"  # not an error: the message is delivered
    assert_delivered_once(db_session, case, outbox.id)


@pytest.mark.parametrize(("then", "max_attempts"), [(breaks, 8), (breaks, 1), (refuses, 8)])
def test_while_the_other_job_holds_the_row_the_hung_job_leaves_its_claim_alone(
        client, db_session, app, redis_conn, monkeypatch, then, max_attempts):
    monkeypatch.setitem(app.config, "MAILGATEWAY_MAX_ATTEMPTS", max_attempts)
    case, outbox = filed_case(client, db_session)

    def taken_over() -> None:
        age_claim(app, db_session, outbox.id)
        with app.app_context():
            assert claim(mailgateway.session(), outbox.id) is not None  # still working on it

    hang_in_postfach(monkeypatch, taken_over, then)
    with app.app_context():
        assert deliver(outbox.id) == "skipped"
    support.fresh(db_session)
    row = db_session.get(OutboxMessage, outbox.id)
    assert (row.status, row.attempts, row.last_error) == (OutboxStatus.SENDING, 2, None)
    age_claim(app, db_session, outbox.id)  # the second job died too; a third one finishes
    with app.app_context():
        assert deliver(outbox.id) == "delivered"
    assert_delivered_once(db_session, case, outbox.id)


def test_the_failure_callback_acts_only_on_a_claim_its_own_job_left_open(
        client, db_session, app, redis_conn):
    _, outbox = filed_case(client, db_session)
    job = SimpleNamespace(id="job-1", args=[outbox.id])
    with app.app_context():
        claimed, _ = claim(mailgateway.session(), outbox.id)
        record_failure(job, None, RuntimeError, RuntimeError("Datenbank weg"), None)
    support.fresh(db_session)
    assert db_session.get(OutboxMessage, outbox.id).status is OutboxStatus.SENDING
    with app.app_context():  # the job could not record its outcome and left its claim open
        mailgateway.state().open_claims[outbox.id] = Claim(1, claimed.started_at)
        record_failure(job, None, RuntimeError, RuntimeError("Datenbank weg"), None)
        assert outbox.id not in mailgateway.state().open_claims
    support.fresh(db_session)
    row = db_session.get(OutboxMessage, outbox.id)
    assert (row.status, row.last_error) == (OutboxStatus.PENDING, "RuntimeError: Datenbank weg")


def test_a_late_second_retry_cannot_reset_a_row_that_a_worker_is_sending(
        app, db_session, failed_case):
    _, outbox = failed_case
    stale = db_session.get(OutboxMessage, outbox.id)  # a second operator's page, still `failed`
    with app.app_context():
        session = mailgateway.session()
        assert retry_audited(session, session.get(OutboxMessage, outbox.id))
    with app.app_context():
        assert claim(mailgateway.session(), outbox.id) is not None  # a worker takes it
    with app.app_context():
        assert not retry_audited(db_session, stale)
    support.fresh(db_session)
    row = db_session.get(OutboxMessage, outbox.id)
    assert (row.status, row.attempts) == (OutboxStatus.SENDING, 1)
    retried = db_session.scalars(select(AuditEvent).where(
        AuditEvent.action == "delivery_retried", AuditEvent.object_id == str(outbox.id)))
    assert len(retried.all()) == 1  # the late click saved nothing


def test_after_a_manual_retry_a_hung_job_cannot_release_the_new_claim(
        client, app, db_session, redis_conn):
    _, outbox = filed_case(client, db_session)
    with app.app_context():
        hung, _ = claim(mailgateway.session(), outbox.id)
        hung_claim = Claim(hung.attempts, hung.started_at)
    row = db_session.get(OutboxMessage, outbox.id)
    row.status = OutboxStatus.FAILED  # meanwhile it failed for good, through another job
    db_session.commit()
    with app.app_context():  # an operator retries: the attempts start at 0 again
        assert retry_failed(db_session, row)
    with app.app_context():
        new, _ = claim(mailgateway.session(), outbox.id)
        assert new.attempts == hung_claim.attempt  # the same attempt number once more
    with app.app_context():
        assert not schedule_retry(mailgateway.session(), outbox.id, hung_claim,
                                  ConnectionError("zu spät"))
    support.fresh(db_session)
    row = db_session.get(OutboxMessage, outbox.id)
    assert (row.status, row.started_at, row.last_error) == (OutboxStatus.SENDING, new.started_at,
                                                            None)
