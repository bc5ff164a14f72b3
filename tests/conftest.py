"""Fixtures: one app per session on SQLite or PostgreSQL, real Redis, real gpg and PKI."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from redis import Redis
from rq import SimpleWorker

from buergerbuero import create_app
from buergerbuero.core import catalogs
from buergerbuero.core.extensions import limiter
from buergerbuero.instance_setup import init_instance
from mailgateway.queue import gateway_queue, redis_connection
from signing import end_gpg_agent

from . import support


def pytest_sessionstart(session) -> None:
    """Compile the catalogues first (make does it too): pytest alone sees English as well."""
    catalogs.compile_all()


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """The platform with an initialised instance (schema, keys, departments, services)."""
    tmp = tmp_path_factory.mktemp("instance")
    redis_url, embedded = support.redis_url(str(tmp))
    with support.fresh_database(str(tmp)) as database_url:
        app = create_app({
            "TESTING": True, "SECRET_KEY": "test-secret", "DATABASE_URL": database_url,
            "REDIS_URL": redis_url, "RATELIMIT_STORAGE_URI": "memory://",
            "MAILGATEWAY_QUEUE": f"gateway-test-{os.getpid()}", "MAILGATEWAY_BACKOFF_SECONDS": 0,
            "MAIL_QUEUE": f"mail-test-{os.getpid()}",
        }, instance_path=str(tmp))
        with app.app_context():
            init_instance(app, demo=True)
        yield app
        with app.app_context():
            from buergerbuero.core.extensions import db

            db.engine.dispose()
        # The tests' gateway (run_gateway, keys in this process) started gpg-agents there.
        end_gpg_agent(app.config["MAILGATEWAY_GNUPG_HOME"])
    if embedded is not None:
        embedded.shutdown()


@pytest.fixture
def redis_conn(app) -> Redis:
    """The real Redis, with this session's gateway queue emptied before each test.

    The queue name is per process, so test runs sharing one Redis do not take each other's jobs.
    No app context stays pushed: requests must each get their own, as in production.
    """
    with app.app_context():
        gateway_queue().empty()
        return redis_connection()


@pytest.fixture(autouse=True)
def fresh_rate_limits(app):
    """Start every test with unused login attempts (all tests log in from 127.0.0.1)."""
    limiter.reset()


@pytest.fixture
def client(app, redis_conn):
    """A browser-like test client."""
    return app.test_client()


@pytest.fixture
def run_gateway(app, redis_conn):
    """Run a gateway worker in this process until the queue is empty (as ``on``, or the app)."""

    def run(on: Any = None) -> None:
        with (on or app).app_context():
            worker = SimpleWorker([gateway_queue()], connection=redis_connection())
            worker.work(burst=True, logging_level="WARNING", with_scheduler=False)

    return run


@pytest.fixture
def db_session(app):
    """A session of its own, for looking at what the app wrote.

    Deliberately not the app context's session: a request made while an app context is pushed
    reuses that context, and would then read the test's stale objects instead of the database.
    """
    session = app.extensions["buergerbuero.db"]()
    yield session
    session.close()


def gpg_agent_pids(homedir: Path | str) -> list[int]:
    """Return the pids of gpg-agent processes serving ``homedir`` (read from /proc)."""
    wanted = os.fsencode(os.path.realpath(homedir))
    pids = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            argv = cmdline.read_bytes().split(b"\0")
        except OSError:  # the process ended while we looked
            continue
        if argv[0].endswith(b"gpg-agent") and any(
                os.path.realpath(arg) == wanted for arg in argv[1:]):
            pids.append(int(cmdline.parent.name))
    return pids


@pytest.fixture
def gpg_agents():
    """Return a function listing the gpg-agents of a homedir, waiting briefly for them to end."""

    def agents(homedir: Path | str, *, settle: float = 5.0) -> list[int]:
        deadline = time.monotonic() + settle
        while (pids := gpg_agent_pids(homedir)) and time.monotonic() < deadline:
            time.sleep(0.05)  # gpgconf --kill returns while the agent is still exiting
        return pids

    return agents
