"""The Sprechstunde in Chromium: a resident books a slot of the Bürgerreferat's consultation
hours, finds it on the case page, the case worker sees it among the week's appointments, the
resident moves it to another slot and cancels it. Every page is checked with axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .booking import book_first_free, narrow_fits
from .people import arrive, assert_clean, flash, log_in, register


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
