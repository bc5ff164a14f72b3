"""Check proofs anyone may bring: a sealed PDF of the platform, or a receipt with its signature."""

from __future__ import annotations

import json
from dataclasses import dataclass

from signing import VerificationError, verify_pdf

from .keys import GatewayKeys


@dataclass(frozen=True)
class Verdict:
    """The outcome of a check, in words a resident understands."""

    valid: bool
    summary: str
    details: tuple[tuple[str, str], ...] = ()


def check_pdf(keys: GatewayKeys, pdf: bytes) -> Verdict:
    """Check a PDF's seal against the municipality's CA."""
    try:
        result = verify_pdf(pdf, keys.trust_roots)
    except VerificationError as exc:
        return Verdict(False, str(exc))
    details = (
        ("Unterzeichnet von", result.signer),
        ("Zeitpunkt", result.signed_at.isoformat() if result.signed_at else "–"),
        ("Unverändert", "ja" if result.intact else "nein"),
        ("Vertrauenswürdig", "ja" if result.trusted else "nein"),
    )
    if result.ok:
        return Verdict(True, "Das Siegel ist gültig; das Dokument ist unverändert.", details)
    return Verdict(False, "Das Siegel ist nicht gültig oder das Dokument wurde verändert.", details)


def check_receipt(keys: GatewayKeys, record: str, signature: str) -> Verdict:
    """Check a receipt record against its detached signature by the gateway key."""
    try:
        fields = json.loads(record)
        signer = keys.keyring.verify_detached(record.encode("utf-8"), signature)
    except (ValueError, VerificationError) as exc:
        return Verdict(False, f"Der Nachweis ist nicht gültig: {exc}")
    if signer != keys.gateway_fingerprint:
        return Verdict(
            False, "Der Nachweis ist nicht von der Poststelle dieser Plattform signiert."
        )
    details = tuple(
        (label, str(fields.get(key, "–")))
        for key, label in (
            ("type", "Art"),
            ("message_id", "Nachricht"),
            ("recipient", "Empfänger"),
            ("issued_at", "Zeitpunkt"),
            ("envelope_sha256", "SHA-256 des Umschlags"),
        )
    )
    return Verdict(True, "Der Nachweis ist gültig und von der Poststelle signiert.", details)
