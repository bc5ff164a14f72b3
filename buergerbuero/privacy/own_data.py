"""Everything the platform holds about one resident, as plain JSON-ready data (Art. 15, 20
DSGVO): the account, its logins, drafts, cases with what was filed, their conversation,
receipts, Bescheide and openings, appointments, mails and the audit events about them.

Every query starts from the one user id it is given; nothing is looked up by an id from the
request, so another resident's data cannot enter. Case workers appear as their department,
never by name or id. The format is documented in docs/privacy.md (FORMAT, VERSION).
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from flask import url_for
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from common.db import utcnow

from ..core.labels import department_name
from ..models import (
    Appointment,
    AuditEvent,
    Case,
    CaseQuery,
    Decision,
    DecisionState,
    Draft,
    LoginSession,
    MailMessage,
    Message,
    Receipt,
    SignedDocument,
    Upload,
    User,
)
from .openings import openings

FORMAT = "buergerbuero-meine-daten"
VERSION = 1
SAFE_DETAILS = frozenset({"from", "to", "cause", "reason", "message_id", "department",
                          "definition", "purpose", "sessions_ended", "notify_by_email"})
"""The details of an audit event the export shows: none names or counts a case worker."""


def plain(value: Any) -> Any:
    """Return a value JSON can hold: times as ISO 8601 (UTC), enums by value, texts as str."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value if value is None or isinstance(value, bool | int | float) else str(value)


def own_data(session: Session, user: User) -> dict[str, Any]:
    """Return the resident's whole data in the export format (JSON-ready)."""
    return plain(collect(session, user))


def collect(session: Session, user: User) -> dict[str, Any]:
    """Return the resident's whole data in the export's shape, times and enums as they are."""
    cases = list(session.scalars(select(Case).where(Case.user_id == user.id).order_by(Case.id)))
    case_ids = [case.id for case in cases]
    opened = openings(session, case_ids)
    data = {"format": FORMAT, "version": VERSION, "created_at": utcnow(),
            "account": account_of(user), "sessions": sessions_of(session, user),
            "drafts": drafts_of(session, user),
            "cases": [case_of(session, case, opened[case.id]) for case in cases],
            "appointments": appointments_of(session, user),
            "mails": mails_of(session, user),
            "audit_events": events_of(session, user, cases)}
    return data


def account_of(user: User) -> dict[str, Any]:
    """Return the account without its password hash."""
    return {"email": user.email, "display_name": user.display_name, "role": user.role,
            "language": user.locale, "email_confirmed_at": user.email_confirmed_at,
            "created_at": user.created_at, "active": user.active,
            "notifications": {"notify_by_email": user.notify_by_email,
                              "digest_subscribed": user.digest_subscribed}}


def sessions_of(session: Session, user: User) -> list[dict[str, Any]]:
    """Return the logins (their ids are secrets: left out)."""
    rows = session.scalars(select(LoginSession).where(LoginSession.user_id == user.id)
                           .order_by(LoginSession.created_at))
    return [{"created_at": s.created_at, "last_seen_at": s.last_seen_at,
             "revoked_at": s.revoked_at} for s in rows]


def drafts_of(session: Session, user: User) -> list[dict[str, Any]]:
    """Return the unfinished applications with their answers and uploads."""
    drafts = session.scalars(select(Draft).where(Draft.user_id == user.id).order_by(Draft.id))
    return [{"service": service_of(d.definition), "answers": d.answers,
             "current_step": d.current_step, "completed_steps": d.completed_steps,
             "created_at": d.created_at, "updated_at": d.updated_at,
             "files": files_of(session, Upload.draft_id == d.id, Upload.user_id == user.id)}
            for d in drafts]


def service_of(definition: Any) -> dict[str, Any]:
    """Return which service version something was filed under."""
    return {"slug": definition.slug, "version": definition.version, "title": definition.title}


def case_of(session: Session, case: Case, opened: list) -> dict[str, Any]:
    """Return one case with everything it holds about the resident."""
    submission = case.submission
    return {
        "reference": case.reference, "service": service_of(case.definition),
        "department": str(department_name(case.department)), "status": case.status,
        "created_at": case.created_at, "received_at": case.received_at,
        "decided_at": case.decided_at, "retrieval_consent_at": case.retrieval_consent_at,
        "submission": submission and {
            "submitted_at": submission.submitted_at, "answers": submission.answers,
            "attachments": submission.attachments, "fee_cents": submission.fee_cents,
            "fee_currency": submission.fee_currency,
            "definition_sha256": submission.definition_sha256},
        "status_history": status_history(session, case),
        "messages": messages_of(session, case),
        "files": files_of(session, Upload.case_id == case.id,
                          or_(Upload.user_id == case.user_id, Upload.message_id.is_not(None))),
        "queries": queries_of(session, case), "decisions": decisions_of(session, case),
        "receipts": receipts_of(session, case), "documents": documents_of(session, case),
        "opened_by_departments": [{"department": o.department, "opened_at": o.opened_at,
                                   "what": o.what, "message_id": o.message_id} for o in opened]}


