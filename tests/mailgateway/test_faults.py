"""Fault injection with real worker processes: each ends with every case delivered exactly once."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from buergerbuero.models import Case, OutboxMessage, OutboxStatus
from mailgateway.relay import relay_once

from .. import support
from .support import later
from .workers import (
    assert_each_delivered_once,
    count_status,
    finish,
    start_worker,
    wait_until,
)

pytestmark = pytest.mark.slow


def file_cases(client, db_session, count: int) -> list[int]:
    """Have `count` new residents file the dog-tax form; return the outbox ids."""
    ids = []
    for _ in range(count):
        support.register(client)
        reference = support.file_hundesteuer(client)
        support.logout(client)
        case = db_session.scalar(select(Case).where(Case.reference == reference))
        ids.append(db_session.scalar(select(OutboxMessage.id).where(
            OutboxMessage.case_id == case.id)))
    return ids


def test_worker_killed_with_sigkill_mid_job_loses_nothing(client, db_session, app, redis_conn,
                                                           monkeypatch):
    ids = file_cases(client, db_session, 12)
    worker = start_worker(app)
    try:
        wait_until(lambda: count_status(db_session, ids, OutboxStatus.DELIVERED) >= 3)
    finally:  # never leave a worker behind, even when the wait fails
        worker.send_signal(signal.SIGKILL)  # the worker is always inside a job when busy
        worker.wait(10)
        Path(worker.log_path).unlink()
    assert count_status(db_session, ids, OutboxStatus.DELIVERED) < len(ids)
    monkeypatch.setitem(app.config, "MAILGATEWAY_STUCK_SECONDS", 1)
    time.sleep(1.2)
    with app.app_context():
        relay_once(now=later())
    survivor = start_worker(app, burst=True, MAILGATEWAY_STUCK_SECONDS=1)
    finish(survivor)
    assert_each_delivered_once(db_session, ids)


def test_redis_down_while_residents_submit_then_the_relay_catches_up(
        app, db_session, redis_conn):
    with support.sibling_app(app, REDIS_URL="redis://127.0.0.1:1/0") as offline:
        ids = file_cases(offline.test_client(), db_session, 4)
    assert count_status(db_session, ids, OutboxStatus.PENDING) == 4
    assert redis_conn.llen("rq:queue:" + app.config["MAILGATEWAY_QUEUE"]) == 0
    with app.app_context():
        assert relay_once(now=later()) >= 4
    worker = start_worker(app, burst=True)
    finish(worker)
    assert_each_delivered_once(db_session, ids)


def test_redis_flushed_with_messages_queued_then_relayed_to_a_real_worker(
        client, db_session, app, redis_conn):
    ids = file_cases(client, db_session, 4)
    assert redis_conn.llen("rq:queue:" + app.config["MAILGATEWAY_QUEUE"]) == 4
    redis_conn.flushdb()  # Redis lost its data
    with app.app_context():
        assert relay_once(now=later()) >= 4
    worker = start_worker(app, burst=True)
    finish(worker)
    assert_each_delivered_once(db_session, ids)


def test_two_workers_on_the_same_jobs_deliver_each_once(client, db_session, app, redis_conn):
    ids = file_cases(client, db_session, 8)
    with app.app_context():
        relay_once(now=later())  # every job is now queued twice
    workers = [start_worker(app, burst=True) for _ in range(2)]
    for worker in workers:
        finish(worker)
    assert_each_delivered_once(db_session, ids)
