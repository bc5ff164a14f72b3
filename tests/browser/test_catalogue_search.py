"""In Chromium: a resident searches the catalogue (a keyword, nothing found, a category), opens
the library as an external service and sees that its link leaves the site; an administrator
previews and saves the accessibility statement, which then shows the new text with its feedback
form and enforcement procedure. Every page is checked with axe-core, also at 320 px width."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete

from buergerbuero.core.extensions import db
from buergerbuero.models import LegalPageVersion

from .people import DEMO_PASSWORD, arrive, assert_clean, field, flash, log_in


@pytest.fixture
def shipped_legal_pages(app):
    """The legal pages back at their shipped texts after the test (one app per session)."""
    yield
    with app.app_context():
        db.session.execute(delete(LegalPageVersion))
        db.session.commit()


def search(walk, words: str) -> None:
    """Type into the catalogue's search box and search."""
    field(walk.page, "Suchbegriff").fill(words)
    walk.page.get_by_role("button", name="Suchen").click()
    arrive(walk, "Leistungen")


@pytest.mark.browser
def test_a_resident_searches_the_catalogue_and_finds_the_external_library(walk):
    page = walk.page
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/leistungen")
    arrive(walk, "Leistungen")
    search(walk, "Kindergarten")
    expect(page.get_by_role("status").filter(has_text="gefunden")).to_contain_text("Leistung")
    kita = page.get_by_role("region", name="Familie und Kinder")
    expect(kita.get_by_role("link", name="Kita-Platz voranmelden")).to_be_visible()
    expect(kita).to_contain_text("gebührenfrei")

    search(walk, "Raumfahrt")
    expect(page.get_by_text("Nichts gefunden")).to_be_visible()
    expect(field(page, "Suchbegriff")).to_have_value("Raumfahrt")

    field(page, "Suchbegriff").fill("")
    page.get_by_label("Kategorie").select_option(label="Kultur und Freizeit")
    page.get_by_role("button", name="Suchen").click()
    arrive(walk, "Leistungen")
    culture = page.get_by_role("region", name="Kultur und Freizeit")
    expect(culture).to_contain_text("Externes Angebot: führt zu Stadtbibliothek Musterstadt")
    culture.get_by_role("link", name=re.compile("^Medien der Stadtbibliothek")).click()
    arrive(walk, "Medien der Stadtbibliothek vormerken und verlängern")
    link = page.get_by_role("link", name=re.compile(r"verlässt diese Website"))
    expect(link).to_have_attribute("href", "https://bibliothek.musterstadt.de/konto")
    expect(page.get_by_role("button", name="Antrag starten")).to_have_count(0)
    assert_clean(walk)


@pytest.mark.browser
def test_an_administrator_edits_the_accessibility_statement(walk, shipped_legal_pages):
    page = walk.page
    page.goto("/leistungen")
    arrive(walk, "Leistungen")
    log_in(walk, "admin@example.org", DEMO_PASSWORD, "Verwaltung")
    page.get_by_role("link", name=re.compile("^Rechtliche Seiten")).click()
    arrive(walk, "Rechtliche Seiten")
    page.get_by_role("link", name="Erklärung zur Barrierefreiheit", exact=True).click()
    arrive(walk, "Erklärung zur Barrierefreiheit bearbeiten")

    text = field(page, "Text")
    text.fill("")
    page.get_by_role("button", name="Als neue Fassung speichern").click()
    arrive(walk, "Erklärung zur Barrierefreiheit bearbeiten")
    expect(page.get_by_role("alert")).to_contain_text("Bitte geben Sie einen Text ein")

    body = "## Stand der Vereinbarkeit\n\nDieses Angebot ist **teilweise** vereinbar."
    field(page, "Text").fill(body)
    page.get_by_role("button", name="Vorschau").click()
    arrive(walk, "Erklärung zur Barrierefreiheit bearbeiten")
    preview = page.get_by_role("region", name="Vorschau (noch nicht gespeichert)")
    expect(preview.locator("strong")).to_have_text("teilweise")
    expect(field(page, "Text")).to_have_value(body)

    page.get_by_role("button", name="Als neue Fassung speichern").click()
    expect(flash(page, "ist gespeichert und wird angezeigt")).to_be_visible()
    arrive(walk, "Erklärung zur Barrierefreiheit bearbeiten")
    page.goto("/seiten/barrierefreiheit")
    arrive(walk, "Erklärung zur Barrierefreiheit")
    expect(page.get_by_role("main")).to_contain_text("Dieses Angebot ist teilweise vereinbar.")
    page.get_by_role("link", name="Barriere über das Formular melden").click()
    arrive(walk, "Barriere melden")
    assert_clean(walk)
