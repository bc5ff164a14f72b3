"""A service that is not wholly in English says so on English pages and marks its German texts."""

from __future__ import annotations

import re

import pytest

from .. import support
from .filing import publish_source

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
    publish_source(admin, HALF.format(slug=slug), slug)
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


def test_the_administrator_sees_each_text_without_english_with_its_line(app, half_translated):
    admin = app.test_client()
    support.login_demo(admin, "admin@example.org")
    page = admin.get(f"/verwaltung/leistungen/{half_translated}/1").get_data(as_text=True)
    assert "Englische Übersetzung unvollständig" in page
    assert "Zeile 16: steps.1.title: Englische Übersetzung fehlt" in page
    assert "steps.1.fields.0.label" in page and "steps.0" not in page
    english = admin.get(f"/verwaltung/leistungen/{half_translated}/1",
                        headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Line 16: steps.1.title: English translation missing" in english


def test_storing_a_half_translated_version_warns_and_a_german_only_one_does_not(app):
    admin = app.test_client()
    support.login_demo(admin, "admin@example.org")
    stored = support.post_form(admin, "/verwaltung/leistungen/neu",
                               {"source": HALF.format(slug="sperrmuell-warnung")})
    page = admin.get(stored.headers["Location"]).get_data(as_text=True)
    assert "2 Texte haben keine englische Übersetzung" in page
    german_only = HALF.format(slug="sperrmuell-deutsch")
    for english in ("Book a bulky waste collection", "Ask for a date.", "Environment and waste",
                    "Collection", "Name"):
        german_only = german_only.replace(f", en: {english}}}", "}")
    stored = support.post_form(admin, "/verwaltung/leistungen/neu", {"source": german_only})
    page = admin.get(stored.headers["Location"]).get_data(as_text=True)
    assert "keine englische Übersetzung" not in page and "unvollständig" not in page


def test_services_check_prints_each_gap_as_a_warning(app, tmp_path):
    (tmp_path / "halb.yaml").write_text(HALF.format(slug="halb"), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["services", "check", str(tmp_path)],
                                          env={"LANG": "de_DE.UTF-8"})
    assert result.exit_code == 0, result.output
    assert "  ! Zeile 16: steps.1.title: Englische Übersetzung fehlt" in result.output
    english = app.test_cli_runner().invoke(args=["services", "check", str(tmp_path)],
                                           env={"LANG": "en_GB.UTF-8"})
    assert english.output.startswith("OK ") and "  ! Line 16: steps.1.title" in english.output


def test_the_catalogue_groups_and_orders_services_as_the_reader_reads_them(client):
    english = client.get("/leistungen", headers={"Accept-Language": "en"}).get_data(as_text=True)
    headings = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h2[^>]*>\s*(.*?)\s*</h2>",
                                                               english)]
    assert headings == sorted(headings) and len(headings) == len(set(headings))
