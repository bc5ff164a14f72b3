"""A published version that today's stricter rules refuse: pages answer 503, nothing is lost."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from buergerbuero.models import Draft

from .. import support
from .filing import publish_two_step_service, tighten_rules

SLUG = "alte-regeln"


def test_a_version_refused_by_stricter_rules_leaves_the_catalogue_and_keeps_its_draft(
        client, resident, other_client, db_session):
    support.login_demo(other_client, "admin@example.org")
    publish_two_step_service(other_client, SLUG)
    step = support.start_draft(client, SLUG)
    assert f'href="/leistungen/{SLUG}"' in client.get("/leistungen").get_data(as_text=True)
    tighten_rules(db_session, SLUG)
    catalogue = client.get("/leistungen")
    assert catalogue.status_code == 200
    assert f'href="/leistungen/{SLUG}"' not in catalogue.get_data(as_text=True)
    for url in (f"/leistungen/{SLUG}", step):
        page = client.get(url)
        assert page.status_code == 503, url
        assert "zurzeit nicht verfügbar" in page.get_data(as_text=True)
    support.fresh(db_session)
    assert db_session.scalars(select(Draft)).all(), "the resident's draft must stay"


def test_the_administrator_sees_why_a_stored_version_no_longer_loads_and_can_retire_it(
        other_client, db_session):
    support.login_demo(other_client, "admin@example.org")
    publish_two_step_service(other_client, SLUG + "-2")
    tighten_rules(db_session, SLUG + "-2")
    listing = other_client.get("/verwaltung/leistungen").get_data(as_text=True)
    assert "Lädt nicht mehr" in listing
    page = other_client.get(f"/verwaltung/leistungen/{SLUG}-2/1")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "lädt nach den heutigen Regeln nicht mehr" in text and "street-address" in text
    assert "Veröffentlichen</span>" not in text
    page_url = f"/verwaltung/leistungen/{SLUG}-2/1"
    retired = support.post_form(other_client, f"{page_url}/retire", {}, page=page_url)
    assert retired.status_code == 302


def test_meine_antraege_and_a_filed_case_stay_readable_when_their_version_no_longer_loads(
        client, resident, other_client, db_session):
    support.login_demo(other_client, "admin@example.org")
    publish_two_step_service(other_client, SLUG + "-3")
    url = support.start_draft(client, SLUG + "-3")
    for answers in ({"name": "Erika", "gegenstaende": "Sofa"},
                    {"wunschtermin": dt.date.today().isoformat()}):
        url = support.post_form(client, url, {**answers, "aktion": "weiter"}).headers["Location"]
    case_url = support.post_form(client, url, {"aktion": "einreichen"}).headers["Location"]
    support.start_draft(client, SLUG + "-3")  # a second application, left as a draft
    tighten_rules(db_session, SLUG + "-3")
    listing = client.get("/antraege/")
    assert listing.status_code == 200
    assert "zurzeit nicht verfügbar" in listing.get_data(as_text=True)
    case = client.get(case_url)
    assert case.status_code == 200
    assert "gesiegelten Eingangsquittung" in case.get_data(as_text=True)
