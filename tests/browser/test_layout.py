"""Layout a person sees: "Meine Anträge" readable at 320 px, the YAML editor made for code.

Screenshots go to /tmp (named below) for a look by eye; every page is checked with axe-core.
"""

from __future__ import annotations

import pytest

from .. import support
from .people import DEMO_PASSWORD, arrive, assert_clean, log_in

pytestmark = pytest.mark.browser
SCREENSHOT_NARROW = "/tmp/buergerbuero-meine-antraege-320.png"
SCREENSHOT_EDITOR = "/tmp/buergerbuero-yaml-editor.png"
WIDENED = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_my_applications_show_every_column_at_320_pixels(client, walk, deliver):
    email = support.register(client)
    reference = support.file_hundesteuer(client)
    deliver()
    page = walk.page
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto("/leistungen")
    arrive(walk, "Leistungen")
    log_in(walk, email, support.PASSWORD, "Meine Anträge")  # a resident's home
    row = page.get_by_role("row").filter(has_text=reference)
    status = row.get_by_role("cell").nth(3)
    box = status.locator(".kern-badge").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 320, box
    assert status.locator(".kern-badge").is_visible()
    assert page.evaluate(WIDENED) <= 0
    assert row.get_by_role("cell").count() == 4  # still a table to assistive technology
    page.screenshot(path=SCREENSHOT_NARROW, full_page=True)
    assert_clean(walk)


def test_the_definition_editor_is_a_tall_monospace_code_box(walk):
    page = walk.page
    page.goto("/konto/anmelden")
    arrive(walk, "Anmelden")
    log_in(walk, "admin@example.org", DEMO_PASSWORD, "Verwaltung")
    page.goto("/verwaltung/leistungen/neu")
    arrive(walk, "Neue Leistung oder Version")
    box = page.get_by_label("Definition (YAML)")
    style = box.evaluate("""e => { const s = getComputedStyle(e);
        return {font: s.fontFamily, resize: s.resize, height: e.clientHeight,
                line: parseFloat(s.lineHeight), spell: e.spellcheck}; }""")
    assert "mono" in style["font"].lower(), style
    assert style["resize"] == "vertical" and style["spell"] is False
    assert style["height"] >= 25 * style["line"], style
    page.screenshot(path=SCREENSHOT_EDITOR)
    assert_clean(walk)
