"""Fixtures of the web-app tests: a logged-in resident, a second browser."""

from __future__ import annotations

import pytest

from .. import support


@pytest.fixture
def resident(client):
    """The test client, logged in as a newly registered resident; returns the e-mail."""
    return support.register(client)


@pytest.fixture
def other_client(app, redis_conn):
    """A second browser, for a second person."""
    return app.test_client()

