"""The Eingangsquittung: the submission's answers as a PDF, sealed with the municipality's seal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app

from signing import ReceiptDocument, ReceiptSection, render_receipt

from .keys import GatewayKeys

NOTE = ("Diese Eingangsquittung bestätigt, dass Ihr Antrag mit den oben stehenden Angaben "
        "eingegangen ist. Sie ist mit dem elektronischen Siegel der {municipality} versehen; "
        "die Echtheit lässt sich mit jedem PDF-Programm prüfen.")


def receipt_document(payload: dict[str, Any], municipality: str) -> ReceiptDocument:
    """Return the receipt's content from an outbox payload."""
    applicant = payload.get("applicant")  # a partial copy for another body carries none
    rows = [("Leistung", payload["service"]["title"]),
            ("Aktenzeichen", payload["case_reference"]),
            ("Zuständig" if applicant else "Empfänger",
             payload.get("department_name", payload["department"]))]
    if applicant:
        rows += [("Antragstellerin/Antragsteller", applicant.get("name", "")),
                 ("Konto (E-Mail)", applicant.get("email", ""))]
    overview = ReceiptSection(payload.get("recipient_title", "Antrag"), tuple(rows))
    sections = tuple(ReceiptSection(s["title"], tuple(tuple(r) for r in s["rows"]))
                     for s in payload.get("review", ()))
    return ReceiptDocument(
        title="Eingangsquittung", reference=payload["case_reference"],
        issued_at=dt.datetime.fromisoformat(payload["submitted_at"]), issuer=municipality,
        sections=(overview, *sections), note=NOTE.format(municipality=municipality))


def sealed_receipt(keys: GatewayKeys, payload: dict[str, Any]) -> bytes:
    """Render the receipt and PAdES-seal it."""
    municipality = current_app.config["MUNICIPALITY"]
    pdf = render_receipt(receipt_document(payload, municipality))
    return keys.seal.sign(pdf, reason=f"Eingangsquittung {payload['case_reference']}",
                          location=municipality)
