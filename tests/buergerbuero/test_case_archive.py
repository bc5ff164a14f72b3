"""The case archive: one sealed PDF of the whole case, for the resident and the department."""

from __future__ import annotations

import datetime as dt
import html
import io

from pyhanko.pdf_utils.reader import PdfFileReader
from sqlalchemy import select

from buergerbuero.models import AuditEvent, Case, Receipt, SignedDocument, Upload
from mailgateway.keys import gateway_keys
from mailgateway.verification import check_pdf

from .. import support
from ..mailgateway.support import tamper
from ..signing.pdf_text import shown_strings
from .archive_world import (
    ANSWER,
    ANSWER_FILE,
    CLOSING,
    ITEM,
    QUESTION,
    REASON,
    pdf_text,
)
from .casework import CASEWORKER, OTHER_CASEWORKER, file_and_deliver, post_on_case
from .filing import publish_two_step_service, tighten_rules


def archive_of(client, reference: str, side: str = "antraege") -> bytes:
    """Download a case's archive PDF from one side and check it is served as a download."""
    response = client.get(f"/{side}/{reference}/akte")
    assert response.status_code == 200, response.get_data(as_text=True)[-2000:]
    assert response.mimetype == "application/pdf"
    assert f"Vorgangsakte-{reference}.pdf" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    return response.data


def test_the_archive_holds_the_application_messages_rueckfrage_bescheid_and_status_changes(
        archived):
    pdf = archive_of(archived.resident, archived.case.reference)
    text = pdf_text(pdf)
    flat = "".join(shown_strings(pdf))  # a hash may wrap inside its cell
    for expected in (f"Vorgangsakte {archived.case.reference}", "Bello", "Labrador Retriever",
                     "Wir prüfen Ihren Antrag.", QUESTION, ANSWER, ANSWER_FILE, ITEM,
                     "15. Dezember 2026", "Teilbewilligung", REASON, "4. Januar 2027",
                     "Zugestellt → Rückfrage", "Rückfrage → In Bearbeitung",
                     "Entschieden → Abgeschlossen", CLOSING, "Antwort auf die Rückfrage",
                     "Amt: Steueramt", "Antragsteller/in: Erika Musterfrau"):
        assert expected in text, expected
    assert archived.case.answer_sha256 in flat and archived.case.letter_sha256 in flat


def test_the_archive_lists_every_receipt_and_every_file_with_its_sha256(app, archived):
    flat = "".join(shown_strings(archive_of(archived.resident, archived.case.reference)))
    session = app.extensions["buergerbuero.db"]()
    try:
        case = session.scalar(select(Case).where(Case.reference == archived.case.reference))
        receipts = session.scalars(select(Receipt).where(Receipt.case_id == case.id)).all()
        uploads = session.scalars(select(Upload).where(Upload.case_id == case.id)).all()
        documents = session.scalars(select(SignedDocument).where(
            SignedDocument.case_id == case.id)).all()
    finally:
        session.close()
    assert len(receipts) >= 6 and len(uploads) == 2 and len(documents) == 2
    for receipt in receipts:
        assert receipt.message_id in flat and receipt.envelope_sha256 in flat
    for item in (*uploads, *documents):
        assert item.sha256 in flat, item.filename
    for title in ("Versandbestätigung – Antrag", "Eingangsbestätigung – Nachricht",
                  "Abholbestätigung – Antrag", "wesenstest.pdf"):
        assert title in flat


