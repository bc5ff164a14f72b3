"""The Eingangsquittung: the submission's answers as a PDF, sealed with the municipality's seal."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from flask import current_app

from common.i18n import SOURCE_LANGUAGE, _, _l, force_locale
from signing import ReceiptDocument, ReceiptSection, render_receipt
from signing.receipt_texts import bilingual, receipt_statement

from .fonts import receipt_fonts
from .keys import GatewayKeys
from .payloads import CasePayload, DecisionPayload, Payload
from .state import session as db_session
from .state import state

REPLACED = _l("„\N{REPLACEMENT CHARACTER}“ steht für ein Zeichen, das diese Quittung nicht "
              "darstellen kann. Ihre Angaben sind Zeichen für Zeichen unverändert in den "
              "Antragsdaten der übermittelten Nachricht enthalten (answers im JSON-Umschlag an "
              "das Amt).")


def note(municipality: str) -> Any:
    """Return the receipt's closing note (a lazy text: German or the reader's language)."""
    return _l("Diese Eingangsquittung bestätigt, dass Ihr Antrag mit den oben stehenden Angaben "
              "eingegangen ist. Sie ist mit dem elektronischen Siegel der %(municipality)s "
              "versehen; die Echtheit lässt sich mit jedem PDF-Programm prüfen.",
              municipality=municipality)


def resident_texts(payload: CasePayload, case_id: int | None) -> Any:
    """Return the resident's receipt texts (language, service title, review) from the web
    app's hook, or None: a receipt that goes only to a department stays German."""
    hook = state().resident_receipt
    if case_id is None or hook is None or not payload.KEEPS_RECEIPT:
        return None
    return hook(db_session(), case_id)


def receipt_document(payload: CasePayload, municipality: str,
                     resident: Any = None) -> ReceiptDocument:
    """Return the receipt's content from a filed case's payload, in the resident's language
    when their texts are given (the binding German statement beside it), else in German."""
    language = resident.language if resident is not None else SOURCE_LANGUAGE
    with force_locale(language):
        title = resident.service_title if resident is not None else payload.service.title
        review = resident.review if resident is not None else payload.review
        rows = ((_("Leistung"), title), (_("Aktenzeichen"), payload.case_reference),
                *((str(label), value) for label, value in payload.receipt_parties()))
        overview = ReceiptSection(str(payload.receipt_title), rows)
        sections = tuple(ReceiptSection(s.title, s.rows) for s in review)
        received = dt.datetime.fromisoformat(payload.submitted_at)
        closing = bilingual(note(municipality), language)
        statement = receipt_statement(language, service=(payload.service.title, title),
                                      reference=payload.case_reference, received_at=received,
                                      issuer=municipality)
        return ReceiptDocument(
            title=_("Eingangsquittung"), reference=payload.case_reference, issued_at=received,
            issuer=municipality, sections=(overview, *sections),
            note=closing[1] if language == SOURCE_LANGUAGE else "", replaced_note=str(REPLACED),
            language=language, authoritative=(statement, closing))


def sealed_receipt(keys: GatewayKeys, payload: CasePayload, case_id: int | None = None) -> bytes:
    """Render the receipt (in the resident's language, for their case) and PAdES-seal it."""
    municipality = current_app.config["MUNICIPALITY"]
    document = receipt_document(payload, municipality, resident_texts(payload, case_id))
    pdf = render_receipt(document, receipt_fonts(current_app.config))
    # untranslated: the seal's reason is signed, part of the legal record
    reason = f"Eingangsquittung {payload.case_reference}"
    return keys.seal.sign(pdf, reason=reason, location=municipality)


class SealedDocument(NamedTuple):
    """A sealed PDF the delivery job made for a payload, as the envelope and the case keep it."""

    kind: str
    """eingangsquittung or bescheid (SignedDocument.kind)."""
    filename: str
    """The name inside the envelope."""
    stored_name: str
    """The name the case keeps it under (the resident's and the department's download)."""
    content: bytes
    keep: bool
    """The case keeps it as its document once delivered."""


def sealed_document(keys: GatewayKeys, payload: Payload,
                    case_id: int | None) -> SealedDocument | None:
    """Return the sealed document a payload travels with: a filed case's receipt, a decision's
    Bescheid, or None (a message travels as the payload alone)."""
    if isinstance(payload, CasePayload):
        return SealedDocument("eingangsquittung", "eingangsquittung.pdf",
                              f"Eingangsquittung-{payload.case_reference}.pdf",
                              sealed_receipt(keys, payload, case_id), payload.KEEPS_RECEIPT)
    if isinstance(payload, DecisionPayload):
        from .letters import sealed_letter

        return SealedDocument("bescheid", "bescheid.pdf",
                              f"Bescheid-{payload.case_reference}.pdf",
                              sealed_letter(keys, payload), True)
    return None
