"""The Konto page: change the address (confirmed at the new one), the password, the e-mails."""

from __future__ import annotations

import re
import uuid

from sqlalchemy import select

from buergerbuero.models import MailMessage, User

from .. import support

NEW_PASSWORD = "Neues-langes-Passwort-42"


def fresh_address() -> str:
    """Return an address nobody has."""
    return f"neu-{uuid.uuid4().hex[:8]}@example.org"


def ask_to_change_email(client, new: str, password: str = support.PASSWORD):
    """Post the change-of-address form."""
    return support.post_form(client, "/konto/email", {"new_email": new,
                                                      "email_password": password},
                             page="/konto/")


def user_of(db_session, email: str) -> User | None:
    """Return the account of an address, read afresh."""
    support.fresh(db_session)
    return db_session.scalar(select(User).where(User.email == email))


def test_the_account_page_is_linked_from_the_header(client, resident):
    page = client.get("/leistungen").get_data(as_text=True)
    assert 'href="/konto/"' in page
    account = client.get("/konto/").get_data(as_text=True)
    assert resident in account and "E-Mail-Adresse ändern" in account
    assert "Tägliche Übersicht" not in account  # the digest is for case workers


def test_a_new_address_counts_only_after_its_link_and_the_old_one_is_told(
        app, client, resident, db_session):
    new = fresh_address()
    response = ask_to_change_email(client, new)
    assert response.status_code == 303
    assert user_of(db_session, resident) is not None  # not changed yet
    path = support.mailed_path(app, new, "change_email")
    assert path.startswith("/konto/email-bestaetigen/")
    assert client.get(path).status_code == 302
    assert user_of(db_session, resident) is None
    assert user_of(db_session, new).email_confirmed_at is not None
    assert support.mailed_mail(app, resident, "email_changed").body_text
    assert client.get(path).status_code == 410  # once only
    support.logout(client)
    assert support.login(client, new, support.PASSWORD).status_code == 302


def test_a_wrong_password_changes_no_address(client, resident, db_session):
    new = fresh_address()
    response = ask_to_change_email(client, new, "Falsches-Passwort-1")
    assert response.status_code == 400
    assert "Das Passwort ist nicht richtig." in response.get_data(as_text=True)
    assert db_session.scalar(select(MailMessage).where(MailMessage.to_address == new)) is None


def test_a_change_link_of_another_account_is_refused_and_changes_nothing(
        app, client, other_client, resident, db_session):
    new = fresh_address()
    ask_to_change_email(client, new)
    path = support.mailed_path(app, new, "change_email")
    intruder = support.register(other_client)
    response = other_client.get(path)
    assert response.status_code == 404
    assert "gehört zu einem anderen Konto" in response.get_data(as_text=True)
    assert user_of(db_session, resident) is not None and user_of(db_session, intruder)
    assert client.get(path).status_code == 302  # its owner can still use it


def test_an_address_taken_meanwhile_is_refused_and_changes_nothing(
        app, client, other_client, resident, db_session):
    new = fresh_address()
    ask_to_change_email(client, new)
    path = support.mailed_path(app, new, "change_email")
    support.register(other_client, email=new)
    response = client.get(path)
    assert response.status_code == 409
    assert "gibt es bereits ein anderes Konto" in response.get_data(as_text=True)
    assert user_of(db_session, resident) is not None


def test_a_taken_address_gets_the_same_answer_and_no_link(
        app, client, other_client, resident, db_session):
    taken = support.register(other_client)
    response = ask_to_change_email(client, taken)
    assert response.status_code == 303
    assert db_session.scalar(select(MailMessage).where(
        MailMessage.to_address == taken, MailMessage.kind == "change_email")) is None


def test_changing_the_password_needs_the_current_one_and_ends_the_other_sessions(
        app, client, resident):
    elsewhere = app.test_client()
    support.login(elsewhere, resident, support.PASSWORD)
    wrong = support.post_form(client, "/konto/passwort-aendern", {
        "current_password": "Falsches-Passwort-1", "password": NEW_PASSWORD,
        "password_repeat": NEW_PASSWORD}, page="/konto/")
    assert wrong.status_code == 400
    assert "Das Passwort ist nicht richtig." in wrong.get_data(as_text=True)
    assert elsewhere.get("/antraege/").status_code == 200
    right = support.post_form(client, "/konto/passwort-aendern", {
        "current_password": support.PASSWORD, "password": NEW_PASSWORD,
        "password_repeat": NEW_PASSWORD}, page="/konto/")
    assert right.status_code == 303
    assert client.get("/antraege/").status_code == 200  # this login stays
    assert elsewhere.get("/antraege/").status_code == 302  # the other one has ended
    assert support.login(app.test_client(), resident, NEW_PASSWORD).status_code == 302


def test_a_guessable_new_password_is_refused_in_german(client, resident):
    response = support.post_form(client, "/konto/passwort-aendern", {
        "current_password": support.PASSWORD, "password": "musterfrau2026",
        "password_repeat": "musterfrau2026"}, page="/konto/")
    assert response.status_code == 400
    assert "Dieses Passwort ist zu leicht zu erraten." in response.get_data(as_text=True)


def test_a_resident_switches_notifications_off_and_cannot_subscribe_a_digest(
        client, resident, db_session):
    response = support.post_form(client, "/konto/benachrichtigungen",
                                 {"notify_by_email": "off", "digest_subscribed": "on"},
                                 page="/konto/")
    assert response.status_code == 303
    user = user_of(db_session, resident)
    assert user.notify_by_email is False and user.digest_subscribed is False
    off = re.search(r'<input[^>]*name="notify_by_email"[^>]*value="off"[^>]*>',
                    client.get("/konto/").get_data(as_text=True)).group(0)
    assert "checked" in off


def test_a_settings_form_posted_empty_changes_nothing(client, resident, db_session):
    response = support.post_form(client, "/konto/benachrichtigungen", {}, page="/konto/")
    assert response.status_code == 400
    assert "Bitte wählen Sie „Ein“ oder „Aus“." in response.get_data(as_text=True)
    assert user_of(db_session, resident).notify_by_email is True


def test_a_case_worker_subscribes_the_daily_digest(client, db_session):
    support.login_demo(client, "ordnungsamt@example.org")
    assert "Tägliche Übersicht" in client.get("/konto/").get_data(as_text=True)
    try:
        response = support.post_form(client, "/konto/benachrichtigungen", {
            "notify_by_email": "on", "digest_subscribed": "on"}, page="/konto/")
        assert response.status_code == 303
        assert user_of(db_session, "ordnungsamt@example.org").digest_subscribed is True
    finally:
        support.post_form(client, "/konto/benachrichtigungen",
                          {"notify_by_email": "on", "digest_subscribed": "off"}, page="/konto/")
