"""Several relays side by side on PostgreSQL: each due row is enqueued by exactly one of them."""

from __future__ import annotations

import collections
import threading
import time

import pytest
from rq.job import Job

import mailgateway.relay as relay
from mailgateway.relay import relay_once

from .. import support
from .support import filed_case, later

pytestmark = pytest.mark.skipif(
    support.backend() != "postgresql",
    reason="several relays need PostgreSQL's SKIP LOCKED; on SQLite only one relay runs")

RELAYS = 3


def test_relays_running_at_once_share_the_rows_and_enqueue_each_once(
        client, db_session, app, redis_conn, monkeypatch):
    ids = {filed_case(client, db_session)[1].id for _ in range(8)}
    queue_key = "rq:queue:" + app.config["MAILGATEWAY_QUEUE"]
    redis_conn.delete(queue_key)  # as if Redis had lost every enqueue
    monkeypatch.setattr(relay, "BATCH", 2)  # small batches, so the relays interleave
    real_enqueue = relay.enqueue_delivery

    def slow_enqueue(outbox_id: int) -> str:
        time.sleep(0.05)  # a relay holds its batch's row locks while it talks to Redis
        return real_enqueue(outbox_id)

    monkeypatch.setattr(relay, "enqueue_delivery", slow_enqueue)
    start, counts = threading.Barrier(RELAYS), []
    moment = later()

    def one_relay() -> None:
        with app.app_context():
            start.wait()
            counts.append(relay_once(now=moment))

    threads = [threading.Thread(target=one_relay) for _ in range(RELAYS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    queued = collections.Counter(
        Job.fetch(job_id.decode(), connection=redis_conn).args[0]
        for job_id in redis_conn.lrange(queue_key, 0, -1))
    assert set(queued) == ids and set(queued.values()) == {1}
    assert sum(counts) == len(ids)
    assert sum(1 for count in counts if count) >= 2, counts  # they did run side by side
