"""Accounts: registration, login, logout, CSRF, rate limit and where people are sent."""

from __future__ import annotations

import re
import uuid
from urllib.parse import urljoin, urlsplit

import pytest

from buergerbuero.core.errors import CSRF_MESSAGE as LAZY_CSRF_MESSAGE

from .. import support

CSRF_MESSAGE = str(LAZY_CSRF_MESSAGE)  # German: tests ask without Accept-Language
LOGIN_FAILED = "E-Mail-Adresse oder Passwort ist falsch."


def registration(**changes: str) -> dict[str, str]:
    """Return a valid registration form with some answers changed."""
    email = f"r{uuid.uuid4().hex[:8]}@example.org"
    return {"display_name": "Erika Musterfrau", "email": email, "password": support.PASSWORD,
            "password_repeat": support.PASSWORD, **changes}


def register(client, **changes: str):
    """Post the registration form."""
    return support.post_form(client, "/konto/registrieren", registration(**changes))


def text_of(response) -> str:
    """Return the body of a response as text."""
    return response.get_data(as_text=True)


def test_registration_does_not_log_in_before_the_address_is_confirmed(client):
    response = register(client)
    assert response.status_code == 200
    assert client.get("/antraege/").status_code == 302


@pytest.mark.parametrize("changes, message", [
    ({"password": "kurz", "password_repeat": "kurz"},
     "Das Passwort braucht mindestens 10 Zeichen."),
    ({"password_repeat": "Ein-anderes-Passwort-2"},
     "Die beiden Passwörter stimmen nicht überein."),
    ({"email": "erika.example.org"},
     "Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@example.de."),
    ({"display_name": ""}, "Bitte geben Sie Ihren Namen an."),
], ids=["short password", "passwords differ", "invalid e-mail", "no name"])
def test_registration_with_a_bad_answer_is_refused_in_german(client, changes, message):
    response = register(client, **changes)
    assert response.status_code == 400
    assert message in text_of(response)
    assert client.get("/antraege/").status_code == 302  # nobody is logged in


def test_registration_keeps_the_typed_name_and_email_but_not_the_password(client):
    answers = registration(password_repeat="Ein-anderes-Passwort-2")
    page = text_of(support.post_form(client, "/konto/registrieren", answers))
    assert support.input_value(page, "display_name") == "Erika Musterfrau"
    assert support.input_value(page, "email") == answers["email"]
    assert support.PASSWORD not in page


@pytest.mark.parametrize("who", ["known e-mail", "unknown e-mail"])
def test_a_wrong_login_gets_401_and_the_same_message_for_known_and_unknown_emails(
        client, other_client, who):
    email = support.register(other_client)
    if who == "unknown e-mail":
        email = "niemand-" + email
    response = support.login(client, email, "Falsches-Passwort-1")
    assert response.status_code == 401
    assert LOGIN_FAILED in text_of(response)
    assert client.get("/antraege/").status_code == 302


