"""Uploads through the app: checked by content, stored privately, served only to those entitled."""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
from pathlib import Path

import pytest
from sqlalchemy import select, update

from buergerbuero.core import file_crypto
from buergerbuero.models import Case, OutboxMessage, Upload

from .. import support
from ..signing.pdf_text import shown_strings
from .filing import draft, review_url
from .uploading import (
    NAME,
    download,
    draft_upload,
    post_step,
    publish_service,
    small_pdf,
    small_png,
    uploaded,
    uploads_of,
)


@pytest.fixture(scope="module")
def service(app):
    """The test service with a file field."""
    return publish_service(app)


def test_a_png_named_pdf_is_refused_when_only_pdf_is_allowed(client, resident, service,
                                                             db_session):
    url = support.start_draft(client, service)
    response = post_step(client, url, small_png(), filename="scan.pdf")
    assert response.status_code == 400
    assert "Die Datei ist keine PDF-Datei (geprüft wird der Inhalt, nicht der Name)." in \
        response.get_data(as_text=True)
    assert uploads_of(db_session, resident) == []
    assert draft(db_session, url).answers == {}


def test_a_real_pdf_is_stored_outside_static_under_a_random_name(app, client, resident, service,
                                                                 db_session):
    url, content, answer = uploaded(client, service)
    assert answer["name"] == NAME and answer["media_type"] == "application/pdf"
    assert (answer["sha256"], answer["size"]) == (hashlib.sha256(content).hexdigest(),
                                                  len(content))
    [upload] = uploads_of(db_session, resident)
    assert upload.token == answer["upload_id"] and upload.case_id is None
    stored = Path(app.config["UPLOADS_DIR"]) / upload.storage_name
    assert stored.parent == Path(app.instance_path) / "uploads"
    with app.app_context():
        assert file_crypto.read(stored) == content
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert content[:8] not in stored.read_bytes()  # encrypted at rest
    assert not stored.resolve().is_relative_to(Path(app.static_folder).resolve())
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", upload.storage_name)
    assert "Bescheinigung" not in upload.storage_name and upload.storage_name != upload.token


def test_a_too_large_file_gets_a_german_message_and_the_other_answers_stay(client, resident,
                                                                           service, db_session):
    url = support.start_draft(client, service)
    too_large = small_pdf() + b"%" * (60 * 1024)
    response = post_step(client, url, too_large, name="Erika Beispiel")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Die Datei ist größer als 0,05 MB. Bitte wählen Sie eine kleinere Datei." in page
    assert support.input_value(page, "name") == "Erika Beispiel"
    assert uploads_of(db_session, resident) == []


def test_a_request_beyond_max_content_length_gets_the_german_413_page(app, service):
    with support.sibling_app(app, MAX_CONTENT_LENGTH=64 * 1024) as small:
        response = small.test_client().post(
            "/antraege/entwurf/1/schritt/angaben", content_type="multipart/form-data",
            data={"nachweis": (io.BytesIO(b"%PDF-" + b"0" * 100 * 1024), "gross.pdf")})
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "Datei zu groß" in page and "Bitte gehen Sie zurück" in page


def test_another_refused_answer_keeps_the_upload_for_the_next_try(client, resident, service,
                                                                  db_session):
    url = support.start_draft(client, service)
    response = post_step(client, url, small_pdf(), name="")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Bitte füllen Sie „Name“ aus." in page
    token = support.input_value(page, "nachweis-vorhanden")
    assert token and f"Hochgeladen: <strong>{NAME}</strong>" in page
    again = post_step(client, url, None, **{"nachweis-vorhanden": token})
    assert again.status_code == 302
    assert draft(db_session, url).answers["nachweis"]["upload_id"] == token


def test_reposting_a_step_without_a_new_file_keeps_the_uploaded_one(client, resident, service,
                                                                    db_session):
    url, _, answer = uploaded(client, service)
    page = client.get(url).get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page
    assert support.input_value(page, "nachweis-vorhanden") == answer["upload_id"]
    response = post_step(client, url, None, name="Erika Neu",
                         **{"nachweis-vorhanden": answer["upload_id"]})
    assert response.status_code == 302
    assert draft(db_session, url).answers["nachweis"] == answer
    assert len(uploads_of(db_session, resident)) == 1


def test_another_residents_upload_id_cannot_be_smuggled_into_a_draft(
        client, other_client, resident, service, db_session):
    _, _, answer = uploaded(client, service)
    support.register(other_client)
    url = support.start_draft(other_client, service)
    response = post_step(other_client, url, None, **{"nachweis-vorhanden": answer["upload_id"]})
    assert response.status_code == 400
    assert "Die zuvor hochgeladene Datei ist nicht mehr verfügbar." in \
        response.get_data(as_text=True)
    assert draft(db_session, url).answers == {}


