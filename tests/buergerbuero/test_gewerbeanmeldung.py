"""Gewerbeanmeldung: the trade office gets everything, three other bodies only their part."""

from __future__ import annotations

from sqlalchemy import select

from buergerbuero.models import Case, OutboxMessage, OutboxStatus, Receipt

from .. import support
from .filing import file_gewerbe


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
