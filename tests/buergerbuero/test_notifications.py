"""What residents are told by mail: receipt, message, Rückfrage, decision; never the content."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from buergerbuero.cases import queries
from buergerbuero.cases.lifecycle import change_status
from buergerbuero.cases.messages import post_message
from buergerbuero.core.extensions import db
from buergerbuero.models import Case, CaseStatus, User

from .. import support
from .announcing import issue
from .mailing import Mailbox, empty_mail_queue, mails_to, run_mail_worker, smtp_server

SECRETS = ("Bello", "276098106543210", "DE89", "Lindenweg", "labrador")
"""What the resident filed: none of it may appear in a notification."""


@pytest.fixture
def delivered(app, client, db_session, run_gateway):
    """A resident's dog-tax case, filed and delivered; returns (e-mail, reference)."""
    empty_mail_queue(app)
    email = support.register(client)
    reference = support.file_hundesteuer(client)
    run_gateway()
    return email, reference


def caseworker(session) -> User:
    """The demo case worker of the Steueramt, which the dog tax goes to."""
    return session.scalar(select(User).where(User.email == "steueramt@example.org"))


def case_of(session, reference: str) -> Case:
    """Return the case of the reference."""
    return session.scalar(select(Case).where(Case.reference == reference))


def assert_says_only_that_something_waits(mail, reference: str, message: str = "") -> None:
    """Assert that the mail names the case and its link, and nothing of its content."""
    for body in (mail.subject, mail.body_text, mail.body_html):
        assert reference in body
        for secret in (*SECRETS, *([message] if message else [])):
            assert secret not in body
    assert f"/antraege/{reference}" in mail.body_text
    assert mail.body_text.count("http://") == 1  # the one link: the case page


def case_mails(session, email: str) -> list:
    """Return the notices about cases to the address (not its account's own mails)."""
    return [m for m in mails_to(session, email) if m.kind.startswith("case_")]


def test_the_resident_is_told_that_the_application_was_received(app, delivered, db_session):
    email, reference = delivered
    [mail] = mails_to(db_session, email, "case_received")
    assert mail.subject == f"Ihr Antrag {reference} ist eingegangen"
    assert_says_only_that_something_waits(mail, reference)
    assert f"{app.config['PUBLIC_URL']}/antraege/{reference}" in mail.body_text


def test_the_received_mail_arrives_over_smtp_with_the_link(app, delivered, db_session,
                                                          monkeypatch):
    email, reference = delivered
    box = Mailbox()
    with smtp_server(box) as port:
        monkeypatch.setitem(app.config, "MAIL_SMTP_PORT", port)
        run_mail_worker(app)
    [message] = [m for m in box.to(email) if reference in m["Subject"]]
    assert f"/antraege/{reference}" in message.get_body(("plain",)).get_content()


def test_a_message_from_the_department_is_announced_without_its_text(app, delivered,
                                                                     db_session):
    email, reference = delivered
    with app.app_context():
        case = case_of(db.session, reference)
        post_message(db.session, case, caseworker(db.session), "Streng vertraulich: Bescheid 42",
                     from_department=True)
    [mail] = mails_to(db_session, email, "case_message")
    assert_says_only_that_something_waits(mail, reference, "Streng vertraulich")


def test_a_message_of_the_resident_sends_the_resident_no_mail(app, delivered, db_session,
                                                            run_gateway):
    email, reference = delivered
    with app.app_context():
        case = case_of(db.session, reference)
        post_message(db.session, case, case.user, "Meine Frage", from_department=False)
    run_gateway()  # its delivery to the department: no pending outbox row stays behind
    assert mails_to(db_session, email, "case_message") == []


def move(app, reference: str, *statuses: CaseStatus, reason: str = "",
         cause: str | None = None) -> None:
    """Move the case through the statuses, one commit each, as the case worker."""
    with app.app_context():
        for status in statuses:
            case = case_of(db.session, reference)
            change_status(db.session, case, status, caseworker(db.session), reason=reason,
                          cause=cause)
            db.session.commit()


def ask(app, reference: str) -> None:
    """Ask the resident a Rückfrage, as the case worker (the case goes to Rückfrage)."""
    with app.app_context():
        case = case_of(db.session, reference)
        queries.ask(db.session, case, caseworker(db.session), "Bitte den Impfpass senden.",
                    ["Impfpass"], queries.default_answer_by(case))


def test_rueckfrage_and_decision_are_announced_and_other_changes_are_not(app, delivered,
                                                                        db_session, run_gateway):
    email, reference = delivered
    move(app, reference, CaseStatus.IN_BEARBEITUNG)
    ask(app, reference)  # its mail is sent when asked, not again for the status
    move(app, reference, CaseStatus.IN_BEARBEITUNG)
    move(app, reference, CaseStatus.ENTSCHIEDEN, cause="decision")
    move(app, reference, CaseStatus.ABGESCHLOSSEN, cause="bekanntgabe")
    told = case_mails(db_session, email)  # the confirmation link came before
    assert [m.kind for m in told] == ["case_received", "case_query"]  # a decision: at delivery
    query = told[1]
    assert query.subject == f"Rückfrage zu Ihrem Antrag {reference}"
    assert_says_only_that_something_waits(query, reference)


def test_a_bescheid_is_announced_when_it_reaches_the_box_without_its_content(
        app, delivered, db_session, run_gateway):
    email, reference = delivered
    issue(app, reference, by_retrieval=True)
    assert [m.kind for m in case_mails(db_session, email)] == ["case_received"]
    run_gateway()
    [mail] = mails_to(db_session, email, "case_decided")
    assert mail.subject == f"Entscheidung zu Ihrem Antrag {reference}"
    assert_says_only_that_something_waits(mail, reference, "96,00")


def test_the_mail_is_in_the_cases_language(app, client, db_session, run_gateway):
    email = support.register(client)
    reference = support.file_hundesteuer(client)
    db_session.execute(update(Case).where(Case.reference == reference).values(locale="en"))
    db_session.commit()
    run_gateway()
    [mail] = mails_to(db_session, email, "case_received")
    assert (mail.locale, mail.subject) == ("en", f"Your application {reference} has been "
                                                 "received")
    assert "has been received by the responsible office" in mail.body_text


def test_no_notification_when_the_resident_switched_them_off(app, client, db_session,
                                                             run_gateway):
    email = support.register(client)
    db_session.execute(update(User).where(User.email == email).values(notify_by_email=False))
    db_session.commit()
    reference = support.file_hundesteuer(client)
    run_gateway()
    move(app, reference, CaseStatus.IN_BEARBEITUNG)
    ask(app, reference)
    with app.app_context():
        post_message(db.session, case_of(db.session, reference), caseworker(db.session),
                     "Hallo", from_department=True)
        move(app, reference, CaseStatus.IN_BEARBEITUNG)
        move(app, reference, CaseStatus.ENTSCHIEDEN, cause="decision")
    assert case_mails(db_session, email) == []
