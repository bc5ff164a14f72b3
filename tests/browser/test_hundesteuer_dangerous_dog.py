"""Hundesteuer with a dangerous dog in Chromium: the Wesenstest upload appears only in the entry of
the dog marked dangerous (the server's evaluator decides per entry), is required there, survives
a page refused for another answer, and reaches the Steueramt, who downloads it. Every page is
checked with axe-core; any violation, 5xx, script error or request leaving the machine fails the
test."""

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
    dog,
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

SERVICE = "Anmeldung eines Hundes zur Hundesteuer"
DANGEROUS = "Gefährlicher Hund (Listenhund)"
CERTIFICATE = "Wesenstest oder Negativzeugnis"
CERTIFICATE_NAME = "Wesenstest-Rex.pdf"
CHIP_MESSAGE = "Die Chipnummer besteht aus genau 15 Ziffern."


def temperament_test() -> bytes:
    """A small one-page PDF, as a vet's Wesenstest certificate would be."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 760, "Wesenstest bestanden: Rex, Chip 276098106500001")
    pdf.save()
    return buffer.getvalue()


@pytest.mark.browser
def test_hundesteuer_with_a_dangerous_dog(walk, deliver):
    page = walk.page
    register(walk, SERVICE, "Dana Dogge")
    start(walk, "Angaben zur Halterin oder zum Halter")
    fill(page, {"Vorname": "Dana", "Nachname": "Dogge", "Geburtsdatum": "1979-11-30",
                "Straße und Hausnummer": "Goethestraße 7", "Postleitzahl": "65185",
                "Ort": "Musterstadt", "E-Mail-Adresse für Rückfragen": "dana@example.org"})
    go_on(walk, "Hunde")

    # --- Dog 1 is dangerous: its certificate upload appears, live, and is required. ----------
    first = dog(page, 1)
    fill(first, {"Name des Hundes": "Rex", "Chipnummer": "276098106500001",
                 "Gehalten seit": "2023-08-01"})
    field(first, "Rasse").select_option(label="American Staffordshire Terrier (Listenhund)")
    certificate = field(first, CERTIFICATE)
    expect(certificate).to_be_hidden()
    loads = len(walk.navigations)
    field(first, DANGEROUS).check()
    expect(certificate).to_be_visible()
    walk.audit()  # the entry with its upload shown
    field(first, DANGEROUS).uncheck()
    expect(certificate).to_be_hidden()
    field(first, DANGEROUS).check()
    expect(certificate).to_be_visible()
    assert len(walk.navigations) == loads, "ticking the box reloaded the page"
    go_on(walk, "Hunde")  # refused: no certificate
    summary = page.get_by_role("alert").filter(has_text="Bitte korrigieren Sie Ihre Angaben")
    expect(summary).to_contain_text(f"„{CERTIFICATE}“")
    expect(certificate).to_have_attribute("aria-invalid", "true")

    # --- A second, ordinary dog: no upload in its entry. -------------------------------------
    page.get_by_role("button", name="Weiteren Hund hinzufügen").click()
    second = dog(page, 2)
    expect(second).to_be_visible()
    arrive(walk, "Hunde")
    fill(second, {"Name des Hundes": "Bella", "Chipnummer": "27609810650",  # 4 digits short
                  "Gehalten seit": "2022-04-15"})
    field(second, "Rasse").select_option(label="Beagle")
    expect(field(second, CERTIFICATE)).to_be_hidden()
    expect(field(first, DANGEROUS)).to_be_checked()
    expect(certificate).to_be_visible()
    letter = temperament_test()
    certificate.set_input_files({"name": CERTIFICATE_NAME, "mimeType": "application/pdf",
                                 "buffer": letter})
    go_on(walk, "Hunde")  # refused for Bella's chip: Rex's certificate is kept
    expect(summary.get_by_role("link", name=CHIP_MESSAGE)).to_be_visible()
    kept = re.compile(rf"Hochgeladen: {re.escape(CERTIFICATE_NAME)} \(.+\)\. "
                      r"Ohne neue Auswahl bleibt diese Datei\.")
    expect(first).to_contain_text(kept)
    expect(certificate).to_have_accessible_description(kept)
    expect(field(second, CERTIFICATE)).to_be_hidden()
    field(second, "Chipnummer").fill("276098106500002")
    go_on(walk, "Zahlung")

    # --- Payment, review (120 € + 600 €), submit. -----------------------------------------------
    page.get_by_role("radio", name="Überweisung nach Bescheid").check()
    field(page, "Ich versichere, dass meine Angaben richtig und vollständig sind.").check()
    go_on(walk, "Angaben prüfen")
    main = page.get_by_role("main")
    for answer in ("Rex", "Bella", CERTIFICATE_NAME, "Hundesteuer im ersten Jahr", "720,00 €"):
        expect(main).to_contain_text(answer)
    reference = submit(walk)
    assert reference.startswith("HST-"), reference

    # --- The Steueramt opens the case and downloads the certificate. -------------------------
    deliver()
    log_out(walk)
    log_in(walk, "steueramt@example.org", DEMO_PASSWORD, "Postfach")
    open_postfach(walk)
    page.get_by_role("link", name=reference).click()
    arrive(walk, f"Vorgang {reference}")
    expect(page.get_by_role("region", name="Angaben")).to_contain_text(CERTIFICATE_NAME)
    with page.expect_download() as download_info:
        page.get_by_role("region", name="Anlagen").get_by_role(
            "link", name=CERTIFICATE_NAME).click()
    download = download_info.value
    assert download.suggested_filename == CERTIFICATE_NAME
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read() == letter

    assert_clean(walk)
