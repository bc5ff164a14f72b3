"""Rule tests of a definition on save: shown to the administrator, a failing one blocks publishing
(Verwaltung and `flask services load`) until a fixed new version passes; `flask services check`."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from buergerbuero.catalogue import definitions
from buergerbuero.core.extensions import db
from buergerbuero.models import DefinitionStatus, ServiceDefinition

from .. import support

RIGHT_FEE, WRONG_FEE = "if(art == 'gewerblich', 50, 20)", "if(art == 'gewerblich', 40, 20)"


def service(slug: str, version: int = 1, fee: str = RIGHT_FEE) -> str:
    """Return a definition with a fee, a routing rule and two rule tests."""
    return f"""\
slug: {slug}
version: {version}
title: Sondernutzung einer Straße
summary: Beantragen Sie die Nutzung einer Straße, nur für Tests.
category: Tests
department: ordnungsamt
processing_days: 10
retention_days: 365
reference_prefix: SNU
fee: {{expression: "{fee}", currency: EUR}}
routing:
  - {{when: "art == 'gewerblich'", to: steueramt}}
steps:
  - id: angaben
    title: Angaben
    fields:
      - {{id: art, type: radio, label: Art, required: true,
         options: [{{value: privat, label: Privat}}, {{value: gewerblich, label: Gewerblich}}]}}
      - {{id: firma, type: text, label: Firma,
         visible_if: "art == 'gewerblich'", required_if: "art == 'gewerblich'"}}
tests:
  - name: Gewerbliche Nutzung kostet 50 €
    answers: {{art: gewerblich}}
    expect: {{required: [firma], fee: "50.00", department: steueramt}}
  - name: Private Nutzung ohne Firma
    answers: {{art: privat}}
    expect: {{hidden: [firma], fee: 20, department: ordnungsamt}}
