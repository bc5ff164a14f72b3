"""The case workers' daily digest: new and overdue cases per department, bounded, once a day."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from buergerbuero.core.extensions import db
from buergerbuero.models import Case, CaseStatus, Department, Role, ServiceDefinition, User
from buergerbuero.notifications.digest import digest_due, send_digests
from buergerbuero.notifications.relay import relay_round
from common.db import utcnow

from .mailing import empty_mail_queue, mails_to


@pytest.fixture
def department_with_cases(app, redis_conn):
    """A department of its own with 55 new, 3 overdue and 1 old case; its subscribed worker."""
    empty_mail_queue(app)
    tag = uuid.uuid4().hex[:6]
    now = utcnow()
    with app.app_context():
        session = db.session
        department = Department(key=f"digest-{tag}", name=f"Amt {tag}")
        resident = User(email=f"digest-resident-{tag}@example.org", display_name="R")
        worker = User(email=f"digest-{tag}@example.org", display_name="W",
                      role=Role.CASEWORKER, digest_subscribed=True, departments=[department])
        session.add_all([department, resident, worker])
        session.flush()
        definition_id = session.scalar(select(ServiceDefinition.id).limit(1))

        def case(reference: str, **values) -> Case:
            """Build a case of the department (delivered unless `values` say otherwise)."""
            return Case(reference=reference, user_id=resident.id, definition_id=definition_id,
                        department_id=department.id, **{"status": CaseStatus.ZUGESTELLT, **values})

        session.add_all([case(f"NEU-{tag}-{n:03d}", received_at=now - dt.timedelta(minutes=n))
                         for n in range(1, 56)])
        session.add_all([case(f"ALT-{tag}-{n}", received_at=now - dt.timedelta(days=3),
                              due_at=now - dt.timedelta(days=n)) for n in range(1, 4)])
        session.add(case(f"ZU-{tag}", received_at=now - dt.timedelta(days=3),
                         due_at=now - dt.timedelta(days=5), status=CaseStatus.ENTSCHIEDEN))
        session.commit()
    return worker.email, tag


def test_the_digest_lists_new_and_overdue_cases_bounded(app, department_with_cases,
                                                        db_session):
    email, tag = department_with_cases
    with app.test_request_context():
        assert send_digests() >= 1
    [mail] = mails_to(db_session, email, "digest")
    text = mail.body_text
    assert mail.subject == "Ihre Tagesübersicht: neue und überfällige Vorgänge"
    assert f"Amt {tag}" in text and "Neu: 55" in text and "Überfällig: 3" in text
    # The 50 that arrived first are listed (they waited longest), the rest is counted.
    listed = [line.strip() for line in text.splitlines() if line.strip().startswith("NEU-")]
    assert listed == [f"NEU-{tag}-{n:03d}" for n in range(55, 5, -1)]
    assert "und 5 weitere" in text and "und 5 weitere" in mail.body_html
    assert all(f"ALT-{tag}-{n}" in text for n in range(1, 4))
    assert f"ZU-{tag}" not in text  # decided: not overdue any more
    assert "/postfach/" in text


def test_the_digest_goes_out_once_per_day(app, department_with_cases, db_session):
    email, _tag = department_with_cases
    with app.test_request_context():
        send_digests()
        send_digests()
    assert len(mails_to(db_session, email, "digest")) == 1


def test_the_relay_round_sends_the_digest_from_its_hour_on(app, department_with_cases,
                                                           db_session, monkeypatch):
    email, _tag = department_with_cases
    monkeypatch.setitem(app.config, "MAIL_DIGEST_HOUR", 24)  # never today
    with app.test_request_context():
        relay_round()
    assert mails_to(db_session, email, "digest") == []
    monkeypatch.setitem(app.config, "MAIL_DIGEST_HOUR", 0)
    with app.test_request_context():
        relay_round()
    assert len(mails_to(db_session, email, "digest")) == 1


def test_the_digest_hour_is_local_time(app):
    with app.app_context():
        # 06:30 UTC is 07:30 in Berlin in winter, 08:30 in summer; 05:30 UTC is 06:30 in winter.
        assert digest_due(dt.datetime(2026, 1, 15, 6, 30, tzinfo=dt.UTC))
        assert not digest_due(dt.datetime(2026, 1, 15, 5, 30, tzinfo=dt.UTC))


def test_the_digest_command_sends_it(app, department_with_cases, db_session):
    email, _tag = department_with_cases
    result = app.test_cli_runner().invoke(args=["notifications", "digest"])
    assert result.exit_code == 0, result.output
    assert "eingereiht" in result.output
    assert len(mails_to(db_session, email, "digest")) == 1


def test_an_unsubscribed_worker_gets_no_digest(app, department_with_cases, db_session):
    email, _tag = department_with_cases
    db_session.execute(User.__table__.update().where(User.email == email)
                       .values(digest_subscribed=False))
    db_session.commit()
    with app.test_request_context():
        send_digests()
    assert mails_to(db_session, email, "digest") == []
