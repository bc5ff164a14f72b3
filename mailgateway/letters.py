"""The Bescheid as a PDF: rendered from a DecisionPayload's letter and sealed with a visible box.

The delivery job seals it (`sealed_letter`, through `seal.sealed_document`); the case worker's
preview renders the same letter unsealed and marked ENTWURF (`preview_letter`), so what is
previewed is what goes out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from flask import current_app

from common.formatting import format_money
from signing.letter_pdf import LetterDocument, RenderedLetter, render_letter

from .fonts import receipt_fonts
from .keys import GatewayKeys
from .payloads import DecisionPayload, Fee


def letterhead_lines(config: Mapping[str, Any]) -> tuple[str, ...]:
    """Return the letterhead's address and contact lines (LETTERHEAD_LINES, else the
    municipality's name)."""
    lines = config.get("LETTERHEAD_LINES") or [config["MUNICIPALITY"]]
    return tuple(str(line) for line in lines)


def fee_line(fee: Fee | None) -> str:
    """Return the fee as the letter prints it, or "" where the letter sets none."""
    if fee is None or fee.cents is None:
        return ""
    return f"{fee.label}: {format_money(fee.cents, fee.currency, 'de')}"


def letter_document(payload: DecisionPayload, *, draft: bool = False) -> LetterDocument:
    """Return what the letter prints, from the payload and the configured letterhead."""
    config, letter = current_app.config, payload.letter
    return LetterDocument(
        issuer=config["MUNICIPALITY"], department=payload.department_name,
        letterhead=letterhead_lines(config), recipient=tuple(letter.recipient),
        reference=payload.case_reference, dated=dt.date.fromisoformat(letter.dated),
        subject=letter.subject, body=letter.body, reasons=letter.reasons,
        fee=fee_line(letter.fee), remedy=letter.remedy, signed_by=letter.signed_by,
        approved_by=letter.approved_by, draft=draft)


def rendered_letter(payload: DecisionPayload, *, draft: bool = False) -> RenderedLetter:
    """Render the letter in the receipt's fonts."""
    return render_letter(letter_document(payload, draft=draft), receipt_fonts(current_app.config))


def preview_letter(payload: DecisionPayload) -> bytes:
    """Return the letter unsealed, marked ENTWURF, for the case worker to look at."""
    return rendered_letter(payload, draft=True).pdf


def sealed_letter(keys: GatewayKeys, payload: DecisionPayload) -> bytes:
    """Render the letter and seal it with PAdES, the seal shown in the letter's seal box."""
    rendered = rendered_letter(payload)
    # untranslated: the seal's reason is signed, part of the legal record
    reason = f"Bescheid {payload.case_reference}"
    return keys.seal.sign(rendered.pdf, reason=reason, location=current_app.config["MUNICIPALITY"],
                          box=rendered.seal_box)
