"""Legal pages that administrators maintain: edit in the browser, preview, every save a version
with who and when, the newest shown publicly (else the shipped text), an audit event; bad input
keeps what was typed; the accessibility statement always names its feedback channel, a working
feedback form and the enforcement procedure."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import delete, select

from buergerbuero.core.extensions import db
from buergerbuero.models import AuditEvent, LegalPageVersion

from .. import support
from .casework import text_of


@pytest.fixture
def admin(client):
    """The client logged in as the demo administrator; the legal pages back at their shipped
    texts afterwards (the app is shared by the whole session)."""
    support.login_demo(client, "admin@example.org")
    yield client
    with client.application.app_context():
        db.session.execute(delete(LegalPageVersion))
        db.session.commit()


def save(client, name: str, body: str, action: str = "speichern"):
    """Post the editor of a legal page."""
    return support.post_form(client, f"/verwaltung/seiten/{name}",
                             {"body": body, "aktion": action}, page=f"/verwaltung/seiten/{name}")


def test_the_shipped_pages_show_until_an_administrator_saves_a_text(client):
    for name, words in (("impressum", "vertreten durch"), ("datenschutz", "DSGVO"),
                        ("barrierefreiheit", "Stand der Vereinbarkeit")):
        assert words in text_of(client.get(f"/seiten/{name}"))


def test_a_saved_text_is_a_version_shown_publicly_with_an_audit_event(admin, db_session):
    marker = uuid.uuid4().hex[:8]
    response = save(admin, "impressum", f"## Anschrift\n\nStadt Musterstadt {marker}\n\n"
                                        "- Rathausplatz 1\n- 65183 Musterstadt")
    assert response.status_code == 302
    page = text_of(admin.get("/seiten/impressum"))
    assert f"Stadt Musterstadt {marker}" in page and "<h2>Anschrift</h2>" in page
    assert "<li>Rathausplatz 1</li>" in page and "vertreten durch" not in page
    [version] = db_session.scalars(select(LegalPageVersion)).all()
    assert version.page == "impressum" and version.author.email == "admin@example.org"
    event = db_session.scalars(select(AuditEvent).where(
        AuditEvent.action == "legal_page.saved").order_by(AuditEvent.id.desc())).first()
    assert event.object_id == str(version.id) and event.details["page"] == "impressum"


def test_every_save_is_kept_and_the_newest_is_shown(admin, db_session):
    save(admin, "datenschutz", "Erste Fassung")
    save(admin, "datenschutz", "Zweite Fassung")
    assert "Zweite Fassung" in text_of(admin.get("/seiten/datenschutz"))
    assert "Erste Fassung" not in text_of(admin.get("/seiten/datenschutz"))
    bodies = db_session.scalars(select(LegalPageVersion.body).order_by(LegalPageVersion.id))
    assert list(bodies) == ["Erste Fassung", "Zweite Fassung"]
    editor = text_of(admin.get("/verwaltung/seiten/datenschutz"))
    assert editor.count("von Demo") >= 2 or editor.count(" Zeichen") >= 2
    assert "Zweite Fassung</textarea>" in editor
    assert "Datenschutzerklärung" in text_of(admin.get("/verwaltung/seiten"))


def test_the_preview_shows_the_text_and_saves_nothing(admin, db_session):
    response = save(admin, "impressum", "Vorschau **fett**", action="vorschau")
    assert response.status_code == 200
    page = text_of(response)
    assert "<strong>fett</strong>" in page and "Vorschau **fett**</textarea>" in page
    assert db_session.scalars(select(LegalPageVersion)).all() == []


@pytest.mark.parametrize("body", ["", "   \n\n  "])
def test_an_empty_text_is_refused_in_german_and_the_old_one_stays(admin, db_session, body):
    save(admin, "impressum", "Die gültige Fassung")
    response = save(admin, "impressum", body)
    assert response.status_code == 400
    assert "Bitte geben Sie einen Text ein" in text_of(response)
    assert "Die gültige Fassung" in text_of(admin.get("/seiten/impressum"))
    assert len(db_session.scalars(select(LegalPageVersion)).all()) == 1


def test_a_text_over_the_limit_is_refused_and_kept_in_the_form(admin, db_session):
    body = "Sehr langer Text. " * 6000  # 108 000 characters, over the 100 000
    response = save(admin, "impressum", body)
    assert response.status_code == 400
    page = text_of(response)
    assert "höchstens 100000" in page and "Bitte kürzen Sie ihn." in page
    assert body.strip() in page  # what was typed stays in the textarea
    assert db_session.scalars(select(LegalPageVersion)).all() == []


def test_a_text_of_several_megabytes_is_refused_in_german_and_nothing_changes(admin,
                                                                              db_session):
    save(admin, "impressum", "Die gültige Fassung")
    response = save(admin, "impressum", "x" * (3 * 1024 * 1024))
    assert response.status_code in (400, 413)  # 413: where a proxy or Flask's form limit is lower
    page = text_of(response)
    assert "Bitte kürzen Sie" in page or "Bereits gespeicherte Angaben bleiben erhalten" in page
    assert "Die gültige Fassung" in text_of(admin.get("/seiten/impressum"))
    assert len(db_session.scalars(select(LegalPageVersion)).all()) == 1


def test_markup_in_a_text_is_shown_as_text(admin):
    save(admin, "impressum", '<script>alert(1)</script> [x](javascript:alert(1)) <b>fett</b>')
    page = text_of(admin.get("/seiten/impressum"))
    assert "<script>alert(1)</script>" not in page and "<b>fett</b>" not in page
    assert "&lt;script&gt;" in page and 'href="javascript' not in page


def test_an_unknown_page_is_404(admin):
    assert admin.get("/verwaltung/seiten/agb").status_code == 404
    assert save(admin, "agb", "Text").status_code == 404
    assert admin.get("/seiten/agb").status_code == 404


def test_the_statement_names_feedback_channel_form_and_enforcement(admin):
    save(admin, "barrierefreiheit", "Unser eigener Stand der Vereinbarkeit: teilweise.")
    page = text_of(admin.get("/seiten/barrierefreiheit"))
    assert "teilweise." in page
    assert 'href="mailto:barrierefreiheit@musterstadt.example"' in page
    assert 'href="/leistungen/barrierefreiheit-rueckmeldung"' in page
    assert "Durchsetzungsverfahren" in page and "Schlichtungsstelle" in page


def test_the_enforcement_text_is_configurable(app, client):
    app.config["LEGAL_ENFORCEMENT_TEXT"] = "Landesbeauftragte **Schlichtung** Musterland"
    try:
        page = text_of(client.get("/seiten/barrierefreiheit"))
    finally:
        app.config["LEGAL_ENFORCEMENT_TEXT"] = ""
    assert "<strong>Schlichtung</strong> Musterland" in page
    assert "Mauerstraße 53" not in page


def test_the_feedback_form_becomes_a_case_of_the_hauptamt(app, client, db_session, run_gateway):
    from .casework import case_of
    from .conversing import caseworker

    support.register(client)
    url = support.start_draft(client, "barrierefreiheit-rueckmeldung")
    response = support.post_form(client, url, {"seite": "/leistungen", "beschreibung":
                                               "Der Kontrast der Suche ist zu schwach.",
                                               "aktion": "weiter"})
    response = support.post_form(client, response.headers["Location"], {
        "name": "Erika Musterfrau", "kontaktweg": "postfach", "aktion": "weiter"})
    response = support.post_form(client, response.headers["Location"], {"aktion": "einreichen"})
    reference = response.headers["Location"].rsplit("/", 1)[-1]
    run_gateway()
    assert case_of(db_session, reference).department.key == "hauptamt"
    page = text_of(caseworker(app, "hauptamt@example.org").get(f"/postfach/{reference}"))
    assert "Der Kontrast der Suche ist zu schwach." in page


def test_residents_and_case_workers_cannot_edit(client):
    support.register(client)
    assert client.get("/verwaltung/seiten/impressum").status_code == 403
