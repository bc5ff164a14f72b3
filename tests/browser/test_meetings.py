"""A meeting is published and lands in a calendar, in Chromium: the demo editor creates a
committee and its meeting with an agenda in the browser, a visitor finds it on the public pages
and downloads the meeting's iCalendar file through the page's link; icalendar parses it with
the start time the editor typed. axe-core checks every page.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from common.formatting import LOCAL_TIME

from .people import DEMO_PASSWORD, arrive, assert_clean, field, flash, log_in

pytestmark = pytest.mark.browser
DAY = dt.date.today() + dt.timedelta(days=12)


def create_committee(walk, key: str, name: str) -> None:
    """Redaktion → Gremien und Sitzungen → Neues Gremium."""
    page = walk.page
    page.get_by_role("link", name="Gremien und Sitzungen").click()
    arrive(walk, "Gremien und Sitzungen")
    page.get_by_role("link", name="Neues Gremium").click()
    arrive(walk, "Neues Gremium")
    field(page, "Kennung").fill(key)
    field(page, "Name").fill(name)
    field(page, "Art des Gremiums").select_option("Ausschuss")
    page.get_by_role("button", name="Speichern").click()
    expect(flash(page, f"Das Gremium „{name}“ ist angelegt.")).to_be_visible()
    arrive(walk, name)


def create_meeting(walk) -> None:
    """Neue Sitzung: the day, 17:30 to 19:00, in the Rathaus, then two agenda items."""
    page = walk.page
    page.get_by_role("link", name="Neue Sitzung").click()
    arrive(walk, "Neue Sitzung")
    page.get_by_label("Bezeichnung").fill("1. Sitzung")
    field(page, "Datum").fill(DAY.isoformat())
    field(page, "Beginn").fill("17:30")
    page.get_by_label("Ende").fill("19:00")
    page.get_by_label("Ort").fill("Rathaus, Raum 3")
    page.get_by_role("button", name="Sitzung speichern").click()
    expect(flash(page, "Die Sitzung ist angelegt.")).to_be_visible()
    walk.audit()
    for number, title, public in (("1", "Haushalt 2027", True), ("2", "Grundstücksfrage", False)):
        agenda = page.get_by_role("form", name="Tagesordnungspunkt hinzufügen")
        agenda.get_by_label("Nummer").fill(number)
        field(agenda, "Titel").fill(title)
        if not public:
            agenda.get_by_label("Öffentlicher Tagesordnungspunkt").uncheck()
        agenda.get_by_role("button", name="Punkt hinzufügen").click()
        expect(flash(page, "Der Tagesordnungspunkt ist eingetragen.")).to_be_visible()
        walk.audit()


def test_an_editor_publishes_a_meeting_and_a_visitor_takes_it_into_a_calendar(walker):
    editor, visitor = walker(), walker()
    key, name = f"ausschuss-{uuid.uuid4().hex[:6]}", "Ausschuss für Verkehr"
    editor.page.goto("/leistungen")
    arrive(editor, "Leistungen")
    log_in(editor, "redaktion@example.org", DEMO_PASSWORD, "Redaktion")
    create_committee(editor, key, name)
    create_meeting(editor)

    page = visitor.page
    page.goto("/gremien")
    arrive(visitor, "Gremien und Sitzungen")
    page.get_by_role("link", name=name).click()
    arrive(visitor, name)
    page.get_by_role("region", name="Kommende Sitzungen").get_by_role("link").first.click()
    arrive(visitor, "1. Sitzung")
    expect(page.get_by_text("Haushalt 2027")).to_be_visible()
    expect(page.get_by_text("Grundstücksfrage")).to_have_count(0)
    expect(page.get_by_role("heading", name="TOP 2: nicht öffentlich")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="In den Kalender übernehmen (iCalendar)").click()
    with open(download_info.value.path(), "rb") as ics:
        calendar = Calendar.from_ical(ics.read())
    event = calendar.events[0]
    assert str(event["summary"]) == "1. Sitzung"
    start = event.decoded("dtstart").astimezone(LOCAL_TIME)
    assert (start.date(), start.time()) == (DAY, dt.time(17, 30))
    assert str(event["location"]) == "Rathaus, Raum 3"
    assert_clean(editor, visitor)


WIDENED = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_the_council_pages_fit_a_320_pixel_screen(walk):
    page = walk.page
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/gremien")
    arrive(walk, "Gremien und Sitzungen")
    assert page.evaluate(WIDENED) <= 0
    page.get_by_role("link", name="Gemeinderat").first.click()
    arrive(walk, "Gemeinderat (GR)")
    assert page.evaluate(WIDENED) <= 0
    page.get_by_role("region", name="Vergangene Sitzungen").get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="Tagesordnung")).to_be_visible()
    walk.audit()
    assert page.evaluate(WIDENED) <= 0
    expect(page.get_by_role("heading", name="TOP 4: nicht öffentlich")).to_be_visible()
    log_in(walk, "redaktion@example.org", DEMO_PASSWORD, "Redaktion")
    page.goto("/redaktion/gremien/gemeinderat")
    arrive(walk, "Gemeinderat")
    page.get_by_role("region", name="Sitzungen").get_by_role("listitem").first.get_by_role(
        "link").click()
    expect(page.get_by_role("heading", name="PDF anhängen")).to_be_visible()
    walk.audit()
    assert page.evaluate(WIDENED) <= 0
    assert_clean(walk)
