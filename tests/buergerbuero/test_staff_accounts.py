"""Administrators create, edit and disable staff accounts in the browser; the new account sets
its password from the mailed one-time link and reaches its Postfach."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from sqlalchemy import select

from buergerbuero.models import AccountToken, AuditEvent, MailMessage, Role, User

from .. import support
from .admin_pages import as_admin

NEW = "/verwaltung/konten/neu"
LINK = re.compile(r"https?://\S+/konto/passwort/[A-Za-z0-9_-]+")


def address() -> str:
    """Return an address no other test uses (the app's database lives for the whole run)."""
    return f"s{uuid.uuid4().hex[:10]}@example.org"


def create(client, email: str, role: str = "caseworker", departments=("steueramt",),
           name: str = "Sina Sachbearbeiterin"):
    """Post the 'new account' form as the logged-in administrator."""
    return support.post_form(client, NEW, {"display_name": name, "email": email, "role": role,
                                           "departments": list(departments)})


def account(session, email: str) -> User | None:
    """Return the account of the address, read fresh."""
    support.fresh(session)
    return session.scalar(select(User).where(User.email == email))


def mailed_link(session, email: str) -> str:
    """Return the one-time link of the newest set-password mail to the address."""
    support.fresh(session)
    mail = session.scalars(select(MailMessage).where(
        MailMessage.to_address == email, MailMessage.kind == "set_password")
        .order_by(MailMessage.id.desc())).first()
    assert mail is not None, "no set-password mail was queued"
    links = LINK.findall(mail.body_text)
    assert links and links[0] in mail.body_html
    return links[0]


def path_of(link: str) -> str:
    """Return the path of an absolute link (the test client serves it)."""
    return "/" + link.split("/", 3)[3]


def set_password(client, link: str, password: str = support.PASSWORD):
    """Post a password to the page a one-time link leads to."""
    return support.post_form(client, path_of(link), {"password": password,
                                                     "password_repeat": password})


def events(session, action: str, user: User) -> list[AuditEvent]:
    """Return the audit events of an action on the account, as committed now."""
    support.fresh(session)
    return list(session.scalars(select(AuditEvent).where(
        AuditEvent.action == action, AuditEvent.object_id == str(user.id))))


def admin_id(session) -> int:
    """Return the demo administrator's id."""
    return session.scalar(select(User.id).where(User.email == "admin@example.org"))


def test_a_new_case_worker_sets_a_password_from_the_mailed_link_and_reaches_the_postfach(
        client, other_client, db_session, app):
    as_admin(client)
    email = address()
    response = create(client, email, departments=("steueramt", "ordnungsamt"))
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    user = account(db_session, email)
    assert user.password_hash is None and user.email_confirmed_at is not None
    assert {d.key for d in user.departments} == {"steueramt", "ordnungsamt"}
    link = mailed_link(db_session, email)
    assert link.startswith(app.config["PUBLIC_URL"] + "/konto/passwort/")
    assert other_client.get(path_of(link)).status_code == 200
    assert set_password(other_client, link).status_code == 302
    login = support.login(other_client, email, support.PASSWORD)
    assert login.status_code == 302 and login.headers["Location"].endswith("/postfach/")
    assert other_client.get("/postfach/").status_code == 200
    created = events(db_session, "staff_created", user)
    assert [(e.actor_id, e.details["role"]) for e in created] == [(admin_id(db_session),
                                                                    "caseworker")]
    assert sorted(created[0].details["departments"]) == ["ordnungsamt", "steueramt"]


def test_an_editor_lands_on_a_page_of_their_own_after_login(client, other_client, db_session):
    as_admin(client)
    email = address()
    assert create(client, email, role="editor", departments=()).status_code == 302
    assert set_password(other_client, mailed_link(db_session, email)).status_code == 302
    login = support.login(other_client, email, support.PASSWORD)
    assert login.status_code == 302
    assert other_client.get(login.headers["Location"]).status_code == 200


def test_the_link_works_once_and_not_after_a_day(client, other_client, db_session):
    as_admin(client)
    used, late = address(), address()
    create(client, used)
    create(client, late)
    link = mailed_link(db_session, used)
    assert set_password(other_client, link).status_code == 302
    again = other_client.get(path_of(link))
    assert again.status_code == 410 and "bereits verwendet" in again.get_data(as_text=True)
    expired = mailed_link(db_session, late)
    token = db_session.scalar(select(AccountToken).where(
        AccountToken.user_id == account(db_session, late).id))
    token.expires_at -= dt.timedelta(hours=24, seconds=1)
    db_session.commit()
    answer = other_client.get(path_of(expired))
    assert answer.status_code == 410 and "abgelaufen" in answer.get_data(as_text=True)
    assert account(db_session, late).password_hash is None


def test_a_new_link_replaces_the_old_one(client, other_client, db_session):
    as_admin(client)
    email = address()
    create(client, email)
    old = mailed_link(db_session, email)
    user = account(db_session, email)
    page = f"/verwaltung/konten/{user.id}"
    sent = support.post_form(client, f"{page}/link", {}, page=page)
    assert sent.status_code == 302
    new = mailed_link(db_session, email)
    assert new != old
    assert other_client.get(path_of(old)).status_code == 410
    assert other_client.get(path_of(new)).status_code == 200
    assert [e.actor_id for e in events(db_session, "staff_link_sent", user)] == [
        admin_id(db_session)] * 2


def working_case_worker(client, db_session) -> tuple[str, User]:
    """Create a case worker in the browser and give them a password through their link."""
    email = address()
    create(client, email)
    link = mailed_link(db_session, email)
    other = client.application.test_client()
    assert set_password(other, link).status_code == 302
    return email, account(db_session, email)


def test_disabling_ends_a_logged_in_session_at_once(client, other_client, db_session):
    as_admin(client)
    email, user = working_case_worker(client, db_session)
    assert support.login(other_client, email, support.PASSWORD).status_code == 302
    assert other_client.get("/postfach/").status_code == 200
    page = f"/verwaltung/konten/{user.id}"
    assert support.post_form(client, f"{page}/sperren", {}, page=page).status_code == 302
    after = other_client.get("/postfach/")
    assert after.status_code == 302 and "/konto/anmelden" in after.headers["Location"]
    assert support.login(other_client, email, support.PASSWORD).status_code == 401
    assert "Gesperrt" in client.get("/verwaltung/konten").get_data(as_text=True)
    disabled = events(db_session, "staff_disabled", user)
    assert [(e.actor_id, e.details["sessions_ended"]) for e in disabled] == [
        (admin_id(db_session), 1)]
    assert support.post_form(client, f"{page}/entsperren", {}, page=page).status_code == 302
    assert support.login(other_client, email, support.PASSWORD).status_code == 302


def test_editing_changes_name_role_and_departments_with_an_audit_event(client, db_session):
    as_admin(client)
    email, user = working_case_worker(client, db_session)
    page = f"/verwaltung/konten/{user.id}"
    edited = support.post_form(client, page, {"display_name": "Sina Neu", "email": email,
                                              "role": "editor"})
    assert edited.status_code == 302, edited.get_data(as_text=True)[-2000:]
    after = account(db_session, email)
    assert (after.display_name, after.role, after.departments) == ("Sina Neu", Role.EDITOR, [])
    [event] = events(db_session, "staff_updated", user)
    assert event.actor_id == admin_id(db_session)
    assert sorted(event.details["changed"]) == ["departments", "display_name", "role"]
    assert event.details["role"] == {"from": "caseworker", "to": "editor"}
    assert "Sina Neu" not in str(event.details)  # names are personal data: not in the log


@pytest.mark.parametrize(("fields", "message"), [
    ({"departments": []}, "braucht mindestens ein Amt"),
    ({"departments": ["gibt-es-nicht"]}, "Das Amt „gibt-es-nicht“ gibt es nicht."),
    ({"email": "buergerin@example.org"}, "gibt es schon ein Konto"),
    ({"email": "ADMIN@example.org", "role": "admin"}, "gibt es schon ein Konto"),
    ({"role": "resident"}, "Konten von Bürgerinnen und Bürgern werden hier nicht verwaltet."),
    ({"role": ""}, "Bitte wählen Sie eine Rolle."),
    ({"email": "kein-at-zeichen"}, "gültige E-Mail-Adresse"),
    ({"display_name": " "}, "Bitte geben Sie den Namen an."),
])
def test_bad_input_for_a_new_account_is_refused_in_german_and_creates_nothing(
        client, db_session, fields, message):
    as_admin(client)
    data = {"display_name": "Nina Neu", "email": address(), "role": "caseworker",
            "departments": ["steueramt"], **fields}
    before = db_session.scalar(select(User.id).order_by(User.id.desc()).limit(1))
    response = support.post_form(client, NEW, data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db_session.scalar(select(User.id).order_by(User.id.desc()).limit(1)) == before


def test_an_administrator_can_neither_disable_nor_demote_themselves_as_the_last_one(
        client, db_session):
    as_admin(client)
    me = admin_id(db_session)
    page = f"/verwaltung/konten/{me}"
    disabled = support.post_form(client, f"{page}/sperren", {}, page=page)
    assert disabled.status_code == 409
    assert "Ihr eigenes Konto nicht sperren" in disabled.get_data(as_text=True)
    demoted = support.post_form(client, page, {"display_name": "Anna Admin",
                                               "email": "admin@example.org", "role": "editor"})
    assert demoted.status_code == 400
    assert "letzte aktive Verwaltungskonto" in demoted.get_data(as_text=True)
    assert account(db_session, "admin@example.org").role is Role.ADMIN


def test_a_second_administrator_can_be_disabled(client, db_session):
    as_admin(client)
    email = address()
    assert create(client, email, role="admin", departments=()).status_code == 302
    second = account(db_session, email)
    page = f"/verwaltung/konten/{second.id}"
    # The demo administrator stays active, so the second one is not the last.
    assert support.post_form(client, f"{page}/sperren", {}, page=page).status_code == 302
    assert account(db_session, email).active is False


def test_unknown_and_resident_ids_are_not_found(client, db_session):
    as_admin(client)
    resident = db_session.scalar(select(User.id).where(User.email == "buergerin@example.org"))
    for user_id in (resident, 999999999):
        assert client.get(f"/verwaltung/konten/{user_id}").status_code == 404
        token = support.csrf_of(client.get(NEW).get_data(as_text=True))
        assert client.post(f"/verwaltung/konten/{user_id}/sperren",
                           data={"csrf_token": token}).status_code == 404
    assert account(db_session, "buergerin@example.org").active is True


def test_the_list_shows_staff_by_role_and_department_and_no_residents(client):
    as_admin(client)
    everyone = client.get("/verwaltung/konten").get_data(as_text=True)
    assert "steueramt@example.org" in everyone and "admin@example.org" in everyone
    assert "buergerin@example.org" not in everyone
    steueramt = client.get("/verwaltung/konten?amt=steueramt").get_data(as_text=True)
    assert "steueramt@example.org" in steueramt and "ordnungsamt@example.org" not in steueramt
    admins = client.get("/verwaltung/konten?rolle=admin").get_data(as_text=True)
    assert "admin@example.org" in admins and "steueramt@example.org" not in admins
    assert 'href="/verwaltung/konten"' in client.get("/verwaltung/").get_data(as_text=True)


def test_the_mail_is_in_the_accounts_language(client, db_session):
    as_admin(client)
    email = address()
    create(client, email)
    user = account(db_session, email)
    user.locale = "en"
    db_session.commit()
    page = f"/verwaltung/konten/{user.id}"
    support.post_form(client, f"{page}/link", {}, page=page)
    support.fresh(db_session)
    mail = db_session.scalars(select(MailMessage).where(MailMessage.to_address == email)
                              .order_by(MailMessage.id.desc())).first()
    assert mail.locale == "en" and "set your password" in mail.subject
    assert "valid for 24 hours" in mail.body_text
