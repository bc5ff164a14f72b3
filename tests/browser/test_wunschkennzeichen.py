"""Wunschkennzeichen in Chromium: one resident reserves WI-AB 2026; a second resident, in a
browser of her own, types the same plate (differently written) and is told at the step that it
is already reserved. Every page is checked with axe-core; any violation, 5xx, script error or
request leaving the machine fails the test."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .people import assert_clean, field, fill, go_on, register, start, submit

SERVICE = "Wunschkennzeichen reservieren"
PLATE = "WI-AB 2026"
TAKEN = f"Das Kennzeichen {PLATE} ist bereits reserviert. Bitte wählen Sie ein anderes."


def choose_plate(walk, plate: str) -> None:
    """Type the plate and the kind of vehicle on the first step."""
    field(walk.page, "Wunschkennzeichen").fill(plate)
    walk.page.get_by_role("radio", name="Personenkraftwagen").check()


@pytest.mark.browser
def test_wunschkennzeichen_in_the_browser(walker):
    first, second = walker(), walker()

    # --- The first resident reserves the plate. ------------------------------------------------
    page = first.page
    register(first, SERVICE, "Max Mustermann")
    start(first, "Wunschkennzeichen")
    choose_plate(first, PLATE)
    go_on(first, "Künftige Halterin oder künftiger Halter")
    fill(page, {"Vorname": "Max", "Nachname": "Mustermann", "Geburtsdatum": "1985-02-03",
                "Straße und Hausnummer": "Ring 1", "Postleitzahl": "65185",
                "Ort": "Musterstadt"})
    field(page, "Ich versichere, dass meine Angaben richtig sind.").check()
    go_on(first, "Angaben prüfen")
    main = page.get_by_role("main")
    expect(main).to_contain_text(PLATE)
    expect(main).to_contain_text("12,80 €")
    reference = submit(first)
    assert reference.startswith("WKZ-"), reference

    # --- A second resident wants the same plate and is refused at the step. ----------------
    page = second.page
    register(second, SERVICE, "Mia Meier")
    start(second, "Wunschkennzeichen")
    choose_plate(second, "wi ab2026")
    go_on(second, "Wunschkennzeichen")  # the same step again, with the refusal
    plate = field(page, "Wunschkennzeichen")
    summary = page.get_by_role("alert").filter(has_text="Bitte korrigieren Sie Ihre Angaben")
    expect(summary.get_by_role("link", name=TAKEN)).to_have_attribute("href", "#kennzeichen")
    expect(plate).to_have_attribute("aria-invalid", "true")
    expect(plate).to_have_accessible_description(re.compile(re.escape(TAKEN)))
    expect(page.get_by_role("radio", name="Personenkraftwagen")).to_be_checked()

    # Another plate is free: she goes on.
    plate.fill("WI-AB 2027")
    go_on(second, "Künftige Halterin oder künftiger Halter")

    assert_clean(first, second)
