"""Every state the platform shows has one German label; the overview counts by the same key."""

from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import delete, func, select

from buergerbuero.core.labels import LABELLED, label
from buergerbuero.models import Department, OutboxMessage, OutboxStatus

from .. import support

ADDED = {OutboxStatus.PENDING: 1, OutboxStatus.SENDING: 2, OutboxStatus.DELIVERED: 3,
         OutboxStatus.FAILED: 4}


@pytest.fixture
def outbox_rows(db_session):
    """Real outbox rows in every state (1, 2, 3 and 4 of them), removed afterwards."""
    department = db_session.scalar(select(Department).where(Department.key == "steueramt"))
    ids = [f"label-test-{uuid.uuid4()}" for _ in range(sum(ADDED.values()))]
    states = [state for state, n in ADDED.items() for _ in range(n)]
    db_session.add_all(
        OutboxMessage(message_id=m, kind="message", department_id=department.id, payload={},
                      status=s) for m, s in zip(ids, states, strict=True))
    db_session.commit()
    yield
    db_session.execute(delete(OutboxMessage).where(OutboxMessage.message_id.in_(ids)))
    db_session.commit()


def shown_count(page: str, title: str) -> int:
    """Return the number a description list shows for `title`."""
    match = re.search(rf">{re.escape(title)}</dt>\s*<dd[^>]*>(\d+)</dd>", page)
    assert match, f"no count for {title}"
    return int(match.group(1))


def test_every_state_the_platform_shows_has_a_german_label():
    for states in LABELLED:
        for state in states:
            assert label(state) and label(state) != state.value, state


def test_the_admin_overview_counts_outbox_rows_in_every_state(client, db_session, outbox_rows):
    support.login_demo(client, "admin@example.org")
    support.fresh(db_session)
    stored = dict(db_session.execute(select(OutboxMessage.status, func.count())
                                     .group_by(OutboxMessage.status)).all())
    for path in ("/verwaltung/", "/verwaltung/poststelle"):
        page = client.get(path).get_data(as_text=True)
        for state, added in ADDED.items():
            assert shown_count(page, label(state)) == stored[state] >= added, (path, state)


def test_the_admin_overview_names_service_states_in_german(client):
    support.login_demo(client, "admin@example.org")
    page = client.get("/verwaltung/").get_data(as_text=True)
    assert ">Veröffentlicht<" in page
    assert not re.search(r">\s*(published|draft|retired|postfach|smtp)\s*<", page)
