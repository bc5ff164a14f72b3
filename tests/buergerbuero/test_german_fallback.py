"""A service that is not wholly in English says so on English pages and marks its German texts."""

from __future__ import annotations

import re

import pytest

from .. import support

NOTE = "This service is not fully translated yet"
HALF = """\
slug: {slug}
version: 1
title: {{de: Sperrmüll-Abholung beantragen, en: Book a bulky waste collection}}
summary: {{de: Beantragen Sie einen Termin., en: Ask for a date.}}
category: {{de: Umwelt und Abfall, en: Environment and waste}}
department: ordnungsamt
processing_days: 10
retention_days: 365
reference_prefix: SPM
steps:
  - id: abholung
    title: {{de: Abholung, en: Collection}}
    fields:
      - {{id: name, type: text, label: {{de: Name, en: Name}}, required: true}}
  - id: termin
    title: Termin
    fields:
      - {{id: wunschtermin, type: date, label: Wunschtermin, required: true, min: today}}
"""


@pytest.fixture(scope="module")
def half_translated(app):
    """Publish a service whose second step has no English (once per module)."""
    admin = app.test_client()
    support.login_demo(admin, "admin@example.org")
    slug = "sperrmuell-halb"
    stored = support.post_form(admin, "/verwaltung/leistungen/neu",
                               {"source": HALF.format(slug=slug)})
    assert stored.status_code == 302, stored.get_data(as_text=True)
    page = f"/verwaltung/leistungen/{slug}/1"
    support.post_form(admin, f"{page}/publish", {}, page=page)
    return slug


def english_page(client, url: str) -> str:
    """Return a page as an English-speaking browser sees it."""
    response = client.get(url, headers={"Accept-Language": "en"})
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_the_service_page_and_the_untranslated_step_carry_the_note(client, half_translated):
    assert NOTE in english_page(client, f"/leistungen/{half_translated}")
    support.register(client)
    first = support.start_draft(client, half_translated)
    assert NOTE not in english_page(client, first)  # its own texts all have English
    second = support.post_form(client, first, {"name": "Erika", "aktion": "weiter"},
                               headers={"Accept-Language": "en"}).headers["Location"]
    page = english_page(client, second)
    assert NOTE in page
    assert re.search(r'<span lang="de">\s*Termin\s*</span>', page)  # the step's German title
    # In the page title the fallback is plain text: no markup inside <title>.
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "Termin" in title and "<span" not in title and "&lt;span" not in title


def test_a_german_reader_and_a_wholly_english_service_get_no_note(client, half_translated):
    german = client.get(f"/leistungen/{half_translated}").get_data(as_text=True)
    assert "noch nicht vollständig übersetzt" not in german
    assert NOTE not in english_page(client, "/leistungen/hundesteuer-anmeldung")
