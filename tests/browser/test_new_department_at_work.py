"""A department is staffed and works its first case, in Chromium only, as the issue's people do.

An administrator creates a department (its Postfach key made by the platform), a case worker
for it and a service routed there, all in Verwaltung. A resident files the service. The new
case worker sets a password from the link in the e-mail a real SMTP server received, finds the
case by searching, claims it, asks back (Rückfrage); the resident's answer puts it back into
work; the case worker decides and closes it. The resident gets a mail at each step that only
says something waits, never what. axe-core checks every page; any violation, 5xx, script error
or request leaving the machine fails the test.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from ..buergerbuero.mailing import Mailbox, empty_mail_queue, run_mail_worker, smtp_server
from .people import (
    DEMO_PASSWORD,
    arrive,
    assert_clean,
    field,
    fill,
    flash,
    go_on,
    log_in,
    open_postfach,
    register,
    start,
    submit,
)

SERVICE = """\
slug: sperrmuell-{token}
version: 1
title: Sperrmüll abholen lassen ({token})
summary: Lassen Sie Sperrmüll an Ihrer Adresse abholen.
category: Abfall
department: {department}
processing_days: 10
retention_days: 365
reference_prefix: SPM
steps:
  - id: abholung
    title: Abholung
    fields:
      - {{id: strasse, type: text, label: Straße und Hausnummer, required: true}}
      - {{id: stuecke, type: integer, label: Anzahl der Stücke, required: true, min: 1, max: 20}}
"""
LINK = re.compile(r"https?://\S+/konto/passwort/\S+")


def create_department(walk, key: str, name: str) -> None:
    """Verwaltung → Ämter → "Neues Amt", Postfach inside the platform, no key of its own."""
    page = walk.page
    page.get_by_role("link", name="Ämter und Zustellwege anlegen und ändern").click()
    arrive(walk, "Ämter und Zustellwege")
    page.get_by_role("link", name="Neues Amt").click()
    arrive(walk, "Neues Amt")
    fill(page, {"Kennung": key, "Name": name, "Frist in Tagen": "10"})
    page.get_by_role("button", name="Speichern").click()
    expect(flash(page, f"Das Amt „{name}“ ist gespeichert.")).to_be_visible()
    arrive(walk, "Ämter und Zustellwege")


def create_case_worker(walk, email: str, name: str, department: str) -> None:
    """Verwaltung → Konten → "Neues Konto": a case worker of the new department."""
    page = walk.page
    page.goto("/verwaltung/")
    arrive(walk, "Verwaltung")
    page.get_by_role("link", name=re.compile("^Konten der Mitarbeitenden")).click()
    arrive(walk, "Konten der Mitarbeitenden")
    page.get_by_role("link", name="Neues Konto").click()
    arrive(walk, "Neues Konto")
    fill(page, {"Name": name, "E-Mail-Adresse": email})
    page.get_by_role("radio", name="Sachbearbeitung").check()
    page.get_by_role("checkbox", name=department).check()
    page.get_by_role("button", name="Speichern").click()
    expect(flash(page, "Der Link zum Festlegen des Passworts ist unterwegs.")).to_be_visible()
    arrive(walk, "Konten der Mitarbeitenden")


def publish_service(walk, source: str, title: str) -> None:
    """Verwaltung → Leistungen: store the definition, then publish it."""
    page = walk.page
    page.goto("/verwaltung/")
    arrive(walk, "Verwaltung")
    page.get_by_role("link", name=re.compile(r"^Leistungen verwalten")).click()
    arrive(walk, "Leistungen verwalten")
    page.get_by_role("link", name="Neue Leistung oder Version").click()
    arrive(walk, "Neue Leistung oder Version")
    field(page, "Definition (YAML)").fill(source)
    page.get_by_role("button", name="Prüfen und speichern").click()
    arrive(walk, f"{title} – Version 1")
    page.get_by_role("button", name="Veröffentlichen").click()
    expect(flash(page, f"Version 1 von „{title}“ ist veröffentlicht.")).to_be_visible()
    arrive(walk, f"{title} – Version 1")


def file_service(walk, title: str) -> tuple[str, str]:
    """A resident registers from the service's page and files it; return (email, reference)."""
    email = register(walk, title, "Paula Pflug")
    start(walk, "Abholung")
    fill(walk.page, {"Straße und Hausnummer": "Am Markt 3", "Anzahl der Stücke": "4"})
    go_on(walk, "Angaben prüfen")
    return email, submit(walk)


def set_password_from_mail(walk, mailbox: Mailbox, email: str) -> None:
    """Open the one-time link of the mail the SMTP server received and choose a password."""
    [mail] = [m for m in mailbox.to(email) if "/konto/passwort/" in mail_text(m)]
    link = LINK.search(mail_text(mail)).group(0)
    walk.page.goto("/" + link.split("/", 3)[3])  # the live server, not PUBLIC_URL
    arrive(walk, "Passwort festlegen")
    field(walk.page, "Neues Passwort").fill("Sperrmuell-Abholung-2026!")
    field(walk.page, "Passwort wiederholen").fill("Sperrmuell-Abholung-2026!")
    walk.page.get_by_role("button", name="Passwort speichern").click()
    expect(flash(walk.page, "Ihr Passwort ist gespeichert.")).to_be_visible()
    arrive(walk, "Anmelden")


