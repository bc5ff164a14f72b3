"""What a real handler writes is masked: records of child loggers (`buergerbuero.*`,
`mailgateway.*`) propagated to the root logger's handler, an exception's text in the traceback
(a PostgreSQL unique violation names the address), a stack, and a worker's REDIS_URL."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from mailgateway.worker import without_password

ADDRESS = "kanarie.handler@example.org"
SECRET = "GeheimerLinkKanarie9f3a"


@pytest.fixture
def stream(app) -> Iterator[io.StringIO]:
    """A real StreamHandler on the root logger (the app's masking installed); its output."""
    output = io.StringIO()
    handler = logging.StreamHandler(output)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield output
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


@pytest.mark.parametrize("name", ["buergerbuero.x", "mailgateway.y", "somewhere.else"])
def test_a_child_loggers_record_is_masked_in_the_handlers_output(stream, name):
    logging.getLogger(name).info("Mail an %s, Link /konto/email-bestaetigen/%s", ADDRESS, SECRET)
    written = stream.getvalue()
    assert "Mail an ***, Link /konto/email-bestaetigen/***" in written
    assert ADDRESS not in written and SECRET not in written


def test_a_traceback_and_a_stack_are_masked_too(stream):
    try:
        raise RuntimeError("duplicate key value violates unique constraint\n"
                           f"DETAIL:  Key (email)=({ADDRESS}) already exists. "
                           f"/konto/email-bestaetigen/{SECRET}")
    except RuntimeError:
        logging.getLogger("buergerbuero.core.errors").exception("Fehler in der Anfrage")
    logging.getLogger("werkzeug").info("Stapel", stack_info=True, extra={})
    written = stream.getvalue()
    assert "Traceback (most recent call last)" in written and "Key (email)=(***)" in written
    assert ADDRESS not in written and SECRET not in written


def test_the_workers_redis_url_is_logged_without_its_password():
    assert without_password("redis://:s3cr3t@redis.example:6379/2") == \
        "redis://:***@redis.example:6379/2"
    assert without_password("redis://nutzer:s3cr3t@host/0") == "redis://nutzer:***@host/0"
    assert without_password("redis://127.0.0.1:6379/3") == "redis://127.0.0.1:6379/3"
    assert without_password("unix:///run/redis.sock") == "unix:///run/redis.sock"
