"""Receipts (Versand-, Eingangs-, Abholbestätigung): signed records over one delivery.

A record is signed in German, whatever language its reader speaks: `TITLES` are part of it.
Pages show a receipt's kind by `label(kind)`, in the reader's language.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.db import utcnow
from common.i18n import _l

from .keys import GatewayKeys
from .models import Receipt, ReceiptKind

TITLES = {
    ReceiptKind.VERSAND: "Versandbestätigung",  # untranslated: signed into every record
    ReceiptKind.EINGANG: "Eingangsbestätigung",  # untranslated: signed into every record
    ReceiptKind.ABHOLUNG: "Abholbestätigung",  # untranslated: signed into every record
}
"""The German title each record carries in its signed "type" field (never translated)."""
LABELS = {
    ReceiptKind.VERSAND: _l("Versandbestätigung"),
    ReceiptKind.EINGANG: _l("Eingangsbestätigung"),
    ReceiptKind.ABHOLUNG: _l("Abholbestätigung"),
}
"""The titles as shown to a reader, in the reader's language."""


def label(kind: ReceiptKind) -> str:
    """Return the title of a receipt kind in the reader's language (KeyError if unknown)."""
    return str(LABELS[kind])


@dataclass(frozen=True)
class Delivery:
    """What every receipt of one delivery names: the message, its case, recipient and hash."""

    message_id: str
    case_id: int | None
    recipient: str
    envelope_sha256: str


def receipt_record(kind: ReceiptKind, delivery: Delivery, issued_at: dt.datetime, issuer: str,
                   detail: str = "") -> str:
    """Return the canonical JSON text that the gateway signs."""
    fields = {
        "type": TITLES[kind], "kind": kind.value, "message_id": delivery.message_id,
        "envelope_sha256": delivery.envelope_sha256, "recipient": delivery.recipient,
        "issued_at": issued_at.isoformat(), "issuer": issuer,
    }
    if detail:
        fields["detail"] = detail  # e.g. the SMTP server's acceptance reply
    return json.dumps(fields, sort_keys=True, ensure_ascii=False)


def sign_receipt(keys: GatewayKeys, kind: ReceiptKind, delivery: Delivery,
                 at: dt.datetime | None = None, detail: str = "") -> Receipt:
    """Return a signed receipt, not yet stored (signing needs no database transaction)."""
    issued_at = (at or utcnow()).replace(microsecond=0)
    record = receipt_record(kind, delivery, issued_at, keys.gateway_fingerprint, detail)
    signature = keys.receipt_signer().sign(record.encode("utf-8"))
    return Receipt(message_id=delivery.message_id, case_id=delivery.case_id, kind=kind,
                   recipient=delivery.recipient, envelope_sha256=delivery.envelope_sha256,
                   issued_at=issued_at, record=record, signature=signature)


def issue_receipt(session: Session, keys: GatewayKeys, kind: ReceiptKind,
                  delivery: Delivery) -> Receipt:
    """Sign and add a receipt, or return the one already issued for this message and kind."""
    existing = session.scalar(select(Receipt).where(
        Receipt.message_id == delivery.message_id, Receipt.kind == kind))
    if existing is not None:
        return existing
    receipt = sign_receipt(keys, kind, delivery)
    session.add(receipt)
    return receipt


def verify_receipt(keys: GatewayKeys, receipt: Receipt) -> bool:
    """Tell whether the receipt's record carries a valid signature of the gateway key."""
    from signing import VerificationError

    try:
        signer = keys.keyring.verify_detached(receipt.record.encode("utf-8"), receipt.signature)
    except VerificationError:
        return False
    return signer == keys.gateway_fingerprint
