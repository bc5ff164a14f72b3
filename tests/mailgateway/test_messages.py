"""Messages travel through the gateway both ways, encrypted and with all three receipts: a
resident's to the department, a department's into the resident's box."""

from __future__ import annotations

from sqlalchemy import func, select

from buergerbuero.models import Message, OutboxMessage, PostfachEntry, Receipt, ResidentBoxEntry
from mailgateway.envelope import open_envelope
from mailgateway.keys import gateway_keys

from .. import support
from .support import receipt_kinds


def test_a_residents_message_is_delivered_encrypted_and_receipted(client, db_session, app,
                                                                  run_gateway):
    support.register(client)
    reference = support.file_hundesteuer(client)
    run_gateway()
    response = support.post_form(client, f"/antraege/{reference}/nachricht",
                                 {"body": "Bello ist gechippt."}, page=f"/antraege/{reference}")
    assert response.status_code == 302
    outbox = db_session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "message")
                               .order_by(OutboxMessage.id.desc()))
    assert outbox.payload["case_reference"] == reference
    run_gateway()
    entry = db_session.scalar(select(PostfachEntry).where(
        PostfachEntry.message_id == outbox.message_id))
    with app.app_context():
        document, attachments = open_envelope(
            gateway_keys().keyring.decrypt_verify(entry.envelope).data)
    assert document["payload"]["message"]["body"] == "Bello ist gechippt." and attachments == []
    support.logout(client)
    support.login(client, "steueramt@example.org", "Demo-Passwort-2026")
    page = client.get(f"/postfach/{reference}").get_data(as_text=True)
    assert "Bello ist gechippt." in page and "Versandbestätigung – Nachricht" in page
    kinds = {r.kind.value for r in db_session.scalars(select(Receipt).where(
        Receipt.message_id == outbox.message_id))}
    assert kinds == {"versand", "eingang", "abholung"}
    assert reference in client.get("/postfach/").get_data(as_text=True)  # listed once, as a case
    assert client.get("/postfach/").get_data(as_text=True).count(f">{reference}<") == 1


def test_a_departments_reply_travels_into_the_residents_box_and_is_receipted(
        client, db_session, app, run_gateway):
    support.register(client)
    reference = support.file_hundesteuer(client)
    run_gateway()
    other_client = app.test_client()
    support.login(other_client, "steueramt@example.org", "Demo-Passwort-2026")
    support.post_form(other_client, f"/postfach/{reference}/nachricht", {"body": "Danke."},
                      page=f"/postfach/{reference}")
    support.fresh(db_session)
    outbox = db_session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "reply")
                               .order_by(OutboxMessage.id.desc()))
    assert outbox.to_resident and outbox.payload["message"]["body"] == "Danke."
    assert db_session.scalar(select(Message).where(Message.body == "Danke.")).from_department
    run_gateway()
    entry = db_session.scalar(select(ResidentBoxEntry).where(
        ResidentBoxEntry.message_id == outbox.message_id))
    assert entry.kind == "reply" and entry.opened_at is None
    assert b"Danke." not in entry.envelope  # sealed at rest, to the gateway's own key
    with app.app_context():
        document, _ = open_envelope(gateway_keys().keyring.decrypt_verify(entry.envelope).data)
    assert document["payload"]["message"]["body"] == "Danke."
    assert receipt_kinds(db_session, outbox.message_id) == {"versand", "eingang"}
    page = client.get(f"/antraege/{reference}").get_data(as_text=True)  # the resident opens it
    assert "Danke." in page and "Abholbestätigung – Nachricht" in page
    assert "Empfänger: Antragsteller/in" in page  # the resident's box, as the receipts name it
    assert receipt_kinds(db_session, outbox.message_id) == {"versand", "eingang", "abholung"}
    client.get(f"/antraege/{reference}")  # a second visit signs nothing more
    support.fresh(db_session)
    assert db_session.scalar(select(func.count()).select_from(Receipt).where(
        Receipt.message_id == outbox.message_id)) == 3
