"""Every audit action recorded anywhere in buergerbuero/ has a readable text (the Auskunft and
the Verwaltung's Protokoll show it), found by scanning the source; an unknown code reads as a
generic German line, never bare."""

from __future__ import annotations

import re
from pathlib import Path

import buergerbuero
from buergerbuero.catalogue.definitions import TRANSITIONS
from buergerbuero.privacy.action_texts import RESIDENT_ACTIONS, STAFF_ACTIONS, action_text
from buergerbuero.privacy.auskunft_texts import event_text

from .. import support

SOURCE = Path(buergerbuero.__file__).parent
# `audit.record(session, "action", …)`, also split over lines
RECORDED = re.compile(r'\brecord\(\s*[\w.]+\s*,\s*(f?)"([\w.{}]+)"')
# helpers that pass their `action` argument on to audit.record
PASSED_ON = re.compile(r'\b(?:hand_to|change_state|save)\((?:[^()]|\([^()]*\))*?"([a-z_.]+)"')


def recorded_actions() -> set[str]:
    """Return every action string the code records, f-strings expanded where they vary."""
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for formatted, action in RECORDED.findall(text):
            if formatted and action == "definition_{action}":
                found |= {f"definition_{name}" for name in TRANSITIONS}
            else:
                assert "{" not in action, f"{path}: an f-string action the test cannot expand"
                found.add(action)
        found |= {a for a in PASSED_ON.findall(text) if "_" in a}
    return found


def test_the_scan_finds_the_actions_it_must():
    found = recorded_actions()
    assert {"retrieval_consent_given", "case_claimed", "news_withdrawn", "definition_publish",
            "consultation_hours_changed", "council.item_added", "login"} <= found
    assert len(found) > 70


def test_every_recorded_action_has_a_text():
    missing = sorted(recorded_actions() - RESIDENT_ACTIONS.keys() - STAFF_ACTIONS.keys())
    assert missing == []


def test_an_unknown_action_never_shows_as_a_bare_code(app):
    with app.test_request_context():
        assert action_text("etwas_neues") == "Sonstige Änderung (etwas_neues)"
        line = event_text({"action": "retrieval_consent_given", "by": "resident",
                           "case": "HST-2026-000001", "details": {}})
        assert line.startswith("Einwilligung in die Bekanntgabe") and "retrieval" not in line


def test_the_protokoll_shows_a_readable_action_beside_its_code(client):
    support.login_demo(client, "admin@example.org")  # records a `login` event
    html = client.get("/verwaltung/protokoll", query_string={"aktion": "login"}
                      ).get_data(as_text=True)
    assert "Anmeldung<br><span class=\"kern-body--small\"><code>login</code>" in html
