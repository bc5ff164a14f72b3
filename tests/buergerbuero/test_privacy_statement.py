"""The privacy statement tells the truth: /seiten/datenschutz shows, after the general text,
each published service's department, purpose, legal basis, Löschfrist and recipients, built from
the newest published definitions, so that publishing a version changes the page at once."""

from __future__ import annotations

import html
import re

import pytest

import forms
from buergerbuero.catalogue import definitions
from buergerbuero.core.extensions import db
from buergerbuero.privacy.statement import retention_words

from .. import support
from .admin_pages import paste
from .casework import text_of
from .privacy_pages import (
    PROBE,
    PROBE_SERVICE,
    department_names,
    probe_session,
    publish_probe,
    shipped,
)

YEARS = {365: "1 Jahr", 730: "2 Jahre", 1095: "3 Jahre", 3650: "10 Jahre"}
"""The shipped services' Löschfristen as the statement must say them."""


def folded(text: str) -> str:
    """Return a text with its whitespace folded to single spaces (as the page shows it)."""
    return re.sub(r"\s+", " ", text).strip()


def as_text(markup: str) -> str:
    """Return a page's text: tags gone, entities resolved, spaces folded."""
    return folded(html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def page_text(client, language: str = "de") -> str:
    """Return the Datenschutz page as text."""
    return as_text(text_of(client.get("/seiten/datenschutz",
                                      headers={"Accept-Language": language})))


def entry_of(client, slug: str, language: str = "de") -> str:
    """Return one service's entry of the Datenschutz page as text (its section, found by the
    heading's id, whatever the language and whatever else other tests published)."""
    page = text_of(client.get("/seiten/datenschutz", headers={"Accept-Language": language}))
    found = re.search(rf'<section[^>]*aria-labelledby="leistung-{re.escape(slug)}">(.*?)'
                      r"</section>", page, re.S)
    assert found, f"no entry for {slug}"
    return as_text(found.group(1))


def newest_specs(app) -> dict[str, forms.ServiceSpec]:
    """Return the newest published version of every shipped service, parsed (a test of the
    session may have published a newer one than the file: the page follows the database)."""
    with app.test_request_context():
        return {d["slug"]: definitions.spec_of(definitions.published(db.session, d["slug"]))
                for d in shipped()}


@pytest.fixture
def probe(client):
    """The administrator's client; the probe service is removed afterwards."""
    yield from probe_session(client)


def test_every_shipped_definition_states_its_purpose_and_legal_basis_in_both_languages():
    for definition in shipped():
        if "external" in definition:
            assert "zweck" not in definition  # nothing is processed here
            continue
        for key in ("zweck", "rechtsgrundlage"):
            assert set(definition[key]) == {"de", "en"}, (definition["slug"], key)
            assert len(definition[key]["de"]) > 40, (definition["slug"], key)


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_shipped_service_appears_with_department_purpose_and_retention(client,
                                                                            language):
    names = department_names(language)
    for slug, spec in newest_specs(client.application).items():
        entry = entry_of(client, slug, language)
        assert spec.title.in_language(language) in entry
        if spec.external is not None:
            assert spec.external.provider.in_language(language) in entry
            assert spec.external.url in entry
            continue
        purpose = spec.purpose or spec.summary
        assert folded(purpose.in_language(language)) in entry, slug
        assert folded(spec.legal_basis.in_language(language)) in entry, slug
        assert names[spec.department] in entry, slug
        if language == "de" and spec.retention_days in YEARS:
            assert f"{YEARS[spec.retention_days]} nach Abschluss" in entry, slug


def test_an_external_service_says_its_data_goes_to_the_other_portal(client):
    entry = entry_of(client, "stadtbibliothek")
    assert "nicht auf dieser Plattform verarbeitet" in entry
    assert "Speicherdauer" not in entry and "Empfänger" not in entry


def test_the_sprechstunde_service_filed_by_booking_is_included(client):
    entry = entry_of(client, "sprechstunde-buergerreferat")
    assert "Bürgerreferat" in entry and "Termin der Digitalen Sprechstunde buchen" in entry


def test_the_gewerbeanmeldung_names_each_further_body_with_only_its_part(client):
    entry = entry_of(client, "gewerbeanmeldung")
    assert "Gewerbeamt" in entry
    parts = entry.split("erhält nur:")
    assert len(parts) == 4, entry
    tax, chamber, statistics = parts[1], parts[2], parts[3]
    assert "Finanzamt Musterstadt" in parts[0] and "§ 14 Abs. 8 GewO" in parts[0]
    assert "Geburtsdatum" in tax and "Familienname" in tax
    assert "Familienname" in chamber and "Geburtsdatum" not in chamber
    assert "Familienname" not in statistics and "Staatsangehörigkeit" in statistics


def test_a_service_routed_by_its_answers_lists_every_department_it_may_go_to(client):
    inquiry = entry_of(client, "allgemeine-anfrage")
    for name in ("Bürgerreferat", "Steueramt", "Ordnungsamt", "Amt für Kindertagesbetreuung"):
        assert name in inquiry
    # The routing table sends dog-tax applications from outside the city to the mailroom.
    dog_tax = entry_of(client, "hundesteuer-anmeldung")
    assert "Steueramt" in dog_tax and "Zentrale Poststelle" in dog_tax


def test_publishing_a_version_changes_the_statement_at_once(probe):
    publish_probe(probe, 1, 730)
    entry = entry_of(probe, PROBE)
    assert "2 Jahre nach Abschluss" in entry and "Ordnungsamt" in entry
    # Without `zweck` the purpose is said from the summary.
    assert "Eine Leistung, an der die Datenschutzerklärung sich ändert." in entry
    assert "Finanzamt" not in entry
    publish_probe(probe, 2, 90, extra="zweck: Wir prüfen die Probe.\nrecipients:\n"
                  "  - {department: finanzamt, fields: [name]}")
    entry = entry_of(probe, PROBE)
    assert "3 Monate nach Abschluss" in entry and "2 Jahre" not in entry
    assert "Wir prüfen die Probe." in entry
    assert "Finanzamt Musterstadt" in entry and "erhält nur: Vollständiger Name" in entry
    assert "Ihr Anliegen" not in entry
    assert "nicht dem Stadtarchiv angeboten" in entry
    publish_probe(probe, 3, 90, extra="archiv_anbieten: true")
    assert "dem Stadtarchiv angeboten; was es übernimmt" in entry_of(probe, PROBE)


def test_the_administrators_text_stays_and_the_generated_part_follows(probe):
    saved = support.post_form(probe, "/verwaltung/seiten/datenschutz",
                              {"body": "## Verantwortlich\n\nStadt Musterstadt, "
                                       "Datenschutzbeauftragte: dsb@musterstadt.example",
                               "aktion": "speichern"}, page="/verwaltung/seiten/datenschutz")
    assert saved.status_code == 302
    page = text_of(probe.get("/seiten/datenschutz"))
    assert "dsb@musterstadt.example" in page
    assert page.index("dsb@musterstadt.example") < page.index('id="verarbeitungen-titel"')
    assert "Gewerbe anmelden" in page and 'id="plattform-titel"' in page


def test_a_hostile_purpose_is_escaped_and_markdown_stays_text(probe):
    publish_probe(probe, 1, 365, extra='zweck: "<script>alert(1)</script> **fett** <b>x</b>"')
    page = text_of(probe.get("/seiten/datenschutz"))
    assert "<script>alert(1)</script>" not in page and "<b>x</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **fett** &lt;b&gt;x&lt;/b&gt;" in page


def test_an_overlong_purpose_is_refused_in_german_naming_the_key(probe):
    response = paste(probe, PROBE_SERVICE.format(version=1, retention=365,
                                                 extra="zweck: " + "x" * 1001))
    assert response.status_code == 400
    page = html.unescape(text_of(response))
    assert "zweck" in page and "ist länger als 1000 Zeichen" in page
    assert probe.get(f"/leistungen/{PROBE}").status_code == 404  # nothing was stored


def test_the_platforms_own_processing_names_its_settings(client):
    app = client.application
    page = page_text(client)
    assert f"nach {app.config['SESSION_IDLE_MINUTES']} Minuten ohne Aktivität" in page
    assert f"{app.config['PRIVACY_LOG_RETENTION_DAYS']} Tage aufbewahrt" in page
    assert "Den Inhalt Ihres Vorgangs enthält eine E-Mail nie." in page
    assert (f"wird {app.config['DRAFT_RETENTION_DAYS']} Tage nach der letzten Änderung mit "
            f"seinen Dateien gelöscht; {app.config['DRAFT_WARNING_DAYS']} Tage vorher") in page
    assert "verschlüsselt gespeichert" in page and "täglich gesiegelt" in page


@pytest.mark.parametrize(("days", "words"), [
    (365, "1 Jahr"), (3650, "10 Jahre"), (30, "1 Monat"), (90, "3 Monate"), (45, "45 Tage"),
    (400, "400 Tage"), (1, "1 Tag")])
def test_a_retention_period_is_said_in_years_months_or_days(app, days, words):
    with app.test_request_context(headers={"Accept-Language": "de"}):
        assert retention_words(days) == words
