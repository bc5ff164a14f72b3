"""Bewohnerparkausweis in Chromium: an address outside every zone is refused in German, one in
zone B is taken; a company car needs the proof of use, which appears only then and is uploaded
as a PDF; two years cost 61,40 €; the Ordnungsamt downloads the proof from the case. Every page
is checked with axe-core; any violation, 5xx, script error or request leaving the machine fails
the test."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect
from reportlab.pdfgen import canvas

from .people import (
    DEMO_PASSWORD,
    arrive,
    assert_clean,
    field,
    fill,
    go_on,
    log_in,
    log_out,
    open_postfach,
    register,
    start,
    submit,
)

SERVICE = "Bewohnerparkausweis beantragen"
NO_ZONE = ("Diese Anschrift liegt in keiner Bewohnerparkzone. Ein Bewohnerparkausweis ist nur "
           "für Anschriften in einer Zone möglich.")
COMPANY_CAR = "ein Firmenwagen, den ich auch privat nutze"
PROOF = "Nachweis der dauerhaften Nutzung"
PROOF_NAME = "Bescheinigung-Arbeitgeber.pdf"


def employers_letter() -> bytes:
    """A small one-page PDF, as an employer's confirmation would be."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 760, "Bescheinigung: Frau Paula Parker nutzt den Firmenwagen")
    pdf.drawString(72, 740, "WI-PP 704 dauerhaft auch privat. Musterfirma GmbH")
    pdf.save()
    return buffer.getvalue()


@pytest.mark.browser
def test_bewohnerparkausweis_in_the_browser(walk, deliver):
    page = walk.page
    register(walk, SERVICE, "Paula Parker")

    # --- Step 1: the applicant. ---------------------------------------------------------------
    start(walk, "Antragstellerin oder Antragsteller")
    fill(page, {"Vorname": "Paula", "Nachname": "Parker", "Geburtsdatum": "1985-09-12",
                "E-Mail-Adresse für Rückfragen": "paula@example.org"})
    go_on(walk, "Hauptwohnsitz")

    # --- Step 2: Waldstraße 25 lies in no zone; Rheinstraße 4 (even) lies in zone B. ---------
    address = page.get_by_role("group", name="Anschrift des Hauptwohnsitzes")
    address.get_by_label("Straße").select_option(
        label="Waldstraße (außerhalb der Zonen ab Nr. 21)")
    house_number = address.get_by_label("Hausnummer")
    house_number.fill("25")
    field(page, "Ich bin unter dieser Anschrift mit Hauptwohnsitz gemeldet.").check()
    go_on(walk, "Hauptwohnsitz")
    summary = page.get_by_role("alert").filter(has_text="Bitte korrigieren Sie Ihre Angaben")
    expect(summary).to_contain_text(NO_ZONE)
    expect(house_number).to_have_attribute("aria-invalid", "true")
    expect(house_number).to_have_accessible_description(re.compile(re.escape(NO_ZONE)))
    expect(house_number).to_have_value("25")  # nothing typed is lost
    address.get_by_label("Straße").select_option(label="Rheinstraße")
    house_number.fill("4")
    go_on(walk, "Fahrzeug")

    # --- Step 3: a company car; the proof of use appears only for it and is uploaded. --------
    field(page, "Amtliches Kennzeichen").fill("WI-PP 704")
    proof = field(page, PROOF)
    expect(proof).to_be_hidden()  # nothing chosen yet
    page.get_by_role("radio", name="auf mich zugelassen").check()
    expect(proof).to_be_hidden()
    page.get_by_role("radio", name=COMPANY_CAR).check()
    expect(proof).to_be_visible()
    walk.audit()  # the page with the upload shown
    letter = employers_letter()
    proof.set_input_files({"name": PROOF_NAME, "mimeType": "application/pdf", "buffer": letter})
    go_on(walk, "Gültigkeit")

    # --- Step 4: two years; the review shows the fee, the zone and the proof. ----------------
    page.get_by_role("radio", name="2 Jahre (61,40 €)").check()
    field(page, "Ich versichere, dass meine Angaben richtig sind.").check()
    go_on(walk, "Angaben prüfen")
    main = page.get_by_role("main")
    for answer in ("Rheinstraße 4 (Zone B)", "WI-PP 704", COMPANY_CAR, PROOF_NAME,
                   "Gebühr für den Bewohnerparkausweis", "61,40 €"):
        expect(main).to_contain_text(answer)
    reference = submit(walk)
    assert reference.startswith("BPA-"), reference

    # --- The Ordnungsamt opens the case and downloads the proof. ------------------------------
    deliver()
    log_out(walk)
    log_in(walk, "ordnungsamt@example.org", DEMO_PASSWORD, "Postfach")
    open_postfach(walk)
    page.get_by_role("link", name=reference).click()
    arrive(walk, f"Vorgang {reference}")
    expect(page.get_by_role("region", name="Angaben")).to_contain_text("Rheinstraße 4 (Zone B)")
    attachments = page.get_by_role("region", name="Anlagen")
    with page.expect_download() as download_info:
        attachments.get_by_role("link", name=PROOF_NAME).click()
    download = download_info.value
    assert download.suggested_filename == PROOF_NAME
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read() == letter

    assert_clean(walk)
