"""Opening a delivered envelope: decrypt, check the signature, record the Abholbestätigung."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from common.db import utcnow
from mailgateway.envelope import Attachment, open_envelope
from mailgateway.keys import gateway_keys
from mailgateway.models import Department, OutboxMessage, PostfachEntry, ReceiptKind
from mailgateway.receipts import Delivery, issue_receipt

from .. import audit
from ..models import Case, User


@dataclass(frozen=True)
class OpenedEnvelope:
    """What a case worker sees of a delivery."""

    payload: dict[str, Any]
    attachments: list[Attachment]
    signature_valid: bool


def open_entry(session: Session, entry: PostfachEntry, case: Case, user: User) -> OpenedEnvelope:
    """Decrypt the envelope; on the first opening, record who opened it and sign the receipt."""
    keys = gateway_keys()
    decrypted = keys.keyring.decrypt_verify(entry.envelope)
    document, attachments = open_envelope(decrypted.data)
    valid = decrypted.signature_valid and decrypted.signer_fingerprint == keys.gateway_fingerprint
    if entry.opened_at is None:
        record_first_opening(session, entry, case, user)
    return OpenedEnvelope(document["payload"], attachments, valid)


def record_first_opening(session: Session, entry: PostfachEntry, case: Case, user: User) -> None:
    """Issue the Abholbestätigung once, even if two case workers open at the same moment."""
    won = session.execute(
        update(PostfachEntry)
        .where(PostfachEntry.id == entry.id, PostfachEntry.opened_at.is_(None))
        .values(opened_at=utcnow(), opened_by_id=user.id)
    ).rowcount
    if won:
        recipient = session.get(Department, entry.department_id).key  # whose inbox it is
        delivery = Delivery(entry.message_id, case.id, recipient, entry.envelope_sha256)
        issue_receipt(session, gateway_keys(), ReceiptKind.ABHOLUNG, delivery)
        audit.record(session, "opened", entry, case_id=case.id, actor_id=user.id,
                     message_id=entry.message_id)
    session.commit()
    session.refresh(entry)


def open_messages(session: Session, case: Case, user: User) -> int:
    """Receipt the first reading of every delivered, unread message of the case; return how many."""
    entries = session.scalars(
        select(PostfachEntry)
        .join(OutboxMessage, OutboxMessage.message_id == PostfachEntry.message_id)
        .where(PostfachEntry.case_id == case.id,
               PostfachEntry.department_id == case.department_id,
               PostfachEntry.opened_at.is_(None), OutboxMessage.kind == "message")
    ).all()
    for entry in entries:
        record_first_opening(session, entry, case, user)
    return len(entries)
