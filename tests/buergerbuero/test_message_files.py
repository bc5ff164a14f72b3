"""Files in the message box, both ways: checked by content, carried inside the envelope,
listed on both pages and downloaded only by the case's resident and its department."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from buergerbuero.models import PostfachEntry, ResidentBoxEntry
from mailgateway.envelope import open_envelope
from mailgateway.keys import gateway_keys

from .. import support
from .casework import file_and_deliver, text_of
from .conversing import (
    caseworker,
    message_uploads,
    messages_of,
    newest_outbox,
    pdf_and_png,
    send,
)
from .uploading import small_pdf


def opened(app, envelope: bytes):
    """Return the payload and the documents of an envelope, decrypted and checked."""
    with app.app_context():
        decrypted = gateway_keys().keyring.decrypt_verify(envelope)
    assert decrypted.signature_valid
    return open_envelope(decrypted.data)


def downloaded(client, token: str):
    """Download a file and close the answer (its file handle); return the answer."""
    with client.get(f"/antraege/dateien/{token}") as response:
        response.get_data()
    return response


def test_a_residents_files_travel_inside_the_envelope_and_the_department_downloads_them(
        app, client, db_session, run_gateway):
    reference = file_and_deliver(client, run_gateway)
    files = pdf_and_png()
    response = send(client, reference, "Anbei die Nachweise.", files)
    assert response.status_code == 302, text_of(response)
    pdf, stored = files[0][0], message_uploads(db_session, reference)
    files = stored
    [message] = messages_of(db_session, reference)
    assert [(f.filename, f.media_type, f.message_id) for f in files] == [
        ("Nachweis.pdf", "application/pdf", message.id),
        ("Foto vom Hund.png", "image/png", message.id)]
    outbox = newest_outbox(db_session, "message")
    assert [a["upload_id"] for a in outbox.payload["message"]["attachments"]] == [
        f.token for f in files]
    run_gateway()
    entry = db_session.scalar(select(PostfachEntry).where(
        PostfachEntry.message_id == outbox.message_id))
    document, documents = opened(app, entry.envelope)
    carried = {d.name: d.content for d in documents}
    assert hashlib.sha256(carried["anlagen/Nachweis.pdf"]).hexdigest() == files[0].sha256
    assert carried["anlagen/Nachweis.pdf"] == pdf
    department = caseworker(app)
    page = text_of(department.get(f"/postfach/{reference}"))
    assert "Anbei die Nachweise." in page and "Foto vom Hund.png" in page and "PNG" in page
    download = downloaded(department, files[0].token)
    assert download.status_code == 200 and download.data == pdf
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"


def test_a_departments_files_reach_the_residents_box_and_only_the_resident_reads_them(
        app, client, other_client, db_session, run_gateway):
    reference = file_and_deliver(client, run_gateway)
    department = caseworker(app)
    pdf = small_pdf()
    response = send(department, reference, "Hier das Merkblatt.", [(pdf, "Merkblatt.pdf")],
                    department=True)
    assert response.status_code == 302, text_of(response)
    [upload] = message_uploads(db_session, reference)
    outbox = newest_outbox(db_session, "reply")
    assert outbox.to_resident and outbox.payload["message"]["attachments"][0]["name"] == \
        "Merkblatt.pdf"
    run_gateway()
    entry = db_session.scalar(select(ResidentBoxEntry).where(
        ResidentBoxEntry.message_id == outbox.message_id))
    _, documents = opened(app, entry.envelope)
    assert [d.content for d in documents] == [pdf]
    page = text_of(client.get(f"/antraege/{reference}"))
    assert "Hier das Merkblatt." in page and "Merkblatt.pdf" in page
    assert "Ihre hochgeladenen Dateien" not in page  # a message's file is no upload of the filing
    assert downloaded(client, upload.token).data == pdf
    support.register(other_client)
    assert downloaded(other_client, upload.token).status_code == 404
    other_department = caseworker(app, "ordnungsamt@example.org")
    assert downloaded(other_department, upload.token).status_code == 404


@pytest.mark.parametrize(("files", "config", "expected"), [
    ([(small_pdf(), f"Seite {n}.pdf") for n in range(6)], {},
     "höchstens 5 Dateien beiliegen; Sie haben 6 gewählt"),
    ([(small_pdf(), "gross.pdf")], {"MESSAGE_MAX_FILE_BYTES": 512}, "ist größer als 512 Byte"),
    ([(b"<html><script>alert(1)</script></html>", "harmlos.pdf")], {},
     "ist keine erlaubte Datei"),
    ([(b"", "leer.pdf")], {}, "ist leer"),
    ([(small_pdf(), "quota.pdf")], {"UPLOADS_MAX_BYTES_PER_RESIDENT": 100},
     "Ihre Dateien dürfen zusammen höchstens 100 Byte groß sein"),
])
def test_refused_files_keep_the_typed_text_and_store_nothing(
        app, client, db_session, run_gateway, monkeypatch, files, config, expected):
    reference = file_and_deliver(client, run_gateway)
    for key, value in config.items():
        monkeypatch.setitem(app.config, key, value)
    stored = sorted(p.name for p in (support_uploads(app)).iterdir())
    response = send(client, reference, "Mein ausführlicher Text.", files)
    page = text_of(response)
    assert response.status_code == 400 and expected in page
    assert "Mein ausführlicher Text." in page  # the typed text stays in the form
    assert messages_of(db_session, reference) == [] and message_uploads(db_session, reference) == []
    assert sorted(p.name for p in support_uploads(app).iterdir()) == stored


def test_a_message_whose_transaction_fails_leaves_no_file_behind(
        app, client, db_session, run_gateway, monkeypatch):
    reference = file_and_deliver(client, run_gateway)
    stored = sorted(p.name for p in support_uploads(app).iterdir())

    def refuse(*args, **kwargs):
        raise RuntimeError("the gateway's door is jammed")

    monkeypatch.setattr("buergerbuero.cases.messages.mailgateway.post", refuse)
    assert send(client, reference, "Mit Anhang.", pdf_and_png()).status_code == 500
    assert sorted(p.name for p in support_uploads(app).iterdir()) == stored
    assert message_uploads(db_session, reference) == [] and messages_of(db_session, reference) == []


def support_uploads(app):
    """Return the upload folder of the test instance."""
    from pathlib import Path

    folder = Path(app.config["UPLOADS_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_one_persons_message_files_of_a_case_have_a_limit_together(
        app, client, db_session, run_gateway, monkeypatch):
    reference = file_and_deliver(client, run_gateway)
    pdf = small_pdf()
    monkeypatch.setitem(app.config, "MESSAGE_MAX_BYTES_PER_CASE", len(pdf) * 2)
    for n in range(2):
        assert send(client, reference, f"Teil {n}", [(pdf, f"teil-{n}.pdf")]).status_code == 302
    response = send(client, reference, "Der dritte Teil.", [(pdf, "teil-2.pdf")])
    page = text_of(response)
    assert response.status_code == 400 and "Ihre Dateien zu diesem Vorgang dürfen" in page
    assert "Der dritte Teil." in page
    assert len(message_uploads(db_session, reference)) == 2
