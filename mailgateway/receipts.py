"""Receipts (Versand-, Eingangs-, Abholbestätigung): signed records over one delivery."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.db import utcnow

from .keys import GatewayKeys
from .models import Receipt, ReceiptKind

TITLES = {
    ReceiptKind.VERSAND: "Versandbestätigung",
    ReceiptKind.EINGANG: "Eingangsbestätigung",
    ReceiptKind.ABHOLUNG: "Abholbestätigung",
}


def receipt_record(kind: ReceiptKind, message_id: str, envelope_sha256: str, recipient: str,
                   issued_at: dt.datetime, issuer: str) -> str:
    """Return the canonical JSON text that the gateway signs."""
    return json.dumps({
        "type": TITLES[kind], "kind": kind.value, "message_id": message_id,
        "envelope_sha256": envelope_sha256, "recipient": recipient,
        "issued_at": issued_at.isoformat(), "issuer": issuer,
    }, sort_keys=True, ensure_ascii=False)


def issue_receipt(session: Session, keys: GatewayKeys, kind: ReceiptKind, *, message_id: str,
                  case_id: int | None, recipient: str, envelope_sha256: str) -> Receipt:
    """Add a signed receipt, or return the one already issued for this message and kind."""
    existing = session.scalar(
        select(Receipt).where(Receipt.message_id == message_id, Receipt.kind == kind))
    if existing is not None:
        return existing
    issued_at = utcnow().replace(microsecond=0)
    record = receipt_record(kind, message_id, envelope_sha256, recipient, issued_at,
                            keys.gateway_fingerprint)
    signature = keys.keyring.sign_detached(record.encode("utf-8"), signer=keys.gateway_fingerprint)
    receipt = Receipt(message_id=message_id, case_id=case_id, kind=kind, recipient=recipient,
                      envelope_sha256=envelope_sha256, issued_at=issued_at, record=record,
                      signature=signature)
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
