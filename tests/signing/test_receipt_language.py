"""A receipt in the resident's language: its frame translated, the binding German text beside it."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from common.i18n import force_locale
from signing import PadesSigner, ReceiptDocument, ReceiptSection, render_receipt, verify_pdf
from signing.receipt_texts import AUTHORITATIVE_HEADING, receipt_statement

from .pdf_text import shown_strings

RECEIVED = datetime(2026, 12, 1, 8, 14, tzinfo=UTC)
STATEMENT_DE = ("Ihr Antrag „Anmeldung eines Hundes“ ist am 1. Dezember 2026, 09:14 Uhr unter der "
                "Vorgangsnummer HST-2026-000123 bei der Stadt Musterstadt eingegangen.")
STATEMENT_EN = ("Your application “Dog registration” was received by Stadt Musterstadt on "
                "1 December 2026, 09:14 under case number HST-2026-000123.")


@pytest.fixture
def in_app(app):
    """An app context, as the gateway worker renders receipts in (no request)."""
    with app.app_context():
        yield


def statement(language: str) -> tuple[str, str]:
    """Return the statement of receipt of the example case in German and ``language``."""
    return receipt_statement(language, service=("Anmeldung eines Hundes", "Dog registration"),
                             reference="HST-2026-000123", received_at=RECEIVED,
                             issuer="Stadt Musterstadt")


def document(language: str) -> ReceiptDocument:
    """Return a receipt as the gateway builds it for a resident of ``language``."""
    answers = ReceiptSection("Details" if language == "en" else "Angaben",
                             (("Name", "Jürgen Müßig"), ("Fee", "€120.00")))
    return ReceiptDocument(title="Receipt", reference="HST-2026-000123", issued_at=RECEIVED,
                           issuer="Stadt Musterstadt", sections=(answers,), language=language,
                           authoritative=(statement(language),))


def shown(pdf: bytes) -> str:
    """Return the receipt's text as one string, lines joined by spaces."""
    return " ".join(" ".join(shown_strings(pdf)).split())


def declared_language(pdf: bytes) -> str:
    """Return the document language the PDF declares (/Lang of its catalogue)."""
    return str(PdfFileReader(io.BytesIO(pdf)).root["/Lang"])


def test_the_statement_of_receipt_comes_in_german_and_the_residents_language(in_app):
    german, english = statement("en")
    assert german == STATEMENT_DE
    assert english == STATEMENT_EN


def test_an_english_receipt_has_an_english_frame_and_declares_english(in_app):
    pdf = render_receipt(document("en"))
    text = shown(pdf)
    for words in ("Case number", "Issued on", "Issued by", "1 December 2026, 09:14",
                  "Page 1 of", "Case number HST-2026-000123"):
        assert words in text, words
    for words in ("Ausgestellt am", "Ausgestellt von", "Seite 1 von", "Dezember 2026, 09:14 Uhr "
                  "Ausgestellt"):
        assert words not in text, words
    assert declared_language(pdf) == "en-GB"
    assert all("+DejaVu" in str(font["/BaseFont"]) for font in _fonts(pdf))


def test_an_english_receipt_carries_the_binding_german_text_beside_its_translation(in_app):
    text = shown(render_receipt(document("en")))
    assert AUTHORITATIVE_HEADING == "Deutsche Fassung (maßgeblich)"
    # Cells are drawn row by row, left to right: the heading row, then German | English.
    assert (f"Deutsche Fassung (maßgeblich) Translation (for information) {STATEMENT_DE} "
            f"{STATEMENT_EN} Maßgeblich ist die deutsche Fassung. "
            "The German version is authoritative.") in text


def test_a_german_receipt_is_german_throughout_and_has_no_second_version(in_app):
    pdf = render_receipt(document("de"))
    text = shown(pdf)
    for words in ("Vorgangsnummer", "Ausgestellt am", "1. Dezember 2026, 09:14 Uhr",
                  "Seite 1 von"):
        assert words in text, words
    assert "Deutsche Fassung" not in text and "Maßgeblich ist" not in text
    assert "Case number" not in text and STATEMENT_DE not in text
    assert declared_language(pdf) == "de-DE"


def test_outside_any_app_the_receipt_is_german(receipt):
    text = shown(render_receipt(replace(receipt, language="de")))
    assert "Vorgangsnummer HST-2026-000123" in text and "Seite 1 von" in text


def test_the_language_of_the_receipt_is_the_documents_not_the_readers(app):
    # A page in English may trigger rendering a German resident's receipt, and the reverse.
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert "Ausgestellt am" in shown(render_receipt(document("de")))
    with app.test_request_context(), force_locale("de"):
        assert "Issued on" in shown(render_receipt(document("en")))


def test_a_sealed_english_receipt_validates_and_keeps_its_seal(in_app, seal: PadesSigner,
                                                               dev_pki):
    sealed = seal.sign(render_receipt(document("en")), reason="Eingangsquittung HST-2026-000123",
                       location="Stadt Musterstadt")
    result = verify_pdf(sealed, [dev_pki.ca_cert])
    assert result.ok and result.trusted and not result.changes


def _fonts(pdf: bytes) -> list:
    pages = PdfFileReader(io.BytesIO(pdf)).root["/Pages"]["/Kids"]
    return [fonts[name] for page in pages for fonts in [page.get_object()["/Resources"]["/Font"]]
            for name in fonts]
