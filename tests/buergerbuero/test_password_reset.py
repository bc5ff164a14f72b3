"""Password reset by e-mail: one neutral answer, a one-hour single-use link, sessions end."""

from __future__ import annotations

import datetime as dt
import re
import uuid

from sqlalchemy import select, update

from buergerbuero.models import AccountToken, MailMessage, TokenPurpose
from common.db import utcnow

from .. import support

NEW_PASSWORD = "Neues-langes-Passwort-42"


def ask_for_link(client, email: str):
    """Post the forgotten-password form."""
    return support.post_form(client, "/konto/passwort-vergessen", {"email": email})


def new_password(client, path: str, password: str = NEW_PASSWORD):
    """Post a new password on the link's page."""
    return support.post_form(client, path, {"password": password, "password_repeat": password})


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(
        app, other_client, db_session):
    known = support.register(other_client)
    unknown = f"niemand-{uuid.uuid4().hex[:8]}@example.org"
    pages = []
    for email in (known, unknown):
        response = ask_for_link(app.test_client(), email)
        assert response.status_code == 200
        page = response.get_data(as_text=True).replace(email, "ADDRESS")
        pages.append(re.sub(r'(name="csrf_token"[^>]*value=")[^"]+', r"\1", page))
    assert pages[0] == pages[1]
    assert db_session.scalar(select(MailMessage).where(MailMessage.to_address == unknown)) is None
    assert support.mailed_mail(app, known, "reset_password").subject


def test_the_link_sets_a_new_password_once_and_ends_every_session(app, client, other_client):
    email = support.register(client)  # this browser stays logged in with the old password
    ask_for_link(other_client, email)
    path = support.mailed_path(app, email, "reset_password")
    assert path.startswith("/konto/passwort/")
    response = new_password(other_client, path)
    assert response.status_code == 302
    assert client.get("/antraege/").status_code == 302  # the old login has ended
    assert support.login(app.test_client(), email, support.PASSWORD).status_code == 401
    assert support.login(app.test_client(), email, NEW_PASSWORD).status_code == 302
    reused = other_client.get(path)
    assert reused.status_code == 410
    assert "bereits verwendet" in reused.get_data(as_text=True)


def test_an_expired_link_is_410_in_german_and_changes_nothing(app, client, db_session):
    email = support.register(client)
    ask_for_link(client, email)
    path = support.mailed_path(app, email, "reset_password")
    token = db_session.scalar(select(AccountToken).where(
        AccountToken.purpose == TokenPurpose.RESET_PASSWORD, AccountToken.user.has(email=email)))
    db_session.execute(update(AccountToken).where(AccountToken.id == token.id)
                       .values(expires_at=utcnow() - dt.timedelta(minutes=1)))
    db_session.commit()
    response = new_password(client, path)
    assert response.status_code == 410
    assert "Dieser Link ist abgelaufen." in response.get_data(as_text=True)
    assert support.login(app.test_client(), email, support.PASSWORD).status_code == 302


def test_the_link_lives_one_hour(app, client, db_session):
    email = support.register(client)
    ask_for_link(client, email)
    token = db_session.scalar(select(AccountToken).where(
        AccountToken.purpose == TokenPurpose.RESET_PASSWORD, AccountToken.user.has(email=email)))
    assert token.expires_at - token.created_at == dt.timedelta(hours=1)


def test_a_weak_new_password_is_refused_and_the_link_still_works(app, client):
    email = support.register(client)
    ask_for_link(client, email)
    path = support.mailed_path(app, email, "reset_password")
    response = new_password(client, path, "passwort123")
    assert response.status_code == 400
    assert "Dieses Passwort ist zu leicht zu erraten." in response.get_data(as_text=True)
    assert new_password(client, path).status_code == 302


def test_asking_for_links_is_rate_limited_per_address_and_per_client(app):
    with support.sibling_app(app, RATELIMIT_MAIL_ADDRESS="2 per hour",
                             RATELIMIT_MAIL_CLIENT="3 per hour",
                             RATELIMIT_STORAGE_URI="memory://") as limited:
        client = limited.test_client()
        for _ in range(2):
            assert ask_for_link(client, "buergerin@example.org").status_code == 200
        assert ask_for_link(client, "buergerin@example.org").status_code == 429
        assert ask_for_link(client, "jemand@example.org").status_code == 200
        response = ask_for_link(client, "noch-jemand@example.org")
        assert response.status_code == 429  # the client's fourth request
        assert "Zu viele Versuche" in response.get_data(as_text=True)
