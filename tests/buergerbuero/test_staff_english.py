"""The staff pages speak English to an administrator or case worker whose browser asks for it."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select, update

from buergerbuero.models import Case, OutboxMessage, OutboxStatus
from common.i18n import _l
from mailgateway import PermanentDeliveryError
from mailgateway.reasons import failure_record

from .. import support
from .admin_pages import SERVICE, as_admin, paste
from .staff_pages import german_left, prefer_english

ADMIN_PAGES = {
    "/verwaltung/": ("admin/index.html", "Manage services"),
    "/verwaltung/leistungen": ("admin/services.html", "New service or version"),
    "/verwaltung/leistungen/neu": ("admin/new_version.html", "Check and save"),
    "/verwaltung/aemter": ("admin/departments.html", "Departments and delivery channels"),
    "/verwaltung/aemter/neu": ("admin/department.html", "Key fingerprint"),
    "/verwaltung/poststelle": ("admin/gateway.html", "Oldest waiting message"),
    "version": ("admin/service_version.html", "Preview of the steps"),
}
"""Each page, its template and a text of it in English; "version" is a shipped version's page."""


def lang_of(page: str) -> str:
    return re.search(r'<html lang="([a-z]+)"', page).group(1)


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_every_admin_page_is_english_for_an_english_browser(client, url):
    template, english = ADMIN_PAGES[url]
    as_admin(client)
    prefer_english(client)
    if url == "version":
        listed = client.get("/verwaltung/leistungen").get_data(as_text=True)
        url = re.search(r'href="(/verwaltung/leistungen/hundesteuer-anmeldung/\d+)"', listed)[1]
    response = client.get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert lang_of(page) == "en" and english in page
    assert german_left(page, template, "admin/_rule_tests.html") == []


def test_the_same_admin_page_stays_german_without_a_preference(client):
    as_admin(client)
    page = client.get("/verwaltung/").get_data(as_text=True)
    assert lang_of(page) == "de" and "Leistungen verwalten" in page


def test_the_yaml_editor_reports_a_typo_in_english(client):
    as_admin(client)
    prefer_english(client)
    response = paste(client, SERVICE.replace("pattern_message", "pattern_mesage"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and lang_of(page) == "en"
    assert re.search(r"The definition contains \d+ errors?", page)
    assert "Line 16: " in page and "Zeile 16" not in page
    assert german_left(page, "admin/new_version.html") == []


def test_a_stored_version_reports_its_rule_tests_and_flash_in_english(client):
    as_admin(client)
    prefer_english(client)
    # A slug of its own: the session's database may hold the other tests' versions already.
    response = paste(client, SERVICE.replace("sperrmuell-termin", "sperrmuell-englisch"))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Version 1 of “Sperrmüll-Abholung beantragen” has been saved (not published)." in page
    assert "Rule tests" in page and "This version has no rule tests." in page
    assert german_left(page, "admin/service_version.html", "admin/_rule_tests.html") == []


def test_a_bad_department_form_gets_english_messages_and_a_400(client):
    as_admin(client)
    prefer_english(client)
    response = support.post_form(client, "/verwaltung/aemter/neu", {
        "key": "Nicht Gültig", "name": "", "channel": "smtp", "address": "amt@example.org",
        "deadline_days": "0", "fallback": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and lang_of(page) == "en"
    for message in ("Only lower-case letters, digits, - and _, 2 to 40 characters.",
                    "Please enter the name.", "Between 1 and 365 days.",
                    "Please enter the key's fingerprint."):
        assert message.replace("'", "&#39;") in page, message
    assert "Bitte geben Sie" not in page


@pytest.fixture
def delivered(client, other_client, run_gateway):
    """A filed dog-tax case delivered to the Steueramt, whose case worker uses `other_client`."""
    support.register(client)
    reference = support.file_hundesteuer(client)
    run_gateway()
    support.login_demo(other_client, "steueramt@example.org")
    return reference


def test_the_inbox_and_the_case_page_are_english_for_a_case_worker(other_client, delivered):
    german = other_client.get("/postfach/").get_data(as_text=True)
    assert german_left(german, "workbench/inbox.html")  # the check sees German where it is
    prefer_english(other_client)
    inbox = other_client.get("/postfach/").get_data(as_text=True)
    assert lang_of(inbox) == "en" and "Inbox" in inbox and delivered in inbox
    assert "Reference number" in inbox and "New" in inbox
    assert german_left(inbox, "workbench/inbox.html") == []
    case = other_client.get(f"/postfach/{delivered}").get_data(as_text=True)
    assert lang_of(case) == "en" and f"Case {delivered}" in case
    assert "Forward case" in case and "Change status" in case
    assert german_left(case, "workbench/case.html") == []


def test_a_status_change_is_confirmed_in_english(other_client, delivered):
    prefer_english(other_client)
    response = support.post_form(other_client, f"/postfach/{delivered}/status",
                                 {"status": "in_bearbeitung"}, page=f"/postfach/{delivered}")
    assert response.status_code == 302
    page = other_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Status changed: " in page
    assert "Status geändert: " not in page  # the flash; the timeline (partials) is not ours


def fail_delivery(db_session, reference: str) -> None:
    """Mark the case's delivery failed with a stored gateway reason (as a worker would)."""
    case = db_session.scalar(select(Case).where(Case.reference == reference))
    error = PermanentDeliveryError(_l("Webhook %(url)s: nur https ist erlaubt."),
                                   url="'http://amt.invalid/'")
    db_session.execute(update(OutboxMessage).where(OutboxMessage.case_id == case.id).values(
        status=OutboxStatus.FAILED, last_error=failure_record(error)))
    db_session.commit()


def test_a_stored_failure_reason_is_shown_in_the_readers_language(client, other_client,
                                                                    db_session, delivered):
    fail_delivery(db_session, delivered)
    german = other_client.get("/postfach/").get_data(as_text=True)
    assert "Webhook &#39;http://amt.invalid/&#39;: nur https ist erlaubt." in german
    prefer_english(other_client)
    english = other_client.get("/postfach/").get_data(as_text=True)
    assert "Webhook &#39;http://amt.invalid/&#39;: only https is allowed." in english
    assert "nur https" not in english
    as_admin(client)
    prefer_english(client)
    gateway = client.get("/verwaltung/poststelle").get_data(as_text=True)
    assert "only https is allowed." in gateway and "nur https" not in gateway
