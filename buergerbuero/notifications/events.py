"""What residents are told by e-mail: that something waits in their Postfach, and a link.

Never the content: a mail names the case's reference and what kind of thing waits (a receipt,
a message, a Rückfrage, a decision); the resident reads it after logging in. Each mail is
written in the transaction of the change it tells of (the caller commits), in the case's
language, and not at all when the resident switched notifications off.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

import mailgateway
from common.i18n import _l

from ..models import Case, CaseStatus, MailMessage, OutboxMessage
from .mails import public_url, queue_mail

KINDS = ("case_received", "case_message", "case_query", "case_decided", "case_query_reminder")
"""The notification kinds; each has its templates mail/<kind>.txt and .html."""


def subject(kind: str, reference: str) -> object:
    """Return the lazy subject of a notification kind about the case `reference`."""
    return {
        "case_received": _l("Ihr Antrag %(reference)s ist eingegangen", reference=reference),
        "case_message": _l("Neue Nachricht zu Ihrem Antrag %(reference)s", reference=reference),
        "case_query": _l("Rückfrage zu Ihrem Antrag %(reference)s", reference=reference),
        "case_decided": _l("Entscheidung zu Ihrem Antrag %(reference)s", reference=reference),
        "case_query_reminder": _l("Erinnerung: Rückfrage zu Ihrem Antrag %(reference)s",
                                  reference=reference),
    }[kind]


STATUS_KINDS: dict[CaseStatus, str] = {}
"""The status changes the resident is told of by themselves: none. A Rückfrage's mail is sent
when it is asked (cases/queries), a Bescheid's when it reaches the resident's box
(cases/bekanntgabe)."""


def notify_resident(session: Session, case: Case, kind: str, **context: Any
                    ) -> MailMessage | None:
    """Queue the notification `kind` about the case to its resident, unless switched off
    (`context`: what its templates show besides the reference and the link)."""
    resident = case.user
    if resident is None or not resident.notify_by_email or not resident.active:
        return None
    return queue_mail(session, kind=kind, to=resident.email, locale=case.locale or resident.locale,
                      subject=subject(kind, case.reference), user=resident,
                      reference=case.reference,
                      case_url=public_url("cases.detail", reference=case.reference), **context)


def case_received(session: Session, outbox: OutboxMessage) -> None:
    """Gateway hook (on_delivered): tell the resident their application arrived."""
    if outbox.kind != mailgateway.OutboxKind.SUBMISSION or outbox.case_id is None:
        return  # a forward, a copy or a message is not a new receipt for the resident
    case = session.get(Case, outbox.case_id)
    if case is not None:
        notify_resident(session, case, "case_received")


def message_posted(session: Session, case: Case) -> None:
    """The department wrote the resident a message: tell them one waits."""
    notify_resident(session, case, "case_message")


def status_changed(session: Session, case: Case, new: CaseStatus) -> None:
    """The case went to Rückfrage or was decided: tell the resident something waits."""
    kind = STATUS_KINDS.get(new)
    if kind is not None:
        notify_resident(session, case, kind)


def init_events(app: Any) -> None:
    """Register the gateway hook of a delivered submission."""
    mailgateway.state_of(app).on_delivered.append(case_received)
