"""Gewerbeanmeldung (GewA 1) in Chromium: a founder registers a GmbH, the register fields follow
the legal form live (the server's evaluator decides, asked by static/js/conditions.js), the
Gewerbeamt opens the whole case, and the statistics office opens only its part, without names.
Every page is checked with axe-core; any violation, 5xx, script error or request leaving the
machine fails the test."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from .people import (
    DEMO_PASSWORD,
    arrive,
    assert_clean,
    field,
    fill,
    go_on,
    log_in,
    log_out,
    open_postfach,
    register,
    start,
    submit,
)

SERVICE = "Gewerbe anmelden (Gewerbeanmeldung)"
STEP_PERSON = "Angaben zur Person (Feld 1–11 GewA 1)"
STEP_BETRIEB = "Angaben zum Betrieb (Feld 12–16)"
STEP_TAETIGKEIT = "Tätigkeit (Feld 17–28)"
STATISTIK_TITLE = "Mitteilung an das Statistische Landesamt (§ 14 Abs. 13 GewO, ohne Namen)"


@pytest.mark.browser
def test_gewerbeanmeldung_in_the_browser(walk, deliver):
    page = walk.page
    register(walk, SERVICE, "Greta Gründerin")

    # --- Step 1: the person. ------------------------------------------------------------------
    start(walk, STEP_PERSON)
    fill(page, {"Familienname": "Gründerin", "Vornamen": "Greta", "Geburtsdatum": "1990-04-01",
                "Geburtsort": "Kassel", "Wohnanschrift (Straße und Hausnummer)": "Lindenweg 4",
                "Postleitzahl": "65183", "Ort": "Musterstadt",
                "E-Mail-Adresse": "greta@example.org"})
    page.get_by_role("radio", name="weiblich").check()
    field(page, "Staatsangehörigkeit").select_option(label="deutsch")
    go_on(walk, STEP_BETRIEB)

    # --- Step 2: the register fields follow the legal form, without a page load. -------------
    legal_form = field(page, "Rechtsform")
    register_kind = field(page, "Registereintrag")
    court, number = field(page, "Registergericht"), field(page, "Registernummer")
    expect(register_kind).to_be_hidden()  # no legal form chosen yet
    loads = len(walk.navigations)
    legal_form.select_option(label="Gesellschaft mit beschränkter Haftung (GmbH)")
    expect(register_kind).to_be_visible()
    expect(court).to_be_hidden()  # no register chosen yet
    register_kind.select_option(label="Handelsregister B")
    expect(court).to_be_visible()
    expect(number).to_be_visible()
    walk.audit()  # the page with every register field shown
    legal_form.select_option(label="Einzelunternehmen")
    expect(register_kind).to_be_hidden()
    expect(court).to_be_hidden()  # a hidden field counts as unanswered for the ones after it
    expect(number).to_be_hidden()
    legal_form.select_option(label="Gesellschaft mit beschränkter Haftung (GmbH)")
    expect(register_kind).to_be_visible()
    expect(register_kind).to_have_value("hrb")  # nothing typed is lost while hidden
    expect(court).to_be_visible()
    assert len(walk.navigations) == loads, "changing the legal form reloaded the page"
    fill(page, {"Name des Betriebs (Firma)": "Rad & Tat GmbH",
                "Registergericht": "Amtsgericht Musterstadt", "Registernummer": "12345",
                "Betriebsstätte (Straße und Hausnummer)": "Marktplatz 1",
                "Postleitzahl der Betriebsstätte": "65185",
                "Ort der Betriebsstätte": "Musterstadt"})
    page.get_by_role("radio", name="Hauptniederlassung").check()
    go_on(walk, STEP_TAETIGKEIT)

    # --- Step 3: the activity. ----------------------------------------------------------------
    fill(page, {"Angemeldete Tätigkeit": "Einzelhandel mit Fahrrädern und Zubehör",
                "Beginn der Tätigkeit": dt.date.today().isoformat(),
                "Beschäftigte in Vollzeit (ohne Inhaber)": "3",
                "Beschäftigte in Teilzeit": "1"})
    field(page, "Art des Betriebs").select_option(label="Handel")
    field(page, "Ich versichere die Richtigkeit und Vollständigkeit meiner Angaben.").check()
    go_on(walk, "Angaben prüfen")
    main = page.get_by_role("main")
    for answer in ("Gründerin", "Rad & Tat GmbH", "Handelsregister B", "Amtsgericht Musterstadt",
                   "Einzelhandel mit Fahrrädern und Zubehör", "26,00 €"):
        expect(main).to_contain_text(answer)
    reference = submit(walk)
    assert reference.startswith("GEW-"), reference

    # --- The gateway delivers to the Gewerbeamt and, in parts, to the other bodies. ----------
    deliver()
    page.reload()
    arrive(walk, f"Antrag {reference}")
    expect(page.get_by_role("region", name="Verlauf")).to_contain_text("Eingangsbestätigung")
    log_out(walk)
    log_in(walk, "gewerbeamt@example.org", DEMO_PASSWORD, "Postfach")
    open_postfach(walk)
    page.get_by_role("link", name=reference).click()
    arrive(walk, f"Vorgang {reference}")
    details = page.get_by_role("region", name="Angaben")
    for answer in ("Gründerin", "Greta", "Rad & Tat GmbH", "12345", "weiblich"):
        expect(details).to_contain_text(answer)

    # --- The statistics office reads its Mitteilung: the business, never the owner. ----------
    log_out(walk)
    log_in(walk, "statistik@example.org", DEMO_PASSWORD, "Postfach")
    open_postfach(walk)
    expect(page).to_have_title("Postfach – Bürgerbüro Musterstadt")
    expect(page.get_by_role("link", name=reference, exact=True)).to_have_count(0)  # not its case
    notices = page.get_by_role("region", name="Mitteilungen aus Vorgängen anderer Ämter")
    notices.get_by_role("link", name=f"{reference} · {SERVICE}").click()
    arrive(walk, f"{STATISTIK_TITLE} – {reference}")
    main = page.get_by_role("main")
    for answer in ("Einzelhandel mit Fahrrädern und Zubehör", "Gesellschaft mit beschränkter",
                   "65185", "Hauptniederlassung"):
        expect(main).to_contain_text(answer)
    for private in ("Gründerin", "Greta", "Lindenweg", "greta@example.org", "Kassel",
                    "Rad & Tat GmbH"):
        expect(page.locator("body")).not_to_contain_text(private)

    assert_clean(walk)