def test_another_resident_gets_404_for_the_file(client, other_client, resident, service):
    _, _, answer = uploaded(client, service)
    file_url = f"/antraege/dateien/{answer['upload_id']}"
    support.register(other_client)
    assert other_client.get(file_url).status_code == 404
    assert other_client.get("/antraege/dateien/gibt-es-nicht-0000000").status_code == 404
    support.logout(other_client)
    assert other_client.get(file_url).status_code == 302  # to the login page


def test_the_download_is_an_attachment_with_nosniff(client, resident, service):
    _, content, answer = uploaded(client, service)
    response = download(client, f"/antraege/dateien/{answer['upload_id']}")
    assert response.status_code == 200 and response.data == content
    assert response.mimetype == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=\"Bescheinigung fur Amter.pdf\"; "
        "filename*=UTF-8''Bescheinigung%20f%C3%BCr%20%C3%84mter.pdf")
    assert "sandbox" in response.headers["Content-Security-Policy"]


def test_a_pdf_named_hta_downloads_as_pdf(client, resident, service):
    url = support.start_draft(client, service)
    assert post_step(client, url, small_pdf(), filename="x.hta").status_code == 302
    response = download(client, f"/antraege/dateien/{draft_upload(client, url)['upload_id']}")
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=\"x.pdf\"; filename*=UTF-8''x.pdf")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_png_named_exe_downloads_as_png(client, resident, service):
    url = support.start_draft(client, service)
    response = post_step(client, url, small_pdf(),
                         foto=(io.BytesIO(small_png()), "foto.exe", "application/x-msdownload"))
    assert response.status_code == 302, response.get_data(as_text=True)
    token = draft_upload(client, url, "foto")["upload_id"]
    response = download(client, f"/antraege/dateien/{token}")
    assert response.mimetype == "image/png"
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=\"foto.png\"; filename*=UTF-8''foto.png")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_sealed_pdf_downloads_under_its_type_whatever_its_stored_name(app):
    from flask import Response

    from buergerbuero.cases.uploads import as_download

    with app.test_request_context():
        response = as_download(Response(b"%PDF-1.7", mimetype="application/pdf"),
                               "Quittung für Ämter.hta")
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=\"Quittung fur Amter.pdf\"; "
        "filename*=UTF-8''Quittung%20f%C3%BCr%20%C3%84mter.pdf")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name, media_type, expected", [
    ("x.hta", "application/pdf", "x.pdf"), ("foto.exe", "image/png", "foto.png"),
    ("scan.JPEG", "image/jpeg", "scan.jpg"), ("ohne Endung", "application/pdf", "ohne Endung.pdf"),
    ("Bescheid v2.1 final", "application/pdf", "Bescheid v2.1 final.pdf"),
    ("..hta", "application/pdf", "hta.pdf"), (".", "image/png", "datei.png"),
    ("bericht.pdf.exe", "application/pdf", "bericht.pdf.pdf"),
    ("../../etc/run.sh", "application/octet-stream", "run.bin"),
])
def test_the_download_name_ends_as_the_detected_type(name, media_type, expected):
    from buergerbuero.cases.uploads import download_name

    assert download_name(name, media_type) == expected


def test_submitting_gives_the_uploads_to_the_case_and_its_department(
        client, other_client, resident, service, db_session, run_gateway):
    url, content, answer = uploaded(client, service)
    assert "Bescheinigung für Ämter.pdf (" in client.get(review_url(url)).get_data(as_text=True)
    submitted = support.post_form(client, review_url(url), {"aktion": "einreichen"})
    reference = submitted.headers["Location"].rsplit("/", 1)[-1]
    support.fresh(db_session)
    case = db_session.scalar(select(Case).where(Case.reference == reference))
    [upload] = uploads_of(db_session, resident)
    assert upload.case_id == case.id
    assert case.submission.attachments == [answer]
    outbox = db_session.scalar(select(OutboxMessage).where(OutboxMessage.case_id == case.id))
    assert outbox.payload["attachments"] == [answer]
    file_url = f"/antraege/dateien/{answer['upload_id']}"
    assert download(client, file_url).data == content  # still the resident's own
    again = post_step(client, support.start_draft(client, service), None,
                      **{"nachweis-vorhanden": answer["upload_id"]})
    assert again.status_code == 400  # a filed upload is the case's: no second application

    support.login_demo(other_client, "ordnungsamt@example.org")
    assert other_client.get(file_url).status_code == 404  # not delivered yet
    run_gateway()
    assert "Anlagen" in other_client.get(f"/postfach/{reference}").get_data(as_text=True)
    assert download(other_client, file_url).data == content
    support.logout(other_client)
    support.login_demo(other_client, "steueramt@example.org")
    assert other_client.get(file_url).status_code == 404


