"""Deadline watch: working days, reminders for unopened deliveries, overdue numbers."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from buergerbuero.models import PostfachEntry
from common.holidays import easter_sunday
from mailgateway.deadlines import add_working_days, reminder_due, send_reminders

from .. import support
from .support import filed_case

UTC = dt.UTC


@pytest.mark.parametrize(("year", "easter"), [(2024, dt.date(2024, 3, 31)),
                                              (2025, dt.date(2025, 4, 20)),
                                              (2026, dt.date(2026, 4, 5)),
                                              (2038, dt.date(2038, 4, 25))])
def test_easter_is_computed_right(year, easter):
    assert easter_sunday(year) == easter


@pytest.mark.parametrize(("start", "days", "expected"), [
    (dt.date(2026, 11, 16), 3, dt.date(2026, 11, 19)),   # Monday → Thursday
    (dt.date(2026, 11, 19), 3, dt.date(2026, 11, 24)),   # Thursday → over the weekend
    (dt.date(2026, 4, 1), 3, dt.date(2026, 4, 8)),       # Good Friday and Easter Monday
    (dt.date(2026, 12, 23), 3, dt.date(2026, 12, 29)),   # 24th works, 25th and 26th do not
])
def test_working_days_skip_weekends_and_public_holidays(start, days, expected):
    assert add_working_days(start, days) == expected


def test_a_reminder_is_due_only_after_three_working_days():
    received = dt.datetime(2026, 11, 20, 9, tzinfo=UTC)  # a Friday
    assert not reminder_due(received, dt.datetime(2026, 11, 25, 18, tzinfo=UTC))
    assert reminder_due(received, dt.datetime(2026, 11, 26, 8, tzinfo=UTC))


def test_unopened_deliveries_are_reminded_once_and_shown(client, db_session, app, run_gateway):
    case, _ = filed_case(client, db_session)
    run_gateway()
    entry = db_session.scalar(select(PostfachEntry).where(PostfachEntry.case_id == case.id))
    later = entry.received_at + dt.timedelta(days=10)
    with app.app_context():
        assert send_reminders(now=later) >= 1
        assert send_reminders(now=later) == 0  # once only
    support.fresh(db_session)
    assert db_session.get(PostfachEntry, entry.id).reminded_at is not None
    support.logout(client)
    support.login(client, "admin@example.org", "Demo-Passwort-2026")
    assert "Ungeöffnet seit mehr als 3 Arbeitstagen" in client.get("/verwaltung/").get_data(
        as_text=True)
    support.logout(client)
    support.login(client, "steueramt@example.org", "Demo-Passwort-2026")
    assert "Erinnerung: seit 3 Arbeitstagen ungeöffnet" in client.get("/postfach/").get_data(
        as_text=True)


def test_an_opened_delivery_is_never_reminded(client, db_session, app, run_gateway):
    case, _ = filed_case(client, db_session)
    run_gateway()
    support.logout(client)
    support.login(client, "steueramt@example.org", "Demo-Passwort-2026")
    assert client.get(f"/postfach/{case.reference}").status_code == 200
    entry = db_session.scalar(select(PostfachEntry).where(PostfachEntry.case_id == case.id))
    with app.app_context():
        send_reminders(now=entry.received_at + dt.timedelta(days=30))
    support.fresh(db_session)
    assert db_session.get(PostfachEntry, entry.id).reminded_at is None
