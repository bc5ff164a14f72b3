"""What both case pages show of the conversation beside the messages: each message's files and
delivery state, and each Rückfrage with its deadline, answer and whether it is overdue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import CLOSED, Case, CaseQuery
from .forms import AnswerForm, answer_prefix
from .live_box import message_states
from .message_files import message_files
from .queries import case_queries, is_overdue, today


@dataclass
class QueryRow:
    """One Rückfrage as a case page lists it."""

    query: CaseQuery
    overdue: bool
    form: Any = None
    """The resident's answer form (on their page, while it may be answered or was refused)."""


def conversation(session: Session, case: Case, on: dt.date | None = None) -> dict[str, Any]:
    """Return the template context of the message box's files and the Rückfragen."""
    queries = case_queries(session, case)
    on = on or today()
    return {"message_files": message_files(session, case),
            "message_states": message_states(session, case),
            "queries": [QueryRow(q, is_overdue(q, on)) for q in queries],
            "query_of_message": {q.question_id: q for q in queries}}


def resident_conversation(session: Session, case: Case,
                          answering: tuple[int, AnswerForm] | None = None) -> dict[str, Any]:
    """Return the conversation with an answer form under each open Rückfrage (`answering`: the
    refused form of one, shown with its errors and the typed text)."""
    context = conversation(session, case)
    answerable = case.is_open and case.status not in CLOSED
    for row in context["queries"]:
        if answering is not None and answering[0] == row.query.id:
            row.form = answering[1]
        elif answerable and row.query.answered_at is None:
            row.form = AnswerForm(prefix=answer_prefix(row.query.id), formdata=None)
    return context


def open_queries(session: Session, user_id: int) -> dict[int, list[QueryRow]]:
    """Return the unanswered Rückfragen of a resident's open cases, by case id (Meine Anträge)."""
    rows = session.scalars(select(CaseQuery).join(Case, Case.id == CaseQuery.case_id).where(
        Case.user_id == user_id, Case.is_open, CaseQuery.answered_at.is_(None))
        .order_by(CaseQuery.answer_by))
    found: dict[int, list[QueryRow]] = {}
    on = today()
    for query in rows:
        found.setdefault(query.case_id, []).append(QueryRow(query, is_overdue(query, on)))
    return found
