"""Administrators add departments in the browser: destination checked, key pinned."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from buergerbuero.models import Department
from mailgateway import gateway_keys
from signing import Keyring

from .. import support


@pytest.fixture(scope="module")
def department_key(tmp_path_factory):
    """A key pair generated in a keyring of the department's own (as a real Amt would)."""
    with Keyring(tmp_path_factory.mktemp("amt-gnupg")) as keyring:  # ends its gpg-agent
        fingerprint = keyring.generate_key("Abfallwirtschaft Musterstadt", "abfall@amt.invalid")
        return fingerprint, keyring.export_public(fingerprint)


def post(client, url: str, **fields):
    return support.post_form(client, url, {"deadline_days": "7", "fallback": "poststelle",
                                           "channel": "postfach", **fields})


def test_a_new_department_with_its_pinned_key_is_saved(client, db_session, department_key):
    fingerprint, armored = department_key
    support.login(client, "admin@example.org", "Demo-Passwort-2026")
    response = post(client, "/verwaltung/aemter/neu", key="abfall", name="Abfallwirtschaft",
                    fingerprint=fingerprint, public_key=armored)
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    saved = db_session.scalar(select(Department).where(Department.key == "abfall"))
    assert saved.key_fingerprint == fingerprint and saved.fallback_key == "poststelle"
    assert "Abfallwirtschaft" in client.get("/verwaltung/aemter").get_data(as_text=True)


def test_a_wrong_pin_a_bad_address_and_a_missing_key_are_refused_in_german(client,
                                                                           department_key):
    fingerprint, armored = department_key
    support.login(client, "admin@example.org", "Demo-Passwort-2026")
    wrong_pin = post(client, "/verwaltung/aemter/neu", key="pin", name="Pin",
                     fingerprint="A" * 40, public_key=armored)
    assert wrong_pin.status_code == 400
    assert "passt nicht zum hinterlegten Fingerabdruck" in wrong_pin.get_data(as_text=True)
    bad_mail = post(client, "/verwaltung/aemter/neu", key="mail", name="Mail", channel="smtp",
                    address="kein-at-zeichen", fingerprint=fingerprint, public_key=armored)
    assert bad_mail.status_code == 400
    assert "keine zulässige E-Mail-Adresse" in bad_mail.get_data(as_text=True)
    no_key = post(client, "/verwaltung/aemter/neu", key="ohne", name="Ohne Schlüssel",
                  channel="smtp", address="ohne@amt.example.org")
    assert "braucht seinen öffentlichen Schlüssel" in no_key.get_data(as_text=True)
    duplicate = post(client, "/verwaltung/aemter/neu", key="steueramt", name="Noch eins",
                     fingerprint=fingerprint, public_key=armored)
    assert "schon vergeben" in duplicate.get_data(as_text=True)


def test_editing_keeps_the_key_and_changes_the_destination(client, db_session):
    support.login(client, "admin@example.org", "Demo-Passwort-2026")
    before = db_session.scalar(select(Department).where(Department.key == "statistik"))
    response = post(client, "/verwaltung/aemter/statistik", key="statistik",
                    name="Statistisches Landesamt", deadline_days="20")
    assert response.status_code == 302
    support.fresh(db_session)
    after = db_session.scalar(select(Department).where(Department.key == "statistik"))
    assert after.deadline_days == 20 and after.key_fingerprint == before.key_fingerprint
    after.deadline_days = 30
    db_session.commit()


def test_departments_are_for_administrators_only(client):
    support.register(client)
    assert client.get("/verwaltung/aemter").status_code == 403


def test_every_field_a_new_department_needs_is_marked_required(client):
    support.login(client, "admin@example.org", "Demo-Passwort-2026")
    page = client.get("/verwaltung/aemter/neu").get_data(as_text=True)
    for label in ("Kennung", "Name", "Frist in Tagen"):
        assert f">{label} <span class=\"kern-label__optional\">(Pflichtfeld)</span>" in page, label
    for label in ("Fingerabdruck des Schlüssels", "Öffentlicher Schlüssel (OpenPGP)"):
        assert f">{label}</label>" in page, label  # the platform's own Postfach needs none
    edit = client.get("/verwaltung/aemter/steueramt").get_data(as_text=True)
    assert ">Fingerabdruck des Schlüssels</label>" in edit  # a known Amt keeps its key


def test_a_new_department_of_its_own_channel_without_its_key_gets_both_field_messages(client):
    support.login(client, "admin@example.org", "Demo-Passwort-2026")
    response = post(client, "/verwaltung/aemter/neu", key="ohne", name="Ohne Schlüssel",
                    channel="smtp", address="ohne@amt.example.org")
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Bitte geben Sie den Fingerabdruck des Schlüssels an." in text
    assert "Ein neues Amt mit eigenem Zustellweg braucht seinen öffentlichen Schlüssel." in text


def test_a_new_department_of_the_platforms_postfach_gets_a_key_generated(client, db_session,
                                                                          app):
    support.login(client, "admin@example.org", "Demo-Passwort-2026")
    response = post(client, "/verwaltung/aemter/neu", key="buergeramt", name="Bürgeramt")
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    saved = db_session.scalar(select(Department).where(Department.key == "buergeramt"))
    assert len(saved.key_fingerprint) == 40 and "BEGIN PGP PUBLIC KEY BLOCK" in saved.public_key
    with app.app_context():
        assert gateway_keys().keyring.has_secret_key(saved.key_fingerprint)  # it can be opened
