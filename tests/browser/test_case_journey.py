"""The whole conversation after filing, in Chromium: a dog-tax case filed with consent, a
Rückfrage answered with a file, a Bescheid drafted and issued, retrieved by the resident (the
Bekanntgabe day and the objection period shown on both sides), and the case archive downloaded
and verified at /pruefen. axe-core checks every page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from buergerbuero.cases.deadlines_law import local_day, remedy_ends_on
from common.db import utcnow

from .. import support
from .announcing import file_one_dog, open_case, row
from .people import arrive, assert_clean, field, flash

SEALED = "Das Siegel ist gültig; das Dokument ist unverändert."


def ask_and_answer(resident, worker, reference: str) -> None:
    """The case worker asks for the Wesenstest; the resident answers with a PDF."""
    wpage = worker.page
    field(wpage, "Ihre Rückfrage").fill("Bitte senden Sie uns den Nachweis des Tierheims.")
    field(wpage, "Was benötigen Sie?").fill("Nachweis des Tierheims")
    wpage.get_by_role("button", name="Rückfrage senden").click()
    arrive(worker, f"Vorgang {reference}")
    page = resident.page
    page.goto(f"/antraege/{reference}")
    arrive(resident, f"Antrag {reference}")
    questions = page.get_by_role("region", name="Rückfragen")
    expect(questions).to_contain_text("Nachweis des Tierheims")
    field(questions, "Ihre Antwort").fill("Der Nachweis liegt bei.")
    questions.get_by_label("Dateien anhängen").set_input_files(
        {"name": "tierheim.pdf", "mimeType": "application/pdf",
         "buffer": support.small_pdf("Tierheim Musterstadt")})
    questions.get_by_role("button", name="Antwort senden").click()
    arrive(resident, f"Antrag {reference}")


def decide(worker, reference: str) -> None:
    """The case worker grants the application from the template and issues the Bescheid."""
    wpage = worker.page
    wpage.goto(f"/postfach/{reference}")
    arrive(worker, f"Vorgang {reference}")
    expect(wpage.get_by_role("region", name="Rückfragen")).to_contain_text("tierheim.pdf")
    section = wpage.get_by_role("region", name="Bescheid", exact=True)
    section.get_by_role("radio", name="Bewilligung", exact=True).check()
    section.get_by_role("button", name="Entwurf speichern").click()
    arrive(worker, f"Vorgang {reference}")
    section.get_by_role("button", name="Bescheid erlassen").click()
    arrive(worker, f"Vorgang {reference}")
    expect(flash(wpage, "Der Bescheid ist erlassen")).to_be_visible()


@pytest.mark.browser
def test_rueckfrage_bescheid_retrieval_and_archive(walker, deliver):
    resident, worker = walker(), walker()
    page = resident.page
    reference = file_one_dog(resident, consent=True)
    deliver()
    open_case(worker, reference)
    ask_and_answer(resident, worker, reference)
    deliver()  # the Rückfrage into the box, the answer with its file to the department
    decide(worker, reference)
    deliver()  # the sealed Bescheid into the resident's box

    page.goto(f"/antraege/{reference}")
    arrive(resident, f"Antrag {reference}")
    decision = page.get_by_role("region", name="Bescheid", exact=True)
    expect(decision).to_contain_text("noch nicht abgerufen")
    with page.expect_download() as letter:
        decision.get_by_role("link", name=re.compile("Bescheid herunterladen")).click()
    with open(letter.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    page.reload()
    arrive(resident, f"Antrag {reference}")
    announced = local_day(utcnow()) + dt.timedelta(days=1)
    last_day = remedy_ends_on(announced, "BW")
    expect(decision).to_contain_text(row("Tag der Bekanntgabe", announced))
    expect(decision).to_contain_text(row("Letzter Tag für den Widerspruch", last_day))

    worker.page.reload()
    arrive(worker, f"Vorgang {reference}")
    facts = worker.page.get_by_role("region", name="Bekanntgabe", exact=True)
    expect(facts).to_contain_text(row("Letzter Tag für den Widerspruch", last_day))

    with page.expect_download() as archive:
        page.get_by_role("link", name="Vorgangsakte herunterladen (PDF)").click()
    path = archive.value.path()
    page.goto("/pruefen")
    arrive(resident, "Nachweise prüfen")
    page.set_input_files("#pdf", path)
    page.locator("main form button[type=submit]").click()
    arrive(resident, "Nachweise prüfen")
    expect(page.get_by_role("main")).to_contain_text(SEALED)
    assert_clean(resident, worker)