"""


FEE_MESSAGE = "Gebühr: erwartet 50,00 €, berechnet 40,00 €"


def as_admin(client) -> None:
    support.login(client, "admin@example.org", "Demo-Passwort-2026")


def paste(client, text: str):
    return support.post_form(client, "/verwaltung/leistungen/neu", {"source": text})


def publish(client, slug: str, version: int):
    page = f"/verwaltung/leistungen/{slug}/{version}"
    return support.post_form(client, f"{page}/publish", {}, page=page)


def rule_tests_on(page: str) -> dict[str, str]:
    """Return {test name: 'bestanden' | 'fehlgeschlagen'} as the version page lists them."""
    found = re.findall(r'<li data-rule-test="(\w+)">.*?</span></span>\s*([^<]+?)\s*<', page, re.S)
    return {name: state for state, name in found}


def test_a_failing_rule_test_is_stored_shown_and_blocks_publishing_until_fixed(client, db_session):
    slug = "sondernutzung-admin"
    as_admin(client)
    saved = paste(client, service(slug, fee=WRONG_FEE))
    assert saved.status_code == 302  # stored as a draft, to be fixed in a new version
    page = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "1 von 2 Regeltests schlägt fehl" in page  # the flash after saving
    assert rule_tests_on(page) == {"Gewerbliche Nutzung kostet 50 €": "fehlgeschlagen",
                                   "Private Nutzung ohne Firma": "bestanden"}
    assert FEE_MESSAGE in page and "1 von 2 Regeltests bestanden" in page

    refused = publish(client, slug, 1)
    assert refused.status_code == 303
    page = client.get(refused.headers["Location"]).get_data(as_text=True)
    assert ("„sondernutzung-admin“ Version 1: 1 von 2 Regeltests schlägt fehl („Gewerbliche "
            "Nutzung kostet 50 €“); veröffentlicht wird erst, wenn alle bestehen.") in page
    assert client.get(f"/leistungen/{slug}").status_code == 404
    row = db_session.scalar(select(ServiceDefinition).where(ServiceDefinition.slug == slug))
    assert row.status is DefinitionStatus.DRAFT and row.published_at is None

    fixed = paste(client, service(slug, version=2))
    page = client.get(fixed.headers["Location"]).get_data(as_text=True)
    assert "Alle 2 Regeltests bestehen." in page and FEE_MESSAGE not in page
    assert set(rule_tests_on(page).values()) == {"bestanden"}
    assert publish(client, slug, 2).status_code == 302
    assert client.get(f"/leistungen/{slug}").status_code == 200


def test_change_status_names_the_failing_tests_and_leaves_the_version_a_draft(app):
    with app.app_context():
        row, created, results = definitions.store_source(
            db.session, service("sondernutzung-status", fee=WRONG_FEE), "x.yaml",
            DefinitionStatus.DRAFT)
        assert created and [r.passed for r in results] == [False, True]
        assert results[0].messages == (FEE_MESSAGE,)
        with pytest.raises(definitions.RuleTestsFailed) as caught:
            definitions.change_status(row, "publish")
        assert "(„Gewerbliche Nutzung kostet 50 €“)" in str(caught.value)
        assert row.status is DefinitionStatus.DRAFT
        assert definitions.change_status(row, "retire") is DefinitionStatus.RETIRED
        db.session.rollback()


def test_publishing_directly_refuses_a_new_version_whose_tests_fail(app):
    with app.app_context():
        with pytest.raises(definitions.RuleTestsFailed) as caught:
            definitions.publish_source(db.session, service("sondernutzung-direkt",
                                                           fee=WRONG_FEE), "x.yaml")
        assert str(caught.value).startswith("x.yaml: tests: 1 von 2 Regeltests schlägt fehl")
        assert db.session.scalar(select(ServiceDefinition).where(
            ServiceDefinition.slug == "sondernutzung-direkt")) is None
        db.session.rollback()


def test_services_load_refuses_a_failing_definition_and_loads_the_others(app, tmp_path,
                                                                          db_session):
    runner = app.test_cli_runner()
    (tmp_path / "a-kaputt.yaml").write_text(service("sondernutzung-cli", fee=WRONG_FEE), "utf-8")
    (tmp_path / "b-gut.yaml").write_text(service("sondernutzung-cli-gut"), "utf-8")
    result = runner.invoke(args=["services", "load", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert "a-kaputt.yaml: tests: 1 von 2 Regeltests schlägt fehl" in result.output
    assert "✗ Gewerbliche Nutzung kostet 50 €" in result.output and FEE_MESSAGE in result.output
    assert "NEU     sondernutzung-cli-gut@1" in result.output

    def versions(slug: str) -> list[tuple[int, DefinitionStatus]]:
        db_session.expire_all()
        return [(r.version, r.status) for r in db_session.scalars(
            select(ServiceDefinition).where(ServiceDefinition.slug == slug))]

    assert versions("sondernutzung-cli") == []
    assert versions("sondernutzung-cli-gut") == [(1, DefinitionStatus.PUBLISHED)]

    (tmp_path / "a-kaputt.yaml").write_text(service("sondernutzung-cli", version=2), "utf-8")
    again = runner.invoke(args=["services", "load", str(tmp_path)])
    assert again.exit_code == 0, again.output
    assert "NEU     sondernutzung-cli@2" in again.output
    assert versions("sondernutzung-cli") == [(2, DefinitionStatus.PUBLISHED)]


def test_services_check_prints_each_rule_test_and_exits_1_on_a_failure(app, tmp_path):
    runner = app.test_cli_runner()
    path = tmp_path / "sondernutzung.yaml"
    path.write_text(service("sondernutzung-check", fee=WRONG_FEE), "utf-8")
    result = runner.invoke(args=["services", "check", str(path)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"FEHLER  {path} (1 von 2 Regeltests bestanden)",
        "  ✗ Gewerbliche Nutzung kostet 50 €",
        f"      {FEE_MESSAGE}",
        "  ✓ Private Nutzung ohne Firma"]
    path.write_text(service("sondernutzung-check"), "utf-8")
    result = runner.invoke(args=["services", "check", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == f"OK      {path} (2 von 2 Regeltests bestanden)"