def mail_text(mail) -> str:
    """Return the text part of a received mail."""
    return mail.get_body(preferencelist=("plain",)).get_content()


def change_status(walk, reference: str, status: str) -> None:
    """Choose the next status on the case page and press "Status ändern"."""
    page = walk.page
    field(page, "Neuer Status").select_option(label=status)
    page.get_by_role("button", name="Status ändern").click()
    arrive(walk, f"Vorgang {reference}")
    expect(page.get_by_role("main")).to_contain_text(status)


def issue_grant(walk, reference: str) -> None:
    """Decide the case by a Bescheid: a full grant from the department's template, issued."""
    page = walk.page
    section = page.get_by_role("region", name="Bescheid")
    section.get_by_role("radio", name="Bewilligung", exact=True).check()
    section.get_by_role("button", name="Vorlage der Entscheidung einsetzen").click()
    arrive(walk, f"Vorgang {reference}")
    section.get_by_role("button", name="Entwurf speichern").click()
    arrive(walk, f"Vorgang {reference}")
    section.get_by_role("button", name="Bescheid erlassen").click()
    arrive(walk, f"Vorgang {reference}")
    expect(flash(page, "Der Bescheid ist erlassen")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Entschieden")


def ask_back(walk, reference: str) -> None:
    """Ask the resident on the case page ("Rückfrage stellen"; the deadline is proposed)."""
    page = walk.page
    field(page, "Ihre Rückfrage").fill("Wie viele Stücke sollen abgeholt werden?")
    field(page, "Was benötigen Sie?").fill("Anzahl und Art der Stücke")
    page.get_by_role("button", name="Rückfrage senden").click()
    arrive(walk, f"Vorgang {reference}")
    expect(page.get_by_role("region", name="Rückfragen")).to_contain_text("offen")


def resident_answers(walk, reference: str) -> None:
    """The resident opens the case from "Meine Anträge" and answers the Rückfrage."""
    page = walk.page
    page.goto("/antraege/")
    arrive(walk, "Meine Anträge")
    expect(page.get_by_role("main")).to_contain_text("Rückfrage: Bitte antworten Sie bis")
    page.get_by_role("link", name=reference).click()
    arrive(walk, f"Antrag {reference}")
    questions = page.get_by_role("region", name="Rückfragen")
    expect(questions).to_contain_text("Anzahl und Art der Stücke")
    field(questions, "Ihre Antwort").fill("Es sind vier Stücke: zwei Stühle, ein Tisch, ein Regal.")
    questions.get_by_role("button", name="Antwort senden").click()
    arrive(walk, f"Antrag {reference}")


@pytest.mark.browser
def test_a_new_department_is_staffed_and_works_its_first_case(walker, deliver, app,
                                                               monkeypatch):
    token = uuid.uuid4().hex[:6]
    key, name = f"abfall-{token}", f"Abfallwirtschaft {token}"
    worker_email = f"sina-{token}@example.org"
    title = f"Sperrmüll abholen lassen ({token})"
    mailbox = Mailbox()
    with smtp_server(mailbox) as port:
        monkeypatch.setitem(app.config, "MAIL_SMTP_PORT", port)
        empty_mail_queue(app)  # what other tests queued was never meant to be sent
        admin, resident, worker = walker(), walker(), walker()

        admin.page.goto("/leistungen")
        arrive(admin, "Leistungen")
        log_in(admin, "admin@example.org", DEMO_PASSWORD, "Verwaltung")
        create_department(admin, key, name)
        create_case_worker(admin, worker_email, "Sina Sachbearbeiterin", name)
        publish_service(admin, SERVICE.format(token=token, department=key), title)

        resident_email, reference = file_service(resident, title)
        deliver()
        run_mail_worker(app)

        set_password_from_mail(worker, mailbox, worker_email)
        log_in(worker, worker_email, "Sperrmuell-Abholung-2026!", "Postfach")
        open_postfach(worker)
        page = worker.page
        field(page, "Aktenzeichen oder Name").fill("pflug")  # the applicant's name, any case
        page.get_by_role("button", name="Suchen").click()
        arrive(worker, "Postfach")
        page.get_by_role("link", name=reference).click()
        arrive(worker, f"Vorgang {reference}")
        page.get_by_role("button", name="Übernehmen").click()
        expect(page.get_by_role("main")).to_contain_text("Sie bearbeiten diesen Vorgang.")
        arrive(worker, f"Vorgang {reference}")
        change_status(worker, reference, "In Bearbeitung")
        ask_back(worker, reference)

        resident_answers(resident, reference)
        deliver()  # the resident's answer travels through the gateway to the department
        page.reload()
        arrive(worker, f"Vorgang {reference}")
        expect(page.get_by_role("main")).to_contain_text("In Bearbeitung")
        issue_grant(worker, reference)
        deliver()  # the sealed Bescheid travels into the resident's box; the mail tells of it
        run_mail_worker(app)

    told = [mail_text(m) for m in mailbox.to(resident_email) if reference in m["Subject"]]
    assert len(told) == 3, told  # received, Rückfrage, decided; the confirmation link before
    assert all(f"/antraege/{reference}" in text for text in told), told
    assert not any("Stühle" in text or "Am Markt" in text for text in told), told
    assert_clean(admin, resident, worker)