def test_login_ignores_the_case_of_the_email(client, other_client):
    email = support.register(other_client)
    response = support.login(client, email.upper(), support.PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/antraege/"


def test_logout_ends_the_session_even_for_a_copied_cookie(app, client):
    support.register(client)
    cookie = client.get_cookie("session")
    copy = app.test_client()
    copy.set_cookie("session", cookie.value)
    assert copy.get("/antraege/").status_code == 200  # the copy works before the logout

    assert support.logout(client).status_code == 302
    response = copy.get("/antraege/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/konto/anmelden")
    assert client.get("/antraege/").status_code == 302


def test_a_post_without_csrf_token_is_refused_in_german(client):
    support.register(client)
    response = client.post("/konto/abmelden")
    assert response.status_code == 400
    assert CSRF_MESSAGE in text_of(response)
    assert client.get("/antraege/").status_code == 200  # still logged in


def test_a_login_without_csrf_token_is_refused_in_german(client):
    response = client.post("/konto/anmelden", data={"email": "buergerin@example.org",
                                                    "password": support.DEMO_PASSWORD})
    assert response.status_code == 400
    assert CSRF_MESSAGE in text_of(response)
    assert client.get("/antraege/").status_code == 302


def test_login_attempts_beyond_the_limit_get_429(app):
    with support.sibling_app(app, RATELIMIT_LOGIN="3 per minute",
                             RATELIMIT_STORAGE_URI="memory://") as limited:
        client = limited.test_client()
        for _ in range(3):
            response = support.login(client, "buergerin@example.org", "Falsches-Passwort-1")
            assert response.status_code == 401
        response = support.login(client, "buergerin@example.org", support.DEMO_PASSWORD)
        assert response.status_code == 429
        assert "Zu viele Versuche" in text_of(response)
        assert client.get("/antraege/").status_code == 302  # the right password did not count


def limited_client(app, address: str):
    """Return a test client of `app` whose requests come from `address`."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_successful_logins_never_use_up_the_login_limit(app):
    with support.sibling_app(app, RATELIMIT_LOGIN="3 per minute",
                             RATELIMIT_LOGIN_ACCOUNT="3 per minute",
                             RATELIMIT_STORAGE_URI="memory://") as limited:
        office = limited_client(limited, "192.0.2.10")
        for _ in range(3):
            for email in ("steueramt@example.org", "ordnungsamt@example.org"):
                assert support.login(office, email, support.DEMO_PASSWORD).status_code == 302
                support.logout(office)
        assert support.login(office, "steueramt@example.org",
                             support.DEMO_PASSWORD).status_code == 302


def test_wrong_passwords_behind_a_shared_address_lock_out_only_that_account(app):
    with support.sibling_app(app, RATELIMIT_LOGIN="3 per minute",
                             RATELIMIT_STORAGE_URI="memory://") as limited:
        attacker, colleague = (limited_client(limited, "192.0.2.20") for _ in range(2))
        for _ in range(3):
            assert support.login(attacker, "steueramt@example.org",
                                 "Falsches-Passwort-1").status_code == 401
        assert support.login(attacker, "steueramt@example.org",
                             "Falsches-Passwort-1").status_code == 429
        assert support.login(colleague, "ordnungsamt@example.org",
                             support.DEMO_PASSWORD).status_code == 302


def test_one_account_attacked_from_many_addresses_is_limited_across_them(app):
    with support.sibling_app(app, RATELIMIT_LOGIN="3 per minute",
                             RATELIMIT_LOGIN_ACCOUNT="4 per minute",
                             RATELIMIT_STORAGE_URI="memory://") as limited:
        for n in range(4):
            attacker = limited_client(limited, f"198.51.100.{n + 1}")
            assert support.login(attacker, "Buergerin@Example.org ",
                                 "Falsches-Passwort-1").status_code == 401
        fifth = limited_client(limited, "198.51.100.99")
        assert support.login(fifth, "buergerin@example.org",
                             support.DEMO_PASSWORD).status_code == 429
        other = limited_client(limited, "198.51.100.99")
        assert support.login(other, "admin@example.org", support.DEMO_PASSWORD).status_code == 302


def test_one_password_sprayed_over_many_accounts_from_one_address_is_limited(app):
    with support.sibling_app(app, RATELIMIT_LOGIN_ADDRESS="5 per minute",
                             RATELIMIT_STORAGE_URI="memory://") as limited:
        sprayer = limited_client(limited, "203.0.113.7")
        for n in range(5):
            assert support.login(sprayer, f"opfer{n}@example.org",
                                 "Sommer-2026!").status_code == 401
        assert support.login(sprayer, "opfer99@example.org", "Sommer-2026!").status_code == 429
        elsewhere = limited_client(limited, "203.0.113.8")
        assert support.login(elsewhere, "buergerin@example.org",
                             support.DEMO_PASSWORD).status_code == 302


def test_the_429_page_says_in_german_how_long_to_wait(app):
    with support.sibling_app(app, RATELIMIT_LOGIN="1 per minute",
                             RATELIMIT_STORAGE_URI="memory://") as limited:
        client = limited_client(limited, "192.0.2.30")
        support.login(client, "buergerin@example.org", "Falsches-Passwort-1")
        response = support.login(client, "buergerin@example.org", "Falsches-Passwort-1")
    assert response.status_code == 429
    seconds = re.search(r"Bitte warten Sie etwa (\d+) Sekunden? und versuchen Sie es dann "
                        r"erneut\.", text_of(response))
    assert seconds, text_of(response)
    assert 1 <= int(seconds.group(1)) <= 60
    assert abs(int(response.headers["Retry-After"]) - int(seconds.group(1))) <= 1


@pytest.mark.parametrize("path", ["/postfach/", "/verwaltung/"])
def test_a_resident_is_forbidden_the_case_workers_and_admins_pages(client, resident, path):
    response = client.get(path)
    assert response.status_code == 403
    assert "Kein Zugriff" in text_of(response)


def test_a_case_worker_is_forbidden_the_residents_pages(client):
    support.login_demo(client, "steueramt@example.org")
    assert client.get("/antraege/").status_code == 403
    assert client.get("/verwaltung/").status_code == 403
    assert client.get("/postfach/").status_code == 200


@pytest.mark.parametrize("path", ["/antraege/", "/postfach/", "/verwaltung/",
                                  "/antraege/entwurf/1/schritt/halter"])
def test_anonymous_visitors_are_sent_to_the_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/konto/anmelden"
    assert location.query == "next=" + path.replace("/", "%2F")


def test_after_login_the_visitor_returns_to_the_page_asked_for(client):
    response = support.post_form(client, "/konto/anmelden?next=/antraege/",
                                 {"email": "buergerin@example.org",
                                  "password": support.DEMO_PASSWORD})
    assert response.headers["Location"] == "/antraege/"


def lands_on(location: str) -> str:
    """Return the host a browser goes to for a Location header (it reads \\ as /)."""
    return urlsplit(urljoin("http://localhost/konto/anmelden", location.replace("\\", "/"))).netloc


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/", "/\\evil.example/", "\\/evil.example/",
    "/\t/evil.example/", "https:evil.example", "javascript:alert(1)",
    "/\r\nX-Injected: 1",
])
def test_the_next_parameter_cannot_send_anyone_off_site(client, target):
    response = support.post_form(client, "/konto/anmelden", {
        "email": "buergerin@example.org", "password": support.DEMO_PASSWORD},
        page="/konto/anmelden", query_string={"next": target})
    assert response.status_code == 302
    assert lands_on(response.headers["Location"]) == "localhost"


def test_a_next_parameter_with_a_control_character_is_refused_without_a_redirect(client):
    response = support.post_form(client, "/konto/anmelden", {
        "email": "buergerin@example.org", "password": support.DEMO_PASSWORD},
        page="/konto/anmelden", query_string={"next": "/antraege/\x01"})
    assert response.status_code == 400 and "Location" not in response.headers
    assert "unzulässiges Steuerzeichen" in response.get_data(as_text=True)


def test_next_with_a_backslash_cannot_leave_the_site(client):
    support.register(client, email="backslash@example.org")
    support.logout(client)
    token = support.csrf_of(client.get("/konto/anmelden").get_data(as_text=True))
    response = client.post("/konto/anmelden?next=/%5Cevil.example",
                           data={"csrf_token": token, "email": "backslash@example.org",
                                 "password": support.PASSWORD})
    assert response.status_code == 302
    assert "evil.example" not in response.headers["Location"]


@pytest.mark.parametrize(("email", "home"), [
    ("buergerin@example.org", "/antraege/"), ("steueramt@example.org", "/postfach/"),
    ("admin@example.org", "/verwaltung/"), ("redaktion@example.org", "/redaktion/")])
def test_a_login_lands_on_the_roles_own_start_page(client, email, home):
    response = support.login(client, email, support.DEMO_PASSWORD)
    assert response.headers["Location"] == home
    assert client.get(home).status_code == 200
