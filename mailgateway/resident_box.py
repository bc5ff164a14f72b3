"""The resident's box in the platform: what departments send (message, Rückfrage, Bescheid).

A resident holds no OpenPGP key, so the envelope is signed by the gateway and encrypted to the
gateway's own key: the box keeps it sealed at rest, and only the platform, after the resident
logged in, opens it. Its delivery is receipted like a department's (Versand- and
Eingangsbestätigung); the resident's first authenticated opening signs the Abholbestätigung.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from common.db import utcnow

from .envelope import open_envelope
from .keys import gateway_keys
from .models import ReceiptKind, ResidentBoxEntry
from .opening import OpenedEnvelope
from .receipts import Delivery, issue_receipt
from .state import state
from .transports import Accepted, Parcel

RECIPIENT = "antragsteller:"
"""Prefix of a resident recipient in receipts: then the case's reference."""


def recipient_of(case_reference: str) -> str:
    """Return how receipts name the resident of a case."""
    return RECIPIENT + case_reference


def deliver_to_resident(parcel: Parcel, kind: str) -> Accepted:
    """Add the entry to the job's session; it is received when that transaction commits."""
    entry = ResidentBoxEntry(message_id=parcel.message_id, case_id=parcel.case_id, kind=kind,
                             envelope=parcel.ciphertext, envelope_sha256=parcel.envelope_sha256,
                             received_at=utcnow())
    parcel.session.add(entry)
    return Accepted(at=entry.received_at, detail="Postfach der Antragstellerin/des "
                                                 "Antragstellers")  # untranslated: signed


def resident_entry(session: Any, message_id: str) -> ResidentBoxEntry | None:
    """Return the box entry a message was delivered as, if it arrived."""
    return session.scalar(select(ResidentBoxEntry).where(
        ResidentBoxEntry.message_id == message_id))


def open_resident_entry(session: Any, entry: ResidentBoxEntry, case_reference: str,
                        opened_by: int) -> OpenedEnvelope:
    """Decrypt the entry; on its first opening sign the Abholbestätigung and tell the
    `on_resident_opened` listeners in the same transaction, which this commits."""
    keys = gateway_keys()
    decrypted = keys.keyring.decrypt_verify(entry.envelope)
    document, attachments = open_envelope(decrypted.data)
    valid = decrypted.signature_valid and decrypted.signer_fingerprint == keys.gateway_fingerprint
    if entry.opened_at is None:
        won = session.execute(update(ResidentBoxEntry)
                              .where(ResidentBoxEntry.id == entry.id,
                                     ResidentBoxEntry.opened_at.is_(None))
                              .values(opened_at=utcnow())).rowcount
        if won:
            delivery = Delivery(entry.message_id, entry.case_id, recipient_of(case_reference),
                                entry.envelope_sha256)
            issue_receipt(session, keys, ReceiptKind.ABHOLUNG, delivery)
            for listener in state().on_resident_opened:
                listener(session, entry, opened_by)
        session.commit()
        session.refresh(entry)
    return OpenedEnvelope(document["payload"], attachments, valid)
