"""Anyone can check a sealed PDF or a signed receipt: on the web page and on the command line."""

from __future__ import annotations

import datetime as dt
import html
import io
import logging
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from buergerbuero.core.extensions import limiter
from mailgateway.keys import gateway_keys
from signing import MAX_PDF_BYTES, ReceiptDocument, ReceiptSection, render_receipt

from .. import support
from ..signing import tampering
from .support import delivered, tamper

MONTHS = "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
GERMAN_TIME = re.compile(rf"\d{{1,2}}\. ({MONTHS}) \d{{4}}, \d\d:\d\d Uhr")
ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")


def post_pdf(client, content: bytes):
    """Upload a PDF to the verification page."""
    token = support.csrf_of(client.get("/pruefen").get_data(as_text=True))
    return client.post("/pruefen", data={"csrf_token": token,
                                         "pdf": (io.BytesIO(content), "quittung.pdf")},
                       content_type="multipart/form-data")


def test_the_page_confirms_a_genuine_seal_and_rejects_a_tampered_pdf(client, db_session,
                                                                     run_gateway):
    pdf, _ = delivered(client, db_session, run_gateway)
    page = post_pdf(client, pdf).get_data(as_text=True)
    assert "Das Siegel ist gültig" in page
    tampered = tamper(pdf)
    page = post_pdf(client, tampered).get_data(as_text=True)
    assert "nicht gültig" in page and "Das Siegel ist gültig" not in page


def test_the_page_answers_garbage_and_empty_input_in_german(client):
    response = post_pdf(client, b"kein pdf")
    assert response.status_code == 200 and "kern-alert--danger" in response.get_data(as_text=True)
    empty = support.post_form(client, "/pruefen", {})
    assert empty.status_code == 400
    assert "Bitte laden Sie ein PDF hoch" in empty.get_data(as_text=True)


def test_a_receipt_verifies_and_a_changed_one_does_not(client, db_session, run_gateway):
    _, receipt = delivered(client, db_session, run_gateway)
    good = support.post_form(client, "/pruefen", {"record": receipt.record,
                                                  "signature": receipt.signature})
    assert "Der Nachweis ist gültig" in good.get_data(as_text=True)
    forged = receipt.record.replace("steueramt", "ordnungsamt")
    bad = support.post_form(client, "/pruefen", {"record": forged,
                                                 "signature": receipt.signature})
    assert "nicht gültig" in bad.get_data(as_text=True)


def test_a_pdf_and_a_receipt_sent_together_are_both_checked(client, db_session, run_gateway):
    pdf, receipt = delivered(client, db_session, run_gateway)
    token = support.csrf_of(client.get("/pruefen").get_data(as_text=True))
    response = client.post("/pruefen", data={
        "csrf_token": token, "pdf": (io.BytesIO(pdf), "quittung.pdf"),
        "record": receipt.record.replace("steueramt", "ordnungsamt"),
        "signature": receipt.signature}, content_type="multipart/form-data")
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "Gesiegeltes PDF: Das Siegel ist gültig" in page
    assert "Nachweis (Text): Der Nachweis ist nicht gültig" in page


def test_half_a_receipt_beside_a_pdf_is_refused_not_ignored(client, db_session, run_gateway):
    pdf, receipt = delivered(client, db_session, run_gateway)
    token = support.csrf_of(client.get("/pruefen").get_data(as_text=True))
    response = client.post("/pruefen", data={
        "csrf_token": token, "pdf": (io.BytesIO(pdf), "quittung.pdf"),
        "record": receipt.record}, content_type="multipart/form-data")
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "Bitte fügen Sie auch „Signatur“ ein" in page
    assert "Das Siegel ist gültig" not in page


def test_flask_gateway_verify_exits_by_verdict(client, db_session, run_gateway, app, tmp_path):
    pdf, receipt = delivered(client, db_session, run_gateway)
    runner = app.test_cli_runner()
    (tmp_path / "q.pdf").write_bytes(pdf)
    result = runner.invoke(args=["gateway", "verify", str(tmp_path / "q.pdf")])
    assert result.exit_code == 0 and "GÜLTIG" in result.output
    (tmp_path / "bad.pdf").write_bytes(tamper(pdf))
    assert runner.invoke(args=["gateway", "verify", str(tmp_path / "bad.pdf")]).exit_code == 1
    (tmp_path / "r.json").write_text(receipt.record)
    (tmp_path / "r.asc").write_text(receipt.signature)
    result = runner.invoke(args=["gateway", "verify", str(tmp_path / "r.json"),
                                 "--signature", str(tmp_path / "r.asc")])
    assert result.exit_code == 0, result.output


