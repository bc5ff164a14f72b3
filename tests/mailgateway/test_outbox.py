"""The outbox's one door: a payload type per kind, and rows enqueued only after their commit."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

import mailgateway
from buergerbuero.models import Department, OutboxMessage
from mailgateway.payloads import PAYLOAD_TYPES, payload_of
from mailgateway.queue import gateway_queue

NOTE = mailgateway.Note(id=1, author="Erika Musterfrau", body="Hallo", sent_at="2026-01-02")


def message_to(department: Department) -> mailgateway.MessagePayload:
    """Return a message payload addressed to the department."""
    return mailgateway.MessagePayload(case_reference="HST-2026-999999", department=department.key,
                                      department_name=department.name, message=NOTE)


def queued_ids(app) -> list[int]:
    """Return the outbox ids of the jobs waiting in the gateway queue."""
    with app.app_context():
        return [job.args[0] for job in gateway_queue().get_jobs()]


@pytest.fixture
def steueramt(app, db_session, redis_conn):
    """The Steueramt, with the rows a test posts removed afterwards."""
    department = db_session.scalar(select(Department).where(Department.key == "steueramt"))
    before = db_session.scalar(select(OutboxMessage.id).order_by(OutboxMessage.id.desc()))
    yield department
    db_session.rollback()
    for row in db_session.scalars(select(OutboxMessage).where(OutboxMessage.id > (before or 0))):
        db_session.delete(row)
    db_session.commit()


def test_every_outbox_kind_has_exactly_one_payload_type():
    assert set(PAYLOAD_TYPES) == set(mailgateway.OutboxKind)
    assert all(cls.KIND is kind for kind, cls in PAYLOAD_TYPES.items())


def test_a_second_payload_type_for_a_kind_is_refused_loudly():
    with pytest.raises(mailgateway.GatewayError, match="message"):
        @payload_of(mailgateway.OutboxKind.MESSAGE)
        @dataclass(frozen=True, kw_only=True)
        class Twin(mailgateway.Payload):
            """A second payload for messages."""

    assert PAYLOAD_TYPES[mailgateway.OutboxKind.MESSAGE] is mailgateway.MessagePayload


def test_a_stored_payload_that_does_not_fit_its_kind_is_a_gateway_error():
    with pytest.raises(mailgateway.GatewayError, match="submission"):
        mailgateway.payload_for("submission", {"case_reference": "X"})


def test_a_posted_row_is_stored_by_kind_and_enqueued_only_once_its_transaction_commits(
        app, db_session, steueramt):
    with app.test_request_context():
        row = mailgateway.post(db_session, message_to(steueramt), department=steueramt)
        assert queued_ids(app) == []  # written, not yet committed: no worker may see it
        db_session.commit()
    assert queued_ids(app) == [row.id]
    stored = db_session.scalar(select(OutboxMessage).where(OutboxMessage.id == row.id))
    assert stored.kind is mailgateway.OutboxKind.MESSAGE and stored.kind == "message"
    assert mailgateway.payload_for(stored.kind, stored.payload) == message_to(steueramt)


def test_a_posted_row_that_is_rolled_back_is_never_enqueued(app, db_session, steueramt):
    with app.test_request_context():
        mailgateway.post(db_session, message_to(steueramt), department=steueramt)
        db_session.rollback()
        db_session.commit()  # a later commit of the same session enqueues nothing either
    assert queued_ids(app) == []