def test_the_archive_is_sealed_and_verifies_at_pruefen(app, client, archived):
    pdf = archive_of(archived.resident, archived.case.reference)
    with app.app_context():
        assert check_pdf(gateway_keys(), pdf).valid
    signature = PdfFileReader(io.BytesIO(pdf)).embedded_regular_signatures[0]
    assert str(signature.sig_object["/Reason"]) == f"Vorgangsakte {archived.case.reference}"
    token = support.csrf_of(client.get("/pruefen").get_data(as_text=True))
    page = client.post("/pruefen", data={"csrf_token": token,
                                         "pdf": (io.BytesIO(pdf), "akte.pdf")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Das Siegel ist gültig; das Dokument ist unverändert." in html.unescape(page)
    changed = tamper(pdf)
    token = support.csrf_of(client.get("/pruefen").get_data(as_text=True))
    page = client.post("/pruefen", data={"csrf_token": token,
                                         "pdf": (io.BytesIO(changed), "akte.pdf")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Das Siegel ist gültig; das Dokument ist unverändert." not in html.unescape(page)


def test_the_department_downloads_the_archive_and_another_department_finds_nothing(
        app, archived, other_client):
    text = pdf_text(archive_of(archived.staff, archived.case.reference, "postfach"))
    assert QUESTION in text and ANSWER in text
    support.login_demo(other_client, OTHER_CASEWORKER)
    for path in ("akte", "nachweise"):
        assert other_client.get(f"/postfach/{archived.case.reference}/{path}").status_code == 404


def test_every_download_of_the_archive_or_bundle_is_an_audit_event(app, archived):
    archive_of(archived.staff, archived.case.reference, "postfach")
    assert archived.staff.get(f"/postfach/{archived.case.reference}/nachweise").status_code == 200
    session = app.extensions["buergerbuero.db"]()
    try:
        case = session.scalar(select(Case).where(Case.reference == archived.case.reference))
        events = session.scalars(select(AuditEvent).where(
            AuditEvent.case_id == case.id,
            AuditEvent.action.in_(["archive_downloaded", "evidence_downloaded"]))).all()
    finally:
        session.close()
    by_action = {(e.action, e.actor_id == case.user_id) for e in events}
    # the resident's bundle (the fixture's), the department's archive and bundle
    assert {("evidence_downloaded", True), ("archive_downloaded", False),
            ("evidence_downloaded", False)} <= by_action


def test_both_case_pages_offer_the_archive_and_the_bundle(archived):
    reference = archived.case.reference
    resident = archived.resident.get(f"/antraege/{reference}").get_data(as_text=True)
    staff = archived.staff.get(f"/postfach/{reference}").get_data(as_text=True)
    for page, side in ((resident, "antraege"), (staff, "postfach")):
        assert f'href="/{side}/{reference}/akte"' in page
        assert f'href="/{side}/{reference}/nachweise"' in page
        assert "Vorgangsakte herunterladen (PDF)" in page


def test_a_case_whose_definition_no_longer_loads_archives_the_answers_as_sealed(
        client, resident, other_client, db_session, run_gateway):
    slug = "akte-alte-regeln"
    support.login_demo(other_client, "admin@example.org")
    publish_two_step_service(other_client, slug)
    url = support.start_draft(client, slug)
    for answers in ({"name": "Erika", "gegenstaende": "Sofa und zwei Sessel"},
                    {"wunschtermin": dt.date.today().isoformat()}):
        url = support.post_form(client, url, {**answers, "aktion": "weiter"}).headers["Location"]
    reference = support.post_form(client, url, {"aktion": "einreichen"}
                                  ).headers["Location"].rsplit("/", 1)[-1]
    run_gateway()
    tighten_rules(db_session, slug)
    text = pdf_text(archive_of(client, reference))
    assert "Sofa und zwei Sessel" in text and "Gegenstände" in text and "Wunschtermin" in text


def test_a_forward_s_reason_is_in_the_departments_archive_and_not_the_residents(
        client, other_client, run_gateway):
    reason = "Der Hund ist ein Fundtier; zuständig ist das Ordnungsamt."
    reference = file_and_deliver(client, run_gateway)
    support.login_demo(other_client, CASEWORKER)
    forwarded = post_on_case(other_client, reference, "weiterleiten",
                             {"department": "ordnungsamt", "reason": reason})
    assert forwarded.status_code == 302
    run_gateway()
    assert other_client.get(f"/postfach/{reference}/akte").status_code == 404  # no longer theirs
    support.logout(other_client)
    support.login_demo(other_client, OTHER_CASEWORKER)
    departments = pdf_text(archive_of(other_client, reference, "postfach"))
    residents = pdf_text(archive_of(client, reference))
    assert "Steueramt → Ordnungsamt" in departments and "Steueramt → Ordnungsamt" in residents
    assert reason in departments and reason not in residents
