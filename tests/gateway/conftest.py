"""Fixtures of the gateway tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import select

from buergerbuero.models import Department

from .test_delivery import filed_case


@contextmanager
def steueramt_on(db_session, channel: str) -> Iterator[Department]:
    """Point the Steueramt at ``channel`` and back at its Postfach afterwards."""
    department = db_session.scalar(select(Department).where(Department.key == "steueramt"))
    department.channel = channel
    db_session.commit()
    yield department
    department.channel = "postfach"
    db_session.commit()


@pytest.fixture
def broken_steueramt(app, db_session):
    """Point the Steueramt at a channel that does not exist, and restore it afterwards."""
    with steueramt_on(db_session, "kaputt") as department:
        yield department


@pytest.fixture
def steueramt_on_demo_channel(db_session):
    """Send the Steueramt's mail through the failing demo channel (registered by the test)."""
    with steueramt_on(db_session, "demo-failing") as department:
        yield department


@pytest.fixture
def failed_case(app, client, db_session, run_gateway, broken_steueramt, monkeypatch):
    """A filed dog-tax case whose delivery failed for good; the Steueramt is fixed again after."""
    monkeypatch.setitem(app.config, "MAILGATEWAY_MAX_ATTEMPTS", 1)
    case, outbox = filed_case(client, db_session)
    run_gateway()
    broken_steueramt.channel = "postfach"
    db_session.commit()
    return case, outbox