@pytest.fixture
def sealed_pdf(app) -> bytes:
    """A receipt sealed with this instance's own seal, as the gateway worker makes them."""
    with app.app_context():
        keys = gateway_keys()
        document = ReceiptDocument(
            title="Eingangsquittung", reference="HST-2026-000001",
            issued_at=dt.datetime(2026, 12, 1, 8, 14, tzinfo=dt.UTC), issuer="Stadt Musterstadt",
            sections=(ReceiptSection("Antrag", (("Name", "Jürgen Müßig"),)),))
        return keys.seal.sign(render_receipt(document), reason="Test", location="Musterstadt")


def test_the_page_names_a_title_changed_after_sealing(client, sealed_pdf):
    response = post_pdf(client, tampering.changed_title(sealed_pdf))
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "Das Siegel ist gültig; das Dokument ist unverändert" not in page
    assert "für die signierte Fassung gültig" in page and "kern-alert--warning" in page
    assert "Nach der Signatur wurde die Datei verändert: Titel geändert" in page
    assert "„Bewilligt“" in page


def test_the_page_reports_bytes_appended_after_the_end_of_file(client, sealed_pdf):
    for junk in (b"Hallo Welt", b"x" * 5000):
        page = html.unescape(post_pdf(client, sealed_pdf + junk).get_data(as_text=True))
        assert "Das Siegel ist gültig; das Dokument ist unverändert" not in page
        assert "Daten angehängt, die zu keiner gültigen PDF-Revision gehören" in page


def test_an_untouched_seal_says_it_covers_the_whole_file_in_german_local_time(client, sealed_pdf):
    page = html.unescape(post_pdf(client, sealed_pdf).get_data(as_text=True))
    assert "Das Siegel ist gültig; das Dokument ist unverändert" in page
    assert "Die Signatur deckt die ganze Datei ab." in page
    assert GERMAN_TIME.search(page), "signing time not shown as German local time"
    assert not ISO_TIME.search(page)


