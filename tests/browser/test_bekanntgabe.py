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

from ..buergerbuero.announcing import issue
from .announcing import file_one_dog, open_case, row
from .people import arrive, assert_clean, field, flash


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
