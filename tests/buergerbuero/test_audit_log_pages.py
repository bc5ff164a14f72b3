"""Verwaltung → Protokoll: administrators browse and filter the audit log, page through it and
export a period; bad filters get a German 400, never a 500."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from sqlalchemy import select

from buergerbuero.core.audit import record
from buergerbuero.models import User
from common.formatting import LOCAL_TIME
from tests import support

from .admin_pages import as_admin
from .auditing import Probe, audit, filed_case, write_events

TODAY = dt.datetime.now(LOCAL_TIME).date().isoformat()


@pytest.fixture
def admin(client):
    """The test client, logged in as the demo administrator."""
    as_admin(client)
    return client


def page(client, **args) -> tuple[int, str]:
    response = client.get("/verwaltung/protokoll", query_string=args)
    return response.status_code, response.get_data(as_text=True)


def test_the_verwaltung_links_to_the_log(admin):
    assert 'href="/verwaltung/protokoll"' in admin.get("/verwaltung/").get_data(as_text=True)


def test_the_log_shows_events_newest_first_escaped(admin, db_session):
    write_events(db_session, 1, action="test_older")
    write_events(db_session, 1, action="test_newer", note="<script>alert(1)</script>")
    status, html = page(admin)
    assert status == 200
    assert html.index("test_newer") < html.index("test_older")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_status_line_names_the_last_check_and_seal(app, admin, db_session):
    write_events(db_session, 1)
    assert audit(app, "seal").exit_code == 0
    assert audit(app, "verify").exit_code == 0
    _status, html = page(admin)
    assert "unversehrt" in html and "Zuletzt gesiegelt am" in html


def test_filters_by_action_object_person_and_case(app, admin, db_session, redis_conn):
    admin_user = db_session.scalar(select(User).where(User.email == "admin@example.org"))
    case = filed_case(app, db_session)
    record(db_session, "test_filtered", Probe(7), actor_id=admin_user.id, case_id=case.id)
    record(db_session, "test_unfiltered", Probe(8), actor_id=None)
    db_session.commit()
    for args in ({"aktion": "test_filtered"}, {"objekt": "Probe", "person": "ADMIN@example.org"},
                 {"vorgang": case.reference.lower(), "aktion": "test_filtered"},
                 {"von": TODAY, "bis": TODAY, "aktion": "test_filtered"}):
        status, html = page(admin, **args)
        assert status == 200 and "test_filtered" in html, args
        assert "test_unfiltered" not in html, args


def test_an_unknown_person_or_case_finds_nothing_and_says_so(admin):
    status, html = page(admin, person="niemand@example.org")
    assert status == 200 and "Kein Konto hat diese E-Mail-Adresse." in html
    status, html = page(admin, vorgang="HST-1999-000001")
    assert status == 200 and "Einen Vorgang mit diesem Aktenzeichen gibt es nicht." in html


@pytest.mark.parametrize("args, message", [
    ({"von": "2026-02-30"}, "ist ungültig (JJJJ-MM-TT)"),
    ({"bis": "morgen"}, "ist ungültig (JJJJ-MM-TT)"),
    ({"von": "2026-12-02", "bis": "2026-12-01"}, "liegt nach"),
    ({"vor": "abc"}, "nächste Seite ist ungültig"),
    ({"vor": "99999999999999"}, "nächste Seite ist ungültig"),
    ({"aktion": "x" * 300}, "zu lang"),
    ({"von": "9999-12-31"}, "ist ungültig"),
])
def test_bad_filters_get_a_german_400(admin, args, message):
    status, html = page(admin, **args)
    assert status == 400 and message in html, html


def test_keyset_paging_goes_back_in_time_without_repeats(app, admin, db_session):
    write_events(db_session, 5, action="test_paged")
    app.config["AUDIT_LOG_PAGE_SIZE"] = 2
    try:
        seen, args = [], {"aktion": "test_paged"}
        for _ in range(3):
            status, html = page(admin, **args)
            assert status == 200
            seen.append(html.count("<code>test_paged</code>"))
            if 'rel="next"' not in html:
                break
            link = html.split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&")
            args = dict(part.split("=", 1) for part in link.split("?", 1)[1].split("&"))
        assert sum(seen) >= 5 and seen[0] == 2
    finally:
        app.config["AUDIT_LOG_PAGE_SIZE"] = 50


def test_export_downloads_a_period_as_json_and_csv(admin, db_session):
    write_events(db_session, 2, action="test_exported", note="Zürich, \"Zitat\"")
    response = admin.get("/verwaltung/protokoll/export",
                         query_string={"von": TODAY, "bis": TODAY, "format": "json"})
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    document = json.loads(response.get_data(as_text=True))
    exported = [e for e in document["events"] if e["action"] == "test_exported"]
    assert len(exported) >= 2 and all(e["hash"] and e["prev_hash"] for e in exported)
    response = admin.get("/verwaltung/protokoll/export",
                         query_string={"von": TODAY, "bis": TODAY, "format": "csv"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeffseq;")  # for German Excel, as the processing record's CSV
    rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    assert any(json.loads(r["details"]).get("note") == "Zürich, \"Zitat\"" for r in rows)


@pytest.mark.parametrize("args", [{}, {"von": TODAY}, {"von": "x", "bis": TODAY},
                                  {"von": TODAY, "bis": TODAY, "format": "xml"},
                                  {"von": TODAY, "bis": "2000-01-01"}])
def test_export_with_a_bad_period_gets_a_german_400(admin, args):
    response = admin.get("/verwaltung/protokoll/export", query_string=args)
    assert response.status_code == 400
    assert "Bitte" in response.get_data(as_text=True) or "liegt nach" in \
        response.get_data(as_text=True) or "Format" in response.get_data(as_text=True)


def test_a_resident_cannot_see_the_log(client, resident):
    assert client.get("/verwaltung/protokoll").status_code == 403
    assert support.logout(client).status_code in (200, 302)
