"""Registration and login that reveal nothing, confirmation by link, the submission gate."""

from __future__ import annotations

import hashlib
import re
import uuid

from sqlalchemy import select

from buergerbuero.auth import views as auth_views
from buergerbuero.models import MailMessage, User

from .. import support
from .filing import fill_until

NEW_NAME = "Erika Musterfrau"


def new_email() -> str:
    """Return an address nobody has registered."""
    return f"r{uuid.uuid4().hex[:8]}@example.org"


def post_registration(client, email: str, password: str = support.PASSWORD):
    """Post the registration form for the address."""
    return support.post_form(client, "/konto/registrieren", {
        "display_name": NEW_NAME, "email": email, "password": password,
        "password_repeat": password})


def without_csrf(page: str) -> str:
    """Return a page with its CSRF tokens blanked."""
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]+', r"\1", page)


def test_registration_answers_byte_identically_for_known_and_unknown_addresses(
        app, client, other_client):
    known = support.register(other_client)
    support.logout(other_client)
    unknown = new_email()
    answers = [post_registration(app.test_client(), email) for email in (known, unknown)]
    assert [a.status_code for a in answers] == [200, 200]
    pages = [without_csrf(a.get_data(as_text=True).replace(e, "ADDRESS"))
             for a, e in zip(answers, (known, unknown), strict=True)]
    assert pages[0] == pages[1]
    assert "Bitte prüfen Sie Ihr E-Mail-Postfach" in pages[0]


def test_an_existing_address_gets_a_note_with_login_and_reset_links_not_a_new_account(
        app, client, other_client, db_session):
    email = support.register(other_client)
    post_registration(client, email.upper(), "Ein-ganz-anderes-Passwort-7")
    mail = support.mailed_mail(app, email, "already_registered")
    assert "/konto/anmelden" in mail.body_text and "/konto/passwort-vergessen" in mail.body_text
    assert len(db_session.scalars(select(User).where(User.email.ilike(email))).all()) == 1
    # the original password still works, the one typed into the second registration not
    assert support.login(app.test_client(), email, support.PASSWORD).status_code == 302
    assert support.login(app.test_client(), email,
                         "Ein-ganz-anderes-Passwort-7").status_code == 401


def test_two_registrations_of_one_address_at_once_make_one_account_and_no_error(
        app, client, other_client, db_session, monkeypatch):
    email = support.register(other_client)
    # The second of two simultaneous registrations: its look-up ran before the first committed.
    monkeypatch.setattr(auth_views, "find_account", lambda address: None)
    answer = post_registration(client, email)
    assert answer.status_code == 200
    assert "Bitte prüfen Sie Ihr E-Mail-Postfach" in answer.get_data(as_text=True)
    assert len(db_session.scalars(select(User).where(User.email.ilike(email))).all()) == 1


def test_a_new_address_gets_an_unconfirmed_account_and_a_confirmation_mail(
        app, client, db_session):
    email = new_email()
    post_registration(client, email)
    user = db_session.scalar(select(User).where(User.email == email))
    assert user.email_confirmed_at is None
    path = support.mailed_path(app, email, "confirm_email")
    assert path.startswith("/konto/bestaetigen/")
    response = client.get(path)
    assert response.status_code == 200
    assert "Ihre E-Mail-Adresse ist bestätigt" in response.get_data(as_text=True)
    support.fresh(db_session)
    assert db_session.get(User, user.id).email_confirmed_at is not None
    again = client.get(path)
    assert again.status_code == 410
    assert "bereits verwendet" in again.get_data(as_text=True)


def test_an_unknown_confirmation_link_is_404_in_german(client):
    response = client.get("/konto/bestaetigen/gibt-es-nicht")
    assert response.status_code == 404
    assert "Dieser Link ist ungültig." in response.get_data(as_text=True)


def test_a_confirmation_link_of_another_account_is_refused_and_changes_nothing(
        app, client, other_client, db_session):
    support.register(client)  # logged in as a confirmed resident
    email = new_email()
    post_registration(other_client, email)
    path = support.mailed_path(app, email, "confirm_email")
    response = client.get(path)
    assert response.status_code == 404
    assert "gehört zu einem anderen Konto" in response.get_data(as_text=True)
    user = db_session.scalar(select(User).where(User.email == email))
    assert user.email_confirmed_at is None
    assert other_client.get(path).status_code == 200  # the link still works for its owner


