"""The case archive's chapters, one builder each: what a table holds, as dated German entries.

Called inside the archive's German locale (cases/archive.py); every time is local time.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.formatting import format_date, format_datetime
from common.i18n import SOURCE_LANGUAGE, _, _l
from forms.fields.uploads import readable_size
from mailgateway import RECEIPT_LABELS, OutboxKind, recipient_of
from signing.archive_pdf import ArchiveEntry

from ..models import (
    AuditEvent,
    Case,
    CaseQuery,
    Decision,
    DecisionOutcome,
    DecisionState,
    Department,
    Message,
    OutboxMessage,
    Receipt,
    SignedDocument,
    Upload,
    User,
)
from .timeline import KIND_SUFFIX, status_label

OUTCOMES = {DecisionOutcome.BEWILLIGUNG: _l("Bewilligung"),
            DecisionOutcome.TEILBEWILLIGUNG: _l("Teilbewilligung"),
            DecisionOutcome.ABLEHNUNG: _l("Ablehnung")}
CAUSES = {"query": _l("Rückfrage gestellt"), "decision": _l("Bescheid erlassen"),
          "withdrawal": _l("Rücknahme durch die Antragstellerin/den Antragsteller"),
          "reply": _l("Antwort auf die Rückfrage"), "bekanntgabe": _l("Bekanntgabe")}
"""Why a status changed when no case worker chose it (change_status's `cause`)."""
SUFFIXES = {**KIND_SUFFIX, OutboxKind.SUBMISSION: _l("Antrag"),
            OutboxKind.WITHDRAWAL: _l("Rücknahme"), OutboxKind.REPLY: _l("Nachricht des Amts"),
            OutboxKind.QUERY: _l("Rückfrage"), OutboxKind.DECISION: _l("Bescheid")}
"""What a receipt's message was, after the receipt's title."""


def when(moment: dt.datetime | None) -> str:
    """Return a point in time as the archive prints it (German, local time)."""
    return format_datetime(moment, SOURCE_LANGUAGE)


def day(value: dt.date | None) -> str:
    """Return a day as the archive prints it."""
    return format_date(value, SOURCE_LANGUAGE)


def file_row(upload: Upload) -> tuple[str, str]:
    """Return a file's row: its name, then its size and sha256."""
    return (upload.filename, _("%(size)s (%(bytes)d Bytes), SHA-256 %(sha256)s",
                               size=readable_size(upload.size), bytes=upload.size,
                               sha256=upload.sha256))


def message_entries(session: Session, case: Case) -> tuple[ArchiveEntry, ...]:
    """Return every message in order: who wrote it (which side), when, its text, its files."""
    messages = session.scalars(select(Message).where(Message.case_id == case.id)
                               .order_by(Message.created_at, Message.id)).all()
    files: dict[int, list[Upload]] = {}
    for upload in session.scalars(select(Upload).where(
            Upload.case_id == case.id, Upload.message_id.is_not(None)).order_by(Upload.id)):
        files.setdefault(upload.message_id, []).append(upload)
    queries = session.scalars(select(CaseQuery).where(CaseQuery.case_id == case.id)).all()
    asked = {q.question_id for q in queries}
    answers = {q.answer_id for q in queries if q.answer_id is not None}
    entries = []
    for message in messages:
        side = (_("Amt: %(department)s (%(name)s)", department=case.department.name,
                  name=message.author.display_name) if message.from_department else
                _("Antragsteller/in: %(name)s", name=message.author.display_name))
        rows = [(_("Art"), _("Rückfrage"))] if message.id in asked else []
        rows += [(_("Art"), _("Antwort auf eine Rückfrage"))] if message.id in answers else []
        rows += [file_row(upload) for upload in files.get(message.id, [])]
        entries.append(ArchiveEntry(f"{when(message.created_at)} · {side}", message.body,
                                    tuple(rows)))
    return tuple(entries)


def query_entries(session: Session, case: Case) -> tuple[ArchiveEntry, ...]:
    """Return each Rückfrage with what it asked for, its deadline and its answer."""
    queries = session.scalars(select(CaseQuery).where(CaseQuery.case_id == case.id)
                              .order_by(CaseQuery.asked_at, CaseQuery.id)).all()
    entries = []
    for query in queries:
        items = "\n".join(f"• {item}" for item in query.items) or "–"
        rows = [(_("Gestellt von"), query.asked_by.display_name), (_("Erbeten"), items),
                (_("Antwort bis"), day(query.answer_by))]
        if query.answered_at is not None:
            rows.append((_("Beantwortet"), when(query.answered_at)))
            rows.append((_("Antwort"), query.answer.body if query.answer else "–"))
        else:
            rows.append((_("Beantwortet"), _("noch nicht")))
        entries.append(ArchiveEntry(_("Rückfrage vom %(at)s", at=when(query.asked_at)),
                                    query.question.body if query.question else "",
                                    tuple(rows)))
    return tuple(entries)


def decision_entries(session: Session, case: Case, for_department: bool = True
                     ) -> tuple[ArchiveEntry, ...]:
    """Return the issued Bescheid: outcome, date, its Bekanntgabe, the sealed letter's hash.

    The resident's archive holds a Bescheid only once it reached them (retrieved, or given to
    the post): before, the archive would hand out the letter's content without the receipted
    retrieval that announces it (§ 41 Abs. 2a VwVfG)."""
    decisions = session.scalars(select(Decision).where(
        Decision.case_id == case.id, Decision.state == DecisionState.ISSUED)
        .order_by(Decision.id)).all()
    return tuple(decision_entry(session, decision) if for_department or received(decision)
                 else waiting_entry(decision) for decision in decisions)


def received(decision: Decision) -> bool:
    """Tell whether the Bescheid reached its resident: retrieved, or given to the post."""
    return decision.retrieved_at is not None or decision.posted_on is not None


def unreceived_letters(session: Session, case: Case) -> tuple[str, ...]:
    """Return the message ids of the case's issued Bescheide that have not reached the
    resident yet (their sealed letters stay out of the resident's evidence bundle)."""
    decisions = session.scalars(select(Decision).where(
        Decision.case_id == case.id, Decision.state == DecisionState.ISSUED)).all()
    return tuple(d.message_id for d in decisions if d.message_id and not received(d))


def waiting_entry(decision: Decision) -> ArchiveEntry:
    """Return what the resident's archive says of a Bescheid not yet retrieved: that it waits."""
    return ArchiveEntry(_("Bescheid"), _("Der Bescheid liegt zum Abruf bereit; sein Inhalt "
                                         "steht in dieser Akte, sobald Sie ihn abgerufen "
                                         "haben."),
                        ((_("Erlassen"), when(decision.issued_at)),))


def decision_entry(session: Session, decision: Decision) -> ArchiveEntry:
    """Return one Bescheid's entry; only what happened is listed."""
    letter = session.scalar(select(SignedDocument).where(
        SignedDocument.message_id == decision.message_id, SignedDocument.kind == "bescheid")
    ) if decision.message_id else None
    rows = [(_("Entscheidung"), str(OUTCOMES[decision.outcome])),
            (_("Datum des Bescheids"), day(decision.dated)),
            (_("Erlassen"), when(decision.issued_at)),
            (_("Bekanntgabe"), _("durch Abruf (§ 41 Abs. 2a VwVfG)") if decision.by_retrieval
             else _("durch die Post"))]
    optional = [(_("Zum Abruf bereitgestellt"), decision.notified_at, when),
                (_("Abgerufen"), decision.retrieved_at, when),
                (_("Nicht abgerufen, Abruffrist beendet"), decision.provision_ended_at, when),
                (_("Zur Post gegeben"), decision.posted_on, day),
                (_("Bekannt gegeben am"), decision.announced_on, day),
                (_("Ende der Rechtsbehelfsfrist"), decision.remedy_ends_on, day)]
    rows += [(name, shown(value)) for name, value, shown in optional if value is not None]
    rows.append((_("SHA-256 des gesiegelten Bescheids"), letter.sha256 if letter else "–"))
    reasons = _("Begründung: %(reasons)s", reasons=decision.reasons) if decision.reasons else ""
    return ArchiveEntry(_("Bescheid: %(outcome)s", outcome=OUTCOMES[decision.outcome]),
                        reasons, tuple(rows))


def status_entries(session: Session, case: Case, for_department: bool
                   ) -> tuple[ArchiveEntry, ...]:
    """Return every status change and forward (from the audit log), with its reason."""
    events = session.scalars(select(AuditEvent).where(
        AuditEvent.case_id == case.id, AuditEvent.action.in_(["status_changed", "forwarded"]))
        .order_by(AuditEvent.at, AuditEvent.id)).all()
    names = {d.key: d.name for d in session.scalars(select(Department))}
    actors = {u.id: u.display_name for u in session.scalars(select(User).where(
        User.id.in_({e.actor_id for e in events if e.actor_id is not None})))}
    entries = []
    for event in events:
        details = event.details
        by = actors.get(event.actor_id, _("die Plattform"))
        if event.action == "forwarded":
            rows = [(_("Weitergeleitet"), f"{names.get(details.get('from'), '–')} → "
                                          f"{names.get(details.get('to'), '–')}")]
            if for_department:  # why is the departments' business (as on the timeline)
                rows.append((_("Begründung"), details.get("reason", "") or "–"))
        else:
            rows = [(_("Status"), f"{status_label(details.get('from'))} → "
                                  f"{status_label(details.get('to'))}")]
            if details.get("cause") in CAUSES:
                rows.append((_("Anlass"), str(CAUSES[details["cause"]])))
            if details.get("reason"):
                rows.append((_("Begründung"), details["reason"]))
        rows.append((_("Durch"), by))
        entries.append(ArchiveEntry(when(event.at), rows=tuple(rows)))
    return tuple(entries)


def receipt_entries(session: Session, case: Case) -> tuple[ArchiveEntry, ...]:
    """Return every receipt: kind, time, recipient, envelope sha256, message id."""
    receipts = session.scalars(select(Receipt).where(Receipt.case_id == case.id)
                               .order_by(Receipt.issued_at, Receipt.id)).all()
    kinds = dict(session.execute(select(OutboxMessage.message_id, OutboxMessage.kind).where(
        OutboxMessage.case_id == case.id)).all())
    names = {d.key: d.name for d in session.scalars(select(Department))}
    names[recipient_of(case.reference)] = _("Antragsteller/in (Postfach in der Plattform)")
    entries = []
    for receipt in receipts:
        title = str(RECEIPT_LABELS[receipt.kind])
        if (suffix := SUFFIXES.get(kinds.get(receipt.message_id))) is not None:
            title = f"{title} – {suffix}"
        entries.append(ArchiveEntry(title, rows=(
            (_("Zeitpunkt"), when(receipt.issued_at)),
            (_("Empfänger"), names.get(receipt.recipient, receipt.recipient)),
            (_("Nachricht"), receipt.message_id),
            (_("SHA-256 des Umschlags"), receipt.envelope_sha256))))
    return tuple(entries)


def document_entries(session: Session, case: Case) -> tuple[ArchiveEntry, ...]:
    """Return every sealed document of the case with its sha256."""
    documents = session.scalars(select(SignedDocument).where(SignedDocument.case_id == case.id)
                                .order_by(SignedDocument.id)).all()
    return tuple(ArchiveEntry(document.filename, rows=(
        (_("Erstellt"), when(document.created_at)), (_("SHA-256"), document.sha256)))
        for document in documents)
