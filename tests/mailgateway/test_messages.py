"""A resident's message reaches the department through the gateway, with all three receipts."""

from __future__ import annotations

from sqlalchemy import select

from buergerbuero.models import Message, OutboxMessage, PostfachEntry, Receipt
from mailgateway.envelope import open_envelope
from mailgateway.keys import gateway_keys

from .. import support


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


def test_a_departments_reply_stays_in_the_platform(client, db_session, run_gateway):
    support.register(client)
    reference = support.file_hundesteuer(client)
    run_gateway()
    support.logout(client)
    support.login(client, "steueramt@example.org", "Demo-Passwort-2026")
    before = db_session.scalar(select(OutboxMessage.id).order_by(OutboxMessage.id.desc()))
    support.post_form(client, f"/postfach/{reference}/nachricht", {"body": "Danke."},
                      page=f"/postfach/{reference}")
    support.fresh(db_session)
    assert db_session.scalar(select(OutboxMessage.id).order_by(OutboxMessage.id.desc())) == before
    assert db_session.scalar(select(Message).where(Message.body == "Danke.")).from_department
