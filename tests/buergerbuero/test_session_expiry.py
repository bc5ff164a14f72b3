"""Logins end after idle time and after their lifetime (times moved in the database)."""

from __future__ import annotations

import datetime as dt

from buergerbuero.models import LoginSession
from common.db import utcnow

from .. import support
from .logins import move, open_login


def test_an_idle_login_ends_with_a_german_notice_and_is_revoked(client, resident, db_session):
    login = open_login(db_session, resident)
    move(db_session, login, last_seen_at=dt.timedelta(minutes=31))
    response = client.get("/antraege/")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sie wurden nach 30 Minuten ohne Aktivität abgemeldet." in page
    support.fresh(db_session)
    assert db_session.get(LoginSession, login.id).revoked_at is not None


def test_a_login_used_within_the_idle_time_stays(client, resident, db_session):
    login = open_login(db_session, resident)
    move(db_session, login, last_seen_at=dt.timedelta(minutes=29))
    assert client.get("/antraege/").status_code == 200
    seen = open_login(db_session, resident).last_seen_at
    assert utcnow() - seen < dt.timedelta(minutes=1)  # the request was noted


def test_a_login_ends_after_its_lifetime_however_busy(client, resident, db_session):
    login = open_login(db_session, resident)
    move(db_session, login, created_at=dt.timedelta(hours=12, minutes=1),
         last_seen_at=dt.timedelta(seconds=5))
    response = client.get("/antraege/")
    assert response.status_code == 302
    page = client.get("/leistungen").get_data(as_text=True)
    assert "Sie wurden nach 12 Stunden Anmeldung automatisch abgemeldet." in page
    assert open_login(db_session, resident) is None


def test_last_seen_is_written_at_most_once_a_minute(client, resident, db_session):
    login = open_login(db_session, resident)
    move(db_session, login, last_seen_at=dt.timedelta(seconds=20))
    before = open_login(db_session, resident).last_seen_at
    for _ in range(3):
        assert client.get("/antraege/").status_code == 200
    assert open_login(db_session, resident).last_seen_at == before
    move(db_session, login, last_seen_at=dt.timedelta(seconds=61))
    client.get("/antraege/")
    assert utcnow() - open_login(db_session, resident).last_seen_at < dt.timedelta(seconds=10)


def test_the_idle_time_comes_from_the_configuration(app):
    with support.sibling_app(app, SESSION_IDLE_MINUTES=5) as short:
        client = short.test_client()
        email = support.register(client)
        session = short.extensions["buergerbuero.db"]()
        try:
            move(session, open_login(session, email), last_seen_at=dt.timedelta(minutes=6))
        finally:
            session.close()
        assert client.get("/antraege/").status_code == 302
        assert "nach 5 Minuten ohne Aktivität" in client.get("/leistungen").get_data(
            as_text=True)


def test_a_logged_in_request_for_a_static_file_asks_the_database_nothing(app, client, resident):
    with support.sql_statements(app) as sent:
        response = client.get("/static/css/app.css")
        response.close()
    assert response.status_code == 200 and sent == []  # a page loads a dozen of these
