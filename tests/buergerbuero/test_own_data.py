"""Meine Daten: the resident's whole data as JSON and as a sealed PDF, who opened the
application, and never a word of another resident's data or a case worker's name."""

from __future__ import annotations

import hashlib
import json

from .. import support
from ..signing.pdf_text import shown_strings
from .casework import user_id
from .conversing import caseworker, pdf_and_png, send
from .own_data_world import delivered_and_opened, worker_name

ROUTES = ("/meine-daten/", "/meine-daten/export.json", "/meine-daten/auskunft.pdf",
          "/meine-daten/konto-loeschen")


def two_residents(app, client, other_client, run_gateway):
    """Register Erika and Bernd, each with a delivered, opened case and a message."""
    erika = support.register(client, name="Erika Musterfrau")
    mine, _ = delivered_and_opened(app, client, run_gateway, "Nachricht von Erika")
    bernd = support.register(other_client, name="Bernd Beispiel")
    theirs, _ = delivered_and_opened(app, other_client, run_gateway, "Geheimnis von Bernd")
    return erika, mine, bernd, theirs


def test_export_holds_the_residents_data_and_nothing_of_another(
        app, client, other_client, run_gateway, db_session):
    erika, mine, bernd, theirs = two_residents(app, client, other_client, run_gateway)
    worker = caseworker(app)
    assert send(worker, mine, "Antwort des Amts", pdf_and_png(), department=True
                ).status_code in (302, 303)
    run_gateway()
    response = client.get("/meine-daten/export.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    # The helper that names downloads by their type knew no ending for JSON (`.bin`).
    assert 'filename="meine-daten.json"' in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]
    text = response.get_data(as_text=True)
    data = json.loads(text)
    assert (data["format"], data["version"]) == ("buergerbuero-meine-daten", 1)
    assert data["account"]["email"] == erika and "password_hash" not in text
    assert [c["reference"] for c in data["cases"]] == [mine]
    case = data["cases"][0]
    assert case["submission"]["answers"]["hunde"][0]["hundename"] == "Bello"
    assert [(m["from"], m["body"]) for m in case["messages"]] == [
        ("resident", "Nachricht von Erika"), ("department", "Antwort des Amts")]
    files = {f["name"]: f for f in case["files"]}
    assert set(files) == {"Nachweis.pdf", "Foto vom Hund.png"}
    fetched = client.get(files["Nachweis.pdf"]["download_url"])
    assert hashlib.sha256(fetched.data).hexdigest() == files["Nachweis.pdf"]["sha256"]
    fetched.close()
    assert case["opened_by_departments"][0]["department"] == "Steueramt"
    assert {r["kind"] for r in case["receipts"]} >= {"versand", "eingang", "abholung"}
    assert case["status_history"] and data["audit_events"] and data["sessions"]
    assert all("id" not in s for s in data["sessions"])
    for foreign in (bernd, theirs, "Bernd Beispiel", "Geheimnis von Bernd",
                    worker_name(db_session), "steueramt@example.org"):
        assert foreign not in text


def test_forged_parameters_show_nothing_of_another_account(
        app, client, other_client, run_gateway, db_session):
    erika, mine, bernd, theirs = two_residents(app, client, other_client, run_gateway)
    forged = f"?user_id={user_id(db_session, bernd)}&reference={theirs}&email={bernd}"
    for route in ROUTES[:2]:
        page = client.get(route + forged).get_data(as_text=True)
        page = page.replace(forged.replace("&", "&amp;"), "")  # the language switch's return
        assert mine in page
        for foreign in (bernd, theirs, "Geheimnis von Bernd", "Bernd Beispiel"):
            assert foreign not in page


def test_anonymous_visitors_are_sent_to_the_login(client):
    for route in ROUTES:
        response = client.get(route)
        assert response.status_code == 302 and "/konto/anmelden" in response.headers["Location"]


def test_overview_says_which_department_opened_the_application_and_when(
        app, client, run_gateway, db_session):
    support.register(client)
    reference, _ = delivered_and_opened(app, client, run_gateway, "Hallo")
    page = client.get("/meine-daten/").get_data(as_text=True)
    assert "Wer hat meinen Antrag geöffnet" in page and reference in page
    table = page.split("Wer hat meinen Antrag geöffnet", 1)[1]
    assert "Steueramt" in table and "Antrag" in table
    # stacks at 320 px (it clipped as three columns), each cell naming its column
    assert "app-table-stack" in table.split("</table>", 1)[0]
    assert '<span class="app-table-stack__label" aria-hidden="true">Geöffnet am</span>' in table
    assert worker_name(db_session) not in page
    account = client.get("/konto/").get_data(as_text=True)
    assert 'href="/meine-daten/"' in account


def test_auskunft_pdf_shows_every_section(app, client, run_gateway, db_session):
    email = support.register(client, name="Erika Musterfrau")
    reference, _ = delivered_and_opened(app, client, run_gateway, "Nachricht von Erika")
    response = client.get("/meine-daten/auskunft.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    shown = "\n".join(shown_strings(response.data))
    for expected in ("Auskunft über Ihre personenbezogenen Daten", email, "Ihr Konto",
                     f"Antrag {reference}", "Wer hat Ihren Antrag geöffnet", "Steueramt",
                     "Nachricht von Erika", "Zwecke, Empfänger und Speicherdauer",
                     "3650 Tage nach Abschluss", "Ihre Rechte", "Protokoll",
                     "Antrag eingereicht", "Auskunft nach Art. 15 DSGVO"):
        assert expected in shown, expected
    assert worker_name(db_session) not in shown
    assert "Vorgangsnummer" not in shown  # the page header names the document, not a case


def test_auskunft_names_purpose_and_legal_basis_as_the_privacy_statement_does(
        app, client, run_gateway):
    support.register(client, name="Erika Musterfrau")
    delivered_and_opened(app, client, run_gateway, "Nachricht von Erika")
    shown = " ".join(" ".join(shown_strings(client.get("/meine-daten/auskunft.pdf").data)).split())
    statement = " ".join(client.get("/seiten/datenschutz").get_data(as_text=True).split())
    with app.test_request_context():
        from buergerbuero.catalogue.definitions import newest_published, spec_of
        from buergerbuero.core.extensions import db
        from buergerbuero.privacy.statement import processings
        dog = next(p for p in processings(db.session) if p.slug == "hundesteuer-anmeldung")
        assert any(spec_of(r).slug == dog.slug for r in newest_published(db.session))
        purpose, basis = " ".join(str(dog.purpose).split()), " ".join(str(dog.legal_basis).split())
    for said in (purpose, basis):
        assert said in shown, said  # the Auskunft says what the definition says …
        assert said in statement, said  # … and so does the statement
    assert "90 Tage nach seiner letzten Änderung" in shown and "7 Tage vorher" in shown
