"""Passwords are checked with zxcvbn against common and personal patterns, in German."""

from __future__ import annotations

import uuid

import pytest

from buergerbuero.auth.passwords import personal_words, weakness

from .. import support


def registration(password: str, name: str = "Erika Musterfrau", email: str | None = None):
    """Return a registration form with the password typed twice."""
    return {"display_name": name, "email": email or f"r{uuid.uuid4().hex[:8]}@example.org",
            "password": password, "password_repeat": password}


@pytest.mark.parametrize("password", [
    "1234567890", "passwort123", "qwertzuiop", "aaaaaaaaaaaa", "Passwort2025",
])
def test_common_passwords_are_refused_in_german(client, password):
    response = support.post_form(client, "/konto/registrieren", registration(password))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Dieses Passwort ist zu leicht zu erraten." in page
    assert "This is" not in page and "easy to guess" not in page  # nothing of zxcvbn's English


def test_the_persons_name_and_address_count_as_guessable():
    words = personal_words("Hannelore Kleinschmidt", "hannelore.kleinschmidt@example.org")
    assert weakness("kleinschmidthannelore", words) is not None
    assert weakness("kleinschmidthannelore", []) is None  # without them it looks strong


def test_the_name_typed_into_the_registration_is_used(client):
    name = "Hannelore Kleinschmidt"
    response = support.post_form(client, "/konto/registrieren",
                                 registration("kleinschmidthannelore", name=name))
    assert response.status_code == 400
    assert "Dieses Passwort ist zu leicht zu erraten." in response.get_data(as_text=True)


def test_a_known_warning_is_said_in_german():
    assert "Es gehört zu den häufigsten Passwörtern." in weakness("1234567890", [])


@pytest.mark.parametrize("password", [support.PASSWORD, "Demo-Passwort-2026",
                                      "Sonnenblume auf dem Kirchturm"])
def test_strong_passwords_pass(password):
    assert weakness(password, personal_words("Erika Musterfrau", "erika@example.org")) is None


def test_short_passwords_get_only_the_length_message(client):
    response = support.post_form(client, "/konto/registrieren", registration("kurz"))
    page = response.get_data(as_text=True)
    assert "Das Passwort braucht mindestens 10 Zeichen." in page
    assert "zu leicht zu erraten" not in page


def test_the_demo_password_keeps_working(client):
    support.login_demo(client, "buergerin@example.org")
