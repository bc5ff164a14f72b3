"""The receiving end of the Postfach: find a case's delivery, open an entry (decrypt, check the
gateway's signature) and record its first opening once, with the Abholbestätigung and the app's
`on_opened` listeners."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update

from common.db import utcnow

from .envelope import Attachment, open_envelope
from .keys import gateway_keys
from .models import Department, OutboxKind, OutboxMessage, PostfachEntry, ReceiptKind
from .payloads import CASE_DELIVERIES
from .receipts import Delivery, issue_receipt
from .state import state


@dataclass(frozen=True)
class OpenedEnvelope:
    """What a case worker sees of a delivery."""

    payload: dict[str, Any]
    """The payload as the envelope carried it."""
    attachments: list[Attachment]
    signature_valid: bool


def delivered_entry(session: Any, case_id: int, department_id: int) -> PostfachEntry | None:
    """Return the latest entry that delivered the case into the department's Postfach, if any."""
    return session.scalar(
        select(PostfachEntry)
        .join(OutboxMessage, OutboxMessage.message_id == PostfachEntry.message_id)
        .where(PostfachEntry.case_id == case_id, PostfachEntry.department_id == department_id,
               OutboxMessage.kind.in_(CASE_DELIVERIES))
        .order_by(PostfachEntry.id.desc()).limit(1))


def open_entry(session: Any, entry: PostfachEntry, opened_by: int) -> OpenedEnvelope:
    """Decrypt the envelope; on the first opening, record who opened it and sign the receipt."""
    keys = gateway_keys()
    decrypted = keys.keyring.decrypt_verify(entry.envelope)
    document, attachments = open_envelope(decrypted.data)
    valid = decrypted.signature_valid and decrypted.signer_fingerprint == keys.gateway_fingerprint
    if entry.opened_at is None:
        record_opening(session, entry, opened_by)
    return OpenedEnvelope(document["payload"], attachments, valid)


def record_opening(session: Any, entry: PostfachEntry, opened_by: int) -> None:
    """Issue the Abholbestätigung once, even if two case workers open at the same moment; the
    `on_opened` listeners run in the same transaction, which this commits."""
    won = session.execute(
        update(PostfachEntry)
        .where(PostfachEntry.id == entry.id, PostfachEntry.opened_at.is_(None))
        .values(opened_at=utcnow(), opened_by_id=opened_by)
    ).rowcount
    if won:
        recipient = session.get(Department, entry.department_id).key  # whose inbox it is
        delivery = Delivery(entry.message_id, entry.case_id, recipient, entry.envelope_sha256)
        issue_receipt(session, gateway_keys(), ReceiptKind.ABHOLUNG, delivery)
        for listener in state().on_opened:
            listener(session, entry, opened_by)
    session.commit()
    session.refresh(entry)


def open_unread(session: Any, *, case_id: int, department_id: int, kinds: Iterable[OutboxKind],
                opened_by: int) -> int:
    """Record the first reading of every unopened entry of these kinds that the department got
    for the case; return how many."""
    entries = session.scalars(
        select(PostfachEntry)
        .join(OutboxMessage, OutboxMessage.message_id == PostfachEntry.message_id)
        .where(PostfachEntry.case_id == case_id, PostfachEntry.department_id == department_id,
               PostfachEntry.opened_at.is_(None), OutboxMessage.kind.in_(tuple(kinds)))
    ).all()
    for entry in entries:
        record_opening(session, entry, opened_by)
    return len(entries)