def test_a_step_without_a_file_field_posts_urlencoded(client, resident):
    page = client.get(support.start_draft(client)).get_data(as_text=True)
    assert "<form method=\"post\"" in page and "multipart/form-data" not in page


def test_the_upload_folder_is_created_private(app):
    with app.test_request_context():
        from buergerbuero.cases.uploads import upload_dir

        folder = upload_dir()
    assert stat.S_IMODE(os.stat(folder).st_mode) & 0o077 == 0


def test_a_dangerous_dog_needs_its_certificate_uploaded_inside_the_dog_entry(client, resident,
                                                                              db_session):
    url = support.start_draft(client)
    url = support.post_form(client, url, {**support.HUNDESTEUER["halter"], "aktion": "weiter"}
                            ).headers["Location"]
    dog = {**support.HUNDESTEUER["hunde"], "hunde-0-gefaehrlich": "y", "aktion": "weiter"}
    missing = support.post_form(client, url, dog, content_type="multipart/form-data")
    assert missing.status_code == 400
    message = "Bitte laden Sie „Wesenstest oder Negativzeugnis“ hoch."
    assert message in missing.get_data(as_text=True)
    done = support.post_form(client, url, {**dog, "hunde-0-wesenstest": (
        io.BytesIO(small_pdf()), "wesenstest.pdf", "application/pdf")},
        content_type="multipart/form-data")
    assert done.status_code == 302, done.get_data(as_text=True)[-1500:]


def test_an_upload_named_hta_shows_everywhere_under_the_name_it_downloads_as(
        client, other_client, resident, service, run_gateway):
    url = support.start_draft(client, service)
    refused = post_step(client, url, small_pdf(), filename="Wesenstestfdp.hta", name="")
    assert "Hochgeladen: <strong>Wesenstestfdp.pdf</strong>" in refused.get_data(as_text=True)
    token = support.input_value(refused.get_data(as_text=True), "nachweis-vorhanden")
    assert post_step(client, url, None, **{"nachweis-vorhanden": token}).status_code == 302
    assert "Hochgeladen: <strong>Wesenstestfdp.pdf</strong>" in client.get(url).get_data(
        as_text=True)
    review = client.get(review_url(url)).get_data(as_text=True)
    assert "Wesenstestfdp.pdf (" in review
    filed = support.post_form(client, review_url(url), {"aktion": "einreichen"})
    reference = filed.headers["Location"].rsplit("/", 1)[-1]
    run_gateway()
    case_page = client.get(f"/antraege/{reference}").get_data(as_text=True)
    files = case_page[case_page.index('id="dateien"'):case_page.index('id="verlauf"')]
    assert "Wesenstestfdp.pdf</a>" in files
    receipt = re.search(r'href="(/antraege/[^"]+/dokumente/\d+)"', case_page).group(1)
    assert any("Wesenstestfdp.pdf" in s for s in shown_strings(client.get(receipt).data))
    support.login_demo(other_client, "ordnungsamt@example.org")
    envelope = other_client.get(f"/postfach/{reference}").get_data(as_text=True)
    assert "Wesenstestfdp.pdf</a>" in envelope and "Wesenstestfdp.pdf (" in envelope
    for page in (refused.get_data(as_text=True), review, case_page, envelope):
        assert "Wesenstestfdp.hta" not in page


def test_an_upload_stored_under_its_original_ending_is_listed_as_it_downloads(
        client, resident, service, db_session):
    url, _, answer = uploaded(client, service)
    filed = support.post_form(client, review_url(url), {"aktion": "einreichen"})
    reference = filed.headers["Location"].rsplit("/", 1)[-1]
    # A row kept before uploads were named by their type still carries the resident's ending.
    db_session.execute(update(Upload).where(Upload.token == answer["upload_id"])
                       .values(filename="Alt.hta"))
    db_session.commit()
    page = client.get(f"/antraege/{reference}").get_data(as_text=True)
    files = page[page.index('id="dateien"'):page.index('id="verlauf"')]
    assert "Alt.pdf</a>" in files and "Alt.hta" not in files
