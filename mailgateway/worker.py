"""The gateway worker: a non-forking rq worker that keeps keys and fonts loaded across jobs."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit, urlunsplit

from flask import current_app
from rq import Queue, SimpleWorker

from .keys import gateway_keys
from .queue import gateway_queue, redis_connection
from .state import state

log = logging.getLogger(__name__)


def run_worker(burst: bool = False, name: str | None = None) -> None:
    """Work the gateway queue, and the app's further queues, in this process (SimpleWorker: no
    fork per job)."""
    gateway_keys().receipt_signer()  # load key material before the first job, not during it
    connection = redis_connection()
    queues = [gateway_queue(), *(Queue(n, connection=connection) for n in state().worker_queues)]
    worker = SimpleWorker(queues, connection=connection, name=name)
    log.info("gateway worker %s on %s", worker.name,
             without_password(current_app.config["REDIS_URL"]))
    worker.work(burst=burst, logging_level="INFO", with_scheduler=False)


def without_password(url: str) -> str:
    """Return a Redis URL with its password masked (`redis://:secret@host` is how one is set);
    mailgateway keeps apart from buergerbuero's log masking, so this is done here."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"  # an IPv6 address
    port = f":{parts.port}" if parts.port is not None else ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}{port}"))
