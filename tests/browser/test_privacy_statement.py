"""The privacy statement as a person reads it: each service's entry under its own heading,
readable at 1280 and 320 pixels, in German and English; the administrators' record of
processing activities at 320 pixels; every page checked with axe-core.

Screenshots go to /tmp (named below) for a look by eye.
"""

from __future__ import annotations

import re

import pytest

from .people import DEMO_PASSWORD, arrive, assert_clean, log_in

pytestmark = pytest.mark.browser
SCREENSHOT = "/tmp/buergerbuero-datenschutz-{width}-{language}.png"
SCREENSHOT_RECORD = "/tmp/buergerbuero-verarbeitungsverzeichnis-320.png"
WIDENED = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.parametrize(("locale", "language", "heading"), [
    ("de-DE", "de", "Datenschutzerklärung"), ("en-GB", "en", "Privacy notice")])
def test_the_statement_names_each_service_and_fits_a_narrow_screen(walker, locale, language,
                                                                   heading):
    walk = walker(locale)
    page = walk.page
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/seiten/datenschutz")
        arrive(walk, heading)
        entry = page.get_by_role("region", name="Gewerbe anmelden (Gewerbeanmeldung)"
                                 if language == "de" else "Register a business (Gewerbeanmeldung)")
        assert entry.get_by_role("heading", level=3).is_visible()
        assert entry.get_by_role("listitem").count() == 3  # the three further bodies
        assert page.evaluate(WIDENED) <= 0
        page.screenshot(path=SCREENSHOT.format(width=width, language=language), full_page=True)
    assert_clean(walk)


def test_the_record_of_processing_activities_reads_at_320_pixels(walk):
    page = walk.page
    page.goto("/konto/anmelden")
    arrive(walk, "Anmelden")
    log_in(walk, "admin@example.org", DEMO_PASSWORD, "Verwaltung")
    page.get_by_role("link", name=re.compile("Verzeichnis von Verarbeitungstätigkeiten")).click()
    arrive(walk, "Verzeichnis von Verarbeitungstätigkeiten")
    page.set_viewport_size({"width": 320, "height": 900})
    trade = page.get_by_role("region", name="Gewerbe anmelden (Gewerbeanmeldung)")
    assert trade.get_by_text("Familienname", exact=False).first.is_visible()
    assert page.evaluate(WIDENED) <= 0
    page.screenshot(path=SCREENSHOT_RECORD, full_page=True)
    assert_clean(walk)
