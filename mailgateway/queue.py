"""The one place that enqueues gateway jobs: queue name, timeouts and failure callback."""

from __future__ import annotations

from flask import current_app
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue
from rq.job import Callback

from .exceptions import QueueUnavailable


def redis_connection() -> Redis:
    """Return a Redis client for REDIS_URL, shared per app (it pools connections itself)."""
    cache = current_app.extensions.setdefault("mailgateway.redis", {})
    url = current_app.config["REDIS_URL"]
    if url not in cache:
        # Short: a web request that enqueues must not hang on a stalled Redis (the relay
        # enqueues later); rq's worker raises the read timeout for its blocking dequeue itself.
        cache[url] = Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)
    return cache[url]


def gateway_queue() -> Queue:
    """Return the gateway's rq queue."""
    return Queue(current_app.config["MAILGATEWAY_QUEUE"], connection=redis_connection())


def enqueue_delivery(outbox_id: int) -> str:
    """Enqueue the delivery job of one outbox row; raise QueueUnavailable when Redis is down."""
    try:
        job = gateway_queue().enqueue(
            "mailgateway.jobs.deliver",
            outbox_id,
            job_timeout=current_app.config["MAILGATEWAY_JOB_TIMEOUT"],
            result_ttl=3600,
            failure_ttl=7 * 24 * 3600,
            on_failure=Callback("mailgateway.retries.record_failure"),
            description=f"deliver outbox {outbox_id}",
        )
    except RedisError as exc:
        raise QueueUnavailable(f"could not enqueue outbox {outbox_id}: {exc}") from exc
    return job.id
