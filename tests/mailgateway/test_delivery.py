"""The gateway job: sealed receipt, signed and encrypted envelope, receipts, exactly-once."""

from __future__ import annotations

import threading
from pathlib import Path

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from sqlalchemy import select

from buergerbuero.models import (
    OutboxMessage,
    OutboxStatus,
    PostfachEntry,
    Receipt,
    SignedDocument,
)
from mailgateway.envelope import open_envelope
from mailgateway.jobs import deliver
from mailgateway.keys import gateway_keys
from mailgateway.receipts import verify_receipt

from .. import support
from .support import count_entries, filed_case


def test_receipt_pdf_is_sealed_and_validates_against_the_municipal_ca(
        client, db_session, run_gateway, app):
    case, _ = filed_case(client, db_session)
    run_gateway()
    document = db_session.scalar(select(SignedDocument).where(SignedDocument.case_id == case.id))
    import io

    reader = PdfFileReader(io.BytesIO(document.content))
    ca = load_cert_from_pemder(str(Path(app.config["SIGNING_PKI_DIR"]) / "ca.pem"))
    status = validate_pdf_signature(reader.embedded_signatures[0],
                                    ValidationContext(trust_roots=[ca], allow_fetching=False))
    assert status.intact and status.valid and status.trusted
    assert status.signing_cert.subject.native["organization_name"] == "Stadt Musterstadt"


def test_envelope_is_encrypted_to_the_department_and_signed_by_the_gateway(
        client, db_session, run_gateway, app):
    case, outbox = filed_case(client, db_session)
    run_gateway()
    entry = db_session.scalar(select(PostfachEntry).where(PostfachEntry.case_id == case.id))
    assert b"Bello" not in entry.envelope and entry.envelope.startswith(b"-----BEGIN PGP MESSAGE")
    with app.app_context():
        keys = gateway_keys()
        decrypted = keys.keyring.decrypt_verify(entry.envelope)
    assert decrypted.signature_valid
    assert decrypted.signer_fingerprint == keys.gateway_fingerprint
    document, attachments = open_envelope(decrypted.data)
    assert document["message_id"] == outbox.message_id
    assert document["payload"]["answers"]["hunde"][0]["hundename"] == "Bello"
    assert attachments[0].content.startswith(b"%PDF")


def test_every_receipt_is_signed_by_the_gateway_and_a_forgery_fails(
        client, db_session, run_gateway, app):
    case, _ = filed_case(client, db_session)
    run_gateway()
    receipts = db_session.scalars(select(Receipt).where(Receipt.case_id == case.id)).all()
    assert {r.kind.value for r in receipts} == {"versand", "eingang"}
    with app.app_context():
        keys = gateway_keys()
        assert all(verify_receipt(keys, r) for r in receipts)
        forged = receipts[0]
        forged.record = forged.record.replace(forged.recipient, "ordnungsamt")
        assert not verify_receipt(keys, forged)
    db_session.rollback()


def test_running_the_job_twice_delivers_once(client, db_session, app, redis_conn):
    case, outbox = filed_case(client, db_session)
    with app.app_context():
        assert deliver(outbox.id) == "delivered"
        assert deliver(outbox.id) == "skipped"
    assert count_entries(db_session, case) == 1


def test_the_same_job_run_concurrently_delivers_once(client, db_session, app, redis_conn):
    case, outbox = filed_case(client, db_session)
    results: list[str] = []
    barrier = threading.Barrier(2)

    def worker() -> None:
        with app.app_context():
            barrier.wait()
            results.append(deliver(outbox.id))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["delivered", "skipped"]
    assert count_entries(db_session, case) == 1


def test_the_delivered_message_keeps_its_id_and_the_row_records_the_hash(
        client, db_session, run_gateway):
    case, outbox = filed_case(client, db_session)
    run_gateway()
    support.fresh(db_session)
    outbox = db_session.get(OutboxMessage, outbox.id)
    entry = db_session.scalar(select(PostfachEntry).where(PostfachEntry.case_id == case.id))
    assert outbox.status is OutboxStatus.DELIVERED and outbox.attempts == 1
    assert entry.message_id == outbox.message_id
    assert entry.envelope_sha256 == outbox.envelope_sha256


