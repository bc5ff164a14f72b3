"""Administrators publish services from YAML alone: check, preview, publish, file, retire."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from buergerbuero.models import Case, CaseStatus

from .. import support
from ..forms.helpers import DEEP_NESTING, NAME_FIELD, alias_bomb, definition, rule_test_bomb
from .admin_pages import SERVICE, as_admin, paste


def test_a_typo_is_shown_with_its_line_and_nothing_is_stored(client):
    as_admin(client)
    response = paste(client, SERVICE.replace("pattern_message", "pattern_mesage"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Zeile 16" in page and "unbekannter Schlüssel „pattern_mesage“" in page
    assert "sperrmuell-termin" not in client.get("/verwaltung/leistungen").get_data(as_text=True)


def test_an_administrator_publishes_a_new_service_a_resident_files_it(client, db_session,
                                                                      run_gateway):
    slug = "sperrmuell-termin"
    as_admin(client)
    assert paste(client, SERVICE).status_code == 302
    assert client.get(f"/leistungen/{slug}").status_code == 404  # stored, not yet published
    preview = client.get(f"/verwaltung/leistungen/{slug}/1/vorschau/abholung")
    text = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Wunschtermin" in text
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;" in text
    bad = support.post_form(client, f"/verwaltung/leistungen/{slug}/1/vorschau/abholung",
                            {"name": "Anna", "plz": "12", "wunschtermin": "2000-01-01"})
    assert bad.status_code == 400
    assert "fünfstellige Postleitzahl" in bad.get_data(as_text=True)
    publish = support.post_form(client, f"/verwaltung/leistungen/{slug}/1/publish", {},
                                page=f"/verwaltung/leistungen/{slug}/1")
    assert publish.status_code == 302
    assert client.get(f"/leistungen/{slug}").status_code == 200
    exported = client.get(f"/verwaltung/leistungen/{slug}/1/export").get_data(as_text=True)
    assert exported == SERVICE
    support.logout(client)
    support.register(client)
    url = support.start_draft(client, slug)
    response = support.post_form(client, url, {"name": "Anna", "plz": "65183",
                                                "wunschtermin": "2099-01-01", "aktion": "weiter"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/pruefen")
    done = support.post_form(client, response.headers["Location"], {"aktion": "einreichen"})
    reference = done.headers["Location"].rsplit("/", 1)[-1]
    assert reference.startswith("SPM-")
    run_gateway()
    case = db_session.scalar(select(Case).where(Case.reference == reference))
    assert case.status is CaseStatus.ZUGESTELLT and case.department.key == "ordnungsamt"


def test_a_stored_version_is_never_changed_and_retiring_hides_it(client):
    slug = "sperrmuell-termin-2"
    text = SERVICE.replace("sperrmuell-termin", slug)
    as_admin(client)
    assert paste(client, text).status_code == 302
    same = paste(client, text)
    assert same.status_code == 302  # identical text: nothing new
    changed = paste(client, text.replace("processing_days: 10", "processing_days: 12"))
    assert changed.status_code == 400
    assert "Bitte erhöhen Sie die Versionsnummer" in changed.get_data(as_text=True)
    upload = support.csrf_of(client.get("/verwaltung/leistungen/neu").get_data(as_text=True))
    v2 = text.replace("version: 1", "version: 2")
    response = client.post("/verwaltung/leistungen/neu", data={
        "csrf_token": upload, "upload": (io.BytesIO(v2.encode()), "service.yaml")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    for version in (1, 2):
        support.post_form(client, f"/verwaltung/leistungen/{slug}/{version}/publish", {},
                          page=f"/verwaltung/leistungen/{slug}/{version}")
    support.post_form(client, f"/verwaltung/leistungen/{slug}/2/retire", {},
                      page=f"/verwaltung/leistungen/{slug}/2")
    assert client.get(f"/leistungen/{slug}").status_code == 200  # version 1 still serves
    support.post_form(client, f"/verwaltung/leistungen/{slug}/1/retire", {},
                      page=f"/verwaltung/leistungen/{slug}/1")
    assert client.get(f"/leistungen/{slug}").status_code == 404
    again = support.post_form(client, f"/verwaltung/leistungen/{slug}/2/publish", {},
                              page=f"/verwaltung/leistungen/{slug}/2")
    assert again.status_code == 303  # a retired version cannot come back


def test_service_administration_is_for_administrators_only(client):
    support.register(client)
    assert client.get("/verwaltung/leistungen").status_code == 403
    assert client.get("/verwaltung/leistungen/hundesteuer-anmeldung/1/export").status_code == 403


OWN_SERVICE = """\
slug: baumfaellung-{n}
version: 1
title: Baumfällung anzeigen
summary: Zeigen Sie die Fällung eines geschützten Baumes an.
category: Umwelt und Abfall
department: gruenflaechen-{n}
processing_days: 20
retention_days: 730
reference_prefix: BFA
codelists:
  baumarten:
    - {{value: eiche, label: Eiche}}
    - {{value: buche, label: Rotbuche}}
    - {{value: linde, label: Linde}}
