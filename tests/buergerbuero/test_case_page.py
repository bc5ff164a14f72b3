"""The resident's case page: a timeline in causal order, the fee, the own uploads, the answers."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from sqlalchemy import select, update

from buergerbuero.catalogue import definitions
from buergerbuero.core.extensions import db
from buergerbuero.models import (
    AuditEvent,
    OutboxMessage,
    Receipt,
    Submission,
    Upload,
)
from mailgateway.seal import REPLACED

from .. import support
from ..signing.pdf_text import shown_strings
from .filing import TWO_STEPS, cases_of

LINES_SLUG = "sperrmuell-zeilen"
ITEMS = "<b>Sofa</b>\nSchrank"

DANGEROUS_DOG = {**support.HUNDESTEUER["hunde"], "hunde-0-gefaehrlich": "y"}


def text_of(response) -> str:
    """Return the body of a response as text."""
    return response.get_data(as_text=True)


def timeline_titles(page: str) -> list[str]:
    """Return the entry titles of the "Verlauf" section, top to bottom."""
    section = page[page.index('id="verlauf"'):]
    return re.findall(r'<p class="kern-body kern-body--bold">([^<]+)</p>', section)


def signed_in_the_second_of(db_session, message_id: str, cause: dt.datetime) -> None:
    """Date a message's receipts to the second of their cause, as happens in 5 of 7 cases.

    Receipts carry whole seconds: a filing at 12:00:00.400 whose receipts are signed at .600
    stores them as 12:00:00.
    """
    db_session.execute(update(Receipt).where(Receipt.message_id == message_id)
                       .values(issued_at=cause.replace(microsecond=0)))
    db_session.commit()


def test_the_filing_comes_before_the_receipts_it_caused_within_the_same_second(
        client, resident, db_session, run_gateway):
    reference = support.file_hundesteuer(client)
    run_gateway()
    [case] = cases_of(db_session, resident)
    outbox = db_session.scalar(select(OutboxMessage).where(OutboxMessage.case_id == case.id))
    signed_in_the_second_of(db_session, outbox.message_id, case.created_at)
    titles = timeline_titles(text_of(client.get(f"/antraege/{reference}")))
    assert titles == ["Antrag eingereicht", "Versandbestätigung", "Eingangsbestätigung"]


def test_a_forward_comes_before_the_receipts_of_the_forwarded_message(
        client, other_client, resident, db_session, run_gateway):
    reference = support.file_hundesteuer(client)
    run_gateway()
    support.login_demo(other_client, "steueramt@example.org")
    other_client.get(f"/postfach/{reference}")  # opening signs the Abholbestätigung
    response = support.post_form(other_client, f"/postfach/{reference}/weiterleiten",
                                 {"department": "ordnungsamt", "reason": "Zuständigkeit"},
                                 page=f"/postfach/{reference}")
    assert response.status_code == 302, text_of(response)
    run_gateway()
    [case] = cases_of(db_session, resident)
    forward = db_session.scalar(select(AuditEvent).where(
        AuditEvent.case_id == case.id, AuditEvent.action == "forwarded"))
    signed_in_the_second_of(db_session, forward.details["message_id"], forward.at)
    titles = timeline_titles(text_of(client.get(f"/antraege/{reference}")))
    assert titles[titles.index("Weitergeleitet"):] == [
        "Weitergeleitet", "Versandbestätigung – Weiterleitung",
        "Eingangsbestätigung – Weiterleitung"]


def test_the_case_page_shows_the_fee_as_computed_and_stored_at_filing(
        client, resident, db_session):
    reference = support.file_hundesteuer(client)
    [case] = cases_of(db_session, resident)
    assert case.submission.fee_cents is not None
    page = text_of(client.get(f"/antraege/{reference}"))
    assert "Hundesteuer im ersten Jahr" in page
    # What the page shows is the stored fee, not one worked out again from today's rules.
    db_session.execute(update(Submission).where(Submission.case_id == case.id)
                       .values(fee_cents=4242))
    db_session.commit()
    assert "42,42 €" in text_of(client.get(f"/antraege/{reference}"))


def small_pdf() -> bytes:
    """Return a real one-page PDF, as a certificate to upload."""
    return support.small_pdf("Wesenstest bestanden")


def test_the_case_page_lists_the_residents_uploads_with_working_download_links(
        client, resident, db_session):
    url = support.start_draft(client)
    support.post_form(client, url, {**support.HUNDESTEUER["halter"], "aktion": "weiter"})
    hunde = url.replace("/halter", "/hunde")
    pdf = small_pdf()
    done = support.post_form(client, hunde, {
        **DANGEROUS_DOG, "hunde-0-wesenstest": (io.BytesIO(pdf), "Wesenstest Rex.pdf"),
        "aktion": "weiter"}, content_type="multipart/form-data")
    assert done.status_code == 302, text_of(done)
    zahlung = done.headers["Location"]
    review = support.post_form(client, zahlung, {**support.HUNDESTEUER["zahlung"],
                                                 "aktion": "weiter"}).headers["Location"]
    filed = support.post_form(client, review, {"aktion": "einreichen"})
    reference = filed.headers["Location"].rsplit("/", 1)[-1]
    [case] = cases_of(db_session, resident)
    upload = db_session.scalar(select(Upload).where(Upload.case_id == case.id))
    page = text_of(client.get(f"/antraege/{reference}"))
    section = page[page.index('id="dateien"'):page.index('id="verlauf"')]
    link = f'href="/antraege/dateien/{upload.token}"'
    assert link in section and "Wesenstest Rex.pdf" in section and "PDF" in section
    with client.get(f"/antraege/dateien/{upload.token}") as download:
        assert download.status_code == 200 and download.data == pdf


@pytest.fixture(scope="module")
def lines_service(app):
    """Publish a service with a textarea (a no-op when it already is)."""
    with app.app_context():
        definitions.publish_source(db.session, TWO_STEPS.format(slug=LINES_SLUG), "zeilen.yaml")
        db.session.commit()
    return LINES_SLUG


def file_items(client) -> tuple[str, str]:
    """Fill in the textarea service; return (review page, case reference) after filing."""
    url = support.start_draft(client, LINES_SLUG)
    step = support.post_form(client, url, {"name": "Anna", "gegenstaende": ITEMS,
                                           "aktion": "weiter"})
    review = support.post_form(client, step.headers["Location"], {
        "wunschtermin": "2099-01-01", "aktion": "weiter"}).headers["Location"]
    page = text_of(client.get(review))
    filed = support.post_form(client, review, {"aktion": "einreichen"})
    return page, filed.headers["Location"].rsplit("/", 1)[-1]


def answer_value(page: str, label: str) -> str:
    """Return the markup of the answer listed under `label`."""
    match = re.search(rf'>{label}</dt>\s*<dd class="([^"]*)">(.*?)</dd>', page, re.S)
    assert match, label
    return match.group(1), match.group(2)


def test_a_textareas_line_breaks_stay_escaped_on_the_review_and_the_case_page(
        client, resident, lines_service):
    review, reference = file_items(client)
    case_page = text_of(client.get(f"/antraege/{reference}"))
    for page in (review, case_page):
        classes, value = answer_value(page, "Gegenstände")
        assert "app-answer" in classes.split()
        assert value == "&lt;b&gt;Sofa&lt;/b&gt;\nSchrank"
    with client.get("/static/css/app.css") as response:
        css = text_of(response)
    assert re.search(r"\.app-answer \{[^}]*white-space: pre-line", css)


def test_a_textareas_line_breaks_stay_on_the_sealed_receipt(
        client, resident, lines_service, db_session, run_gateway):
    _, reference = file_items(client)
    run_gateway()
    page = text_of(client.get(f"/antraege/{reference}"))
    receipt = re.search(r'href="(/antraege/[^"]+/dokumente/\d+)"', page).group(1)
    reader = PdfFileReader(io.BytesIO(client.get(receipt).data))
    text = b"".join(stream.get_object().data for page in reader.root["/Pages"]["/Kids"]
                    for stream in as_list(page.get_object()["/Contents"])).decode("latin-1")
    # "Sofa" (after its escaped markup) ends one line, "Schrank" starts the next (T*).
    assert re.search(r"\(Sofa\) Tj(?: \([^)]*\) Tj)*\s+T\* \(Schrank\) Tj", text)


def as_list(contents):
    """Return a page's content streams as a list (one stream or an array of them)."""
    contents = contents.get_object()
    return list(contents) if isinstance(contents, list) else [contents]


