"""The application's own uploads travel inside the encrypted envelope: a department on the
`smtp` channel receives them, and an envelope too large for its channel fails visibly."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image
from sqlalchemy import select

from buergerbuero.instance_setup import DEMO_PASSWORD
from buergerbuero.models import Case, Department, OutboxMessage, OutboxStatus, Upload
from mailgateway.envelope import open_envelope
from mailgateway.keys import gateway_keys
from mailgateway.mime import encrypted_payload

from .. import support
from ..buergerbuero.mailing import Mailbox, smtp_server
from .support import encryption_key_ids, receipt_kinds, reloaded, subkey_ids


@pytest.fixture
def smtp_department(app, db_session, monkeypatch):
    """A real SMTP server on loopback and the Steueramt reached through it by e-mail; yield
    (the server's mailbox, the department). The Steueramt's inbox is restored afterwards."""
    mailbox = Mailbox()
    department = db_session.scalar(select(Department).where(Department.key == "steueramt"))
    with smtp_server(mailbox) as port:
        for key, value in {"HOST": "127.0.0.1", "PORT": port, "HELO_NAME": "gateway.test"}.items():
            monkeypatch.setitem(app.config, f"MAILGATEWAY_SMTP_{key}", value)
        department.channel, department.address = "smtp", "amt@example.org"
        db_session.commit()
        try:
            yield mailbox, department
        finally:
            db_session.rollback()
            department.channel, department.address = "postfach", ""
            db_session.commit()




def noisy_png(side: int = 160) -> bytes:
    """Return a real PNG of random pixels (it does not compress: its size is side² × 3)."""
    import os

    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, "PNG")
    return buffer.getvalue()


def file_with_certificate(client, certificate: bytes, name: str) -> OutboxMessage:
    """File the dog tax for a dangerous dog with its certificate; return its outbox row."""
    url = support.start_draft(client)
    url = support.post_form(client, url, {**support.HUNDESTEUER["halter"], "aktion": "weiter"}
                            ).headers["Location"]
    dog = {**support.HUNDESTEUER["hunde"], "hunde-0-gefaehrlich": "y", "aktion": "weiter",
           "hunde-0-wesenstest": (io.BytesIO(certificate), name, "application/pdf")}
    response = support.post_form(client, url, dog, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    url = support.post_form(client, response.headers["Location"],
                            {**support.HUNDESTEUER["zahlung"], "aktion": "weiter"}
                            ).headers["Location"]
    reference = support.post_form(client, url, {"aktion": "einreichen"}
                                  ).headers["Location"].rsplit("/", 1)[-1]
    session = client.application.extensions["buergerbuero.db"]()
    try:
        case_id = session.scalar(select(Case.id).where(Case.reference == reference))
        row = session.scalar(select(OutboxMessage).where(OutboxMessage.case_id == case_id))
        session.expunge(row)
        return row
    finally:
        session.close()


def test_an_smtp_department_receives_the_applications_files_inside_the_envelope(
        client, db_session, app, run_gateway, smtp_department):
    mailbox, department = smtp_department
    support.register(client)
    certificate = support.small_pdf("Wesenstest für Bello")
    outbox = file_with_certificate(client, certificate, "Wesenstest.pdf")
    run_gateway()
    [delivered] = mailbox.to("amt@example.org")
    assert certificate not in delivered.as_bytes()  # encrypted: nothing readable in transit
    armored = encrypted_payload(delivered)
    homedir = app.config["MAILGATEWAY_GNUPG_HOME"]
    assert encryption_key_ids(homedir, armored) == subkey_ids(
        homedir, department.key_fingerprint)  # to the department's key alone
    with app.app_context():  # the department's test key lies in the test instance's gpg home
        decrypted = gateway_keys().keyring.decrypt_verify(armored)
    assert decrypted.signature_valid
    document, documents = open_envelope(decrypted.data)
    upload = db_session.scalar(select(Upload).where(Upload.case_id == outbox.case_id))
    [reference] = document["payload"]["attachments"]
    assert reference["upload_id"] == upload.token and reference["sha256"] == upload.sha256
    carried = {d.name: d for d in documents}
    assert set(carried) == {"eingangsquittung.pdf", "anlagen/Wesenstest.pdf"}
    content = carried["anlagen/Wesenstest.pdf"].content
    assert content == certificate
    assert hashlib.sha256(content).hexdigest() == upload.sha256 == reference["sha256"]
    assert reloaded(db_session, outbox).status is OutboxStatus.DELIVERED


def test_an_envelope_too_large_for_its_channel_fails_at_once_and_shows_why(
        client, db_session, app, run_gateway, smtp_department, monkeypatch):
    mailbox, _ = smtp_department
    monkeypatch.setitem(app.config, "MAILGATEWAY_SMTP_MAX_BYTES", 120 * 1024)
    support.register(client)
    support.file_hundesteuer(client)  # without a file, the envelope fits the channel
    run_gateway()
    assert len(mailbox.received) == 1
    outbox = file_with_certificate(client, noisy_png(220), "Wesenstest.png")  # ≈ 145 KB
    run_gateway()
    run_gateway()  # nothing is retried: the channel cannot take it, however often asked
    row = reloaded(db_session, outbox)
    assert row.status is OutboxStatus.FAILED and row.attempts == 1
    assert "MAILGATEWAY_SMTP_MAX_BYTES" in row.last_error
    assert len(mailbox.received) == 1 and receipt_kinds(db_session, outbox.message_id) == set()
    reference = row.payload["case_reference"]
    department = app.test_client()
    support.login(department, "steueramt@example.org", DEMO_PASSWORD)
    inbox = department.get("/postfach/").get_data(as_text=True)
    assert "Nachricht zu groß für den Kanal smtp" in inbox and reference in inbox
    admin = app.test_client()
    support.login(admin, "admin@example.org", DEMO_PASSWORD)
    poststelle = admin.get("/verwaltung/poststelle").get_data(as_text=True)
    assert "Nachricht zu groß für den Kanal smtp" in poststelle and row.message_id[:8] in poststelle
