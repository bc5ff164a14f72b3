"""Rückfragen: the case worker asks with a deadline, the resident sees it highlighted and
answers with text and files, both pages and timelines show it, refusals keep what was typed."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from buergerbuero.cases.query_reminders import remind_due_queries
from buergerbuero.models import CaseQuery, CaseStatus, OutboxMessage, ResidentBoxEntry
from common.db import utcnow
from common.formatting import format_date
from mailgateway import state_of

from .. import support
from .casework import case_of, file_and_deliver, set_status, text_of
from .conversing import (
    answer,
    ask,
    caseworker,
    in_days,
    message_uploads,
    messages_of,
    newest_outbox,
    pdf_and_png,
    queries_of,
)
from .mailing import mails_to


@pytest.fixture
def asked(app, client, db_session, run_gateway):
    """A delivered dog-tax case with one Rückfrage asked and delivered into the resident's
    box: (reference, the case worker's browser, the query)."""
    reference = file_and_deliver(client, run_gateway)
    department = caseworker(app)
    response = ask(department, reference, answer_by=in_days(10))
    assert response.status_code == 302, text_of(response)
    run_gateway()
    [query] = queries_of(db_session, reference)
    return reference, department, query


def test_asking_writes_the_question_moves_the_case_and_reaches_the_residents_box(
        app, client, db_session, asked):
    reference, _, query = asked
    case = case_of(db_session, reference)
    assert case.status is CaseStatus.RUECKFRAGE
    assert query.items == ["Impfpass des Hundes", "Nachweis des Tierheims"]
    assert query.answer_by == in_days(10) and query.answered_at is None
    [question] = messages_of(db_session, reference)
    assert question.from_department and query.question_id == question.id
    outbox = db_session.scalar(select(OutboxMessage).where(
        OutboxMessage.message_id == query.message_id))
    assert outbox.kind == "query" and outbox.to_resident and outbox.status.value == "delivered"
    assert outbox.payload["query"]["answer_by"] == in_days(10).isoformat()
    entry = db_session.scalar(select(ResidentBoxEntry).where(
        ResidentBoxEntry.message_id == query.message_id))
    assert entry.kind == "query" and entry.opened_at is None
    email = case.user.email
    assert [m.kind for m in mails_to(db_session, email)].count("case_query") == 1  # once
    page = text_of(client.get(f"/antraege/{reference}"))
    deadline = in_days(10).strftime("%d.%m.%Y")
    assert f"Bitte antworten Sie bis {deadline}" in page and "Impfpass des Hundes" in page
    assert "Abholbestätigung – Rückfrage" in page and "Rückfrage gestellt" in page
    support.fresh(db_session)
    assert db_session.get(ResidentBoxEntry, entry.id).opened_at is not None
    listing = text_of(client.get("/antraege/"))
    assert f"Rückfrage: Bitte antworten Sie bis {deadline}" in listing


def test_the_answer_with_a_file_puts_the_case_back_into_work_and_flags_the_inbox(
        app, client, db_session, run_gateway, asked):
    reference, department, query = asked
    files = pdf_and_png()
    response = answer(client, reference, query.id, "Anbei der Impfpass.", files[:1])
    assert response.status_code == 302, text_of(response)
    case = case_of(db_session, reference)
    assert case.status is CaseStatus.IN_BEARBEITUNG and case.reply_at is not None
    [query] = queries_of(db_session, reference)
    assert query.answered_at is not None and query.answer.body == "Anbei der Impfpass."
    [upload] = message_uploads(db_session, reference)
    assert upload.message_id == query.answer_id
    outbox = newest_outbox(db_session, "message")
    assert outbox.payload["query_id"] == query.id
    assert outbox.payload["message"]["attachments"][0]["sha256"] == upload.sha256
    run_gateway()
    page = text_of(department.get(f"/postfach/{reference}"))
    assert "Anbei der Impfpass." in page and "beantwortet" in page and "Nachweis.pdf" in page
    assert "Rückfrage beantwortet" in page
    assert "Rückfrage beantwortet" in text_of(client.get(f"/antraege/{reference}"))
    assert text_of(client.get("/antraege/")).count("Rückfrage: Bitte antworten") == 0


def test_several_rueckfragen_in_a_row_each_with_its_answer(
        app, client, db_session, run_gateway, asked):
    reference, department, first = asked
    assert answer(client, reference, first.id, "Erste Antwort.").status_code == 302
    assert ask(department, reference, "Zweite Frage.", "Foto").status_code == 302
    # a third while the second is open: Rückfrage → Rückfrage
    assert ask(department, reference, "Dritte Frage.", "Chipnummer").status_code == 302
    assert case_of(db_session, reference).status is CaseStatus.RUECKFRAGE
    _, second, third = queries_of(db_session, reference)
    assert answer(client, reference, third.id, "Dritte Antwort.").status_code == 302
    assert answer(client, reference, second.id, "Zweite Antwort.").status_code == 302
    answers = {q.question.body: q.answer.body for q in queries_of(db_session, reference)}
    assert answers == {"Bitte senden Sie den Impfpass.": "Erste Antwort.",
                       "Zweite Frage.": "Zweite Antwort.", "Dritte Frage.": "Dritte Antwort."}
    run_gateway()
    page = text_of(department.get(f"/postfach/{reference}"))
    assert page.count("Rückfrage gestellt") == 3 and page.count("Rückfrage beantwortet") == 3


def test_a_second_answer_to_an_answered_rueckfrage_is_refused_and_the_text_kept(
        client, db_session, asked):
    reference, _, query = asked
    assert answer(client, reference, query.id, "Erste Antwort.").status_code == 302
    response = answer(client, reference, query.id, "Noch einmal mein langer Text.")
    page = text_of(response)
    assert response.status_code == 409 and "bereits beantwortet" in page
    assert "Noch einmal mein langer Text." in page
    assert [m.body for m in messages_of(db_session, reference)][-1] == "Erste Antwort."


def test_an_answer_after_the_decision_is_refused_and_the_text_kept(client, db_session, asked):
    reference, _, query = asked
    set_status(db_session, reference, CaseStatus.ENTSCHIEDEN)
    response = answer(client, reference, query.id, "Zu spät, aber wichtig.",
                      pdf_and_png()[:1])
    page = text_of(response)
    assert response.status_code == 409 and "bereits entschieden oder abgeschlossen" in page
    assert "Zu spät, aber wichtig." in page
    assert queries_of(db_session, reference)[0].answered_at is None
    assert message_uploads(db_session, reference) == []


def test_asking_on_a_decided_case_is_refused(db_session, asked):
    reference, department, _ = asked
    set_status(db_session, reference, CaseStatus.ENTSCHIEDEN)
    response = ask(department, reference, "Noch eine Frage?")
    assert response.status_code == 409
    assert "keine Rückfrage gestellt werden" in text_of(response)
    assert len(queries_of(db_session, reference)) == 1


@pytest.mark.parametrize(("changes", "expected"), [
    ({"answer_by": in_days(0)}, "nach dem heutigen Tag liegen"),
    ({"answer_by": in_days(-3)}, "nach dem heutigen Tag liegen"),
    ({"answer_by": in_days(91)}, "höchstens 90 Tage"),
    ({"items": "  "}, "eine Angabe oder ein Dokument je Zeile"),
    ({"items": "\n".join(f"Punkt {n}" for n in range(21))}, "Höchstens 20 Zeilen"),
])
def test_a_bad_rueckfrage_is_refused_with_its_reason_and_the_text_kept(
        app, client, db_session, run_gateway, changes, expected):
    reference = file_and_deliver(client, run_gateway)
    department = caseworker(app)
    response = ask(department, reference, "Meine sorgfältig formulierte Frage.", **changes)
    page = text_of(response)
    assert response.status_code == 400 and expected in page
    assert "Meine sorgfältig formulierte Frage." in page
    assert queries_of(db_session, reference) == [] and messages_of(db_session, reference) == []
    assert case_of(db_session, reference).status is CaseStatus.ZUGESTELLT


def test_the_form_proposes_the_services_answer_period(app, client, run_gateway):
    reference = file_and_deliver(client, run_gateway)
    page = text_of(caseworker(app).get(f"/postfach/{reference}"))
    assert support.input_value(page, "rueckfrage-answer_by") == in_days(14).isoformat()


def test_nobody_else_answers_or_asks(app, client, other_client, db_session, asked):
    reference, _, query = asked
    support.register(other_client)
    assert answer(other_client, reference, query.id).status_code == 404
    other_department = caseworker(app, "ordnungsamt@example.org")
    assert support.post_form(other_department, f"/postfach/{reference}/rueckfrage",
                             {"rueckfrage-body": "?"}, page="/postfach/").status_code == 404
    other_case = file_and_deliver(other_client, lambda: None)
    assert answer(other_client, other_case, query.id).status_code == 404  # not that case's
    assert queries_of(db_session, reference)[0].answered_at is None


def test_an_unanswered_rueckfrage_past_its_deadline_shows_as_overdue(
        app, client, db_session, asked):
    reference, department, query = asked
    assert "überfällig" not in text_of(department.get(f"/postfach/{reference}"))
    db_session.execute(update(CaseQuery).where(CaseQuery.id == query.id)
                       .values(answer_by=in_days(-1)))
    db_session.commit()
    assert "überfällig" in text_of(department.get(f"/postfach/{reference}"))
    assert "überfällig" in text_of(client.get(f"/antraege/{reference}"))
    assert "überfällig" in text_of(client.get("/antraege/"))
    assert answer(client, reference, query.id).status_code == 302  # late, but still taken
    assert "überfällig" not in text_of(department.get(f"/postfach/{reference}"))


def park_other_queries(session, reference: str) -> None:
    """Count the Rückfragen of earlier tests as reminded: only this case's may come due."""
    case = case_of(session, reference)
    session.execute(update(CaseQuery).where(CaseQuery.case_id != case.id,
                                            CaseQuery.reminded_at.is_(None))
                    .values(reminded_at=utcnow()))
    session.commit()


def test_the_reminder_goes_once_shortly_before_the_deadline(app, db_session, asked):
    reference, _, query = asked  # due in 10 days; the reminder comes 2 days before
    park_other_queries(db_session, reference)
    assert remind_due_queries in state_of(app).on_relay_round
    email = case_of(db_session, reference).user.email

    def remind_at(days_ahead: int) -> int:
        with app.app_context():
            return remind_due_queries(utcnow() + dt.timedelta(days=days_ahead))

    assert remind_at(7) == 0 and mails_to(db_session, email, "case_query_reminder") == []
    assert remind_at(8) == 1
    [mail] = mails_to(db_session, email, "case_query_reminder")
    assert f"Bitte antworten Sie bis {format_date(in_days(10), 'de')}." in mail.body_text
    assert mail.subject == f"Erinnerung: Rückfrage zu Ihrem Antrag {reference}"
    assert "Impfpass" not in mail.body_text  # never the content
    assert remind_at(9) == 0  # once
    assert queries_of(db_session, reference)[0].reminded_at is not None


def test_no_reminder_for_an_answered_or_overdue_rueckfrage(app, client, db_session, asked):
    reference, department, query = asked
    assert ask(department, reference, "Zweite Frage.", "Foto",
               answer_by=in_days(3)).status_code == 302
    assert answer(client, reference, query.id).status_code == 302
    park_other_queries(db_session, reference)
    with app.app_context():
        assert remind_due_queries(utcnow() + dt.timedelta(days=9)) == 0  # answered / overdue
        assert remind_due_queries(utcnow() + dt.timedelta(days=1)) == 1  # the open one, in time
