"""Meine Daten in Chromium: a resident whose application the Steueramt opened finds Meine Daten
from the Konto page, sees which department opened it and when, downloads the JSON and the
sealed PDF, then deletes the account (a wrong password first). axe-core checks every page, and
none scrolls sideways at 320 px. With BROWSER_SHOTS=<folder>, screenshots at 1280 and 320 px
go there."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .. import support
from .announcing import file_one_dog, open_case
from .english import WIDENED
from .people import arrive, assert_clean, field

SHOTS = os.environ.get("BROWSER_SHOTS")


def narrow(walk, name: str) -> None:
    """Fail the walk if the page scrolls sideways at 320 px; take the screenshots if asked."""
    page = walk.page
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}-1280.png", full_page=True)
    page.set_viewport_size({"width": 320, "height": 800})
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}-320.png", full_page=True)
    assert page.evaluate(WIDENED) <= 0, f"{name}: at 320 px the page scrolls sideways"
    page.set_viewport_size({"width": 1280, "height": 900})


def download(page, link_name: str, saved_as: str | None = None) -> bytes:
    """Click a download link and return the file's bytes (checking the name it saves under)."""
    with page.expect_download() as file:
        page.get_by_role("link", name=link_name).click()
    if saved_as:
        assert file.value.suggested_filename == saved_as
    return Path(file.value.path()).read_bytes()


def delete_account(walk) -> None:
    """Refuse a wrong password, then delete the account with the right one."""
    page = walk.page
    page.get_by_role("link", name="Zum Löschen des Kontos").click()
    arrive(walk, "Konto löschen")
    narrow(walk, "konto-loeschen")
    field(page, "Ihr Passwort").fill("ganz-falsches-Passwort-9")
    page.get_by_role("button", name="Konto endgültig löschen").click()  # the box unticked
    arrive(walk, "Konto löschen")
    summary = page.locator(".app-error-summary")  # both errors at once, at the top
    expect(summary).to_contain_text("Das Passwort ist nicht richtig.")
    expect(summary).to_contain_text("Bitte bestätigen Sie")
    assert summary.bounding_box()["y"] < page.get_by_role("region", name="Ihr Konto"
                                                           ).bounding_box()["y"]
    narrow(walk, "konto-loeschen-fehler")
    field(page, "Ihr Passwort").fill(support.PASSWORD)
    page.get_by_label("Ich möchte mein Konto löschen", exact=False).check()
    page.get_by_role("button", name="Konto endgültig löschen").click()
    arrive(walk, "Ihr Konto ist gelöscht")
    narrow(walk, "konto-geloescht")


@pytest.mark.browser
def test_a_resident_sees_downloads_and_deletes_their_data(walker, deliver):
    resident, worker = walker(), walker()
    page = resident.page
    reference = file_one_dog(resident, consent=False)
    deliver()
    open_case(worker, reference)  # the Steueramt opens it: the Abholbestätigung

    page.get_by_role("link", name="Mein Konto").click()
    arrive(resident, "Mein Konto")
    page.get_by_role("link", name="Meine Daten ansehen").click()
    arrive(resident, "Meine Daten")
    cases = page.get_by_role("region", name="Ihre Anträge")
    expect(cases).to_contain_text(reference)
    expect(cases.get_by_role("table")).to_contain_text("Steueramt")
    narrow(resident, "meine-daten")

    data = json.loads(download(page, "Meine Daten als JSON-Datei (maschinenlesbar, Art. 20 DSGVO)",
                               saved_as="meine-daten.json"))
    assert data["format"] == "buergerbuero-meine-daten"
    assert [c["reference"] for c in data["cases"]] == [reference]
    assert download(page, "Auskunft als PDF (gesiegelt, Art. 15 DSGVO)")[:5] == b"%PDF-"

    delete_account(resident)
    page.goto(f"/antraege/{reference}")
    arrive(resident, "Anmelden")  # logged out: the case is no longer reachable
    assert_clean(resident, worker)
