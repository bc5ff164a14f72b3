"""The Sprechstunde in Chromium: a resident books a slot of the Bürgerreferat's consultation
hours, finds it on the case page, the case worker sees it among the week's appointments, the
resident moves it to another slot and cancels it. Every page is checked with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .people import arrive, assert_clean, field, flash, log_in, register

HOURS = "Bürgersprechstunde des Bürgerreferats"
REFERENCE = re.compile(r"SPR-\d{4}-\d{6}")
WIDENED = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def narrow_fits(walk) -> bool:
    """Tell whether the page fits 320 CSS px without scrolling sideways (WCAG 1.4.10)."""
    page = walk.page
    page.set_viewport_size({"width": 320, "height": 800})
    fits = page.evaluate(WIDENED) <= 0
    page.set_viewport_size({"width": 1280, "height": 900})
    return fits


def book_first_free(walk) -> str:
    """Open the consultation hours, book the first free slot; return the case's reference."""
    page = walk.page
    page.goto("/sprechstunde/")
    arrive(walk, "Sprechstunden")
    page.get_by_role("link", name=HOURS).click()
    arrive(walk, HOURS)
    assert narrow_fits(walk), "the booking page scrolls sideways at 320 px"
    page.get_by_role("radio").first.check()
    field(page, "Thema").select_option("Frage zu einem Antrag")
    page.get_by_label(re.compile("^Ihr Anliegen in Kürze")).fill("Eine Frage zum Bauantrag.")
    page.get_by_role("button", name="Termin verbindlich buchen").click()
    arrive(walk, re.compile(rf"^Antrag {REFERENCE.pattern}$"))
    expect(flash(page, "Ihr Termin ist gebucht.")).to_be_visible()
    return REFERENCE.search(page.get_by_role("heading", level=1).inner_text()).group(0)


@pytest.mark.browser
def test_a_resident_books_moves_and_cancels_and_the_case_worker_sees_it(walker):
    resident, staff = walker(), walker()
    register(resident, "Wunschkennzeichen reservieren", "Bea Buchend")
    reference = book_first_free(resident)
    assert narrow_fits(resident), "the case page scrolls sideways at 320 px"
    termin = resident.page.get_by_role("region", name="Ihr Termin")
    expect(termin).to_contain_text("Frage zu einem Antrag")

    # --- The case worker of the Bürgerreferat sees it among the week's appointments. --------
    staff.page.goto("/leistungen")
    arrive(staff, "Leistungen")
    log_in(staff, "buergerreferat@example.org", "Demo-Passwort-2026", "Postfach")
    staff.page.goto("/sprechstunde/termine")
    arrive(staff, "Termine der Sprechstunde")
    week = staff.page.get_by_role("region", name="Die nächsten sieben Tage")
    expect(week.get_by_role("link", name=reference)).to_be_visible()
    expect(week).to_contain_text("Bea Buchend")
    assert narrow_fits(staff), "the appointments scroll sideways at 320 px"

    # --- The resident moves it to another slot, then cancels it. ----------------------------
    page = resident.page
    termin.get_by_role("link", name="Termin verlegen").click()
    arrive(resident, "Termin verlegen")
    page.get_by_role("radio").nth(1).check()
    page.get_by_role("button", name="Termin verlegen").click()
    arrive(resident, f"Antrag {reference}")
    expect(flash(page, "Ihr Termin ist verlegt.")).to_be_visible()
    page.get_by_role("region", name="Ihr Termin").get_by_role(
        "button", name="Termin absagen").click()
    arrive(resident, f"Antrag {reference}")
    expect(flash(page, "Ihr Termin ist abgesagt")).to_be_visible()
    expect(page.get_by_role("region", name="Ihr Termin")).to_contain_text("Abgesagt")
    assert_clean(resident, staff)
