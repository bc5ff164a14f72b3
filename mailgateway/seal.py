"""The Eingangsquittung: the submission's answers as a PDF, sealed with the municipality's seal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import current_app

from common.i18n import _, _l, force_locale
from signing import ReceiptDocument, ReceiptFonts, ReceiptSection, render_receipt

from .keys import GatewayKeys
from .payloads import CasePayload

NOTE = _l("Diese Eingangsquittung bestätigt, dass Ihr Antrag mit den oben stehenden Angaben "
          "eingegangen ist. Sie ist mit dem elektronischen Siegel der %(municipality)s versehen; "
          "die Echtheit lässt sich mit jedem PDF-Programm prüfen.")
REPLACED = _l("„\N{REPLACEMENT CHARACTER}“ steht für ein Zeichen, das diese Quittung nicht "
              "darstellen kann. Ihre Angaben sind Zeichen für Zeichen unverändert in den "
              "Antragsdaten der übermittelten Nachricht enthalten (answers im JSON-Umschlag an "
              "das Amt).")
RECEIPT_LANGUAGE = "de"
"""The receipt's language. It travels sealed to the department, so it is German until the
payload says which language the resident filed in (issue 10: receipt in the resident's language)."""


def receipt_document(payload: CasePayload, municipality: str,
                     language: str = RECEIPT_LANGUAGE) -> ReceiptDocument:
    """Return the receipt's content from a filed case's payload, in `language`."""
    with force_locale(language):
        rows = ((_("Leistung"), payload.service.title), (_("Aktenzeichen"),
                payload.case_reference), *((str(k), v) for k, v in payload.receipt_parties()))
        overview = ReceiptSection(str(payload.receipt_title), rows)
        sections = tuple(ReceiptSection(s.title, s.rows) for s in payload.review)
        return ReceiptDocument(
            title=_("Eingangsquittung"), reference=payload.case_reference,
            issued_at=dt.datetime.fromisoformat(payload.submitted_at), issuer=municipality,
            sections=(overview, *sections), note=str(NOTE) % {"municipality": municipality},
            replaced_note=str(REPLACED))


def receipt_fonts(config) -> ReceiptFonts:
    """Return the receipt's fonts as configured (an empty fallback: none)."""
    fallback = config["SIGNING_PDF_FONT_FALLBACK"]
    return ReceiptFonts(Path(config["SIGNING_PDF_FONT"]), Path(config["SIGNING_PDF_FONT_BOLD"]),
                        Path(fallback) if fallback else None)


def sealed_receipt(keys: GatewayKeys, payload: CasePayload) -> bytes:
    """Render the receipt and PAdES-seal it."""
    municipality = current_app.config["MUNICIPALITY"]
    pdf = render_receipt(receipt_document(payload, municipality),
                         receipt_fonts(current_app.config))
    return keys.seal.sign(pdf, reason=f"Eingangsquittung {payload.case_reference}",
                          location=municipality)
