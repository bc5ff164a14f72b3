"""Anyone can check a sealed PDF or a signed receipt: on the web page and on the command line."""

from __future__ import annotations

import io

from sqlalchemy import select

from buergerbuero.models import Receipt, SignedDocument

from .. import support
from .test_delivery import filed_case


def delivered(client, db_session, run_gateway):
    """File and deliver one case; return its sealed PDF and its Eingangsbestätigung."""
    case, _ = filed_case(client, db_session)
    run_gateway()
    pdf = db_session.scalar(select(SignedDocument).where(SignedDocument.case_id == case.id))
    receipt = db_session.scalar(select(Receipt).where(Receipt.case_id == case.id,
                                                      Receipt.kind == "eingang"))
    return pdf.content, receipt


def tamper(pdf: bytes) -> bytes:
    """Change one letter inside the signed bytes (the header comment) and keep the PDF readable."""
    changed = pdf.replace(b"PDF document", b"PDF dokument", 1)
    assert changed != pdf
    return changed


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
