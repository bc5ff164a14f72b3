"""A case's timeline: submission, receipts, status changes and forwards, each after its cause.

Built on every view from what is stored language-independently (audit events with status
codes and department keys, receipts), so each entry is written in the reader's language.
The resident reads where a case was forwarded; only the departments read why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.formatting import format_date
from common.i18n import _, _l
from mailgateway import RECEIPT_LABELS, OutboxKind, recipient_of

from ..core.labels import department_name, label
from ..models import AuditEvent, Case, CaseStatus, Department, OutboxMessage, Receipt, ReceiptKind

RECEIPT_ORDER = [ReceiptKind.VERSAND, ReceiptKind.EINGANG, ReceiptKind.ABHOLUNG]
"""The receipts of one message in the order one causes the next."""

KIND_SUFFIX = {OutboxKind.MESSAGE: _l("Nachricht"), OutboxKind.FORWARD: _l("Weiterleitung"),
               OutboxKind.COPY: _l("Mitteilung"), OutboxKind.REPLY: _l("Nachricht"),
               OutboxKind.QUERY: _l("Rückfrage"), OutboxKind.WITHDRAWAL: _l("Rücknahme")}
"""What a receipt's message was, shown after the receipt's title ("Eingangsbestätigung – …")."""


@dataclass(frozen=True)
class TimelineEntry:
    """One event on the timeline."""

    at: dt.datetime
    title: str
    detail: str = ""
    receipt: Receipt | None = None
    note: str = ""
    """A second line: the reason of a rejection or (for departments) of a forward."""


def case_timeline(session: Session, case: Case, *, for_department: bool = False
                  ) -> list[TimelineEntry]:
    """Return the case's events, oldest first, each after what caused it (as the resident
    reads them, or as a department does: with the reasons of forwards)."""
    names = {d.key: department_name(d) for d in session.scalars(select(Department))}
    names[recipient_of(case.reference)] = _("Antragsteller/in")  # the resident's own box
    events = session.scalars(
        select(AuditEvent).where(
            AuditEvent.case_id == case.id, AuditEvent.action.in_(["status_changed", "forwarded"])
        )
    ).all()
    filed = TimelineEntry(case.created_at, _("Antrag eingereicht"),
                          _("Aktenzeichen %(reference)s", reference=case.reference))
    ordered = [((case.created_at, 0), filed)]
    ordered += [((e.at, 0), audit_entry(e, names, for_department)) for e in events]
    ordered += receipt_entries(session, case, events, names)
    ordered += query_entries(session, case)
    return [entry for _, entry in sorted(ordered, key=lambda pair: pair[0])]


def receipt_entries(session: Session, case: Case, events: Sequence[AuditEvent],
                    names: dict[str, str]) -> list[tuple[tuple[dt.datetime, int], TimelineEntry]]:
    """Return the receipts with their place on the timeline: never before their cause.

    A receipt's time is signed in whole seconds, while the filing or forward that sent its
    message is recorded to the microsecond, so within one second time alone puts the receipt
    first. Each receipt is therefore placed no earlier than its message was sent (and than the
    event naming that message), and Versand, Eingang, Abholung of one message in this order.
    """
    messages = session.execute(select(OutboxMessage.message_id, OutboxMessage.kind,
                                      OutboxMessage.enqueued_at)
                               .where(OutboxMessage.case_id == case.id)).all()
    kinds = {m.message_id: m.kind for m in messages}
    sent = {m.message_id: m.enqueued_at for m in messages if m.enqueued_at is not None}
    for event in events:
        if (message_id := event.details.get("message_id")) is not None:
            sent[message_id] = max(sent.get(message_id, event.at), event.at)
    receipts = session.scalars(select(Receipt).where(Receipt.case_id == case.id)).all()
    placed, floor = [], dict(sent)
    for r in sorted(receipts, key=lambda r: (RECEIPT_ORDER.index(r.kind), r.id)):
        at = max(r.issued_at, floor.get(r.message_id, case.created_at))
        floor[r.message_id] = at
        title = str(RECEIPT_LABELS[r.kind])
        if (suffix := KIND_SUFFIX.get(kinds.get(r.message_id))) is not None:
            title = f"{title} – {suffix}"
        entry = TimelineEntry(r.issued_at, title, _("Empfänger: %(name)s",
                                                    name=names.get(r.recipient, r.recipient)),
                              receipt=r)
        placed.append(((at, 1 + RECEIPT_ORDER.index(r.kind)), entry))
    return placed


QUERY_TITLES = {"query_asked": _l("Rückfrage gestellt"),
                "query_answered": _l("Rückfrage beantwortet")}


def query_entries(session: Session, case: Case
                  ) -> list[tuple[tuple[dt.datetime, int], TimelineEntry]]:
    """Return the Rückfragen asked and answered, the question with its deadline."""
    events = session.scalars(select(AuditEvent).where(
        AuditEvent.case_id == case.id, AuditEvent.action.in_(QUERY_TITLES))).all()
    placed = []
    for event in events:
        deadline = event.details.get("answer_by")
        detail = _("Antwort bis %(day)s", day=format_date(dt.date.fromisoformat(deadline))
                   ) if deadline else ""
        placed.append(((event.at, 0), TimelineEntry(event.at, str(QUERY_TITLES[event.action]),
                                                    detail)))
    return placed


def audit_entry(event: AuditEvent, names: dict[str, str], for_department: bool = False
                ) -> TimelineEntry:
    """Describe a status change or a forward for the timeline."""
    before, after = event.details.get("from"), event.details.get("to")
    reason = event.details.get("reason", "")
    if event.action == "forwarded":
        source, target = names.get(before, before), names.get(after, after)
        if not for_department:  # why is the departments' business; where is the resident's
            return TimelineEntry(event.at, _("Weitergeleitet"), _(
                "Jetzt zuständig: %(target)s (bisher %(source)s)", target=target, source=source))
        return TimelineEntry(event.at, _("Weitergeleitet"), f"{source} → {target}",
                             note=_("Begründung: %(reason)s", reason=reason))
    note = _("Begründung: %(reason)s", reason=reason) if reason else ""
    if event.details.get("cause") == "reply":
        note = _("Nach der Antwort auf die Rückfrage")
    elif event.details.get("cause") == "bekanntgabe":
        note = _("Nach der Bekanntgabe des Bescheids")
    return TimelineEntry(event.at, _("Status geändert"),
                         f"{status_label(before)} → {status_label(after)}", note=note)


def status_label(value: str | CaseStatus | None) -> str:
    """Return the label of a status (given as enum or stored value)."""
    if value is None:
        return "–"
    status = value if isinstance(value, CaseStatus) else CaseStatus(value)
    return label(status)
