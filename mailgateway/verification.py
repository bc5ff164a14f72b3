"""Check proofs anyone may bring: a sealed PDF of the platform, or a receipt with its signature.

The verdict says in the reader's language what the seal covers and what was changed after it;
any input, however broken, yields a verdict, never an exception. A verdict is built per request
and shown at once; it holds plain text, never lazy strings.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation.status import SignatureCoverageLevel

from common.formatting import format_datetime
from common.i18n import _, _l, ngettext
from signing import PdfVerification, SigningError, VerificationError, verify_pdf

from .keys import GatewayKeys
from .models import ReceiptKind
from .receipts import label as receipt_label

COVERAGE = {
    SignatureCoverageLevel.ENTIRE_FILE: _l("Die Signatur deckt die ganze Datei ab."),
    SignatureCoverageLevel.ENTIRE_REVISION: _l(
        "Die Signatur deckt die signierte Fassung vollständig ab, aber nicht die ganze Datei."),
    SignatureCoverageLevel.CONTIGUOUS_BLOCK_FROM_START: _l(
        "Die Signatur deckt nur den Anfang der Datei ab, nicht einmal die signierte Fassung "
        "vollständig."),
    SignatureCoverageLevel.UNCLEAR: _l("Es ist nicht erkennbar, welchen Teil der Datei die "
                                       "Signatur abdeckt."),
}
MODIFICATION = {
    ModificationLevel.LTA_UPDATES: _l("Die Änderungen betreffen nur Metadaten oder Archivdaten."),
    ModificationLevel.FORM_FILLING: _l("Die Änderungen betreffen nur Formularfelder und "
                                       "Signaturen."),
    ModificationLevel.ANNOTATIONS: _l("Die Änderungen betreffen Formularfelder und Anmerkungen."),
    ModificationLevel.OTHER: _l("Die Änderungen gehen über das hinaus, was das Siegel erlaubt."),
}
BROKEN_VALUE = _l("Der Signaturwert ist mathematisch ungültig: die Signatur wurde beschädigt "
                  "oder gefälscht.")
BROKEN_DIGEST = _l("Die signierten Daten wurden verändert: sie passen nicht mehr zu dem "
                   "Prüfwert, den die Signatur bestätigt.")
SUMMARY_OK = _l("Das Siegel ist gültig; das Dokument ist unverändert.")
SUMMARY_CHANGED = _l("Das Siegel ist für die signierte Fassung gültig, aber die Datei wurde nach "
                     "der Signatur verändert.")
SUMMARY_INVALID = _l("Das Siegel ist nicht gültig oder das Dokument wurde verändert.")
RECEIPT_FIELDS = (("type", _l("Art")), ("message_id", _l("Nachricht")),
                  ("recipient", _l("Empfänger")), ("issued_at", _l("Zeitpunkt")),
                  ("envelope_sha256", _l("SHA-256 des Umschlags")))


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
        # Plain text from here on: a verdict may be printed by the CLI or kept by a caller.
        object.__setattr__(self, "summary", str(self.summary))
        object.__setattr__(self, "details", tuple((str(k), str(v)) for k, v in self.details))
        object.__setattr__(self, "notes", tuple(str(note) for note in self.notes))
        if not self.tone:
            object.__setattr__(self, "tone", "success" if self.valid else "danger")


def check_pdf(keys: GatewayKeys, pdf: bytes) -> Verdict:
    """Check a PDF's seal against the municipality's CA."""
    try:
        result = verify_pdf(pdf, keys.trust_roots)
    except SigningError as exc:
        return Verdict(False, str(exc))
    details = (
        (_("Unterzeichnet von"), result.signer),
        (_("Zeitpunkt"), format_datetime(result.signed_at)),
        (_("Signatur mathematisch gültig"), _yes_no(result.matches)),
        (_("Unverändert seit der Signatur"), _yes_no(result.unchanged)),
        (_("Vertrauenswürdig"), _yes_no(result.trusted)),
    )
    if result.ok:
        return Verdict(True, SUMMARY_OK, details, _notes(result))
    if result.signed_revision_ok:
        return Verdict(False, SUMMARY_CHANGED, details, _notes(result), tone="warning")
    return Verdict(False, SUMMARY_INVALID, details, _notes(result))


def _yes_no(flag: bool) -> str:
    return _("ja") if flag else _("nein")


def _notes(result: PdfVerification) -> tuple[str, ...]:
    # What a signature covers is worth saying only of one that holds.
    notes = [COVERAGE[result.coverage] if result.matches else
             BROKEN_VALUE if not result.valid else BROKEN_DIGEST]
    if result.changes:
        notes.append(_("Nach der Signatur wurde die Datei verändert: %(changes)s.",
                       changes="; ".join(result.changes)))
    if result.changes and result.modification in MODIFICATION:
        notes.append(MODIFICATION[result.modification])
    if result.appended_bytes:
        notes.append(ngettext("Nach der Signatur wurde %(num)d Byte angehängt, das zu keiner "
                              "gültigen PDF-Revision gehört.",
                              "Nach der Signatur wurden Daten angehängt, die zu keiner gültigen "
                              "PDF-Revision gehören (%(num)d Bytes).", result.appended_bytes))
    return tuple(str(note) for note in notes)


def check_receipt(keys: GatewayKeys, record: str, signature: str) -> Verdict:
    """Check a receipt record against its detached signature by the gateway key."""
    try:
        signer = keys.keyring.verify_detached(record.encode("utf-8"), signature)
        fields = _record_fields(record)
    except SigningError as exc:
        return Verdict(False, _("Der Nachweis ist nicht gültig: %(reason)s", reason=exc))
    except UnicodeError:  # text that cannot be signed at all, e.g. lone surrogates
        return Verdict(False, _("Der Nachweis ist nicht gültig: Der Text enthält ungültige "
                                "Zeichen."))
    if signer != keys.gateway_fingerprint:
        return Verdict(
            False, _("Der Nachweis ist nicht von der Poststelle dieser Plattform signiert.")
        )
    details = tuple((label, _shown(key, fields)) for key, label in RECEIPT_FIELDS)
    return Verdict(True, _("Der Nachweis ist gültig und von der Poststelle signiert."), details)


def _record_fields(record: str) -> dict[str, Any]:
    """Parse the record; a signed text that is no JSON object is no receipt of this platform."""
    try:
        fields = json.loads(record)
    except (ValueError, RecursionError) as exc:
        raise VerificationError(_("Der Text ist kein Nachweis dieser Plattform (kein gültiges "
                                  "JSON).")) from exc
    if not isinstance(fields, dict):
        raise VerificationError(_("Der Text ist kein Nachweis dieser Plattform (kein "
                                  "JSON-Objekt)."))
    return fields


def _shown(key: str, fields: dict[str, Any]) -> str:
    """Return a record's field as a reader reads it: dates in their language, the kind by name.

    The signed German title of a receipt kind is shown translated, with the German as signed
    in brackets when the reader's language is another.
    """
    value = fields.get(key)
    if value is None:
        return "–"
    if key == "type" and fields.get("kind") in {kind.value for kind in ReceiptKind}:
        shown = receipt_label(ReceiptKind(fields["kind"]))
        return shown if shown == str(value) else f"{shown} ({value})"
    if key == "issued_at":
        try:
            return format_datetime(dt.datetime.fromisoformat(str(value)))
        except ValueError:
            pass
    return str(value)