BROKEN_UPLOADS = {
    "empty": lambda pdf: b"",
    "random-bytes": lambda pdf: bytes(random.Random(8).randrange(256) for _ in range(4000)),
    "truncated": lambda pdf: pdf[: len(pdf) // 2],
    "broken-xref": tampering.broken_xref,
    "cms-parse-error": tampering.unparsable_signature,
    "flipped-signature-digit": lambda pdf: tampering.replaced_digit(
        pdf, tampering.signature_span(pdf)[0] + 104),
    "wrong-byte-range": tampering.wrong_byte_range,
}


@pytest.mark.parametrize("damage", BROKEN_UPLOADS.values(), ids=BROKEN_UPLOADS.keys())
def test_every_broken_upload_gets_a_german_verdict_never_a_500(client, sealed_pdf, damage):
    response = post_pdf(client, damage(sealed_pdf))
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "kern-alert--danger" in page
    assert re.search(r"nicht gültig|kein lesbares PDF|beschädigt", page)


def test_a_pdf_over_the_size_limit_is_refused_in_german(client):
    # Encoded in memory: the test client would spool a body this large to an unclosed tempfile.
    token = support.csrf_of(client.get("/pruefen").get_data(as_text=True))
    big = FileStorage(io.BytesIO(b"%PDF-1.7\n" + b"0" * MAX_PDF_BYTES), "gross.pdf")
    boundary, body = encode_multipart({"csrf_token": token, "pdf": big})
    response = client.post("/pruefen", data=body,
                           content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code in (400, 413)
    if response.status_code == 400:
        assert "Höchstens 16 MB" in response.get_data(as_text=True)


@pytest.mark.parametrize("record", ["[1, 2]", "[" * 5000, "kein JSON", '"text"'])
def test_malformed_receipts_get_a_german_verdict(client, record):
    response = support.post_form(client, "/pruefen", {"record": record,
                                                      "signature": "-----BEGIN PGP SIGNATURE-----"})
    assert response.status_code == 200
    assert "Der Nachweis ist nicht gültig" in response.get_data(as_text=True)


def test_mutated_sealed_pdfs_never_make_the_page_answer_500(client, sealed_pdf):
    start, end = tampering.signature_span(sealed_pdf)
    # Half the edits hit the signature value, where pyHanko's parsers are most fragile.
    position = st.one_of(st.integers(0, len(sealed_pdf) - 1), st.integers(start, end - 1))
    value = st.one_of(st.sampled_from(b"0123456789ABCDEF"), st.integers(0, 255))

    @settings(max_examples=40, deadline=None, database=None)
    @given(edits=st.lists(st.tuples(position, value), min_size=1, max_size=3))
    def upload_mutated(edits):
        limiter.reset()  # the page allows 30 checks a minute; this test makes more
        tampered = bytearray(sealed_pdf)
        for where, byte in edits:
            tampered[where] = byte
        assert post_pdf(client, bytes(tampered)).status_code == 200

    upload_mutated()


def test_flask_gateway_verify_names_the_change_and_exits_1(app, sealed_pdf, tmp_path):
    runner = app.test_cli_runner()
    cases = {"title.pdf": (tampering.changed_title(sealed_pdf), "Titel geändert"),
             "junk.pdf": (sealed_pdf + b"x" * 5000, "Daten angehängt"),
             "cms.pdf": (tampering.unparsable_signature(sealed_pdf), "beschädigt"),
             "empty.pdf": (b"", "kein lesbares PDF")}
    for name, (content, expected) in cases.items():
        (tmp_path / name).write_bytes(content)
        result = runner.invoke(args=["gateway", "verify", str(tmp_path / name)])
        assert result.exit_code == 1, (name, result.output)
        assert "UNGÜLTIG" in result.output and expected in result.output, result.output
        assert "Traceback" not in result.output


def test_flask_gateway_verify_refuses_a_receipt_that_is_no_utf8_text(app, tmp_path):
    (tmp_path / "r.json").write_bytes(b"\xff\xfe{")
    (tmp_path / "r.asc").write_text("-----BEGIN PGP SIGNATURE-----")
    result = app.test_cli_runner().invoke(
        args=["gateway", "verify", str(tmp_path / "r.json"),
              "--signature", str(tmp_path / "r.asc")])
    assert result.exit_code == 1 and "kein Text in UTF-8" in result.output, result.output


SIGNED_BYTE_FLIPS = {"content-stream": tampering.flipped_stream_byte,
                     "signature-value": tampering.flipped_signature_value}


@pytest.mark.parametrize("flip", SIGNED_BYTE_FLIPS.values(), ids=SIGNED_BYTE_FLIPS.keys())
def test_a_flipped_signed_byte_is_never_called_unchanged_or_covered(client, sealed_pdf, flip):
    page = html.unescape(post_pdf(client, flip(sealed_pdf)).get_data(as_text=True))
    rows = dict(re.findall(r"<dt[^>]*>\s*([^<]+?)\s*</dt>\s*<dd[^>]*>\s*([^<]+?)\s*</dd>", page))
    assert "Das Siegel ist nicht gültig oder das Dokument wurde verändert" in page
    assert rows["Unverändert seit der Signatur"] == "nein"
    assert "Die Signatur deckt die ganze Datei ab" not in page
    assert rows["Signatur mathematisch gültig"] == "nein"
    assert re.search(r"Signaturwert ist mathematisch ungültig|signierten Daten wurden verändert",
                     page)


def test_an_untouched_seal_is_shown_mathematically_valid_and_unchanged(client, sealed_pdf):
    page = html.unescape(post_pdf(client, sealed_pdf).get_data(as_text=True))
    rows = dict(re.findall(r"<dt[^>]*>\s*([^<]+?)\s*</dt>\s*<dd[^>]*>\s*([^<]+?)\s*</dd>", page))
    assert rows["Signatur mathematisch gültig"] == "ja"
    assert rows["Unverändert seit der Signatur"] == "ja"


def test_an_anonymous_incremental_update_leaves_no_warning_or_traceback_in_the_log(
        client, sealed_pdf, caplog):
    caplog.set_level(logging.DEBUG)
    page = html.unescape(post_pdf(client, tampering.added_page_content(sealed_pdf))
                         .get_data(as_text=True))
    assert "Das Siegel ist nicht gültig" in page
    loud = [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]
    assert loud == [], [r.getMessage() for r in loud]
    assert any(r.name == "signing.verify" and r.levelno == logging.INFO
               and "über das Erlaubte hinaus" in r.getMessage() for r in caplog.records)
