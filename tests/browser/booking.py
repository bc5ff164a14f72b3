"""Helpers of the Sprechstunde's browser tests: book the first free slot of the Bürgerreferat's
consultation hours, and check that a page fits 320 px."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .people import arrive, field, flash

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
