"""The whole path in headless Chromium, as people would click it.

A new resident registers, files the dog-tax form for two dogs (correcting a wrong postcode on the
way), submits it and downloads the sealed receipt after the gateway delivered it; the dog-tax
case worker opens the case from the Postfach, answers and takes it into work; the resident reads
the answer and writes back. Every page reached is checked with axe-core (WCAG 2.1 A/AA); the walk
fails on any violation, any 5xx answer, any script error and any request leaving the machine.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from .. import support
from .people import arrive, confirm_and_log_in, dog, flash, log_in, log_out

CASEWORKER = "steueramt@example.org"
CASEWORKER_PASSWORD = "Demo-Passwort-2026"
SERVICE = "Anmeldung eines Hundes zur Hundesteuer"
REFERENCE = re.compile(r"HST-\d{4}-\d{6}")
SCREENSHOT_DOGS = "/tmp/buergerbuero-schritt-hunde.png"
SCREENSHOT_CASEWORKER = "/tmp/buergerbuero-postfach-vorgang.png"
# How many CSS pixels the page is wider than the window (<= 0: no sideways scrolling).
WIDENED = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.browser
def test_resident_files_dog_tax_and_talks_to_the_case_worker(walk, deliver):
    page = walk.page
    email = f"walk-{uuid.uuid4().hex[:10]}@example.org"

    # --- The resident finds the service and opens an account. ---------------------------
    page.goto("/leistungen")
    arrive(walk, "Leistungen")
    page.get_by_role("link", name=SERVICE).click()
    arrive(walk, SERVICE)
    page.get_by_role("link", name="Jetzt registrieren").click()
    arrive(walk, "Konto anlegen")
    page.get_by_label("Vor- und Nachname").fill("Erika Musterfrau")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort (Pflichtfeld)", exact=True).fill(support.PASSWORD)
    page.get_by_label("Passwort wiederholen").fill(support.PASSWORD)
    page.get_by_role("button", name="Konto anlegen").click()
    arrive(walk, "Bitte prüfen Sie Ihr E-Mail-Postfach")
    confirm_and_log_in(walk, email)  # the link from the mail, then the login form
    page.goto("/leistungen")
    arrive(walk, "Leistungen")
    page.get_by_role("link", name=SERVICE).click()
    arrive(walk, SERVICE)

    # --- Step 1: a wrong postcode is explained next to the field, nothing typed is lost. --
    page.get_by_role("button", name="Antrag starten").click()
    arrive(walk, "Angaben zur Halterin oder zum Halter")
    typed = {"Vorname": "Erika", "Nachname": "Musterfrau", "Geburtsdatum": "1980-05-17",
             "Straße und Hausnummer": "Lindenweg 4", "Ort": "Musterstadt",
             "E-Mail-Adresse für Rückfragen": "erika@example.org"}
    for label, value in typed.items():
        page.get_by_label(label).fill(value)
    page.get_by_label("Postleitzahl").fill("123")
    page.get_by_role("button", name="Weiter", exact=True).click()
    summary = page.get_by_role("alert").filter(has_text="Bitte korrigieren Sie Ihre Angaben")
    expect(summary).to_be_visible()
    arrive(walk, "Angaben zur Halterin oder zum Halter")
    message = "Eine Postleitzahl hat fünf Ziffern, z. B. 65183."
    postcode = page.get_by_label("Postleitzahl")
    expect(postcode).to_have_attribute("aria-invalid", "true")
    expect(postcode).to_have_accessible_description(re.compile(re.escape(message)))
    expect(page.locator("#plz-error")).to_have_text(re.compile(re.escape(message)))
    expect(summary.get_by_role("link", name=message)).to_have_attribute("href", "#plz")
    expect(postcode).to_have_value("123")
    for label, value in typed.items():
        expect(page.get_by_label(label)).to_have_value(value)
        expect(page.get_by_label(label)).not_to_have_attribute("aria-invalid", "true")
    postcode.fill("65183")
    page.get_by_role("button", name="Weiter", exact=True).click()

    # --- Step 2: one dog, then a second one through "Weiteren Hund hinzufügen". ----------
    arrive(walk, "Hunde")
    expect(dog(page, 2)).to_have_count(0)
    first = dog(page, 1)
    first.get_by_label("Name des Hundes").fill("Bello")
    first.get_by_label("Rasse").select_option("labrador-retriever")
    first.get_by_label("Chipnummer").fill("276098106543210")
    first.get_by_label("Gehalten seit").fill("2024-03-01")
    first.get_by_label("Der Hund stammt aus einem Tierheim").check()
    page.get_by_role("button", name="Weiteren Hund hinzufügen").click()
    second = dog(page, 2)
    expect(second).to_be_visible()
    arrive(walk, "Hunde")
    expect(first.get_by_label("Name des Hundes")).to_have_value("Bello")
    expect(first.get_by_label("Rasse")).to_have_value("labrador-retriever")
    expect(first.get_by_label("Chipnummer")).to_have_value("276098106543210")
    expect(first.get_by_label("Der Hund stammt aus einem Tierheim")).to_be_checked()
    second.get_by_label("Name des Hundes").fill("Luna")
    second.get_by_label("Rasse").select_option("dackel")
    second.get_by_label("Chipnummer").fill("276098106599999")
    second.get_by_label("Gehalten seit").fill("2025-06-15")
    page.screenshot(path=SCREENSHOT_DOGS, full_page=True)
    page.get_by_role("button", name="Weiter", exact=True).click()

    # --- Step 3: payment. ------------------------------------------------------------------
    arrive(walk, "Zahlung")
    page.get_by_role("radio", name="SEPA-Lastschrift").check()
    page.get_by_label("Kontoinhaberin oder Kontoinhaber").fill("Erika Musterfrau")
    page.get_by_label("IBAN für das SEPA-Lastschriftmandat").fill("DE89 3704 0044 0532 0130 00")
    page.get_by_label("Ich versichere, dass meine Angaben richtig und vollständig sind.").check()
    page.get_by_role("button", name="Weiter", exact=True).click()

    # --- Review and submit. ----------------------------------------------------------------
    arrive(walk, "Angaben prüfen")
    main = page.get_by_role("main")
    for answer in ("Erika", "Musterfrau", "65183", "Musterstadt", "Bello", "Luna",
                   "276098106543210", "276098106599999", "Labrador Retriever", "Dackel",
                   "SEPA-Lastschrift"):
        expect(main).to_contain_text(answer)
    page.get_by_role("button", name="Antrag verbindlich einreichen").click()
    arrive(walk, re.compile(r"^Antrag HST-\d{4}-\d{6}$"))
    reference = REFERENCE.search(page.get_by_role("heading", level=1).inner_text()).group(0)
    expect(flash(page, f"Aktenzeichen: {reference}")).to_be_visible()
    case_url = page.url
    assert case_url.endswith(f"/antraege/{reference}"), case_url

    # --- The gateway delivers; the case page shows the receipt and the sealed PDF. ----------
    deliver()
    page.reload()
    arrive(walk, f"Antrag {reference}")
    timeline = page.get_by_role("region", name="Verlauf")
    expect(timeline).to_contain_text("Versandbestätigung")
    expect(timeline).to_contain_text("Eingangsbestätigung")
    receipt_link = page.get_by_role("link", name=re.compile(rf"Eingangsquittung-{reference}\.pdf"))
    with page.expect_download() as download_info:
        receipt_link.click()
    download = download_info.value
    assert download.suggested_filename == f"Eingangsquittung-{reference}.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # --- The case worker opens the case from the Postfach, answers, takes it into work. ----
    log_out(walk)
    log_in(walk, CASEWORKER, CASEWORKER_PASSWORD, "Postfach")
    # Same heading as the page after login: wait for the new document itself.
    with page.expect_event("framenavigated", predicate=lambda frame: frame == page.main_frame):
        page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
            "link", name="Postfach").click()
    arrive(walk, "Postfach")
    page.get_by_role("link", name=reference).click()
    arrive(walk, f"Vorgang {reference}")
    details = page.get_by_role("region", name="Angaben")
    expect(details).to_contain_text("Bello")
    expect(details).to_contain_text("Luna")
    page.screenshot(path=SCREENSHOT_CASEWORKER, full_page=True)
    question = "Guten Tag, bitte senden Sie uns den Nachweis des Tierheims für Bello."
    page.get_by_label("Ihre Nachricht").fill(question)
    page.get_by_role("button", name="Nachricht senden").click()
    expect(flash(page, "Die Nachricht wurde gesendet.")).to_be_visible()
    arrive(walk, f"Vorgang {reference}")
    expect(page.get_by_role("region", name="Nachrichten")).to_contain_text(question)
    page.get_by_label("Neuer Status").select_option(label="In Bearbeitung")
    page.get_by_role("button", name="Status ändern").click()
    expect(flash(page, "Status geändert: In Bearbeitung")).to_be_visible()
    arrive(walk, f"Vorgang {reference}")
    expect(page.get_by_role("region", name="Verlauf")).to_contain_text(
        "Zugestellt → In Bearbeitung")

    # --- The resident reads the answer and writes back. -------------------------------------
    log_out(walk)
    log_in(walk, email, support.PASSWORD, "Meine Anträge")
    page.get_by_role("link", name=reference).click()
    arrive(walk, f"Antrag {reference}")
    expect(page.get_by_role("main")).to_contain_text("In Bearbeitung")
    timeline = page.get_by_role("region", name="Verlauf")
    expect(timeline).to_contain_text("Abholbestätigung")
    # Opening a signed receipt shows it without widening the page (WCAG 1.4.10 Reflow).
    timeline.get_by_text("Signierter Nachweis").first.click()
    expect(timeline.get_by_text("BEGIN PGP SIGNATURE").first).to_be_visible()
    assert page.evaluate(WIDENED) <= 0, "an opened receipt makes the page scroll sideways"
    messages = page.get_by_role("region", name="Nachrichten")
    expect(messages).to_contain_text(question)
    answer = "Gerne, der Nachweis kommt morgen per Post."
    messages.get_by_label("Ihre Nachricht").fill(answer)
    messages.get_by_role("button", name="Nachricht senden").click()
    expect(flash(page, "Ihre Nachricht wurde gesendet.")).to_be_visible()
    arrive(walk, f"Antrag {reference}")
    expect(page.get_by_role("region", name="Nachrichten")).to_contain_text(answer)

    problems = walk.problems()
    assert not problems, "\n".join([f"{len(problems)} problem(s) on the walk:", *problems])
