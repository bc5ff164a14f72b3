"""The gateway overview: counts per state and channel, on the command line and as JSON."""

from __future__ import annotations

import json

from buergerbuero.models import OutboxMessage, OutboxStatus

from .. import support
from .support import filed_case


def test_status_counts_waiting_and_delivered_messages(client, db_session, app, run_gateway):
    runner = app.test_cli_runner()
    before = json.loads(runner.invoke(args=["gateway", "status", "--json"]).output)
    filed_case(client, db_session)
    waiting = json.loads(runner.invoke(args=["gateway", "status", "--json"]).output)
    assert waiting["states"]["pending"] == before["states"]["pending"] + 1
    assert waiting["oldest_waiting_seconds"] is not None
    run_gateway()
    after = json.loads(runner.invoke(args=["gateway", "status", "--json"]).output)
    assert after["states"]["delivered"] == before["states"]["delivered"] + 1
    assert after["channels"]["postfach"]["delivered"] == after["states"]["delivered"]
    text = runner.invoke(args=["gateway", "status"]).output
    assert "Kanal postfach" in text


def test_gateway_json_is_for_administrators_only(client):
    support.register(client)
    assert client.get("/api/gateway").status_code == 403
    support.logout(client)
    support.login(client, "admin@example.org", "Demo-Passwort-2026")
    response = client.get("/api/gateway")
    assert response.status_code == 200 and "states" in response.get_json()


def test_an_administrator_sees_a_failure_and_retries_it(client, db_session, run_gateway,
                                                        failed_case):
    _, outbox = failed_case
    support.logout(client)
    support.login(client, "admin@example.org", "Demo-Passwort-2026")
    page = client.get("/verwaltung/poststelle").get_data(as_text=True)
    assert outbox.message_id in page and "kaputt" in page
    response = support.post_form(client, f"/verwaltung/poststelle/{outbox.id}/erneut", {},
                                 page="/verwaltung/poststelle")
    assert response.status_code == 302
    run_gateway()
    support.fresh(db_session)
    assert db_session.get(OutboxMessage, outbox.id).status is OutboxStatus.DELIVERED
    again = support.post_form(client, f"/verwaltung/poststelle/{outbox.id}/erneut", {},
                              page="/verwaltung/poststelle")
    assert again.status_code == 404  # only failed messages can be retried


def test_health_warns_when_redis_keeps_nothing_on_disk(client, redis_conn):
    saved = redis_conn.config_get("save")["save"]
    aof = redis_conn.config_get("appendonly")["appendonly"]
    try:
        redis_conn.config_set("save", "")
        redis_conn.config_set("appendonly", "no")
        warnings = client.get("/api/health").get_json()["warnings"]
        assert any("speichert nichts auf der Platte" in w for w in warnings)
        redis_conn.config_set("save", "3600 1")
        warnings = client.get("/api/health").get_json()["warnings"]
        assert not any("speichert nichts" in w for w in warnings)
    finally:
        redis_conn.config_set("save", saved)
        redis_conn.config_set("appendonly", aof)


def test_the_department_sees_its_failed_delivery_and_retries_it(client, db_session, run_gateway,
                                                                failed_case):
    case, outbox = failed_case
    support.logout(client)
    support.login(client, "ordnungsamt@example.org", "Demo-Passwort-2026")
    assert case.reference not in client.get("/postfach/").get_data(as_text=True)
    support.logout(client)
    support.login(client, "steueramt@example.org", "Demo-Passwort-2026")
    inbox = client.get("/postfach/").get_data(as_text=True)
    assert f"Zustellung {case.reference} erneut versuchen" in inbox
    response = support.post_form(client, f"/postfach/zustellungen/{outbox.id}/erneut", {},
                                 page="/postfach/")
    assert response.status_code == 302
    run_gateway()
    support.fresh(db_session)
    assert db_session.get(OutboxMessage, outbox.id).status is OutboxStatus.DELIVERED
    assert case.reference in client.get("/postfach/").get_data(as_text=True)
