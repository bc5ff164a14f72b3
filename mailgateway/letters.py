"""The Bescheid as a sealed PDF (a minimal stand-in of the "bescheid" branch's letter; theirs
replaces it at merge): the letter's parts as sections of a receipt-style page, PAdES-sealed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import current_app

from signing import ReceiptDocument, ReceiptFonts, ReceiptSection, render_receipt

from .keys import GatewayKeys
from .payloads import DecisionPayload


def sealed_letter(keys: GatewayKeys, payload: DecisionPayload) -> bytes:
    """Render the Bescheid of `payload` and seal it with the municipality's seal."""
    letter, municipality = payload.letter, current_app.config["MUNICIPALITY"]
    # untranslated: the letter is German, the legal record
    parts = [("Anschrift", "\n".join(letter.recipient)), ("Betreff", letter.subject),
             ("Entscheidung", letter.body), ("Begründung", letter.reasons),
             ("Rechtsbehelfsbelehrung", letter.remedy), ("Gezeichnet", letter.signed_by)]
    document = ReceiptDocument(
        title="Bescheid", reference=payload.case_reference,
        issued_at=dt.datetime.fromisoformat(letter.dated + "T12:00:00+00:00"),
        issuer=municipality,
        sections=tuple(ReceiptSection(title, ((title, text),)) for title, text in parts if text))
    config = current_app.config  # the receipt's fonts (seal.py reads them alike)
    fallback = config["SIGNING_PDF_FONT_FALLBACK"]
    fonts = ReceiptFonts(Path(config["SIGNING_PDF_FONT"]), Path(config["SIGNING_PDF_FONT_BOLD"]),
                         Path(fallback) if fallback else None)
    pdf = render_receipt(document, fonts)
    return keys.seal.sign(pdf, reason=f"Bescheid {payload.case_reference}",
                          location=municipality)
