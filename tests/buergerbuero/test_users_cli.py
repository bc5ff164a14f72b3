"""`flask users`: staff accounts on the command line, the first administrator among them."""

from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import select

from buergerbuero.models import AuditEvent, LoginSession, MailMessage, Role, User

from .. import support

GERMAN = {"LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "de_DE.UTF-8"}
ENGLISH = {**GERMAN, "LANG": "en_GB.UTF-8"}
LINK = re.compile(r"https?://\S+/konto/passwort/([A-Za-z0-9_-]+)")


def users(app, *args: str, env=GERMAN):
    """Run `flask users …` in the app's CLI runner; return the result."""
    return app.test_cli_runner().invoke(args=["users", *args], env=env)


def address() -> str:
    """Return an address no other test uses."""
    return f"c{uuid.uuid4().hex[:10]}@example.org"


def account(session, email: str) -> User:
    """Return the account of the address, read fresh."""
    support.fresh(session)
    return session.scalar(select(User).where(User.email == email))


def test_create_prints_a_working_link_and_queues_the_mail(app, client, db_session):
    email = address()
    result = users(app, "create", email.upper(), "--name", "Erste Verwalterin", "--role",
                   "admin")
    assert result.exit_code == 0, result.output
    assert "angelegt" in result.output and "Eine E-Mail mit diesem Link ist eingereiht." \
        in result.output
    secret = LINK.search(result.output).group(1)
    user = account(db_session, email)  # stored lower-cased
    assert user.role is Role.ADMIN and user.password_hash is None
    mail = db_session.scalar(select(MailMessage).where(MailMessage.user_id == user.id))
    assert secret in mail.body_text and mail.kind == "set_password"
    assert client.get(f"/konto/passwort/{secret}").status_code == 200
    [event] = db_session.scalars(select(AuditEvent).where(
        AuditEvent.action == "staff_created", AuditEvent.object_id == str(user.id)))
    assert (event.actor_id, event.details["via"]) == (None, "cli")
    assert users(app, "disable", email).exit_code == 0  # no second administrator stays behind


def test_a_case_worker_of_two_departments_is_listed_with_both(app, db_session):
    email = address()
    result = users(app, "create", email, "--name", "Zwei Ämter", "--department", "steueramt",
                   "--department", "ordnungsamt")
    assert result.exit_code == 0, result.output
    listed = users(app, "list", "--department", "ordnungsamt")
    line = next(row for row in listed.output.splitlines() if row.startswith(email))
    assert "ordnungsamt, steueramt" in line and "Sachbearbeitung" in line
    assert email not in users(app, "list", "--role", "editor").output


def test_disable_ends_the_sessions_and_enable_lets_the_account_in_again(app, db_session):
    email = address()
    users(app, "create", email, "--name", "Gesperrt Bald", "--department", "steueramt")
    client = app.test_client()
    user = account(db_session, email)
    user.set_password(support.PASSWORD)
    db_session.commit()
    assert support.login(client, email, support.PASSWORD).status_code == 302
    result = users(app, "disable", email)
    assert result.exit_code == 0 and "1 Sitzung beendet" in result.output, result.output
    assert client.get("/postfach/").status_code == 302
    support.fresh(db_session)
    assert db_session.scalar(select(LoginSession.revoked_at).where(
        LoginSession.user_id == user.id)) is not None
    assert "gesperrt" in users(app, "list").output
    assert users(app, "enable", email).exit_code == 0
    assert support.login(client, email, support.PASSWORD).status_code == 302


def test_set_role_changes_the_role_and_names_it(app, db_session):
    email = address()
    users(app, "create", email, "--name", "Bald Redaktion", "--department", "steueramt")
    result = users(app, "set-role", email, "editor")
    assert result.exit_code == 0 and "Redaktion" in result.output, result.output
    assert account(db_session, email).role is Role.EDITOR
    back = users(app, "set-role", email, "caseworker")
    assert back.exit_code == 2 and "braucht mindestens ein Amt" in back.output
    again = users(app, "set-role", email, "caseworker", "--department", "ordnungsamt")
    assert again.exit_code == 0, again.output
    user = account(db_session, email)
    assert user.role is Role.CASEWORKER and [d.key for d in user.departments] == ["ordnungsamt"]


@pytest.mark.parametrize(("args", "message"), [
    (("create", "x@example.org", "--name", "X", "--role", "chef"), "Unbekannte Rolle „chef“"),
    (("create", "x@example.org", "--name", "X", "--role", "resident"),
     "Konten von Bürgerinnen und Bürgern werden hier nicht verwaltet."),
    (("create", "x@example.org", "--name", "X"), "braucht mindestens ein Amt"),
    (("create", "x@example.org", "--name", "X", "--department", "mond"),
     "Das Amt „mond“ gibt es nicht."),
    (("create", "steueramt@example.org", "--name", "X", "--department", "steueramt"),
     "gibt es schon ein Konto"),
    (("create", "kein-at", "--name", "X", "--department", "steueramt"),
     "gültige E-Mail-Adresse"),
    (("create", "x@example.org", "--name", " ", "--department", "steueramt"),
     "Bitte geben Sie einen Namen"),
    (("disable", "niemand@example.org"), "gibt es kein Konto"),
    (("disable", "buergerin@example.org"), "gibt es kein Konto"),
    (("disable", "admin@example.org"), "letzte aktive Verwaltungskonto"),
    (("set-role", "admin@example.org", "editor"), "letzte aktive Verwaltungskonto"),
    (("set-role", "steueramt@example.org", "resident"), "nicht verwaltet"),
])
def test_bad_input_stops_with_a_german_message_and_changes_nothing(app, db_session, args,
                                                                   message):
    result = users(app, *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert account(db_session, "x@example.org") is None
    admin = account(db_session, "admin@example.org")
    assert admin.active and admin.role is Role.ADMIN
    assert account(db_session, "steueramt@example.org").role is Role.CASEWORKER


def test_the_commands_speak_english_for_lang_en(app):
    result = users(app, "create", address(), "--name", "X", "--role", "chef", env=ENGLISH)
    assert result.exit_code == 2 and "Unknown role “chef”" in result.output
    assert "Manage the staff accounts." in users(app, "--help", env=ENGLISH).output
