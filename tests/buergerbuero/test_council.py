"""Committees and meetings: editors write them, the public reads them (agenda, documents)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from buergerbuero.models import AuditEvent, CouncilDocument, Meeting
from common.formatting import LOCAL_TIME

from .. import support
from .council_pages import (
    add_document,
    add_item,
    editor_login,
    meeting_id,
    new_committee,
    new_meeting,
)

FUTURE = (dt.date.today() + dt.timedelta(days=40)).isoformat()
PAST = (dt.date.today() - dt.timedelta(days=40)).isoformat()


def test_an_editor_publishes_a_meeting_with_its_agenda_for_everyone(client, app, db_session):
    editor_login(client)
    key = new_committee(client, name="Ausschuss für Schule und Sport")
    meeting = meeting_id(new_meeting(client, key, FUTURE, name="3. Sitzung"))
    assert add_item(client, meeting, "Sanierung der Turnhalle", number="1",
                    body="Die **Kosten** betragen:\n\n- 2 Mio. Euro").status_code == 302
    assert add_item(client, meeting, "Personalsache Müller", number="2",
                    public=False).status_code == 302
    visitor = app.test_client()
    listing = visitor.get("/gremien").get_data(as_text=True)
    assert "Ausschuss für Schule und Sport" in listing
    page = visitor.get(f"/gremien/{key}").get_data(as_text=True)
    assert f"/sitzungen/{meeting}" in page and "Kommende Sitzungen" in page
    shown = visitor.get(f"/sitzungen/{meeting}").get_data(as_text=True)
    assert "Sanierung der Turnhalle" in shown and "<strong>Kosten</strong>" in shown
    assert "Personalsache Müller" not in shown and "nicht öffentlich" in shown
    assert "17:00" in shown and "Rathaus, Raum 1" in shown
    stored = db_session.get(Meeting, meeting)
    assert stored.starts_at.astimezone(LOCAL_TIME).time() == dt.time(17)
    actions = set(db_session.scalars(select(AuditEvent.action).where(
        AuditEvent.action.like("council.%"))))
    assert {"council.committee_created", "council.meeting_created",
            "council.item_added"} <= actions


def test_past_and_upcoming_meetings_are_listed_apart_and_paged(client, app):
    editor_login(client)
    key = new_committee(client)
    past = meeting_id(new_meeting(client, key, PAST))
    app.config["COUNCIL_MEETINGS_PER_PAGE"] = 2
    try:
        for days in (10, 11, 12):
            day = (dt.date.today() + dt.timedelta(days=days)).isoformat()
            meeting_id(new_meeting(client, key, day))
        first = client.get(f"/gremien/{key}").get_data(as_text=True)
        second = client.get(f"/gremien/{key}?seite=2").get_data(as_text=True)
    finally:
        app.config["COUNCIL_MEETINGS_PER_PAGE"] = 10
    assert "Seite 1 von 2" in first and "Seite 2 von 2" in second
    vergangen = first.split("Vergangene Sitzungen")[1]
    assert f"/sitzungen/{past}" in vergangen
    assert f"/sitzungen/{past}" not in first.split("Vergangene Sitzungen")[0]


def test_every_text_an_editor_writes_is_escaped(client, app):
    editor_login(client)
    evil = '<script>alert(1)</script>'
    key = new_committee(client, name=f"Rat {evil}", short_name="<b>x</b>")
    meeting = meeting_id(new_meeting(client, key, FUTURE, name=f"Sitzung {evil}",
                                     location=f"Saal {evil}"))
    add_item(client, meeting, f"Punkt {evil}", number="<i>1</i>",
             body=f"Text {evil} [Link](javascript:alert(1))")
    add_document(client, meeting, support.small_pdf(), name=f"Anlage {evil}")
    visitor = app.test_client()
    for url in ("/gremien", f"/gremien/{key}", f"/sitzungen/{meeting}",
                f"/redaktion/sitzungen/{meeting}", "/redaktion/gremien"):
        page = (client if "redaktion" in url else visitor).get(url).get_data(as_text=True)
        assert "<script>alert(1)" not in page and "<b>x</b>" not in page, url
        assert 'href="javascript' not in page, url
    assert "&lt;script&gt;" in visitor.get(f"/sitzungen/{meeting}").get_data(as_text=True)


def test_an_end_before_the_start_is_refused_and_the_input_kept(client, db_session):
    editor_login(client)
    key = new_committee(client)
    before = db_session.scalar(select(Meeting.id).order_by(Meeting.id.desc()))
    response = new_meeting(client, key, FUTURE, start="18:00", end="17:00", name="Behalten")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Das Ende muss nach dem Beginn liegen." in page
    assert support.input_value(page, "sitzung-name") == "Behalten"
    assert db_session.scalar(select(Meeting.id).order_by(Meeting.id.desc())) == before


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_day_out_of_the_calendars_range_is_refused_in_german(client, db_session, day):
    editor_login(client)
    key = new_committee(client)
    response = new_meeting(client, key, day, start="00:00", name="Behalten")
    assert response.status_code == 400
    assert "Bitte geben Sie ein Datum zwischen 1900 und 2999 an." in response.get_data(
        as_text=True)


def test_an_unknown_committee_is_a_german_404(client):
    for url in ("/gremien/gibt-es-nicht", "/gremien/gibt-es-nicht/kalender.ics"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Ein Gremium „gibt-es-nicht“ gibt es nicht." in response.get_data(as_text=True)
    assert client.get("/sitzungen/999999").status_code == 404


def test_documents_are_pdfs_checked_by_content_and_served_as_downloads(client, app):
    editor_login(client)
    key = new_committee(client)
    meeting = meeting_id(new_meeting(client, key, FUTURE))
    refused = add_document(client, meeting, b"<html>kein pdf</html>", filename="x.pdf")
    assert refused.status_code == 400
    assert "Die Datei ist kein PDF-Dokument." in refused.get_data(as_text=True)
    app.config["COUNCIL_DOCUMENT_MAX_BYTES"] = 100
    try:
        too_big = add_document(client, meeting, support.small_pdf())
    finally:
        app.config["COUNCIL_DOCUMENT_MAX_BYTES"] = 20 * 1024 * 1024
    assert too_big.status_code == 400 and "zu groß" in too_big.get_data(as_text=True)
    assert add_document(client, meeting, support.small_pdf(), name="Einladung").status_code == 302
    page = app.test_client().get(f"/sitzungen/{meeting}").get_data(as_text=True)
    href = [h.split('"')[0] for h in page.split('href="') if "/dokumente/" in h][0]
    with app.test_client().get(href) as response:
        assert response.status_code == 200 and response.data.startswith(b"%PDF")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Disposition"].startswith("attachment")


def test_documents_of_non_public_items_stay_hidden(client, app, db_session):
    editor_login(client)
    key = new_committee(client)
    meeting = meeting_id(new_meeting(client, key, FUTURE))
    add_item(client, meeting, "Vertrauliches", public=False)
    item = db_session.get(Meeting, meeting).items[0].id
    assert add_document(client, meeting, support.small_pdf(), name="Geheim",
                        item=str(item)).status_code == 302
    support.fresh(db_session)
    document = db_session.get(Meeting, meeting).documents[0].id
    visitor = app.test_client()
    assert "Geheim" not in visitor.get(f"/sitzungen/{meeting}").get_data(as_text=True)
    with visitor.get(f"/sitzungen/{meeting}/dokumente/{document}") as response:
        assert response.status_code == 404


def test_residents_and_case_workers_may_not_edit(client):
    support.login_demo(client, "buergerin@example.org")
    assert client.get("/redaktion/gremien").status_code == 403


def test_the_demo_committees_are_there_once_however_often_the_instance_is_set_up(app):
    from sqlalchemy import func

    from buergerbuero.core.extensions import db
    from buergerbuero.models import Committee
    from buergerbuero.public.demo import seed_council as seed_demo

    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Meeting))
        seed_demo(db.session)
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Meeting)) == before
        demo = db.session.scalar(select(Committee).where(Committee.key == "gemeinderat"))
        assert len(demo.meetings) == 3 and any(not i.public for i in demo.meetings[0].items)


def test_an_item_with_documents_is_not_removed_so_its_documents_never_become_public(
        client, app, db_session):
    editor_login(client)
    meeting = meeting_id(new_meeting(client, new_committee(client), FUTURE))
    add_item(client, meeting, "Grundstücksangelegenheit", public=False)
    item = db_session.get(Meeting, meeting).items[0].id
    add_document(client, meeting, support.small_pdf(), name="Geheim", item=str(item))
    support.fresh(db_session)
    document = db_session.get(Meeting, meeting).documents[0].id
    refused = support.post_form(client, f"/redaktion/tagesordnung/{item}/loeschen", {},
                                page=f"/redaktion/sitzungen/{meeting}")
    assert refused.status_code == 409
    assert "hat noch Dokumente" in refused.get_data(as_text=True)
    visitor = app.test_client()
    assert "Geheim" not in visitor.get(f"/sitzungen/{meeting}").get_data(as_text=True)
    assert visitor.get(f"/sitzungen/{meeting}/dokumente/{document}").status_code == 404
    assert visitor.get(f"/oparl/v1/file/{document}").status_code == 404
    support.fresh(db_session)
    assert [i.id for i in db_session.get(Meeting, meeting).items] == [item]
    support.post_form(client, f"/redaktion/dokumente/{document}/loeschen", {},
                      page=f"/redaktion/sitzungen/{meeting}")
    removed = support.post_form(client, f"/redaktion/tagesordnung/{item}/loeschen", {},
                                page=f"/redaktion/sitzungen/{meeting}")
    assert removed.status_code == 302
    support.fresh(db_session)
    assert db_session.get(Meeting, meeting).items == []


def test_a_page_of_meetings_beyond_the_last_is_a_german_404(client, app):
    editor_login(client)
    key = new_committee(client)
    meeting_id(new_meeting(client, key, FUTURE))
    visitor = app.test_client()
    for name in ("seite", "frueher"):
        for page in ("99999999999999999999", "2"):
            response = visitor.get(f"/gremien/{key}?{name}={page}")
            assert response.status_code == 404, (name, page)
            assert f"Die Seite {page} gibt es nicht" in response.get_data(as_text=True)
    assert visitor.get(f"/gremien/{key}?seite=abc").status_code == 200


def test_editors_download_the_documents_the_public_may_not(client, app, db_session):
    editor_login(client)
    meeting = meeting_id(new_meeting(client, new_committee(client), FUTURE))
    add_item(client, meeting, "Vertragsangelegenheit", public=False)
    item = db_session.get(Meeting, meeting).items[0].id
    add_document(client, meeting, support.small_pdf(), name="Vertrag", item=str(item))
    support.fresh(db_session)
    document = db_session.get(Meeting, meeting).documents[0].id
    page = client.get(f"/redaktion/sitzungen/{meeting}").get_data(as_text=True)
    assert f'href="/redaktion/dokumente/{document}"' in page
    with client.get(f"/redaktion/dokumente/{document}") as response:
        assert response.status_code == 200 and response.data.startswith(b"%PDF")
        assert response.headers["Content-Disposition"].startswith("attachment")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert app.test_client().get(f"/redaktion/dokumente/{document}").status_code in (302, 401,
                                                                                     403)
    assert client.get("/redaktion/dokumente/999999").status_code == 404


def test_a_document_whose_stored_file_is_gone_is_a_german_404_not_a_500(client, app, db_session):
    editor_login(client)
    meeting = meeting_id(new_meeting(client, new_committee(client), FUTURE))
    assert add_document(client, meeting, support.small_pdf(), name="Verloren").status_code == 302
    document = db_session.scalar(select(CouncilDocument).where(
        CouncilDocument.meeting_id == meeting))
    (Path(app.config["COUNCIL_DOCUMENT_DIR"]) / document.storage_name).unlink()
    for url in (f"/sitzungen/{meeting}/dokumente/{document.id}",
                f"/redaktion/dokumente/{document.id}"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "„Verloren“ ist zurzeit nicht abrufbar" in response.get_data(as_text=True)