steps:
  - id: baum
    title: Baum
    fields:
      - {{id: art, type: select, label: Baumart, required: true, options_from: baumarten}}
      - {{id: umfang, type: integer, label: Stammumfang in cm, required: true, min: 1, max: 2000}}
tests:
  - name: Die Baumart ist Pflicht
    answers: {{art: eiche, umfang: 120}}
    expect: {{required: [art, umfang]}}
"""


def test_a_service_with_its_own_department_and_code_list_is_filed_without_python(
        client, db_session, run_gateway, tmp_path):
    from signing import Keyring

    n = tmp_path.name[-6:].replace("_", "").lower()
    with Keyring(tmp_path / "amt") as keyring:  # ends its gpg-agent
        fingerprint = keyring.generate_key("Grünflächenamt", "gruen@amt.invalid")
        public_key = keyring.export_public(fingerprint)
    as_admin(client)
    saved = support.post_form(client, "/verwaltung/aemter/neu", {
        "key": f"gruenflaechen-{n}", "name": "Grünflächenamt", "channel": "postfach",
        "deadline_days": "14", "fallback": "poststelle", "fingerprint": fingerprint,
        "public_key": public_key})
    assert saved.status_code == 302
    text = OWN_SERVICE.format(n=n)
    assert paste(client, text).status_code == 302
    slug = f"baumfaellung-{n}"
    support.post_form(client, f"/verwaltung/leistungen/{slug}/1/publish", {},
                      page=f"/verwaltung/leistungen/{slug}/1")
    support.logout(client)
    support.register(client)
    url = support.start_draft(client, slug)
    assert "Rotbuche" in client.get(url).get_data(as_text=True)
    review = support.post_form(client, url, {"art": "linde", "umfang": "180",
                                             "aktion": "weiter"}).headers["Location"]
    done = support.post_form(client, review, {"aktion": "einreichen"})
    reference = done.headers["Location"].rsplit("/", 1)[-1]
    run_gateway()
    case = db_session.scalar(select(Case).where(Case.reference == reference))
    assert case.status is CaseStatus.ZUGESTELLT
    assert case.department.key == f"gruenflaechen-{n}"
    assert case.submission.answers["art"] == "linde"


def test_an_own_code_list_may_not_shadow_a_shared_one(client):
    as_admin(client)
    text = OWN_SERVICE.format(n="x").replace("baumarten", "hunderassen")
    response = paste(client, text)
    assert response.status_code == 400
    assert "Codeliste „hunderassen“ gibt es schon" in response.get_data(as_text=True)


@pytest.mark.parametrize("bomb", ["aliases", "rule tests", "nesting"])
def test_a_yaml_bomb_pasted_by_an_administrator_gets_a_located_german_400(client, bomb):
    text = {"aliases": alias_bomb(), "rule tests": rule_test_bomb(),
            "nesting": definition(NAME_FIELD) + "documents: " + DEEP_NESTING["flow"] + "\n"}[bomb]
    as_admin(client)
    response = paste(client, text)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(r"Zeile \d+: Die Definition (ist zu groß|ist tiefer als 30 Ebenen)", page)
    assert "testleistung" not in client.get("/verwaltung/leistungen").get_data(as_text=True)


def test_every_unknown_department_is_shown_to_the_administrator_with_its_line(client):
    text = SERVICE.replace("department: ordnungsamt", "department: bauamt") + (
        "recipients:\n  - {department: gartenamt, fields: [name]}\n")
    as_admin(client)
    response = paste(client, text)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Zeile 6: department: unbekanntes Amt „bauamt“" in page
    assert "Zeile 19: recipients.0.department: unbekanntes Amt „gartenamt“" in page


@pytest.mark.parametrize("version", ["99999999999999999999999", "2147483648"])
def test_a_version_no_page_could_open_is_refused_in_german_not_stored(client, version):
    as_admin(client)
    text = SERVICE.replace("version: 1", f"version: {version}").replace(
        "slug: sperrmuell-termin", "slug: sperrmuell-version")
    response = paste(client, text)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Zeile 2" in page and "darf höchstens 2147483647 sein" in page
    assert "sperrmuell-version" not in client.get("/verwaltung/leistungen").get_data(as_text=True)
