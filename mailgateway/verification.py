"""Check proofs anyone may bring: a sealed PDF of the platform, or a receipt with its signature.

The verdict says in German what the seal covers and what was changed after it; any input, however
broken, yields a verdict, never an exception.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation.status import SignatureCoverageLevel

from common.formatting import format_datetime
from signing import PdfVerification, SigningError, VerificationError, verify_pdf

from .keys import GatewayKeys

COVERAGE = {
    SignatureCoverageLevel.ENTIRE_FILE: "Die Signatur deckt die ganze Datei ab.",
    SignatureCoverageLevel.ENTIRE_REVISION:
        "Die Signatur deckt die signierte Fassung vollständig ab, aber nicht die ganze Datei.",
    SignatureCoverageLevel.CONTIGUOUS_BLOCK_FROM_START:
        "Die Signatur deckt nur den Anfang der Datei ab, nicht einmal die signierte Fassung "
        "vollständig.",
    SignatureCoverageLevel.UNCLEAR: "Es ist nicht erkennbar, welchen Teil der Datei die Signatur "
                                    "abdeckt.",
}
MODIFICATION = {
    ModificationLevel.LTA_UPDATES: "Die Änderungen betreffen nur Metadaten oder Archivdaten.",
    ModificationLevel.FORM_FILLING: "Die Änderungen betreffen nur Formularfelder und Signaturen.",
    ModificationLevel.ANNOTATIONS: "Die Änderungen betreffen Formularfelder und Anmerkungen.",
    ModificationLevel.OTHER: "Die Änderungen gehen über das hinaus, was das Siegel erlaubt.",
}
BROKEN_VALUE = ("Der Signaturwert ist mathematisch ungültig: die Signatur wurde beschädigt oder "
               "gefälscht.")
BROKEN_DIGEST = ("Die signierten Daten wurden verändert: sie passen nicht mehr zu dem Prüfwert, "
                 "den die Signatur bestätigt.")
SUMMARY_OK = "Das Siegel ist gültig; das Dokument ist unverändert."
SUMMARY_CHANGED = ("Das Siegel ist für die signierte Fassung gültig, aber die Datei wurde nach der "
                   "Signatur verändert.")
SUMMARY_INVALID = "Das Siegel ist nicht gültig oder das Dokument wurde verändert."
RECEIPT_FIELDS = (("type", "Art"), ("message_id", "Nachricht"), ("recipient", "Empfänger"),
                  ("issued_at", "Zeitpunkt"), ("envelope_sha256", "SHA-256 des Umschlags"))


@dataclass(frozen=True)
class Verdict:
    """The outcome of a check, in words a resident understands."""

    valid: bool
    summary: str
    details: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()
    """Sentences on what the seal covers and what was changed after it."""
    tone: str = ""
    """success, warning or danger; by default success when valid, danger otherwise."""

    def __post_init__(self) -> None:
        if not self.tone:
            object.__setattr__(self, "tone", "success" if self.valid else "danger")


def check_pdf(keys: GatewayKeys, pdf: bytes) -> Verdict:
    """Check a PDF's seal against the municipality's CA."""
    try:
        result = verify_pdf(pdf, keys.trust_roots)
    except SigningError as exc:
        return Verdict(False, str(exc))
    details = (
        ("Unterzeichnet von", result.signer),
        ("Zeitpunkt", format_datetime(result.signed_at)),
        ("Signatur mathematisch gültig", "ja" if result.matches else "nein"),
        ("Unverändert seit der Signatur", "ja" if result.unchanged else "nein"),
        ("Vertrauenswürdig", "ja" if result.trusted else "nein"),
    )
    if result.ok:
        return Verdict(True, SUMMARY_OK, details, _notes(result))
    if result.signed_revision_ok:
        return Verdict(False, SUMMARY_CHANGED, details, _notes(result), tone="warning")
    return Verdict(False, SUMMARY_INVALID, details, _notes(result))


def _notes(result: PdfVerification) -> tuple[str, ...]:
    # What a signature covers is worth saying only of one that holds.
    notes = [COVERAGE[result.coverage] if result.matches else
             BROKEN_VALUE if not result.valid else BROKEN_DIGEST]
    if result.changes:
        notes.append("Nach der Signatur wurde die Datei verändert: " + "; ".join(result.changes)
                     + ".")
    if result.changes and result.modification in MODIFICATION:
        notes.append(MODIFICATION[result.modification])
    if result.appended_bytes:
        notes.append("Nach der Signatur wurden Daten angehängt, die zu keiner gültigen "
                     f"PDF-Revision gehören ({result.appended_bytes} Bytes).")
    return tuple(notes)


def check_receipt(keys: GatewayKeys, record: str, signature: str) -> Verdict:
    """Check a receipt record against its detached signature by the gateway key."""
    try:
        signer = keys.keyring.verify_detached(record.encode("utf-8"), signature)
        fields = _record_fields(record)
    except SigningError as exc:
        return Verdict(False, f"Der Nachweis ist nicht gültig: {exc}")
    except UnicodeError:  # text that cannot be signed at all, e.g. lone surrogates
        return Verdict(False, "Der Nachweis ist nicht gültig: Der Text enthält ungültige Zeichen.")
    if signer != keys.gateway_fingerprint:
        return Verdict(
            False, "Der Nachweis ist nicht von der Poststelle dieser Plattform signiert."
        )
    details = tuple((label, _shown(key, fields.get(key))) for key, label in RECEIPT_FIELDS)
    return Verdict(True, "Der Nachweis ist gültig und von der Poststelle signiert.", details)


def _record_fields(record: str) -> dict[str, Any]:
    """Parse the record; a signed text that is no JSON object is no receipt of this platform."""
    try:
        fields = json.loads(record)
    except (ValueError, RecursionError) as exc:
        raise VerificationError("Der Text ist kein Nachweis dieser Plattform (kein gültiges "
                                "JSON).") from exc
    if not isinstance(fields, dict):
        raise VerificationError("Der Text ist kein Nachweis dieser Plattform (kein JSON-Objekt).")
    return fields


def _shown(key: str, value: Any) -> str:
    if value is None:
        return "–"
    if key == "issued_at":
        try:
            return format_datetime(dt.datetime.fromisoformat(str(value)))
        except ValueError:
            pass
    return str(value)
