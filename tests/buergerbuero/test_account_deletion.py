"""Deleting one's account: drafts go at once, open cases are withdrawn through the gateway
(their Rückfragen end), decided ones stay with their Löschfrist, the account is pseudonymised,
the address can register again; a wrong password or a changed plan changes nothing."""

from __future__ import annotations

import re

from sqlalchemy import select

from buergerbuero.cases.uploads import upload_dir
from buergerbuero.models import (
    AccountToken,
    AuditEvent,
    Case,
    CaseStatus,
    LoginSession,
    OutboxMessage,
)

from .. import support
from .casework import case_of, set_status, text_of
from .conversing import ask, queries_of
from .own_data_world import account, delivered_and_opened, draft_with_upload, drafts_and_uploads

PAGE = "/meine-daten/konto-loeschen"


def resident_with_everything(app, client, run_gateway, db_session):
    """Register a resident with an open case asked back, a decided case and a draft with a
    file; return (email, open reference, decided reference)."""
    email = support.register(client)
    asked, worker = delivered_and_opened(app, client, run_gateway, "Hallo")
    assert ask(worker, asked).status_code in (302, 303)
    run_gateway()
    decided, _ = delivered_and_opened(app, client, run_gateway, "Noch eine Frage")
    set_status(db_session, decided, CaseStatus.ENTSCHIEDEN)
    draft_with_upload(client)
    return email, asked, decided


def shown_plan(client) -> str:
    """Return the plan's fingerprint the deletion page carries in its form."""
    match = re.search(r'name="plan" type="hidden" value="([^"]*)"', text_of(client.get(PAGE)))
    assert match, "no plan in the form"
    return match.group(1)


def confirm(client, password: str = support.PASSWORD, plan: str | None = None):
    """Post the deletion form as shown, with the password and the box ticked."""
    return support.post_form(client, PAGE, {"password": password, "confirm": "y",
                                            "plan": plan or shown_plan(client)}, page=PAGE)


def test_the_page_says_what_happens_to_each_case(app, client, run_gateway, db_session):
    _, asked, decided = resident_with_everything(app, client, run_gateway, db_session)
    page = text_of(client.get(PAGE))
    open_part = page.split(asked, 1)[1].split("</li>", 1)[0]
    assert "wird zurückgenommen" in open_part and "offene Rückfrage endet" in open_part
    decided_part = page.split(decided, 1)[1].split("</li>", 1)[0]
    assert "bleibt, wie er ist" in decided_part and "3650 Tage" in decided_part
    assert "Anmeldung eines Hundes" in page.split("Entwürfe", 1)[1]


def test_a_wrong_password_changes_nothing(app, client, run_gateway, db_session):
    email, asked, _ = resident_with_everything(app, client, run_gateway, db_session)
    response = confirm(client, password="falsch-falsch-falsch")
    assert response.status_code == 400
    assert "Das Passwort ist nicht richtig." in text_of(response)
    user = account(db_session, email)
    assert user.active and user.check_password(support.PASSWORD)
    assert case_of(db_session, asked).status is CaseStatus.RUECKFRAGE
    drafts, uploads = drafts_and_uploads(db_session, user.id)
    assert drafts and uploads
    unconfirmed = support.post_form(client, PAGE, {"password": support.PASSWORD,
                                                   "plan": shown_plan(client)}, page=PAGE)
    assert unconfirmed.status_code == 400 and "Bitte bestätigen Sie" in text_of(unconfirmed)
    assert account(db_session, email).active


def test_deletion_does_what_the_page_announced(app, client, other_client, run_gateway,
                                               db_session):
    email, asked, decided = resident_with_everything(app, client, run_gateway, db_session)
    user = account(db_session, email)
    _, uploads = drafts_and_uploads(db_session, user.id)
    with app.app_context():
        stored = [upload_dir() / u.storage_name for u in uploads]
    assert stored and all(path.is_file() for path in stored)
    response = confirm(client)
    assert response.status_code == 200 and "Ihr Konto ist gelöscht" in text_of(response)

    assert case_of(db_session, asked).status is CaseStatus.ZURUECKGENOMMEN
    assert queries_of(db_session, asked)[0].answered_at is None  # ended, not answered
    withdrawal = db_session.scalar(select(OutboxMessage).where(
        OutboxMessage.case_id == case_of(db_session, asked).id,
        OutboxMessage.kind == "withdrawal"))
    assert withdrawal is not None  # travels to the department through the gateway
    assert case_of(db_session, decided).status is CaseStatus.ENTSCHIEDEN
    drafts, uploads = drafts_and_uploads(db_session, user.id)
    assert drafts == [] and uploads == [] and not any(path.exists() for path in stored)

    assert account(db_session, email) is None
    user = db_session.get(type(user), user.id)
    assert user.email.endswith("@konto-geloescht.invalid") and user.display_name == ""
    assert user.password_hash is None and not user.active and not user.notify_by_email
    assert db_session.scalar(select(LoginSession).where(
        LoginSession.user_id == user.id, LoginSession.revoked_at.is_(None))) is None
    assert db_session.scalar(select(AccountToken).where(AccountToken.user_id == user.id)) is None
    event = db_session.scalar(select(AuditEvent).where(  # this account's: others ran before
        AuditEvent.action == "account_deleted", AuditEvent.object_id == str(user.id)))
    assert (event.details["withdrawn"], event.details["kept"]) == (1, 2)
    assert asked not in str(event.details) and decided not in str(event.details)
    per_case = {e.case_id: e.details["plan"] for e in db_session.scalars(select(  # this
        AuditEvent).where(AuditEvent.action == "account_deleted_case",  # account's cases only
                          AuditEvent.case_id.in_(select(Case.id).where(Case.user_id == user.id))))}
    # With their case id: the Löschfrist redacts them with the case's other events.
    assert per_case == {case_of(db_session, asked).id: "withdraw",
                        case_of(db_session, decided).id: "keep"}
    assert client.get("/antraege/").status_code == 302  # logged out
    assert support.login(other_client, email, support.PASSWORD).status_code != 302

    support.register(other_client, email)  # the address is free again
    assert account(db_session, email).active


def test_a_plan_changed_meanwhile_is_refused_and_nothing_is_done(
        app, client, run_gateway, db_session):
    email, asked, _ = resident_with_everything(app, client, run_gateway, db_session)
    plan = shown_plan(client)
    set_status(db_session, asked, CaseStatus.ENTSCHIEDEN)  # decided while the page was open
    response = confirm(client, plan=plan)
    assert response.status_code == 409 and "etwas geändert" in text_of(response)
    user = account(db_session, email)
    assert user.active and drafts_and_uploads(db_session, user.id)[0]
    assert case_of(db_session, asked).status is CaseStatus.ENTSCHIEDEN
    again = text_of(response).split(asked, 1)[1].split("</li>", 1)[0]
    assert "bleibt, wie er ist" in again  # the page now shows the plan as it stands
