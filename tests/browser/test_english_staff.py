"""Case workers and administrators work in English: every staff page in Chromium, axe on each.

A resident files the dog tax (German), the gateway delivers it; then a case worker whose browser
asks for English opens the Postfach and the case, and an administrator goes through Verwaltung:
the overview, the services, a version, the YAML editor with a broken definition, the
departments, one department, the Poststelle and the staff accounts. Every page must be English
(`<html lang="en">`, no German word outside `lang="de"`) and pass axe.
"""

from __future__ import annotations

import pytest

from .. import support
from .english import EnglishPage, Expected, Service, follow
from .people import DEMO_PASSWORD

DOG_TAX = Service("hundesteuer-anmeldung").data["version"]
"""The shipped version of the dog tax, as services/ has it."""
BROKEN = "slug: kaputt\nversion: 1\ntitle: {fr: Cassé}\n"
ADMIN_PAGES = [
    ("administration", "/verwaltung/"), ("services", "/verwaltung/leistungen"),
    ("version", f"/verwaltung/leistungen/hundesteuer-anmeldung/{DOG_TAX}"),
    ("preview", f"/verwaltung/leistungen/hundesteuer-anmeldung/{DOG_TAX}/vorschau/halter"),
    ("departments", "/verwaltung/aemter"), ("department", "/verwaltung/aemter/steueramt"),
    ("mailroom", "/verwaltung/poststelle"), ("accounts", "/verwaltung/konten?rolle=admin"),
    ("new account", "/verwaltung/konten/neu"),
    ("editor", "/verwaltung/leistungen/neu"),  # last: the test goes on typing into it
]


def log_in_english(walk, email: str) -> None:
    """Log in through the form, finding its fields by name (the words are English here)."""
    page = walk.page
    page.goto("/konto/anmelden")
    walk.audit()
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    follow(walk, page.locator("main button[type=submit]"))
    walk.audit()  # where the login leads: the role's home


@pytest.mark.browser
def test_case_workers_and_administrators_see_every_page_in_english(client, walker, deliver):
    support.register(client)
    reference = support.file_hundesteuer(client)
    deliver()
    walk = walker("en-GB")
    page, check = walk.page, EnglishPage(walk, Expected())

    log_in_english(walk, "steueramt@example.org")
    check.check_page("inbox")
    follow(walk, page.get_by_role("link", name=reference).first)
    check.check_page("case")
    follow(walk, page.locator("form[action$='/abmelden'] button"))
    check.check_page("catalogue after logging out")

    log_in_english(walk, "admin@example.org")
    for name, url in ADMIN_PAGES:
        page.goto(url)
        check.check_page(name)
    page.fill("textarea[name=source]", BROKEN)
    follow(walk, page.locator("main form button[type=submit]").first)
    check.check_page("editor with a broken definition")
    assert "unknown key" in page.locator("main").inner_text() or \
        "“fr”" in page.locator("main").inner_text()
    assert not check.report(), f"{len(check.report())} problem(s) in English:\n" + "\n".join(
        check.report())
