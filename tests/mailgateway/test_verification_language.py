"""The verdict on /pruefen speaks the reader's language; what was signed stays as signed."""

from __future__ import annotations

import html
import io
import json

from mailgateway.keys import gateway_keys
from mailgateway.models import ReceiptKind
from mailgateway.receipts import TITLES, label
from mailgateway.verification import check_pdf, check_receipt

from .. import support
from .support import delivered, tamper


def in_english(client) -> None:
    """Press the language switch: English for this browser and account."""
    response = support.post_form(client, "/konto/sprache", {"sprache": "en", "next": "/pruefen"},
                                 page="/leistungen")
    assert response.status_code == 303


def post_pdf(client, content: bytes) -> str:
    """Upload a PDF to the verification page and return the page as text."""
    token = support.csrf_of(client.get("/pruefen").get_data(as_text=True))
    response = client.post("/pruefen", data={"csrf_token": token,
                                             "pdf": (io.BytesIO(content), "quittung.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def test_an_english_reader_gets_the_verdict_on_a_seal_in_english(client, db_session,
                                                                  run_gateway):
    pdf, _ = delivered(client, db_session, run_gateway)
    in_english(client)
    page = post_pdf(client, pdf)
    assert "The seal is valid; the document is unchanged." in page
    assert "The signature covers the whole file." in page
    for words in ("Signed by", "Signature mathematically valid", "Trusted", "yes"):
        assert words in page, words
    assert "Das Siegel ist gültig" not in page and "Vertrauenswürdig" not in page
    changed = post_pdf(client, tamper(pdf))
    assert "The seal is not valid or the document was changed." in changed
    assert "Das Siegel" not in changed


def test_an_english_reader_is_told_in_english_that_a_file_is_no_pdf(client):
    in_english(client)
    page = post_pdf(client, b"kein pdf")
    assert "The file is not a readable PDF document." in page


def test_a_receipt_is_checked_in_english_and_shows_what_was_signed(client, db_session,
                                                                    run_gateway):
    _, receipt = delivered(client, db_session, run_gateway)
    in_english(client)
    good = support.post_form(client, "/pruefen", {"record": receipt.record,
                                                  "signature": receipt.signature})
    page = html.unescape(good.get_data(as_text=True))
    assert "The proof is valid and signed by the mailroom." in page
    # The kind in the reader's words, the German title that was signed beside it.
    assert "Confirmation of receipt (Eingangsbestätigung)" in page
    forged = support.post_form(client, "/pruefen", {"record": "[1, 2]",
                                                    "signature": receipt.signature})
    assert "The proof is not valid" in html.unescape(forged.get_data(as_text=True))


def test_the_signed_record_keeps_the_german_title_whatever_the_readers_language(
        app, client, db_session, run_gateway):
    _, receipt = delivered(client, db_session, run_gateway)
    assert json.loads(receipt.record)["type"] == TITLES[ReceiptKind.EINGANG] == (
        "Eingangsbestätigung")
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert label(ReceiptKind.EINGANG) == "Confirmation of receipt"
        verdict = check_receipt(gateway_keys(), receipt.record, receipt.signature)
    assert verdict.valid and ("Type", "Confirmation of receipt (Eingangsbestätigung)") in (
        verdict.details)
    with app.test_request_context():
        german = check_receipt(gateway_keys(), receipt.record, receipt.signature)
    assert ("Art", "Eingangsbestätigung") in german.details


def test_a_verdict_holds_plain_text_so_it_can_be_kept_or_printed(app, client, db_session,
                                                                 run_gateway):
    pdf, _ = delivered(client, db_session, run_gateway)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        verdict = check_pdf(gateway_keys(), pdf)
    texts = [verdict.summary, *verdict.notes, *(t for row in verdict.details for t in row)]
    assert all(type(text) is str for text in texts)
    assert verdict.summary == "The seal is valid; the document is unchanged."
