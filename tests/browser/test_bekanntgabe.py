"""Bekanntgabe in Chromium: consent on the review page, the Bescheid retrieved by download with
its Bekanntgabe day and remedy period on both pages; without consent the case worker prints it
and records the posting; a Rücknahme refused without its confirmation. axe on every page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from buergerbuero.cases.deadlines_law import local_day
from common.db import utcnow
from common.formatting import format_date

from ..buergerbuero.announcing import issue
from .people import (
    DEMO_PASSWORD,
    arrive,
    assert_clean,
    field,
    fill,
    flash,
    go_on,
    log_in,
    register,
    start,
    submit,
)

SERVICE = "Anmeldung eines Hundes zur Hundesteuer"
CASEWORKER = "steueramt@example.org"
CONSENT = re.compile(r"^Ich willige ein, dass mir Bescheide")


def file_one_dog(walk, *, consent: bool) -> str:
    """Register, file the dog tax for one dog, tick the consent or not; return the reference."""
    page = walk.page
    register(walk, SERVICE, "Erika Musterfrau")
    start(walk, "Angaben zur Halterin oder zum Halter")
    fill(page, {"Vorname": "Erika", "Nachname": "Musterfrau", "Geburtsdatum": "1980-05-17",
                "Straße und Hausnummer": "Lindenweg 4", "Postleitzahl": "65183",
                "Ort": "Musterstadt", "E-Mail-Adresse für Rückfragen": "erika@example.org"})
    go_on(walk, "Hunde")
    fill(page, {"Name des Hundes": "Bello", "Chipnummer": "276098106543210",
                "Gehalten seit": "2024-03-01"})
    field(page, "Rasse").select_option("labrador-retriever")
    go_on(walk, "Zahlung")
    page.get_by_role("radio", name="SEPA-Lastschrift").check()
    fill(page, {"Kontoinhaberin oder Kontoinhaber": "Erika Musterfrau",
                "IBAN für das SEPA-Lastschriftmandat": "DE89 3704 0044 0532 0130 00"})
    field(page, "Ich versichere, dass meine Angaben richtig und vollständig sind.").check()
    go_on(walk, "Angaben prüfen")
    box = page.get_by_label(CONSENT)
    expect(box).not_to_be_checked()
    if consent:
        box.check()
    return submit(walk)


def row(label: str, day: dt.date) -> re.Pattern[str]:
    """Match a description list's row: its label, then the day (German)."""
    return re.compile(rf"{re.escape(label)}\s*{re.escape(format_date(day, 'de'))}")


def open_case(walk, reference: str) -> None:
    """Log the dog tax's case worker in and open the case page."""
    walk.page.goto("/leistungen")
    arrive(walk, "Leistungen")
    log_in(walk, CASEWORKER, DEMO_PASSWORD, "Postfach")
    walk.page.goto(f"/postfach/{reference}")  # decided: not among the open cases
    arrive(walk, f"Vorgang {reference}")


@pytest.mark.browser
def test_a_bescheid_retrieved_shows_its_bekanntgabe_on_both_pages(walker, deliver):
    resident, worker = walker(), walker()
    page = resident.page
    reference = file_one_dog(resident, consent=True)
    deliver()
    issue(resident.app, reference)
    deliver()
    page.reload()
    arrive(resident, f"Antrag {reference}")
    decision = page.get_by_role("region", name="Bescheid")
    expect(decision).to_contain_text("noch nicht abgerufen")
    with page.expect_download() as download_info:
        decision.get_by_role("link", name=re.compile("Bescheid herunterladen")).click()
    with open(download_info.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    page.reload()
    arrive(resident, f"Antrag {reference}")
    announced = local_day(utcnow()) + dt.timedelta(days=1)
    expect(decision).to_contain_text(row("Tag der Bekanntgabe", announced))
    expect(decision).to_contain_text("Letzter Tag für den Widerspruch")
    expect(page.get_by_role("region", name="Verlauf")).to_contain_text("Abholbestätigung")
    expect(page.get_by_role("heading", name="Antrag zurücknehmen")).to_have_count(0)

    open_case(worker, reference)
    region = worker.page.get_by_role("region", name="Bekanntgabe", exact=True)
    expect(region).to_contain_text(row("Tag der Bekanntgabe", announced))
    expect(region).to_contain_text("Abgerufen am")
    expect(region.get_by_role("button", name="Aufgabe zur Post vermerken")).to_have_count(0)
    assert_clean(resident, worker)


@pytest.mark.browser
def test_without_consent_the_case_worker_records_the_posting(walker, deliver):
    resident, worker = walker(), walker()
    reference = file_one_dog(resident, consent=False)
    page = resident.page
    page.get_by_label(re.compile("^Ich nehme meinen Antrag zurück")).focus()  # not ticked
    page.get_by_role("button", name="Antrag zurücknehmen").click()
    arrive(resident, f"Antrag {reference}")
    expect(page.get_by_role("alert")).to_contain_text(
        "Bitte bestätigen Sie, dass Sie den Antrag zurücknehmen.")
    deliver()
    issue(resident.app, reference)
    deliver()

    open_case(worker, reference)
    wpage = worker.page
    region = wpage.get_by_role("region", name="Bekanntgabe", exact=True)
    expect(region).to_contain_text("Keine Einwilligung")
    with wpage.expect_download():
        region.get_by_role("link", name=re.compile("Für den Postversand drucken")).click()
    tomorrow = local_day(utcnow()) + dt.timedelta(days=1)
    field(region, "Tag der Aufgabe zur Post").fill(tomorrow.isoformat())
    region.get_by_role("button", name="Aufgabe zur Post vermerken").click()
    arrive(worker, f"Vorgang {reference}")
    expect(wpage.get_by_role("alert")).to_contain_text("nicht in der Zukunft")
    today = local_day(utcnow())
    field(region, "Tag der Aufgabe zur Post").fill(today.isoformat())
    region.get_by_role("button", name="Aufgabe zur Post vermerken").click()
    expect(flash(wpage, "Die Aufgabe zur Post ist vermerkt.")).to_be_visible()
    arrive(worker, f"Vorgang {reference}")
    expect(region).to_contain_text(row("Tag der Bekanntgabe", today + dt.timedelta(days=4)))

    page.reload()
    arrive(resident, f"Antrag {reference}")
    expect(page.get_by_role("region", name="Bescheid")).to_contain_text("Zur Post gegeben am")
    assert_clean(resident, worker)
