"""Helpers of the case-archive tests: a delivered case with everything the conversation writes.

Where the code that writes a table is another branch's (Rückfragen, Bescheide, message files),
its rows are created directly, as that code stores them; the rest goes through the app.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import secrets
import zipfile
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from buergerbuero.cases import lifecycle
from buergerbuero.cases.uploads import upload_dir
from buergerbuero.core import file_crypto
from buergerbuero.models import (
    Case,
    CaseQuery,
    CaseStatus,
    Decision,
    DecisionOutcome,
    DecisionState,
    Message,
    SignedDocument,
    Upload,
    User,
)
from common.db import utcnow
from mailgateway.keys import gateway_keys

from .. import support
from ..signing.pdf_text import shown_strings
from .authorization_world import file_dangerous_dog
from .casework import CASEWORKER, post_on_case

QUESTION = "Bitte senden Sie uns den Nachweis der Tierheimvermittlung."
ITEM = "Vermittlungsvertrag des Tierheims"
ANSWER = "Anbei der Vertrag vom Tierheim Musterstadt."
ANSWER_FILE = "vermittlungsvertrag.pdf"
CLOSING = "Bescheid bekannt gegeben, Vorgang erledigt."
REASON = "Die Vermittlung aus dem Tierheim ist belegt."


@dataclass
class ArchivedCase:
    """A case with messages, a Rückfrage and its answer with a file, a Bescheid, receipts."""

    reference: str
    answer_sha256: str
    letter_sha256: str


def full_case(app: Any, client: Any, staff: Any, session: Any,
              run_gateway: Any) -> ArchivedCase:
    """File a dangerous dog (its certificate uploaded), deliver it, write both ways, ask and
    answer a Rückfrage with a file, issue a Bescheid, close the case with a reason; return
    what the archive must show."""
    support.register(client)
    reference = file_dangerous_dog(client)
    run_gateway()
    support.login_demo(staff, CASEWORKER)
    assert staff.get(f"/postfach/{reference}").status_code == 200  # opened: Abholbestätigung
    post_on_case(staff, reference, "nachricht", {"body": "Wir prüfen Ihren Antrag."})
    worker = session.scalar(select(User).where(User.email == CASEWORKER))
    with app.test_request_context():
        query = ask(session, case_now(session, reference), worker)
    sent = support.post_form(client, f"/antraege/{reference}/nachricht", {"body": ANSWER},
                             page=f"/antraege/{reference}")
    assert sent.status_code == 302
    with app.app_context():
        answer_sha = attach_answer(session, case_now(session, reference), query)
    run_gateway()  # the resident's answer travels to the department, receipted
    with app.test_request_context():
        letter_sha = issue_decision(session, case_now(session, reference), worker)
    closed = post_on_case(staff, reference, "status", {"status": "abgeschlossen",
                                                       "reason": CLOSING})
    assert closed.status_code == 302, closed.get_data(as_text=True)[-3000:]
    return ArchivedCase(reference, answer_sha, letter_sha)


def case_now(session: Any, reference: str) -> Case:
    """Return the case as stored now."""
    support.fresh(session)
    return session.scalar(select(Case).where(Case.reference == reference))


def ask(session: Any, case: Case, worker: User) -> int:
    """Store a Rückfrage as the query code does; return its id."""
    question = Message(case_id=case.id, author_id=worker.id, from_department=True, body=QUESTION)
    session.add(question)
    session.flush()
    lifecycle.change_status(session, case, CaseStatus.RUECKFRAGE, worker, cause="query")
    query = CaseQuery(case_id=case.id, asked_by_id=worker.id, question_id=question.id,
                      items=[ITEM], answer_by=dt.date(2026, 12, 15))
    session.add(query)
    session.commit()
    return query.id


def attach_answer(session: Any, case: Case, query_id: int) -> str:
    """Make the resident's newest message the Rückfrage's answer, with a file, as the query
    code does; return the file's sha256."""
    answer = session.scalar(select(Message).where(Message.case_id == case.id, Message.body ==
                                                  ANSWER))
    query = session.get(CaseQuery, query_id)
    content = support.small_pdf("Vermittlungsvertrag")
    stored = secrets.token_hex(16)
    file_crypto.write_new(upload_dir() / stored, content)
    sha = hashlib.sha256(content).hexdigest()
    session.add(Upload(token=secrets.token_hex(16), user_id=case.user_id, case_id=case.id,
                       message_id=answer.id, filename=ANSWER_FILE, media_type="application/pdf",
                       size=len(content), sha256=sha, storage_name=stored))
    query.answered_at, query.answer_id = utcnow(), answer.id
    session.commit()
    return sha


def issue_decision(session: Any, case: Case, worker: User) -> str:
    """Store an issued, retrieved Bescheid with its sealed letter, as the Bescheid code does."""
    message_id = f"bescheid-{secrets.token_hex(8)}"
    letter = gateway_keys().seal.sign(support.small_pdf("Bescheid"), reason="Bescheid",
                                      location="Musterstadt")
    session.add(Decision(case_id=case.id, issued_case_id=case.id, state=DecisionState.ISSUED,
                         outcome=DecisionOutcome.TEILBEWILLIGUNG, body="Die Steuer wird "
                         "ermäßigt.", reasons=REASON, drafted_by_id=worker.id,
                         issued_at=utcnow(), dated=dt.date(2026, 12, 1), message_id=message_id,
                         notified_at=utcnow(), retrieved_at=utcnow(),
                         announced_on=dt.date(2026, 12, 2), remedy_ends_on=dt.date(2027, 1, 4)))
    session.add(SignedDocument(message_id=message_id, case_id=case.id, kind="bescheid",
                               filename=f"Bescheid-{case.reference}.pdf", content=letter,
                               sha256=hashlib.sha256(letter).hexdigest()))
    lifecycle.change_status(session, case, CaseStatus.ENTSCHIEDEN, worker, cause="decision")
    session.commit()
    return hashlib.sha256(letter).hexdigest()


def pdf_text(pdf: bytes) -> str:
    """Return every string the PDF draws, joined by line breaks."""
    return "\n".join(shown_strings(pdf))


def members(bundle: bytes) -> dict[str, bytes]:
    """Return the bundle's files by path."""
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezipped(files: dict[str, bytes]) -> bytes:
    """Return the files as a new ZIP (a bundle after someone changed it)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@dataclass
class ArchiveWorld:
    """One full case, built once per test module, and the browsers of its two sides."""

    case: ArchivedCase
    resident: Any
    staff: Any
    bundle: bytes
    """The evidence bundle as the resident downloaded it."""


def archive_world(app: Any) -> ArchiveWorld:
    """Build the full case through the app and download its evidence bundle once."""
    from mailgateway.queue import gateway_queue

    from .authorization_world import run_gateway

    with app.app_context():
        gateway_queue().empty()
    resident, staff = app.test_client(), app.test_client()
    session = app.extensions["buergerbuero.db"]()
    try:
        case = full_case(app, resident, staff, session, lambda: run_gateway(app))
    finally:
        session.close()
    bundle = resident.get(f"/antraege/{case.reference}/nachweise")
    assert bundle.status_code == 200, bundle.get_data(as_text=True)[-2000:]
    return ArchiveWorld(case, resident, staff, bundle.data)
