"""The message box live: what came after a cursor, and how far each message travelled.

Both case pages poll a small endpoint (cases/live_views.py, workbench/live_views.py) that
answers with the messages after the last one the page shows, rendered by the same partial the
page uses, and the delivery state of each message from its receipts. The queries are bounded:
a fixed number of statements however many messages came.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import jsonify, render_template, request
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from common.i18n import _, _l
from mailgateway import OutboxKind

from ..core.errors import Refused
from ..models import Case, CaseQuery, Message, OutboxMessage, Receipt, ReceiptKind, Upload
from .message_files import file_row

CURSOR = "nach"  # untranslated: a URL parameter, part of the route
"""The query parameter naming the last message the page shows (its id; 0: none yet)."""
MAX_CURSOR_DIGITS = 18
CONVERSATION_KINDS = (OutboxKind.MESSAGE, OutboxKind.REPLY, OutboxKind.QUERY)
"""The outbox kinds that carry a message of the box."""
STATES = {None: _l("wird über die Poststelle zugestellt"),
          ReceiptKind.VERSAND: _l("versendet"),
          ReceiptKind.EINGANG: _l("zugestellt"),
          ReceiptKind.ABHOLUNG: _l("geöffnet")}
"""A message's delivery state, named after its newest receipt (none yet: still on its way)."""
RECEIPT_ORDER = [ReceiptKind.VERSAND, ReceiptKind.EINGANG, ReceiptKind.ABHOLUNG]


@dataclass(frozen=True)
class LiveUpdate:
    """What one poll answers: the new messages as HTML, the new cursor, every state."""

    html: str
    cursor: int
    count: int
    states: dict[str, str]

    def as_json(self) -> dict[str, Any]:
        """Return the answer's JSON body."""
        return {"html": self.html, "cursor": self.cursor, "count": self.count,
                "states": self.states}


def cursor_argument() -> int:
    """Return the cursor the request names (none: 0); a bad one is a 400 saying so in German."""
    raw = request.args.get(CURSOR, "0").strip()
    if not raw.isdigit() or len(raw) > MAX_CURSOR_DIGITS:  # isdigit: no sign, no spaces
        raise Refused(_("Der Parameter „nach“ muss die Nummer einer Nachricht sein (eine ganze "
                        "Zahl ab 0)."))
    return int(raw)


def messages_after(session: Session, case: Case, cursor: int) -> list[Message]:
    """Return the case's messages after the cursor, oldest first, with their authors."""
    return list(session.scalars(
        select(Message).options(joinedload(Message.author))
        .where(Message.case_id == case.id, Message.id > cursor).order_by(Message.id)).all())


def files_after(session: Session, case: Case, cursor: int) -> dict[int, list[dict[str, str]]]:
    """Return the files of the messages after the cursor, by message id (as the box lists them)."""
    listed: dict[int, list[dict[str, str]]] = {}
    for upload in session.scalars(select(Upload).where(
            Upload.case_id == case.id, Upload.message_id > cursor).order_by(Upload.id)):
        listed.setdefault(upload.message_id, []).append(file_row(upload))
    return listed


def queries_after(session: Session, case: Case, cursor: int) -> dict[int, CaseQuery]:
    """Return the Rückfragen whose question came after the cursor, by the question's id."""
    return {q.question_id: q for q in session.scalars(select(CaseQuery).where(
        CaseQuery.case_id == case.id, CaseQuery.question_id > cursor))}


def message_states(session: Session, case: Case) -> dict[int, str]:
    """Return each message's delivery state (by message id) from its outbox row's receipts."""
    rows = session.execute(select(OutboxMessage.message_id, OutboxMessage.payload).where(
        OutboxMessage.case_id == case.id, OutboxMessage.kind.in_(CONVERSATION_KINDS))).all()
    carried = {row.message_id: note_id(row.payload) for row in rows}
    newest = furthest_receipts(session.execute(select(Receipt.message_id, Receipt.kind).where(
        Receipt.case_id == case.id, Receipt.message_id.in_(list(carried)))))
    return {message: str(STATES[newest.get(outbox)])
            for outbox, message in carried.items() if message is not None}


def furthest_receipts(receipts: Iterable[tuple[str, ReceiptKind]]) -> dict[str, ReceiptKind]:
    """Return the furthest receipt (sent, received, opened) of each outbox message, whatever the
    order the receipts come in (a database promises none)."""
    newest: dict[str, ReceiptKind] = {}
    for message_id, kind in receipts:
        known = newest.get(message_id)
        if known is None or RECEIPT_ORDER.index(kind) > RECEIPT_ORDER.index(known):
            newest[message_id] = kind
    return newest


def note_id(payload: dict[str, Any]) -> int | None:
    """Return the id of the box's message an outbox payload carries (a message, a reply, the
    question of a Rückfrage), or None."""
    note = payload.get("message") or (payload.get("query") or {}).get("note") or {}
    return note.get("id")


def live_update(session: Session, case: Case, cursor: int, **page: Any) -> LiveUpdate:
    """Render the messages after the cursor with the page's partial; `page`: what the partial
    needs beside them (department_name)."""
    messages = messages_after(session, case, cursor)
    states = message_states(session, case)
    html = render_template("partials/message_list.html", messages=messages,
                           message_files=files_after(session, case, cursor),
                           query_of_message=queries_after(session, case, cursor),
                           message_states=states, **page) if messages else ""
    return LiveUpdate(html=html, cursor=messages[-1].id if messages else cursor,
                      count=len(messages), states={str(k): v for k, v in states.items()})


def wants_json() -> bool:
    """Tell whether the message form was sent by the page's script (it asks for JSON): then the
    answer is JSON, never the redirect or the page a form without script gets."""
    return request.accept_mimetypes.best == "application/json"


def refused_json(form: Any, code: int):
    """Answer a refused message as JSON: every error of the form in German (nothing stored; the
    script keeps the typed text)."""
    errors = [str(e) for e in form.form_errors]
    for field in form:
        errors += [str(e) for e in field.errors]
    return jsonify(sent=False, errors=errors, message=" ".join(errors)), code


def sent_json(text: str):
    """Answer a message sent by the page's script (it then polls for the message itself)."""
    return jsonify(sent=True, message=text)
