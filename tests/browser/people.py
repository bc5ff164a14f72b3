"""What people do in the browser tests, step by step: register, log in and out, start a service,
fill fields by their visible label, go on, and finally check the walk stayed clean.

Every helper that lands on a new page waits for its <h1> and runs axe-core there (`arrive`), so a
page reached through these helpers is always checked.
"""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from .. import support

__all__ = ["arrive", "confirm_and_log_in", "flash", "log_in", "log_out", "dog", "field", "register",
           "start", "go_on",
           "submit", "open_postfach", "assert_clean", "DEMO_PASSWORD", "REFERENCE"]

DEMO_PASSWORD = "Demo-Passwort-2026"
REFERENCE = re.compile(r"[A-Z]{2,5}-\d{4}-\d{6}")


def arrive(walk, heading: str | re.Pattern[str]) -> None:
    """Wait for the page whose <h1> reads `heading`, then check it with axe."""
    expect(walk.page.get_by_role("heading", level=1)).to_have_text(heading)
    walk.audit()


def flash(page, text: str):
    """The flashed status message (role=status) saying `text`."""
    return page.get_by_role("status").filter(has_text=text)


def log_in(walk, email: str, password: str, home: str) -> None:
    """Use the header's 'Anmelden' link and the login form."""
    page = walk.page
    page.get_by_role("navigation", name="Benutzerkonto").get_by_role(
        "link", name="Anmelden").click()
    arrive(walk, "Anmelden")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    arrive(walk, home)


def log_out(walk) -> None:
    """Press 'Abmelden' in the header; the catalogue comes back."""
    walk.page.get_by_role("button", name="Abmelden").click()
    expect(flash(walk.page, "Sie haben sich abgemeldet.")).to_be_visible()
    arrive(walk, "Leistungen")


def dog(page, number: int):
    """The fieldset of the n-th dog on step 2."""
    return page.get_by_role("group", name=f"Hund {number}", exact=True)


def field(scope, label: str):
    """The form control labelled `label`, whether marked "(Pflichtfeld)" or not; exact otherwise
    ("Ort" is not "Geburtsort", "Postleitzahl" not "Postleitzahl der Betriebsstätte")."""
    labelled = scope.get_by_label(re.compile(rf"^{re.escape(label)}( \(Pflichtfeld\))?$"))
    return labelled.and_(scope.locator(":not(form)"))  # a step's form bears the step's title


def fill(scope, answers: dict[str, str]) -> None:
    """Type each answer into the field of that label."""
    for label, value in answers.items():
        field(scope, label).fill(value)


def register(walk, service: str, name: str) -> str:
    """Find `service` in the catalogue, open an account from there ("Jetzt registrieren") and
    come back to the service; return the new account's e-mail address."""
    page = walk.page
    email = f"{name.split()[0].lower()}-{uuid.uuid4().hex[:10]}@example.org"
    page.goto("/leistungen")
    arrive(walk, "Leistungen")
    page.get_by_role("link", name=service, exact=True).click()
    arrive(walk, service)
    page.get_by_role("link", name="Jetzt registrieren").click()
    arrive(walk, "Konto anlegen")
    field(page, "Vor- und Nachname").fill(name)
    field(page, "E-Mail-Adresse").fill(email)
    field(page, "Passwort").fill(support.PASSWORD)
    field(page, "Passwort wiederholen").fill(support.PASSWORD)
    page.get_by_role("button", name="Konto anlegen").click()
    arrive(walk, "Bitte prüfen Sie Ihr E-Mail-Postfach")
    confirm_and_log_in(walk, email)
    page.goto("/leistungen")
    arrive(walk, "Leistungen")
    page.get_by_role("link", name=service, exact=True).click()
    arrive(walk, service)
    return email


def confirm_and_log_in(walk, email: str) -> None:
    """Open the confirmation link the app mailed to `email`, then log in with the password."""
    walk.page.goto(support.mailed_path(walk.app, email, "confirm_email"))
    arrive(walk, "E-Mail-Adresse bestätigt")
    log_in(walk, email, support.PASSWORD, "Meine Anträge")


def start(walk, first_step: str) -> None:
    """Press "Antrag starten" on the service's page and arrive at its first step."""
    walk.page.get_by_role("button", name="Antrag starten").click()
    arrive(walk, first_step)


def go_on(walk, next_heading: str | re.Pattern[str]) -> None:
    """Press "Weiter" and arrive at the next page."""
    walk.page.get_by_role("button", name="Weiter", exact=True).click()
    arrive(walk, next_heading)


def submit(walk) -> str:
    """Press "Antrag verbindlich einreichen" on the review; return the case's reference."""
    page = walk.page
    page.get_by_role("button", name="Antrag verbindlich einreichen").click()
    arrive(walk, re.compile(rf"^Antrag {REFERENCE.pattern}$"))
    reference = REFERENCE.search(page.get_by_role("heading", level=1).inner_text()).group(0)
    expect(flash(page, f"Aktenzeichen: {reference}")).to_be_visible()
    return reference


def open_postfach(walk) -> None:
    """Open the Postfach from the main navigation (a fresh page load, also right after login,
    whose page has the same heading)."""
    page = walk.page
    with page.expect_event("framenavigated", predicate=lambda frame: frame == page.main_frame):
        page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
            "link", name="Postfach").click()
    arrive(walk, "Postfach")


def assert_clean(*walks) -> None:
    """Fail with every 5xx, script error, blocked request, unchecked page and axe violation."""
    problems = [problem for walk in walks for problem in walk.problems()]
    assert not problems, "\n".join([f"{len(problems)} problem(s) on the walk:", *problems])
