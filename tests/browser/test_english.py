"""The whole dog-tax filing in English in Chromium, and the language switch.

A resident whose browser asks for English (en-GB) finds the Hundesteuer in the catalogue,
registers, fills every step (a refused postcode, two dogs, a dangerous one with its certificate
upload), reviews, files, downloads the sealed receipt from the case page and checks it on
/pruefen. Every page is checked with axe and must be English: `<html lang="en">`, the English
of the catalogue and of the definition shown, no German word outside `lang="de"`. The problems
of all pages are collected and listed together, so one run names every German text left.

Elements are found by ids, names and addresses, never by their words, so a page that is still
German is reported instead of stopping the walk. With BROWSER_SHOTS=<folder>, screenshots at
1280 and 320 px go there.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from buergerbuero.catalogue import definitions
from buergerbuero.core.extensions import db

from .. import support
from .english import EnglishPage, Expected, Service, follow, screenshot, shown_in

SLUG = "hundesteuer-anmeldung"
RECEIPT_SEALED = "Das Siegel ist gültig; das Dokument ist unverändert."
# A service whose one label has no English: on an English page it is German, marked lang="de".
MIXED = """\
slug: laternenfest-{token}
version: 1
title: {{de: Laternenfest anmelden ({token}), en: Register a lantern parade ({token})}}
summary: {{de: Melden Sie einen Laternenumzug an., en: Register a lantern parade.}}
category: {{de: Feste und Veranstaltungen, en: Festivals and events}}
department: ordnungsamt
processing_days: 14
retention_days: 365
reference_prefix: LFT
steps:
  - id: umzug
    title: {{de: Der Umzug, en: The parade}}
    fields:
      - {{id: strasse, type: text, label: {{de: Straße, en: Street}}, required: true,
         max_length: 120}}
      - {{id: flurstueck, type: text, label: Flurstück, max_length: 40}}
