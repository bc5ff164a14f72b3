"""Smoke: a resident files the dog-tax form, the gateway delivers it, the case worker opens it."""

from sqlalchemy import select

from buergerbuero.models import Case, CaseStatus, Receipt

from . import support


def test_dog_tax_filed_delivered_and_opened(client, run_gateway, db_session, app):
    support.register(client)
    reference = support.file_hundesteuer(client)
    assert reference.startswith("HST-")
    run_gateway()
    case = db_session.scalar(select(Case).where(Case.reference == reference))
    assert case.status is CaseStatus.ZUGESTELLT
    page = client.get(f"/antraege/{reference}").get_data(as_text=True)
    assert "Eingangsbestätigung" in page
    support.logout(client)
    support.login(client, "steueramt@example.org", "Demo-Passwort-2026")
    inbox = client.get("/postfach/").get_data(as_text=True)
    assert reference in inbox
    page = client.get(f"/postfach/{reference}")
    assert page.status_code == 200, page.get_data(as_text=True)
    assert "Bello" in page.get_data(as_text=True)
    kinds = {r.kind.value for r in db_session.scalars(select(Receipt).where(
        Receipt.case_id == case.id))}
    assert kinds == {"versand", "eingang", "abholung"}
