"""Real gateway worker processes for fault-injection tests, started with the test app's config."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from buergerbuero.models import OutboxMessage, OutboxStatus, PostfachEntry

from .. import support


def worker_env(app: Any, **overrides: Any) -> dict[str, str]:
    """Return the environment that makes `flask gateway worker` use the test app's instance."""
    env = {**os.environ, "BUERGERBUERO_INSTANCE": app.instance_path,
           "DATABASE_URL": app.config["DATABASE_URL"], "REDIS_URL": app.config["REDIS_URL"],
           "BUERGERBUERO_SECRET_KEY": app.config["SECRET_KEY"],
           "BUERGERBUERO_MAILGATEWAY_QUEUE": app.config["MAILGATEWAY_QUEUE"],
           "BUERGERBUERO_MAILGATEWAY_BACKOFF_SECONDS": "0"}
    env.update({f"BUERGERBUERO_{k}": str(v) for k, v in overrides.items()})
    return env


def start_worker(app: Any, *, burst: bool = False, **overrides: Any) -> subprocess.Popen:
    """Start one worker process; its log goes to a file (a pipe could fill up and block it)."""
    command = [sys.executable, "-m", "flask", "--app", "buergerbuero", "gateway", "worker"]
    log = tempfile.NamedTemporaryFile(prefix="worker-", suffix=".log", delete=False)
    process = subprocess.Popen(command + (["--burst"] if burst else []),
                               env=worker_env(app, **overrides), stdout=log, stderr=log)
    log.close()
    process.log_path = log.name  # type: ignore[attr-defined]
    return process


def finish(process: subprocess.Popen, seconds: float = 120) -> None:
    """Wait for a burst worker and fail with its log unless it exited cleanly."""
    code = process.wait(seconds)
    log = Path(process.log_path).read_text(errors="replace")  # type: ignore[attr-defined]
    Path(process.log_path).unlink()  # type: ignore[attr-defined]
    assert code == 0, log[-4000:]


def wait_until(condition: Any, seconds: float = 60, step: float = 0.02) -> None:
    """Poll until `condition()` is true; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(step)
    raise AssertionError("condition not reached in time")


def count_status(session: Any, ids: list[int], status: OutboxStatus) -> int:
    """Return how many of the outbox rows have the status (fresh read)."""
    support.fresh(session)
    return session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.id.in_(ids), OutboxMessage.status == status))


def assert_each_delivered_once(session: Any, ids: list[int]) -> None:
    """Every row is delivered, exactly one inbox entry per message, nothing left waiting."""
    support.fresh(session)
    rows = session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids))).all()
    assert [r.status for r in rows] == [OutboxStatus.DELIVERED] * len(ids)
    message_ids = [r.message_id for r in rows]
    entries = session.scalars(select(PostfachEntry.message_id).where(
        PostfachEntry.message_id.in_(message_ids))).all()
    assert sorted(entries) == sorted(message_ids)
