"""Nothing is lost: retries with backoff, failures visible, lost enqueues and stuck jobs relayed."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from buergerbuero.models import OutboxMessage, OutboxStatus, PostfachEntry
from common.db import utcnow
from mailgateway.jobs import deliver
from mailgateway.relay import relay_once

from .. import support
from .support import count_entries, filed_case, later

# The relay's counts are of this test's rows only.
pytestmark = pytest.mark.usefixtures("earlier_rows_parked")


def test_a_failing_delivery_is_retried_with_backoff_then_marked_failed(
        client, db_session, app, redis_conn, broken_steueramt, monkeypatch):
    monkeypatch.setitem(app.config, "MAILGATEWAY_MAX_ATTEMPTS", 2)
    monkeypatch.setitem(app.config, "MAILGATEWAY_BACKOFF_SECONDS", 60)
    _, outbox = filed_case(client, db_session)
    with app.app_context(), pytest.raises(LookupError):
        deliver(outbox.id)
    support.fresh(db_session)
    row = db_session.get(OutboxMessage, outbox.id)
    assert row.status is OutboxStatus.PENDING and row.attempts == 1
    assert "kaputt" in row.last_error
    assert row.next_attempt_at > utcnow() + dt.timedelta(seconds=50)
    with app.app_context():
        assert relay_once(now=utcnow()) == 0  # backoff not over yet
        with pytest.raises(LookupError):
            deliver(outbox.id)
    support.fresh(db_session)
    assert db_session.get(OutboxMessage, outbox.id).status is OutboxStatus.FAILED


def test_a_poison_message_does_not_block_the_others(
        client, db_session, app, run_gateway, broken_steueramt, monkeypatch):
    monkeypatch.setitem(app.config, "MAILGATEWAY_MAX_ATTEMPTS", 1)
    _, poison = filed_case(client, db_session)
    broken_steueramt.channel = "postfach"
    db_session.commit()
    case, good = filed_case(client, db_session)
    broken_steueramt.channel = "kaputt"
    db_session.commit()
    run_gateway()
    support.fresh(db_session)
    assert db_session.get(OutboxMessage, poison.id).status is OutboxStatus.FAILED
    # the second message went to the same broken department: also failed, but visibly
    assert db_session.get(OutboxMessage, good.id).status is OutboxStatus.FAILED
    broken_steueramt.channel = "postfach"
    db_session.commit()
    third_case, third = filed_case(client, db_session)
    run_gateway()
    support.fresh(db_session)
    assert db_session.get(OutboxMessage, third.id).status is OutboxStatus.DELIVERED
    assert count_entries(db_session, third_case) == 1


def test_a_queue_lost_in_a_redis_flush_is_refilled_by_the_relay(
        client, db_session, app, run_gateway, redis_conn):
    case, outbox = filed_case(client, db_session)
    redis_conn.flushdb()  # Redis lost everything it had
    run_gateway()
    assert count_entries(db_session, case) == 0
    with app.app_context():
        assert relay_once(now=later()) >= 1
    run_gateway()
    assert count_entries(db_session, case) == 1
    support.fresh(db_session)
    assert db_session.get(OutboxMessage, outbox.id).status is OutboxStatus.DELIVERED


def test_a_job_stuck_in_sending_is_taken_over_after_the_bound(
        client, db_session, app, run_gateway, redis_conn):
    case, outbox = filed_case(client, db_session)
    redis_conn.flushdb()
    row = db_session.get(OutboxMessage, outbox.id)
    row.status, row.started_at, row.attempts = OutboxStatus.SENDING, utcnow(), 1
    db_session.commit()  # as if a worker died in the middle of the job
    with app.app_context():
        assert relay_once(now=utcnow()) == 0  # still within the bound: maybe just slow
        stuck = app.config["MAILGATEWAY_STUCK_SECONDS"]
        assert relay_once(now=later(stuck + 1)) == 1
    # the claim compares with the real clock, so age the row as the bound demands
    row.started_at = utcnow() - dt.timedelta(seconds=app.config["MAILGATEWAY_STUCK_SECONDS"] + 1)
    db_session.commit()
    run_gateway()
    assert count_entries(db_session, case) == 1
    entry = db_session.scalar(select(PostfachEntry).where(PostfachEntry.case_id == case.id))
    assert entry.message_id == outbox.message_id


def test_the_relay_works_through_every_batch_and_enqueues_each_row_once(
        client, db_session, app, redis_conn, monkeypatch):
    import mailgateway.relay as relay

    monkeypatch.setattr(relay, "BATCH", 2)
    ids = [filed_case(client, db_session)[1].id for _ in range(3)]
    stuck = db_session.get(OutboxMessage, ids[0])
    stuck.status, stuck.started_at = OutboxStatus.SENDING, utcnow() - dt.timedelta(days=1)
    db_session.commit()
    gateway_queue_key = "rq:queue:" + app.config["MAILGATEWAY_QUEUE"]
    redis_conn.delete(gateway_queue_key)
    with app.app_context():
        enqueued = relay_once(now=later())
    jobs = redis_conn.lrange(gateway_queue_key, 0, -1)
    assert enqueued >= 3 and len(jobs) == enqueued  # a stuck row is not re-enqueued in a loop
