"""Departments keep their official German name and show an English one on English pages."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from buergerbuero.catalogue.departments import read_departments
from buergerbuero.models import Department
from forms import DefinitionError

from .. import support

EN = {"Accept-Language": "en"}


def test_the_shipped_departments_carry_both_names(db_session):
    steueramt = db_session.scalar(select(Department).where(Department.key == "steueramt"))
    assert (steueramt.name, steueramt.name_en) == ("Steueramt", "City Tax Office")


def test_a_resident_reads_the_english_name_and_the_department_still_gets_german(
        client, resident, db_session):
    reference = support.file_hundesteuer(client)
    page = client.get(f"/antraege/{reference}", headers=EN).get_data(as_text=True)
    assert "City Tax Office" in page
    german = client.get(f"/antraege/{reference}").get_data(as_text=True)
    assert "City Tax Office" not in german and "Steueramt" in german
    service = client.get("/leistungen/hundesteuer-anmeldung", headers=EN).get_data(as_text=True)
    assert "City Tax Office" in service


def test_the_administrator_gives_and_clears_the_english_name(client, db_session):
    support.login_demo(client, "admin@example.org")
    form = {"key": "statistik", "name": "Statistisches Landesamt", "deadline_days": "14",
            "fallback": "poststelle", "channel": "postfach"}
    url = "/verwaltung/aemter/statistik"
    assert support.post_form(client, url, {**form, "name_en": "  State Statistics  "}
                             ).status_code == 302
    support.fresh(db_session)
    row = db_session.scalar(select(Department).where(Department.key == "statistik"))
    assert row.name_en == "State Statistics"
    assert support.post_form(client, url, {**form, "name_en": ""}).status_code == 302
    support.fresh(db_session)
    assert db_session.get(Department, row.id).name_en is None
    row.name_en = "State Statistical Office"  # as departments.yaml has it, for the other tests
    db_session.commit()


@pytest.mark.parametrize("name, found", [
    ("{fr: Bureau}", "de"),
    ("{de: Steueramt, EN: Tax}", "EN"),
    ("{de: '', en: Tax}", "de"),
])
def test_a_bad_name_in_departments_yaml_is_refused_with_its_line(tmp_path, name, found):
    path = tmp_path / "departments.yaml"
    path.write_text(f"departments:\n  - key: steueramt\n    name: {name}\n", encoding="utf-8")
    with pytest.raises(DefinitionError) as refused:
        read_departments(path)
    problem = refused.value.problems[0]
    assert problem.line == 3 and found in f"{problem.path} {problem.message}"


def test_a_versions_page_names_its_department_not_only_its_key(client):
    support.login_demo(client, "admin@example.org")
    rows = client.get("/verwaltung/leistungen").get_data(as_text=True)
    version = re.search(r'href="(/verwaltung/leistungen/hundesteuer-anmeldung/\d+)"', rows)
    page = client.get(version.group(1), headers=EN).get_data(as_text=True)
    assert "City Tax Office (<code>steueramt</code>)" in page
