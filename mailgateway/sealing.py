"""Seal a document the web app made (the case archive) with the municipality's seal.

The web app renders, the gateway seals: the seal's key never leaves the gateway's keys, and
every document the platform seals verifies the same way (/pruefen, `flask gateway verify`).
"""

from __future__ import annotations

from flask import current_app

from signing import ReceiptFonts

from .keys import gateway_keys
from .seal import receipt_fonts


def seal_pdf(pdf: bytes, reason: str) -> bytes:
    """Return ``pdf`` with the municipality's PAdES seal; ``reason`` is signed with it (German)."""
    return gateway_keys().seal.sign(pdf, reason=reason,
                                    location=current_app.config["MUNICIPALITY"])


def document_fonts() -> ReceiptFonts:
    """Return the fonts the platform's sealed documents are set in (as configured)."""
    return receipt_fonts(current_app.config)