def status_history(session: Session, case: Case) -> list[dict[str, Any]]:
    """Return the filing and each status change of the case, oldest first."""
    events = session.scalars(select(AuditEvent).where(
        AuditEvent.case_id == case.id, AuditEvent.action == "status_changed")
        .order_by(AuditEvent.at, AuditEvent.id))
    filed = {"at": case.created_at, "from": None, "to": "eingereicht", "reason": None}
    # delivery moves the status without an event of its own: the receipts show it
    return [filed, *({"at": e.at, "from": e.details.get("from"), "to": e.details.get("to"),
                      "reason": e.details.get("reason")} for e in events)]


def messages_of(session: Session, case: Case) -> list[dict[str, Any]]:
    """Return the message box: the department's messages under its name, not the author's."""
    rows = session.scalars(select(Message).where(Message.case_id == case.id)
                           .order_by(Message.created_at, Message.id))
    return [{"at": m.created_at, "from": "department" if m.from_department else "resident",
             "body": m.body} for m in rows]


def files_of(session: Session, *conditions: Any) -> list[dict[str, Any]]:
    """Return file metadata with the download address (the files are not in the JSON)."""
    rows = session.scalars(select(Upload).where(*conditions).order_by(Upload.id))
    return [{"name": u.filename, "media_type": u.media_type, "size": u.size,
             "sha256": u.sha256, "uploaded_at": u.created_at, "in_message": bool(u.message_id),
             "download_url": url_for("cases.upload_file", token=u.token, _external=True)}
            for u in rows]


def queries_of(session: Session, case: Case) -> list[dict[str, Any]]:
    """Return the Rückfragen (their texts are in the messages)."""
    rows = session.scalars(select(CaseQuery).where(CaseQuery.case_id == case.id)
                           .order_by(CaseQuery.id))
    return [{"asked_at": q.asked_at, "items": q.items, "answer_by": q.answer_by,
             "answered_at": q.answered_at} for q in rows]


def decisions_of(session: Session, case: Case) -> list[dict[str, Any]]:
    """Return the issued Bescheid (drafts are the department's, not yet a decision)."""
    rows = session.scalars(select(Decision).where(Decision.case_id == case.id,
                                                  Decision.state == DecisionState.ISSUED))
    return [{"outcome": d.outcome, "dated": d.dated, "issued_at": d.issued_at, "body": d.body,
             "reasons": d.reasons, "remedy": d.remedy, "fee_cents": d.fee_cents,
             "by_retrieval": d.by_retrieval, "retrieved_at": d.retrieved_at,
             "posted_on": d.posted_on, "announced_on": d.announced_on,
             "remedy_ends_on": d.remedy_ends_on} for d in rows]


def receipts_of(session: Session, case: Case) -> list[dict[str, Any]]:
    """Return the gateway's signed receipts of the case's deliveries."""
    rows = session.scalars(select(Receipt).where(Receipt.case_id == case.id)
                           .order_by(Receipt.issued_at, Receipt.id))
    return [{"kind": r.kind, "issued_at": r.issued_at, "recipient": r.recipient,
             "message_id": r.message_id, "envelope_sha256": r.envelope_sha256,
             "record": r.record, "signature": r.signature} for r in rows]


def documents_of(session: Session, case: Case) -> list[dict[str, Any]]:
    """Return the sealed documents of the case (the receipt PDF, the Bescheid) by name."""
    rows = session.scalars(select(SignedDocument).where(SignedDocument.case_id == case.id)
                           .order_by(SignedDocument.id))
    return [{"kind": d.kind, "filename": d.filename, "sha256": d.sha256,
             "created_at": d.created_at} for d in rows]


def appointments_of(session: Session, user: User) -> list[dict[str, Any]]:
    """Return the booked consultation slots (Sprechstunde)."""
    rows = session.scalars(select(Appointment).where(Appointment.user_id == user.id)
                           .order_by(Appointment.slot_start))
    return [{"title": a.hours.title, "department": str(department_name(a.hours.department)),
             "slot_start": a.slot_start, "slot_end": a.slot_end, "topic": a.topic,
             "status": a.status, "case": a.case.reference if a.case else None,
             "cancelled_at": a.cancelled_at} for a in rows]


def mails_of(session: Session, user: User) -> list[dict[str, Any]]:
    """Return the e-mails to the account (a sent mail's subject and text are already gone)."""
    rows = session.scalars(select(MailMessage).where(MailMessage.user_id == user.id)
                           .order_by(MailMessage.id))
    return [{"kind": m.kind, "to": m.to_address, "subject": m.subject, "status": m.status,
             "created_at": m.created_at, "sent_at": m.sent_at} for m in rows]


def events_of(session: Session, user: User, cases: list[Case]) -> list[dict[str, Any]]:
    """Return the audit events about the account, by it, or about its cases."""
    references = {case.id: case.reference for case in cases}
    about_account = (AuditEvent.object_type == "User") & (AuditEvent.object_id == str(user.id))
    rows = session.scalars(select(AuditEvent).where(or_(
        about_account, AuditEvent.actor_id == user.id,
        AuditEvent.case_id.in_(list(references)))).order_by(AuditEvent.at, AuditEvent.id))
    return [{"at": e.at, "action": e.action, "object": e.object_type,
             "case": references.get(e.case_id), "by": actor_kind(e, user),
             "details": {k: v for k, v in e.details.items() if k in SAFE_DETAILS}}
            for e in rows]


def actor_kind(event: AuditEvent, user: User) -> str:
    """Return who acted: the resident, the department (a case worker), or the system."""
    if event.actor_id is None:
        return "system"
    return "resident" if event.actor_id == user.id else "department"
