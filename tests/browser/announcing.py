"""Helpers of the Bekanntgabe walks: file the dog tax with or without consent, open a case as
its case worker, match a row of a description list."""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import expect

from common.formatting import format_date

from .people import DEMO_PASSWORD, arrive, field, fill, go_on, log_in, register, start, submit

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
