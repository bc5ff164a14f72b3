"""Conditions live in Chromium: the account fields follow the payment choice without a page load,
as the server's evaluator decides (static/js/conditions.js asks the visibility endpoint)."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from .. import support
from .people import arrive, confirm_and_log_in

HALTER = {"Vorname": "Erika", "Nachname": "Musterfrau", "Geburtsdatum": "1980-05-17",
          "Straße und Hausnummer": "Lindenweg 4", "Postleitzahl": "65183", "Ort": "Musterstadt",
          "E-Mail-Adresse für Rückfragen": "erika@example.org"}


@pytest.mark.browser
def test_the_account_fields_appear_only_for_a_direct_debit(walk):
    page = walk.page
    page.goto("/konto/registrieren")
    page.get_by_label("Vor- und Nachname").fill("Erika Musterfrau")
    email = f"js-{uuid.uuid4().hex[:10]}@example.org"
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort (Pflichtfeld)", exact=True).fill(support.PASSWORD)
    page.get_by_label("Passwort wiederholen").fill(support.PASSWORD)
    page.get_by_role("button", name="Konto anlegen").click()
    arrive(walk, "Bitte prüfen Sie Ihr E-Mail-Postfach")
    confirm_and_log_in(walk, email)
    page.goto("/leistungen/hundesteuer-anmeldung")
    page.get_by_role("button", name="Antrag starten").click()
    arrive(walk, "Angaben zur Halterin oder zum Halter")
    for label, value in HALTER.items():
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Weiter", exact=True).click()
    arrive(walk, "Hunde")
    page.get_by_label("Name des Hundes").fill("Bello")
    page.get_by_label("Rasse").select_option("dackel")
    page.get_by_label("Chipnummer").fill("276098106543210")
    page.get_by_label("Gehalten seit").fill("2024-03-01")
    page.get_by_role("button", name="Weiter", exact=True).click()
    arrive(walk, "Zahlung")

    iban = page.get_by_label("IBAN für das SEPA-Lastschriftmandat")
    holder = page.get_by_label("Kontoinhaberin oder Kontoinhaber")
    expect(iban).to_be_hidden()  # nothing chosen yet: the server says hidden
    loads = len(walk.navigations)
    page.get_by_role("radio", name="SEPA-Lastschrift").check()
    expect(iban).to_be_visible()
    expect(holder).to_be_visible()
    walk.audit()
    page.get_by_role("radio", name="Überweisung nach Bescheid").check()
    expect(iban).to_be_hidden()
    expect(holder).to_be_hidden()
    assert len(walk.navigations) == loads, "the page was reloaded"
    page.get_by_label("Ich versichere, dass meine Angaben richtig und vollständig sind.").check()
    page.get_by_role("button", name="Weiter", exact=True).click()
    arrive(walk, "Angaben prüfen")
    expect(page.get_by_role("main")).to_contain_text("120,00 €")
    expect(page.get_by_role("main")).not_to_contain_text("IBAN")

    problems = [p for p in walk.problems() if "page never checked" not in p]
    assert not problems, "\n".join(problems)
