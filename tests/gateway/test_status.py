"""The gateway overview: counts per state and channel, on the command line and as JSON."""

from __future__ import annotations

import json

from .. import support
from .test_delivery import filed_case


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
