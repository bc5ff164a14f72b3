"""Gewerbeanmeldung: the trade office gets everything, three other bodies only their part."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from buergerbuero.models import Case, OutboxMessage, OutboxStatus, Receipt

from .. import support

ANSWERS = {
    "inhaber": {"nachname": "Gründerin", "vorname": "Greta", "geschlecht": "w",
                "geburtsdatum": "1990-04-01", "geburtsort": "Kassel",
                "staatsangehoerigkeit": "deutsch", "wohnanschrift": "Lindenweg 4",
                "wohn_plz": "65183", "wohnort": "Musterstadt", "email": "greta@example.org"},
    "betrieb": {"rechtsform": "gmbh", "betriebsname": "Rad & Tat GmbH", "registerart": "hrb",
                "registergericht": "Amtsgericht Musterstadt", "registernummer": "12345",
                "betriebsstaette": "Marktplatz 1", "betrieb_plz": "65185",
                "betrieb_ort": "Musterstadt", "niederlassung": "haupt"},
    "taetigkeit": {"taetigkeit": "Einzelhandel mit Fahrrädern", "beginn": dt.date.today()
                   .isoformat(), "betriebsart": "handel", "vollzeit": "3", "teilzeit": "1",
                   "richtigkeit": "y"},
}


def file_gewerbe(client) -> str:
    """File the GewA 1 through its three steps; return the reference."""
    url = support.start_draft(client, "gewerbeanmeldung")
    for step_id, answers in ANSWERS.items():
        assert url.endswith(f"/schritt/{step_id}"), url
        response = support.post_form(client, url, {**answers, "aktion": "weiter"})
        assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
        url = response.headers["Location"]
    done = support.post_form(client, url, {"aktion": "einreichen"})
    return done.headers["Location"].rsplit("/", 1)[-1]


def test_each_body_receives_only_its_part_through_the_gateway(client, db_session, run_gateway):
    support.register(client)
    reference = file_gewerbe(client)
    run_gateway()
    case = db_session.scalar(select(Case).where(Case.reference == reference))
    assert case.department.key == "gewerbeamt"
    messages = db_session.scalars(select(OutboxMessage).where(
        OutboxMessage.case_id == case.id)).all()
    by_department = {m.payload["department"]: m for m in messages}
    assert set(by_department) == {"gewerbeamt", "finanzamt", "ihk", "statistik"}
    assert all(m.status is OutboxStatus.DELIVERED for m in messages)
    statistik = by_department["statistik"].payload
    assert "nachname" not in statistik["answers"] and "applicant" not in statistik
    assert "Gründerin" not in str(statistik)
    assert by_department["finanzamt"].payload["answers"]["nachname"] == "Gründerin"
    assert "geschlecht" not in by_department["finanzamt"].payload["answers"]
    assert by_department["gewerbeamt"].payload["answers"]["geschlecht"] == "w"


def test_a_body_opens_its_part_and_the_opening_is_receipted(client, db_session, run_gateway):
    support.register(client)
    reference = file_gewerbe(client)
    run_gateway()
    support.logout(client)
    support.login(client, "statistik@example.org", "Demo-Passwort-2026")
    inbox = client.get("/postfach/").get_data(as_text=True)
    assert "Mitteilungen aus Vorgängen anderer Ämter" in inbox and reference in inbox
    assert client.get(f"/postfach/{reference}").status_code == 404  # not their case
    copy = next(m for m in db_session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "copy")).all()
        if m.payload["department"] == "statistik" and m.payload["case_reference"] == reference)
    page = client.get(f"/postfach/mitteilungen/{copy.message_id}").get_data(as_text=True)
    assert "Einzelhandel mit Fahrrädern" in page and "Gründerin" not in page
    receipts = {r.kind.value for r in db_session.scalars(select(Receipt).where(
        Receipt.message_id == copy.message_id))}
    assert receipts == {"versand", "eingang", "abholung"}
    support.logout(client)
    support.login(client, "ihk@example.org", "Demo-Passwort-2026")
    assert client.get(f"/postfach/mitteilungen/{copy.message_id}").status_code == 404
