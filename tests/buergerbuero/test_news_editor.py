"""The editors' pages: writing, editing, publishing and withdrawing (each audited), bad input
(German message, 4xx, what was typed kept), attachments checked by content and size, and
markup in every editor text escaped on the pages."""

from __future__ import annotations

import datetime as dt
import html
import io
import re

import pytest
from sqlalchemy import select

from buergerbuero.core.extensions import db
from buergerbuero.models import AuditEvent, NewsAttachment, NewsItem, NewsState

from ..support import csrf_of, input_value, small_pdf
from .newsroom import HOSTILE, add_item, clear_news, login_editor, typed


@pytest.fixture(autouse=True)
def empty_newsroom(app):
    """Start every test without publications."""
    clear_news(app)


@pytest.fixture
def editor(client):
    """A client logged in as the demo editor."""
    login_editor(client)
    return client


def post(client, url: str, data: dict, page: str | None = None, **kwargs):
    """Post a form with the CSRF token of the page it sits on."""
    token = csrf_of(client.get(page or url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data}, **kwargs)


def actions(app, item_id: int) -> list[str]:
    """Return the audit actions recorded on an item, oldest first."""
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.object_type == "NewsItem", AuditEvent.object_id == str(item_id))
            .order_by(AuditEvent.id)))


def stored(app, item_id: int) -> NewsItem:
    """Return the item as stored."""
    with app.app_context():
        item = db.session.get(NewsItem, item_id)
        db.session.expunge(item)
        return item


def test_editor_writes_publishes_and_withdraws_an_item_each_step_audited(app, editor):
    response = post(editor, "/redaktion/beitraege/neu", typed())
    assert response.status_code == 302
    item_id = int(response.headers["Location"].rsplit("/", 1)[-1])
    item = stored(app, item_id)
    assert item.state == NewsState.ENTWURF and item.title == "Stadtfest am Wochenende"
    assert item.publish_at == dt.datetime(2026, 1, 10, 8, 0, tzinfo=dt.UTC)  # 9:00 in Berlin
    edit = f"/redaktion/beitraege/{item_id}"
    assert post(editor, edit, typed(title="Stadtfest im Park")).status_code == 302
    assert post(editor, f"{edit}/veroeffentlichen", {}, page=edit).status_code == 302
    assert stored(app, item_id).state == NewsState.VEROEFFENTLICHT
    assert editor.get(f"/aktuelles/{item_id}-stadtfest-im-park").status_code == 200
    assert post(editor, f"{edit}/zurueckziehen", {}, page=edit).status_code == 302
    assert stored(app, item_id).state == NewsState.ZURUECKGEZOGEN
    assert actions(app, item_id) == ["news_created", "news_updated", "news_published",
                                     "news_withdrawn"]
    assert "Stadtfest im Park" in editor.get("/redaktion/beitraege").get_data(as_text=True)


@pytest.mark.parametrize(("values", "message"), [
    ({"expires_at": "2026-01-09T12:00"}, "Der Ablauf muss nach der Veröffentlichung liegen."),
    ({"expires_at": "2026-01-10T09:00"}, "Der Ablauf muss nach der Veröffentlichung liegen."),
    ({"title": "   "}, "Bitte geben Sie einen Titel an."),
    ({"publish_at": ""}, "Bitte geben Sie Datum und Uhrzeit der Veröffentlichung an."),
    ({"publish_at": "0001-01-01T00:00"}, "Bitte geben Sie ein Datum zwischen 1900 und 9998 an."),
    ({"expires_at": "9999-12-31T23:59"}, "Bitte geben Sie ein Datum zwischen 1900 und 9998 an."),
], ids=["expiry-before", "expiry-same", "empty-title", "no-publication", "year-one",
        "year-9999"])
