"""A case worker decides a dog-tax case by a Bescheid, in Chromium: picks the outcome, puts its
template in, writes the reasons, saves the draft and issues it. axe-core checks every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .. import support
from ..buergerbuero.casework import CASEWORKER
from .people import DEMO_PASSWORD, arrive, assert_clean, field, flash, log_in


@pytest.mark.browser
def test_a_case_worker_drafts_and_issues_a_rejection(app, walk, deliver):
    resident = app.test_client()
    support.register(resident)
    reference = support.file_hundesteuer(resident)
    deliver()
    page = walk.page
    page.goto("/leistungen")
    arrive(walk, "Leistungen")
    log_in(walk, CASEWORKER, DEMO_PASSWORD, "Postfach")
    page.goto(f"/postfach/{reference}")
    arrive(walk, f"Vorgang {reference}")
    section = page.get_by_role("region", name="Bescheid")
    expect(section.get_by_text("nur durch einen Bescheid")).to_be_visible()
    section.get_by_role("radio", name="Ablehnung").check()
    section.get_by_role("button", name="Vorlage der Entscheidung einsetzen").click()
    arrive(walk, f"Vorgang {reference}")
    expect(field(section, "Entscheidung im Wortlaut (Tenor)")).to_have_value(re.compile(
        "Ihr Antrag wird abgelehnt."))
    section.get_by_role("button", name="Entwurf speichern").click()
    arrive(walk, f"Vorgang {reference}")  # refused: a rejection needs its reasons
    expect(page.get_by_role("alert")).to_contain_text("Bitte begründen Sie die Entscheidung")
    field(section, "Begründung").fill("Der Hund lebt nicht in Musterstadt.")
    section.get_by_role("button", name="Entwurf speichern").click()
    arrive(walk, f"Vorgang {reference}")
    expect(flash(page, "Der Entwurf des Bescheids ist gespeichert.")).to_be_visible()
    with page.expect_download() as preview:
        section.get_by_role("link", name="Vorschau des Entwurfs (PDF, nicht gesiegelt)").click()
    assert preview.value.suggested_filename == f"Bescheid-Entwurf-{reference}.pdf"
    section.get_by_role("button", name="Bescheid erlassen").click()
    arrive(walk, f"Vorgang {reference}")
    expect(flash(page, "Der Bescheid ist erlassen")).to_be_visible()
    expect(section.get_by_text("Ablehnung", exact=True)).to_be_visible()
    assert_clean(walk)
