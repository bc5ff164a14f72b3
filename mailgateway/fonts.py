"""The fonts the gateway's PDFs are set in (receipts and Bescheide), as configured."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from signing import ReceiptFonts


def receipt_fonts(config: Mapping[str, Any]) -> ReceiptFonts:
    """Return the receipt's fonts as configured (an empty fallback: none)."""
    fallback = config["SIGNING_PDF_FONT_FALLBACK"]
    return ReceiptFonts(Path(config["SIGNING_PDF_FONT"]), Path(config["SIGNING_PDF_FONT_BOLD"]),
                        Path(fallback) if fallback else None)