def unconfirmed_resident(client) -> str:
    """Register without confirming, then log in; return the address."""
    email = new_email()
    post_registration(client, email)
    assert support.login(client, email, support.PASSWORD).status_code == 302
    return email


def test_an_unconfirmed_account_keeps_its_draft_but_cannot_submit(app, client, db_session):
    email = unconfirmed_resident(client)
    review = fill_until(client, "zahlung")
    page = client.get(review).get_data(as_text=True)
    assert "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse" in page
    assert 'value="einreichen"' not in page  # no submit button, only the link button
    response = support.post_form(client, review, {"aktion": "einreichen"})
    assert response.status_code == 403
    assert "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse" in response.get_data(as_text=True)
    assert client.get(review).status_code == 200  # the draft is still there
    # the button sends a new link; after confirming, the same draft is filed
    resend = support.post_form(client, "/konto/bestaetigen/erneut", {"next": review},
                               page=review)
    assert resend.status_code == 303 and resend.headers["Location"] == review
    assert client.get(support.mailed_path(app, email, "confirm_email")).status_code == 200
    filed = support.post_form(client, review, {"aktion": "einreichen"})
    assert filed.status_code == 302
    assert filed.headers["Location"].startswith("/antraege/")


def test_resending_the_confirmation_link_stops_the_older_one(app, client):
    email = unconfirmed_resident(client)
    first = support.mailed_path(app, email, "confirm_email")
    support.post_form(client, "/konto/bestaetigen/erneut", {}, page="/konto/")
    second = support.mailed_path(app, email, "confirm_email")
    assert first != second
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200


def test_resending_the_confirmation_link_is_rate_limited(app):
    with support.sibling_app(app, RATELIMIT_MAIL_ADDRESS="2 per hour",
                             RATELIMIT_STORAGE_URI="memory://") as limited:
        client = limited.test_client()
        unconfirmed_resident(client)
        for _ in range(2):
            support.post_form(client, "/konto/bestaetigen/erneut", {}, page="/konto/")
        response = support.post_form(client, "/konto/bestaetigen/erneut", {}, page="/konto/")
        assert response.status_code == 429
        assert "Zu viele Versuche" in response.get_data(as_text=True)


def count_scrypt(monkeypatch) -> list[int]:
    """Count every scrypt computation (werkzeug hashes and checks passwords with it)."""
    calls = [0]
    real = hashlib.scrypt

    def counting(*args, **kwargs):
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counting)
    return calls


def test_a_login_costs_one_scrypt_for_known_unknown_and_disabled_addresses(
        app, client, other_client, db_session, monkeypatch):
    known = support.register(other_client)
    disabled = support.register(app.test_client())
    user = db_session.scalar(select(User).where(User.email == disabled))
    user.active = False
    db_session.commit()
    calls = count_scrypt(monkeypatch)
    counts = []
    for email in (known, "niemand-" + known, disabled):
        calls[0] = 0
        response = support.login(app.test_client(), email, "Falsches-Passwort-1")
        assert response.status_code == 401
        assert "E-Mail-Adresse oder Passwort ist falsch." in response.get_data(as_text=True)
        counts.append(calls[0])
    assert counts == [1, 1, 1]


def test_registration_costs_one_scrypt_for_known_and_unknown_addresses(
        app, other_client, monkeypatch):
    known = support.register(other_client)
    calls = count_scrypt(monkeypatch)
    counts = []
    for email in (known, new_email()):
        calls[0] = 0
        post_registration(app.test_client(), email)
        counts.append(calls[0])
    assert counts == [1, 1]


def test_registration_queues_no_mail_for_a_refused_form(client, db_session):
    email = new_email()
    response = post_registration(client, email, "kurz")
    assert response.status_code == 400
    assert db_session.scalar(select(MailMessage).where(MailMessage.to_address == email)) is None
