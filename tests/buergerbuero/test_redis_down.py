"""Without Redis every page is still served: rate limits fall back to this process's memory,
quickly, and the pages that look at the queue say it is unreachable instead of failing."""

from __future__ import annotations

import socket
import time

import pytest

from buergerbuero.instance_setup import DEMO_PASSWORD

from .. import support

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused


@pytest.fixture
def offline(app, redis_conn):
    """A client of an app whose Redis, for the queue and the rate limits, cannot be reached."""
    with support.sibling_app(app, REDIS_URL=CLOSED_PORT,
                             RATELIMIT_STORAGE_URI=CLOSED_PORT) as sibling:
        yield sibling.test_client()


def test_login_works_when_redis_is_down(offline):
    started = time.monotonic()
    response = support.login(offline, "buergerin@example.org", DEMO_PASSWORD)
    assert response.status_code == 302
    assert time.monotonic() - started < 3


def test_wrong_password_is_still_rate_limited_in_memory_when_redis_is_down(offline):
    answers = [support.login(offline, "buergerin@example.org", "falsch").status_code
               for _ in range(11)]
    assert answers[:10] == [401] * 10
    assert answers[10] == 429


def test_verification_page_works_when_redis_is_down(offline):
    assert offline.get("/pruefen").status_code == 200
    response = support.post_form(offline, "/pruefen", {
        "record": "Antrag HUND-2026-000001", "signature": "keine Signatur"})
    assert response.status_code == 200
    assert "Nachweis" in response.get_data(as_text=True)


def test_registration_and_filing_work_when_redis_is_down(offline):
    support.register(offline)
    reference = support.file_hundesteuer(offline)
    assert offline.get(f"/antraege/{reference}").status_code == 200


def test_admin_pages_that_look_at_the_queue_work_when_redis_is_down(offline):
    support.login_demo(offline, "admin@example.org")
    for url in ("/verwaltung/", "/verwaltung/poststelle", "/api/gateway"):
        response = offline.get(url)
        assert response.status_code == 200, url


@pytest.fixture
def silent_redis():
    """A Redis URL whose port accepts connections (the kernel's backlog) but never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"


def test_login_and_health_do_not_hang_on_a_redis_that_never_answers(app, redis_conn,
                                                                     silent_redis):
    with support.sibling_app(app, REDIS_URL=silent_redis,
                             RATELIMIT_STORAGE_URI=silent_redis) as sibling:
        client = sibling.test_client()
        started = time.monotonic()
        assert support.login(client, "buergerin@example.org", DEMO_PASSWORD).status_code == 302
        login_seconds, started = time.monotonic() - started, time.monotonic()
        health = client.get("/api/health")
        health_seconds = time.monotonic() - started
    assert health.status_code == 200
    assert health.get_json()["checks"]["redis"].startswith("error")
    assert login_seconds < 4, f"login took {login_seconds:.1f} s"  # two pages, 1 s timeouts
    assert health_seconds < 3.5, f"health took {health_seconds:.1f} s"  # one 2 s read timeout