"""
GERMAN_ONLY = "Flurstück"
ENGLISH_DATE = re.compile(r"\b\d{1,2} (January|February|March|April|May|June|July|August|"
                          r"September|October|November|December) \d{4}\b")


def step_texts(exp: Expected, svc: Service, step_id: str) -> list[str]:
    """The English a step page shows besides its labels: service, intro, buttons."""
    step = svc.step(step_id)
    texts = [exp.text(svc.data["title"], svc.where("title")), exp.ui("Weiter"),
             exp.ui("Speichern und später fortsetzen"), exp.ui("Zurück")]
    if "intro" in step:
        texts.append(exp.text(step["intro"], svc.where(step_id, "intro")))
    return texts


def check_labels(check: EnglishPage, svc: Service, step_id: str, prefix: str = "",
                 fields: list | None = None, path: tuple = ()) -> None:
    """Check the label of every field of a step (of a group entry: `prefix` "hunde-0-")."""
    for spec in svc.step(step_id)["fields"] if fields is None else fields:
        where = svc.where(step_id, *path, spec["id"], "label")
        english = check.expected.text(spec.get("label", spec["id"]), where)
        if spec["type"] == "group":
            continue  # its entries are labelled by item_label and their number
        check.label(f"step {step_id}", f"{prefix}{spec['id']}", english)


def file_the_dog_tax(walk, check: EnglishPage, exp: Expected, svc: Service) -> None:
    """From the catalogue through the review page; the case page is loaded at the end."""
    page = walk.page
    title = exp.text(svc.data["title"], svc.where("title"))
    summary = exp.text(svc.data["summary"], svc.where("summary"))
    page.goto("/leistungen")
    check.check("catalogue", exp.ui("Leistungen"), title, summary,
                exp.text(svc.data["category"], svc.where("category")),
                exp.ui("Stellen Sie Ihren Antrag online – rund um die Uhr, mit Eingangsquittung."))
    screenshot(walk, "catalogue", check)
    follow(walk, page.locator(f"main a[href$='/leistungen/{SLUG}']"))
    documents = [exp.text(d, svc.where("documents")) for d in svc.data["documents"]]
    check.check("service page", title, summary, *documents,
                exp.text(svc.data["fee"]["label"], svc.where("fee", "label")),
                exp.ui("Zuständig"), exp.ui("Bearbeitungszeit"), exp.ui("Das brauchen Sie"),
                exp.ui("Jetzt registrieren"), exp.ui("in der Regel 14 Tage"))

    follow(walk, page.locator("main a[href*='/konto/registrieren']"))
    check.check("register", exp.ui("Konto anlegen"), exp.ui(
        "Mit Ihrem Konto stellen Sie Anträge, speichern Entwürfe und verfolgen Ihre Vorgänge."))
    for control, german in (("display_name", "Vor- und Nachname"), ("email", "E-Mail-Adresse"),
                            ("password", "Passwort"), ("password_repeat", "Passwort wiederholen")):
        check.label("register", control, exp.ui(german))
    page.fill("#display_name", "Erika Musterfrau")
    email = f"english-{uuid.uuid4().hex[:10]}@example.org"
    page.fill("#email", email)
    page.fill("#password", support.PASSWORD)
    page.fill("#password_repeat", support.PASSWORD)
    follow(walk, page.locator("main form button[type=submit]"))
    check.check("registered", exp.ui("Bitte prüfen Sie Ihr E-Mail-Postfach"))
    page.goto(support.mailed_path(walk.app, email, "confirm_email"))
    check.check("address confirmed", exp.ui("E-Mail-Adresse bestätigt"),
                exp.ui("Sie können jetzt Anträge einreichen."))
    follow(walk, page.locator("main a[href$='/konto/anmelden']"))
    check.check("login", exp.ui("Anmelden"), exp.ui("Passwort vergessen?"))
    page.fill("#email", email)
    page.fill("#password", support.PASSWORD)
    follow(walk, page.locator("main form button[type=submit]"))
    check.check("my applications", exp.ui("Meine Anträge"), exp.ui("Mein Konto"))
    page.goto(f"/leistungen/{SLUG}")
    check.check("service page after logging in", title, exp.ui("Antrag starten"))

    # --- Step 1, first with a postcode that is refused in English. ------------------------
    follow(walk, page.locator(f"form[action$='/neu/{SLUG}'] button[type=submit]"))
    halter = exp.text(svc.step("halter")["title"], svc.where("halter", "title"))
    check.check("step halter", halter, *step_texts(exp, svc, "halter"))
    check_labels(check, svc, "halter")
    for control, value in (("vorname", "Erika"), ("nachname", "Musterfrau"),
                           ("geburtsdatum", "1980-05-17"), ("strasse", "Lindenweg 4"),
                           ("plz", "123"), ("ort", "Musterstadt"),
                           ("email", "erika@example.org")):
        page.fill(f"#{control}", value)
    follow(walk, page.locator("button[name=aktion][value=weiter]"))
    check.check("step halter, refused", halter, exp.ui("Bitte korrigieren Sie Ihre Angaben"),
                exp.ui("Eine Postleitzahl hat fünf Ziffern, z. B. 65183."))
    page.fill("#plz", "65183")
    follow(walk, page.locator("button[name=aktion][value=weiter]"))

    # --- Step 2: two dogs, the first dangerous with its certificate. ------------------------
    hunde = exp.text(svc.step("hunde")["title"], svc.where("hunde", "title"))
    group = svc.field("hunde", "hunde")
    item = exp.text(group["item_label"], svc.where("hunde", "hunde", "item_label"))
    add = exp.text(group["add_label"], svc.where("hunde", "hunde", "add_label"))
    check.check("step hunde", hunde, f"{item} 1", add, *step_texts(exp, svc, "hunde"))
    follow(walk, page.locator("button[name=aktion][value='hinzufuegen:hunde']"))
    check.check("step hunde, two dogs", hunde, f"{item} 1", f"{item} 2")
    breeds = Service.codelist("hunderassen")
    dogs = (("Rex", "american-staffordshire-terrier", "276098106500001", "2023-08-01"),
            ("Bella", "beagle", "276098106500002", "2022-04-15"))
    for n, (name, breed, chip, since) in enumerate(dogs):
        page.fill(f"#hunde-{n}-hundename", name)
        page.select_option(f"#hunde-{n}-rasse", breed)
        page.fill(f"#hunde-{n}-chip", chip)
        page.fill(f"#hunde-{n}-haltung_seit", since)
        option = page.locator(f"#hunde-{n}-rasse option:checked").inner_text().strip()
        english = exp.text(breeds[breed], f"services/codelists/hunderassen.yaml {breed}")
        if option != english:
            check.problems.append(f"step hunde: breed option reads {option!r}, not {english!r}")
    page.check("#hunde-0-gefaehrlich")
    page.locator("#hunde-0-wesenstest").wait_for(state="visible")
    walk.audit()  # the entry with its upload shown
    check_labels(check, svc, "hunde", "hunde-0-", group["fields"], ("hunde",))
    check_labels(check, svc, "hunde", "hunde-1-", group["fields"], ("hunde",))
    page.set_input_files("#hunde-0-wesenstest", {
        "name": "Wesenstest-Rex.pdf", "mimeType": "application/pdf",
        "buffer": support.small_pdf("Wesenstest bestanden: Rex")})
    screenshot(walk, "step-hunde", check)
    follow(walk, page.locator("button[name=aktion][value=weiter]"))

    # --- Step 3: payment. --------------------------------------------------------------------
    zahlung = exp.text(svc.step("zahlung")["title"], svc.where("zahlung", "title"))
    check.check("step zahlung", zahlung, *step_texts(exp, svc, "zahlung"))
    for n, option in enumerate(svc.field("zahlung", "zahlweise")["options"]):
        check.label("step zahlung", f"zahlweise-{n}",
                    exp.text(option["label"], svc.where("zahlung", "zahlweise", option["value"])))
    check_labels(check, svc, "zahlung")
    page.check("input[name=zahlweise][value=ueberweisung]")
    page.check("#richtigkeit")
    follow(walk, page.locator("button[name=aktion][value=weiter]"))

    # --- Review, then filing. ----------------------------------------------------------------
    # The dogs' step holds only the group: its sections are titled by entry ("Dog 1").
    dog = exp.text(svc.field("hunde", "hunde")["item_label"], svc.where("hunde", "item_label"))
    check.check("review", exp.ui("Angaben prüfen"), halter, f"{dog} 1", zahlung, "Rex", "Bella",
                "Wesenstest-Rex.pdf",
                exp.text(breeds["beagle"], "services/codelists/hunderassen.yaml beagle"),
                exp.text(svc.field("hunde", "hunde", "hundename")["label"],
                         svc.where("hunde", "hunde", "hundename", "label")),
                exp.text(svc.data["fee"]["label"], svc.where("fee", "label")), "€720.00",
                exp.ui("Ja"), exp.ui("Antrag verbindlich einreichen"))
    if "17.05.1980" in page.get_by_role("main").inner_text():
        check.problems.append("review: the date of birth is written the German way, 17.05.1980")
    follow(walk, page.locator("button[name=aktion][value=einreichen]"))


@pytest.mark.browser
def test_a_resident_files_the_dog_tax_in_english(walker, deliver):
    walk, exp, svc = walker("en-GB"), Expected(), Service(SLUG)
    check = EnglishPage(walk, exp)
    page = walk.page
    file_the_dog_tax(walk, check, exp, svc)

    # --- The case page, before and after the gateway delivered the receipt. ----------------
    reference = page.url.rsplit("/", 1)[-1]
    heading = exp.ui(f"Antrag {reference}")
    check.check("case page", heading,
                exp.ui(f"Ihr Antrag ist eingegangen. Aktenzeichen: {reference}"),
                exp.ui("Eingereicht"), exp.ui("Dokumente"))
    deliver()
    page.reload()
    check.check("case page, delivered", heading, exp.ui("Verlauf"),
                exp.ui("Versandbestätigung"), exp.ui("Eingangsbestätigung"))
    main = page.get_by_role("main").inner_text()
    if not ENGLISH_DATE.search(main):
        check.problems.append("case page: no date written in English (e.g. 1 December 2026)")
    screenshot(walk, "case", check)
    receipt = page.locator("section[aria-labelledby=dokumente] a[download]").first
    with page.expect_download() as download_info:
        receipt.click()
    path = download_info.value.path()
    assert Path(path).read_bytes()[:5] == b"%PDF-"

    # --- The receipt is checked on /pruefen. -------------------------------------------------
    page.goto("/pruefen")
    check.check("verification", exp.ui("Nachweise prüfen"), exp.ui("Prüfen"))
    for control, german in (("pdf", "Gesiegeltes PDF"), ("record", "Nachweis (Text)"),
                            ("signature", "Signatur")):
        check.label("verification", control, exp.ui(german))
    page.set_input_files("#pdf", path)
    follow(walk, page.locator("main form button[type=submit]"))
    check.check("verification, checked", exp.ui("Nachweise prüfen"), exp.ui(RECEIPT_SEALED),
                exp.ui("Signatur mathematisch gültig"))

    problems = check.report()
    assert not problems, "\n".join([f"{len(problems)} problem(s) in English:", *problems])


def log_in(walk, email: str, language: str) -> None:
    """Log in on the login page of a fresh browser; the page after it speaks `language`."""
    page = walk.page
    page.goto("/konto/anmelden")
    shown_in(walk, "de")  # a German browser without a choice of its own
    page.fill("#email", email)
    page.fill("#password", support.PASSWORD)
    follow(walk, page.locator("main form button[type=submit]"))
    shown_in(walk, language)


@pytest.mark.browser
def test_a_german_browser_switches_to_english_and_back(walker):
    exp, walk = Expected(), walker("de-DE")
    page = walk.page
    services = page.get_by_role("navigation", name=exp.ui("Hauptnavigation")).get_by_role(
        "link", name=exp.ui("Leistungen"))
    page.goto("/leistungen")
    shown_in(walk, "de")
    english = page.locator("header").get_by_role("button", name="English", exact=True)
    expect(english).to_have_attribute("lang", "en")
    follow(walk, english)
    shown_in(walk, "en")
    expect(services).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(exp.ui("Leistungen"))
    page.reload()
    shown_in(walk, "en")

    # Registering keeps the choice, and the account remembers it for the next login.
    page.goto("/konto/registrieren")
    shown_in(walk, "en")
    email = f"switch-{uuid.uuid4().hex[:10]}@example.org"
    for control, value in (("display_name", "Jan Jansen"), ("email", email),
                           ("password", support.PASSWORD), ("password_repeat", support.PASSWORD)):
        page.fill(f"#{control}", value)
    follow(walk, page.locator("main form button[type=submit]"))
    shown_in(walk, "en")
    elsewhere = walker("de-DE")
    log_in(elsewhere, email, "en")

    # Back to German there: that, too, survives a reload and the next login.
    german = elsewhere.page.locator("header").get_by_role("button", name="Deutsch", exact=True)
    expect(german).to_have_attribute("lang", "de")
    follow(elsewhere, german)
    shown_in(elsewhere, "de")
    elsewhere.page.reload()
    shown_in(elsewhere, "de")
    third = walker("en-GB")
    third.page.goto("/leistungen")
    shown_in(third, "en")  # the English browser's guess, until the account speaks
    third.page.goto("/konto/anmelden")
    shown_in(third, "en")
    third.page.fill("#email", email)
    third.page.fill("#password", support.PASSWORD)
    follow(third, third.page.locator("main form button[type=submit]"))
    shown_in(third, "de")

    problems = [p for w in (walk, elsewhere, third) for p in w.problems()]
    assert not problems, "\n".join([f"{len(problems)} problem(s):", *problems])


@pytest.mark.browser
def test_a_label_without_english_is_german_and_marked_so(app, walker):
    token = uuid.uuid4().hex[:8]
    with app.app_context():
        definitions.publish_source(db.session, MIXED.format(token=token), "laternenfest.yaml")
        db.session.commit()
    walk = walker("en-GB")
    page = walk.page
    page.goto("/konto/registrieren")
    shown_in(walk, "en")
    for control, value in (("display_name", "Lea Licht"),
                           ("email", f"lantern-{token}@example.org"),
                           ("password", support.PASSWORD), ("password_repeat", support.PASSWORD)):
        page.fill(f"#{control}", value)
    follow(walk, page.locator("main form button[type=submit]"))
    shown_in(walk, "en")
    page.goto(support.mailed_path(app, f"lantern-{token}@example.org", "confirm_email"))
    shown_in(walk, "en")
    page.goto("/konto/anmelden")
    shown_in(walk, "en")
    page.fill("#email", f"lantern-{token}@example.org")
    page.fill("#password", support.PASSWORD)
    follow(walk, page.locator("main form button[type=submit]"))
    shown_in(walk, "en")
    page.goto(f"/leistungen/laternenfest-{token}")
    shown_in(walk, "en")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(f"Register a lantern parade ({token})")
    follow(walk, page.locator(f"form[action$='/neu/laternenfest-{token}'] button[type=submit]"))
    shown_in(walk, "en")
    expect(heading).to_have_text("The parade")
    expect(page.locator("label[for=strasse]")).to_contain_text("Street")
    expect(page.locator("label[for=strasse] [lang=de]")).to_have_count(0)
    german = page.locator("label[for=flurstueck] [lang=de]")
    expect(german).to_have_text(GERMAN_ONLY)
    # The German label still names its field for assistive technology.
    expect(page.get_by_label(re.compile(GERMAN_ONLY))).to_have_attribute("id", "flurstueck")
    assert not walk.problems(), "\n".join(walk.problems())
