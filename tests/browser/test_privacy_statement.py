"""The privacy statement as a person reads it: each service's entry under its own heading,
readable at 1280 and 320 pixels, in German and English, every page checked with axe-core.

Screenshots go to /tmp (named below) for a look by eye.
"""

from __future__ import annotations

import pytest

from .people import arrive, assert_clean

pytestmark = pytest.mark.browser
SCREENSHOT = "/tmp/buergerbuero-datenschutz-{width}-{language}.png"
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