def test_bad_input_is_refused_in_german_and_keeps_what_was_typed(app, editor, values, message):
    form = typed(teaser="Mein sorgfältig geschriebener Kurztext", **values)
    response = post(editor, "/redaktion/beitraege/neu", form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html.unescape(page)
    assert "Mein sorgfältig geschriebener Kurztext" in page
    assert input_value(page, "expires_at") == form["expires_at"]
    with app.app_context():
        assert db.session.scalar(select(NewsItem)) is None


def test_refused_edit_keeps_the_stored_item_and_the_typed_text(app, editor):
    item_id = add_item(app, title="Bleibt so")
    response = post(editor, f"/redaktion/beitraege/{item_id}",
                    typed(title="Neuer Titel", expires_at="2025-01-01T00:00"))
    assert response.status_code == 400
    assert input_value(response.get_data(as_text=True), "title") == "Neuer Titel"
    assert stored(app, item_id).title == "Bleibt so"


def test_pdf_attachment_is_stored_offered_and_served_as_a_download(app, editor):
    item_id = add_item(app, title="Mit Anhang")
    edit = f"/redaktion/beitraege/{item_id}"
    response = post(editor, f"{edit}/dateien", {"datei": (io.BytesIO(small_pdf()), "Plan.pdf")},
                    page=edit)
    assert response.status_code == 302
    with app.app_context():
        attachment = db.session.scalar(select(NewsAttachment))
        token = attachment.token
    page = editor.get(f"/aktuelles/{item_id}-mit-anhang").get_data(as_text=True)
    assert f"/beitraege/dateien/{token}" in page and "Plan.pdf" in page
    download = editor.get(f"/beitraege/dateien/{token}")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.data.startswith(b"%PDF")
    download.close()
    assert "news_attachment_added" in actions(app, item_id)
    assert post(editor, f"{edit}/dateien/{token}/entfernen", {}, page=edit).status_code == 302
    assert editor.get(f"/beitraege/dateien/{token}").status_code == 404
    assert actions(app, item_id)[-1] == "news_attachment_removed"


def test_two_attachments_of_one_name_get_remove_forms_told_apart(app, editor):
    item_id = add_item(app, title="Zweimal derselbe Name")
    edit = f"/redaktion/beitraege/{item_id}"
    for _ in range(2):
        response = post(editor, f"{edit}/dateien",
                        {"datei": (io.BytesIO(small_pdf()), "aushang.pdf")}, page=edit)
        assert response.status_code == 302
    page = editor.get(edit).get_data(as_text=True)
    names = re.findall(r'action="[^"]*/entfernen"[^>]*aria-label="([^"]*)"', page)
    assert len(names) == len(set(names)) == 2, names


def test_attachment_of_an_unpublished_item_is_hidden_from_the_public(app, editor):
    item_id = add_item(app, title="Entwurf mit Anhang", state=NewsState.ENTWURF)
    edit = f"/redaktion/beitraege/{item_id}"
    post(editor, f"{edit}/dateien", {"datei": (io.BytesIO(small_pdf()), "a.pdf")}, page=edit)
    with app.app_context():
        token = db.session.scalar(select(NewsAttachment.token))
    assert app.test_client().get(f"/beitraege/dateien/{token}").status_code == 404


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"<html><script>alert(1)</script></html>", "bekanntmachung.pdf",
     "Die Datei ist keine PDF-, PNG- oder JPEG-Datei."),
    (b"", "leer.pdf", "Die Datei ist leer."),
    (None, "gross.pdf", "Die Datei ist zu groß: höchstens 1000 Byte."),
], ids=["html-renamed-pdf", "empty", "too-large"])
def test_hostile_or_oversized_upload_is_refused_and_the_item_kept(app, editor, monkeypatch,
                                                                  content, name, message):
    monkeypatch.setitem(app.config, "NEWS_ATTACHMENT_MAX_BYTES", 1000)
    item_id = add_item(app, title="Bleibt ohne Anhang", teaser="Unverändert")
    edit = f"/redaktion/beitraege/{item_id}"
    data = content if content is not None else small_pdf("x" * 2000) + b"0" * 2000
    response = post(editor, f"{edit}/dateien", {"datei": (io.BytesIO(data), name)}, page=edit)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert message in page
    assert input_value(page, "title") == "Bleibt ohne Anhang"
    with app.app_context():
        assert db.session.scalar(select(NewsAttachment)) is None
    assert stored(app, item_id).teaser == "Unverändert"


def test_markup_in_every_editor_text_is_escaped_on_the_pages(app, editor, monkeypatch):
    monkeypatch.setitem(app.config, "NEWS_CATEGORIES",
                        {**app.config["NEWS_CATEGORIES"], "boese": HOSTILE})
    item_id = add_item(app, title=HOSTILE, teaser=HOSTILE, body=HOSTILE, category="boese")
    edit = f"/redaktion/beitraege/{item_id}"
    post(editor, f"{edit}/dateien", {"datei": (io.BytesIO(small_pdf()), f"{HOSTILE}.pdf")},
         page=edit)
    for url in ["/aktuelles", "/aktuelles?kategorie=boese", edit, "/redaktion/beitraege"]:
        reader = app.test_client() if url.startswith("/aktuelles") else editor
        page = reader.get(url).get_data(as_text=True)
        assert "<script" not in page and "<img src=x" not in page, url
    detail = editor.get(f"/aktuelles/{item_id}-script-alert-x-script-img-src-x-onerror-alert-1",
                        follow_redirects=True).get_data(as_text=True)
    assert "<script" not in detail and "<img src=x" not in detail
    assert "&lt;script&gt;" in detail


def test_editors_list_marks_a_published_item_whose_time_has_not_come_as_planned(app, editor):
    add_item(app, title="Kommt morgen", publish_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
    page = editor.get("/redaktion/beitraege").get_data(as_text=True)
    assert "Kommt morgen" in page and "Veröffentlicht (geplant)" in page
