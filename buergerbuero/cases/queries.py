"""Rückfragen: a case worker asks the resident for information or documents by a deadline; the
resident answers with text and files.

The question is a department message in the case's box (with any files) and travels into the
resident's box as a QUERY payload; the case moves to *Rückfrage*. The answer is a resident's
message naming its Rückfrage (a MESSAGE payload with `query_id`) and puts the case back into
work. Both are audited, and so appear on both timelines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session

import mailgateway
from common.db import utcnow
from common.formatting import local
from common.i18n import _l
from forms.fields.uploads import ReceivedFile

from ..catalogue.definitions import DefinitionUnavailable, spec_of
from ..core import audit
from ..core.errors import RuleRefused
from ..models import Case, CaseQuery, CaseStatus, Message, User
from ..notifications.events import notify_resident
from . import lifecycle
from .message_files import kept_if_committed
from .messages import add_message, note_of, note_reply
from .payloads import message_payload

DEFAULT_DAYS = 14
"""The answer period when the definition cannot be read (its own default is the same)."""
MAX_DAYS = 90
"""The latest deadline a case worker may set, in days from today."""


class QueryRefused(RuleRefused):
    """A Rückfrage cannot be asked or answered now (decided or closed case, answered query)."""


def today() -> dt.date:
    """Return today's date in the municipality's local time."""
    return local(utcnow()).date()


def default_answer_by(case: Case, on: dt.date | None = None) -> dt.date:
    """Return the deadline a Rückfrage proposes: today plus the service's `rueckfrage_tage`."""
    try:
        days = spec_of(case.definition).query_days if case.definition else DEFAULT_DAYS
    except DefinitionUnavailable:
        days = DEFAULT_DAYS
    return (on or today()) + dt.timedelta(days=days)


def deadline_problem(answer_by: dt.date, on: dt.date | None = None) -> object | None:
    """Return why a deadline is not allowed (lazy German text), or None."""
    on = on or today()
    if answer_by <= on:
        return _l("Die Antwortfrist muss nach dem heutigen Tag liegen.")
    if answer_by > on + dt.timedelta(days=MAX_DAYS):
        return _l("Die Antwortfrist darf höchstens %(days)s Tage in der Zukunft liegen.",
                  days=MAX_DAYS)
    return None


def case_queries(session: Session, case: Case) -> list[CaseQuery]:
    """Return the case's Rückfragen, oldest first."""
    return list(session.scalars(select(CaseQuery).where(CaseQuery.case_id == case.id)
                                .order_by(CaseQuery.asked_at, CaseQuery.id)))


def is_overdue(query: CaseQuery, on: dt.date | None = None) -> bool:
    """Tell whether the Rückfrage is unanswered after its deadline's day."""
    return query.answered_at is None and query.answer_by < (on or today())


def ask(session: Session, case: Case, author: User, body: str, items: Sequence[str],
        answer_by: dt.date, files: Sequence[ReceivedFile] = ()) -> CaseQuery:
    """Ask the resident: the question with its files, the Rückfrage, its QUERY payload into the
    resident's box, the case to *Rückfrage*, the resident's mail; commit. Raises QueryRefused
    (a decided or closed case) or lifecycle.TransitionRefused, storing nothing."""
    if not case.is_open:
        raise QueryRefused(_l("Zu einem entschiedenen oder abgeschlossenen Vorgang kann keine "
                              "Rückfrage gestellt werden."))
    if CaseStatus.RUECKFRAGE not in lifecycle.TRANSITIONS[case.status]:
        # The machine's own refusal, raised before anything (a file above all) is written.
        lifecycle.change_status(session, case, CaseStatus.RUECKFRAGE, author, cause="query")
    with kept_if_committed(session) as written:
        message, attachments = add_message(session, case, author, body, from_department=True,
                                           files=files, written=written)
        query = CaseQuery(case_id=case.id, asked_by_id=author.id, question_id=message.id,
                          items=list(items), answer_by=answer_by)
        session.add(query)
        session.flush()
        row = mailgateway.post(session, query_payload(case, author, message, attachments, query),
                               department=case.department, case_id=case.id)
        query.message_id = row.message_id
        audit.record(session, "query_asked", query, case_id=case.id, actor_id=author.id,
                     answer_by=answer_by.isoformat(), items=len(items), message_id=row.message_id)
        lifecycle.change_status(session, case, CaseStatus.RUECKFRAGE, author, cause="query")
        notify_resident(session, case, "case_query")  # only that one waits, never what
        session.commit()
    return query


def query_payload(case: Case, author: User, message: Message, attachments: tuple[dict, ...],
                  query: CaseQuery) -> mailgateway.QueryPayload:
    """Return what carries a Rückfrage into the resident's box."""
    asked = mailgateway.Query(id=query.id, note=note_of(author, message, attachments),
                              items=tuple(query.items), answer_by=query.answer_by.isoformat())
    return mailgateway.QueryPayload(case_reference=case.reference,
                                    department=case.department.key,
                                    department_name=case.department.name, query=asked)


def answer(session: Session, case: Case, query: CaseQuery, author: User, body: str,
           files: Sequence[ReceivedFile] = ()) -> Message:
    """Answer a Rückfrage: the resident's message with its files to the department naming the
    Rückfrage, which counts as answered; the case back into work; commit. Raises QueryRefused
    (decided or closed case, already answered), storing nothing."""
    if not case.is_open:
        raise QueryRefused(_l("Der Vorgang ist bereits entschieden oder abgeschlossen; die "
                              "Rückfrage kann nicht mehr beantwortet werden."))
    with kept_if_committed(session) as written:
        message, attachments = add_message(session, case, author, body, from_department=False,
                                           files=files, written=written)
        # Conditional: of two answers sent at once, one counts and the other is refused.
        won = session.execute(update(CaseQuery).where(
            CaseQuery.id == query.id, CaseQuery.answered_at.is_(None)).values(
            answered_at=utcnow(), answer_id=message.id)).rowcount
        if not won:
            raise QueryRefused(_l("Diese Rückfrage ist bereits beantwortet. Weitere Angaben "
                                  "können Sie als Nachricht senden."))
        mailgateway.post(session, message_payload(case, author, message, attachments,
                                                  query_id=query.id),
                         department=case.department, case_id=case.id)
        audit.record(session, "query_answered", query, case_id=case.id, actor_id=author.id,
                     message=message.id, files=len(attachments))
        note_reply(session, case)
        session.commit()
    session.refresh(query)
    return message
