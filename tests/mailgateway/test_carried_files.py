"""The application's own uploads travel inside the encrypted envelope: a department on the
`smtp` channel receives them, and an envelope too large for its channel fails visibly."""

from __future__ import annotations

import email
import email.policy
import hashlib
import io

from PIL import Image
from sqlalchemy import select

from buergerbuero.instance_setup import DEMO_PASSWORD
from buergerbuero.models import Case, OutboxMessage, OutboxStatus, Upload
from mailgateway.envelope import open_envelope
from mailgateway.keys import gateway_keys
from mailgateway.mime import encrypted_payload

from .. import support
from . import test_smtp
from .support import receipt_kinds, reloaded
from .test_smtp import Mailbox, encryption_key_ids, smtp_server, subkey_ids

smtp_port = test_smtp.smtp_port  # the smtp tests' fixtures: a loopback port, the Steueramt on smtp
smtp_steueramt = test_smtp.smtp_steueramt


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
        client, db_session, app, run_gateway, smtp_port, smtp_steueramt):
    support.register(client)
    certificate = support.small_pdf("Wesenstest für Bello")
    mailbox = Mailbox()
    with smtp_server(smtp_port, mailbox):
        outbox = file_with_certificate(client, certificate, "Wesenstest.pdf")
        run_gateway()
    [delivered] = mailbox.received
    assert certificate not in delivered.content  # encrypted: nothing of it readable in transit
    armored = encrypted_payload(email.message_from_bytes(delivered.content,
                                                         policy=email.policy.default))
    homedir = app.config["MAILGATEWAY_GNUPG_HOME"]
    assert encryption_key_ids(homedir, armored) == subkey_ids(
        homedir, smtp_steueramt.key_fingerprint)  # to the department's key alone
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
        client, db_session, app, run_gateway, smtp_port, smtp_steueramt, monkeypatch):
    monkeypatch.setitem(app.config, "MAILGATEWAY_SMTP_MAX_BYTES", 120 * 1024)
    support.register(client)
    mailbox = Mailbox()
    with smtp_server(smtp_port, mailbox):
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
