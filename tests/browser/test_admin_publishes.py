"""An administrator publishes a fifth service in Chromium, from YAML alone: a typo is refused
with its line, the corrected definition is stored unpublished, a step is previewed as residents
will see it, then published; a resident finds it in the catalogue, files it and gets a reference.
Every page is checked with axe-core; any violation, 5xx, script error or request leaving the
machine fails the test."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from playwright.sync_api import expect

from .people import (
    DEMO_PASSWORD,
    arrive,
    assert_clean,
    field,
    fill,
    flash,
    go_on,
    log_in,
    log_out,
    register,
    start,
    submit,
)

CATEGORY = "Feste und Veranstaltungen"
DEFINITION = """\
slug: strassenfest-{token}
version: 1
title: Straßenfest anmelden ({token})
summary: Melden Sie ein Straßenfest in Ihrer Straße beim Ordnungsamt an.
category: {category}
department: ordnungsamt
processing_days: 14
retention_days: 365
reference_prefix: SFT
steps:
  - id: fest
    title: Das Fest
    fields:
      - {{id: strasse, type: text, label: Straße, required: true, max_length: 120}}
      - {{id: tag, type: date, label: Tag des Festes, required: true, min: today}}
      - id: sperrung
        type: radio
        label: Sperrung der Straße
        required: true
        options:
          - {{value: keine, label: Keine Sperrung}}
          - {{value: halbseitig, label: Halbseitige Sperrung}}
          - {{value: voll, label: Vollsperrung}}
  - id: kontakt
    title: Veranstalterin oder Veranstalter
    fields:
      - {{id: name, type: text, label: Name, required: true, max_length: 100}}
      - {{id: telefon, type: phone, label: Telefon für Rückfragen, required: true}}
      - {{id: richtigkeit, type: boolean, required: true,
         label: "Ich versichere, dass meine Angaben richtig sind."}}
"""


def line_of(text: str, needle: str) -> int:
    """Return the 1-based number of the line of `text` that holds `needle`."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.browser
def test_an_administrator_publishes_a_fifth_service_in_the_browser(walk):
    page = walk.page
    token = uuid.uuid4().hex[:8]
    source = DEFINITION.format(token=token, category=CATEGORY)
    title = f"Straßenfest anmelden ({token})"
    typo = source.replace("max_length: 100", "max_lenght: 100")
    page.goto("/leistungen")
    arrive(walk, "Leistungen")

    # --- Verwaltung → Leistungen → Neue Leistung oder Version. -------------------------------
    log_in(walk, "admin@example.org", DEMO_PASSWORD, "Verwaltung")
    page.get_by_role("link", name=re.compile(r"^Leistungen verwalten")).click()
    arrive(walk, "Leistungen verwalten")
    page.get_by_role("link", name="Neue Leistung oder Version").click()
    arrive(walk, "Neue Leistung oder Version")

    # A misspelt key: refused in German with its line; what was pasted stays.
    yaml_box = field(page, "Definition (YAML)")
    yaml_box.fill(typo)
    page.get_by_role("button", name="Prüfen und speichern").click()
    problems = page.get_by_role("alert").filter(has_text="Die Definition enthält")
    expect(problems).to_be_visible()
    arrive(walk, "Neue Leistung oder Version")
    expect(problems).to_contain_text(
        f"Zeile {line_of(typo, 'max_lenght')}: steps.1.fields.0.max_lenght: "
        "unbekannter Schlüssel „max_lenght“")
    expect(yaml_box).to_have_value(typo)

    # The corrected definition is stored, not yet published.
    yaml_box.fill(source)
    page.get_by_role("button", name="Prüfen und speichern").click()
    expect(flash(page, f"Version 1 von „{title}“ ist gespeichert (nicht veröffentlicht).")
           ).to_be_visible()
    arrive(walk, f"{title} – Version 1")
    expect(page.get_by_role("main")).to_contain_text("Entwurf")

    # The preview shows a step as residents will see it and checks sample answers.
    page.get_by_role("link", name="Das Fest", exact=True).click()
    arrive(walk, "Das Fest")
    expect(flash(page, "Vorschau von Version 1")).to_be_visible()
    for label in ("Straße", "Tag des Festes"):
        expect(field(page, label)).to_be_visible()
    expect(page.get_by_role("group", name=re.compile("^Sperrung der Straße"))).to_be_visible()
    field(page, "Tag des Festes").fill("2000-01-01")
    page.get_by_role("button", name="Weiter", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="Bitte korrigieren Sie Ihre Angaben")
           ).to_contain_text("Straße")
    arrive(walk, "Das Fest")
    expect(field(page, "Tag des Festes")).to_have_attribute("aria-invalid", "true")
    page.get_by_role("link", name="Zurück").click()
    arrive(walk, f"{title} – Version 1")

    # Publish.
    page.get_by_role("button", name="Veröffentlichen").click()
    expect(flash(page, f"Version 1 von „{title}“ ist veröffentlicht.")).to_be_visible()
    arrive(walk, f"{title} – Version 1")
    expect(page.get_by_role("main")).to_contain_text("Veröffentlicht")

    # --- A resident finds the new service in the catalogue and files it. ---------------------
    log_out(walk)  # back on the catalogue
    expect(page.get_by_role("region", name=CATEGORY).get_by_role("link", name=title)
           ).to_be_visible()
    register(walk, title, "Frieda Feier")
    start(walk, "Das Fest")
    fill(page, {"Straße": "Kirchgasse",
                "Tag des Festes": (dt.date.today() + dt.timedelta(days=40)).isoformat()})
    page.get_by_role("radio", name="Halbseitige Sperrung").check()
    go_on(walk, "Veranstalterin oder Veranstalter")
    fill(page, {"Name": "Frieda Feier", "Telefon für Rückfragen": "0611 1720"})
    field(page, "Ich versichere, dass meine Angaben richtig sind.").check()
    go_on(walk, "Angaben prüfen")
    main = page.get_by_role("main")
    for answer in ("Kirchgasse", "Halbseitige Sperrung", "Frieda Feier", "+49 611 1720"):
        expect(main).to_contain_text(answer)
    reference = submit(walk)
    assert reference.startswith(f"SFT-{dt.date.today().year}-"), reference
    expect(page.get_by_role("main")).to_contain_text("Ordnungsamt")

    assert_clean(walk)
