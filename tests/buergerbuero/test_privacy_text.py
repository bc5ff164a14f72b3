"""The shipped general text of the Datenschutzerklärung names what Art. 13 GDPR asks for: the
controller (the instance's municipality and contact), the data protection officer, the rights
of Art. 15–21 and the complaint to a supervisory authority (Art. 77), from the instance config;
the Verwaltung warns while it still shows placeholders."""

from __future__ import annotations

import pytest
from sqlalchemy import delete

from buergerbuero.core.extensions import db
from buergerbuero.models import LegalPageVersion

from .. import support
from .casework import text_of

SETTINGS = {"PRIVACY_CONTROLLER_CONTACT": "Rathausplatz 1, 65183 Musterstadt, rathaus@x.example",
            "PRIVACY_OFFICER_CONTACT": "datenschutz@musterstadt.example",
            "PRIVACY_SUPERVISORY_AUTHORITY": "der Hessische Beauftragte für Datenschutz"}


@pytest.fixture
def configured(app):
    """The privacy contacts set in the config for one test, unset again afterwards."""
    app.config.update(SETTINGS)
    yield app
    app.config.update({key: "" for key in SETTINGS})


@pytest.fixture
def admin(client):
    """The demo administrator; no saved legal page versions afterwards."""
    support.login_demo(client, "admin@example.org")
    yield client
    with client.application.app_context():
        db.session.execute(delete(LegalPageVersion))
        db.session.commit()


def test_the_shipped_text_names_controller_officer_rights_and_complaint(configured, client):
    page = " ".join(text_of(client.get("/seiten/datenschutz")).split())
    for said in ("Verantwortlicher", "Stadt Musterstadt, Rathausplatz 1", "Datenschutzbeauftragte",
                 "datenschutz@musterstadt.example", "Art. 15 DSGVO", "Art. 16 DSGVO",
                 "Art. 17 DSGVO", "Art. 18 DSGVO", "Art. 20 DSGVO", "Art. 21 DSGVO",
                 "Art. 77 DSGVO", "Zuständig ist: der Hessische Beauftragte für Datenschutz",
                 "Art. 7 Abs. 3 DSGVO"):
        assert said in page, said
    assert "noch nicht eingetragen" not in page


def test_unset_contacts_show_a_placeholder_and_the_verwaltung_warns(admin):
    page = text_of(admin.get("/seiten/datenschutz"))
    assert page.count("[noch nicht eingetragen]") == 2
    assert "Zuständig ist: die Datenschutzaufsichtsbehörde Ihres Landes" in page
    listing = text_of(admin.get("/verwaltung/seiten"))
    assert "Die Datenschutzerklärung ist noch nicht vollständig" in listing
    assert "<code>PRIVACY_OFFICER_CONTACT</code>" in listing
    assert support.post_form(admin, "/verwaltung/seiten/datenschutz", {
        "body": "## Verantwortlicher\n\nEigene Fassung", "aktion": "speichern"},
        page="/verwaltung/seiten/datenschutz").status_code == 302
    assert "noch nicht vollständig" not in text_of(admin.get("/verwaltung/seiten"))


def test_the_warning_goes_once_the_contacts_are_set(configured, admin):
    assert "noch nicht vollständig" not in text_of(admin.get("/verwaltung/seiten"))


def test_the_english_page_keeps_the_binding_german_text_with_the_contacts(configured, client):
    client.set_cookie("sprache", "en")
    page = text_of(client.get("/seiten/datenschutz", headers={"Accept-Language": "en"}))
    assert "datenschutz@musterstadt.example" in page
