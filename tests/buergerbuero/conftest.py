"""Fixtures of the web-app tests: a logged-in resident, a second browser, the matrix's world."""

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



@pytest.fixture(scope="module")
def matrix_world(app):
    """One browser per role and real objects for every URL parameter, built once per module."""
    from .authorization_world import build_world

    world = build_world(app)
    yield world
    world.fail_again()  # leave the failed delivery as the gateway left it, and the queue empty


@pytest.fixture(scope="module")
def archived(app):
    """A case with messages, a Rückfrage, a Bescheid and receipts, and its evidence bundle."""
    from .archive_world import archive_world

    return archive_world(app)