def test_a_textareas_line_breaks_stay_in_the_case_workers_opened_envelope(
        client, other_client, resident, lines_service, run_gateway):
    _, reference = file_items(client)
    run_gateway()
    support.login_demo(other_client, "ordnungsamt@example.org")
    classes, value = answer_value(text_of(other_client.get(f"/postfach/{reference}")),
                                  "Gegenstände")
    assert "app-answer" in classes.split() and value == "&lt;b&gt;Sofa&lt;/b&gt;\nSchrank"


def test_the_sealed_receipt_shows_what_was_typed_and_says_where_the_rest_is_kept(
        client, resident, lines_service, run_gateway):
    url = support.start_draft(client, LINES_SLUG)
    step = support.post_form(client, url, {"name": "𝔘lrich e\u0301\u0308 🐕",
                                           "gegenstaende": "Sofa", "aktion": "weiter"})
    review = support.post_form(client, step.headers["Location"], {
        "wunschtermin": "2099-01-01", "aktion": "weiter"}).headers["Location"]
    filed = support.post_form(client, review, {"aktion": "einreichen"})
    run_gateway()
    page = text_of(client.get(filed.headers["Location"]))
    receipt = re.search(r'href="(/antraege/[^"]+/dokumente/\d+)"', page).group(1)
    text = "".join(shown_strings(client.get(receipt).data))
    assert "𝔘lrich \u00e9\u0308 \N{REPLACEMENT CHARACTER}" in text
    assert "".join(REPLACED.split()) in "".join(text.split())
