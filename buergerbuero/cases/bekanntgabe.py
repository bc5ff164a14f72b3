"""A Bescheid's Bekanntgabe: the notice that it is ready, its retrieval, the end of the
provision after ten days, the Aufgabe zur Post; the periods computed by `deadlines_law`.

The gateway tells us of the delivery into the resident's box (`decision_delivered`) and of the
resident's first authenticated opening (`decision_retrieved`), each inside its transaction; the
relay round (`bekanntgabe_hooks`) records when the notice mail went out, ends the provisions
whose ten days passed and closes the cases whose Bekanntgabe day has come.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

import mailgateway
from common.db import utcnow

from ..core import audit
from ..models import Case, Decision, DecisionState, MailMessage, MailStatus, ResidentBoxEntry
from ..notifications.events import notify_resident
from . import deadlines_law as law
from .closing import close_after_bekanntgabe
from .lifecycle import DECISIONS

DECISION_KIND = mailgateway.OutboxKind.DECISION.value


def bundesland() -> str:
    """Return the Land whose public holidays move a period's end (config BUNDESLAND)."""
    return current_app.config["BUNDESLAND"]


def issued_decision(session: Session, case: Case) -> Decision | None:
    """Return the case's issued Bescheid, if there is one."""
    return session.scalar(select(Decision).where(Decision.issued_case_id == case.id,
                                                 Decision.state == DecisionState.ISSUED))


def decision_of_message(session: Session, message_id: str) -> Decision | None:
    """Return the Bescheid an outbox message carried, if it carried one."""
    return session.scalar(select(Decision).where(Decision.message_id == message_id))


def announce(decision: Decision, day: dt.date) -> None:
    """Set the Bekanntgabe day and the last day for the legal remedy."""
    decision.announced_on = day
    decision.remedy_ends_on = law.remedy_ends_on(day, bundesland())


def decision_delivered(session: Session, outbox: Any) -> None:
    """Gateway hook (on_delivered): the Bescheid is in the resident's box; queue the notice.

    Its ten days run from the mail's sending (`settle_notices`); a resident who switched mail
    off is told by nothing but the box, so for them they run from the delivery.
    """
    if outbox.kind != mailgateway.OutboxKind.DECISION:
        return
    decision = decision_of_message(session, outbox.message_id)
    if decision is None:
        return
    mail = notify_resident(session, decision.case, "case_decided",
                           by_retrieval=decision.by_retrieval)
    if decision.by_retrieval and mail is None:
        decision.notified_at = utcnow()
    elif mail is not None:
        session.flush()  # the mail's id
        decision.notice_mail_id = mail.id
    audit.record(session, "decision_provided", decision, case_id=decision.case_id,
                 actor_id=None, message_id=outbox.message_id, by_retrieval=decision.by_retrieval,
                 mailed=mail is not None)


def decision_retrieved(session: Session, entry: ResidentBoxEntry, user_id: int) -> None:
    """Gateway hook (on_resident_opened): the resident's first download of the Bescheid; it
    announces it if it was provided for retrieval and the provision had not ended."""
    if entry.kind != DECISION_KIND:
        return
    decision = decision_of_message(session, entry.message_id)
    if decision is None:
        return
    now = utcnow()
    decision.retrieved_at = now
    counts = (decision.by_retrieval and decision.provision_ended_at is None
              and decision.announced_on is None
              and law.within_provision(decision.notified_at, now))
    if counts:
        announce(decision, law.announced_by_retrieval(now))
    audit.record(session, "decision_retrieved", decision, case_id=decision.case_id,
                 actor_id=user_id, message_id=entry.message_id, announced=counts,
                 announced_on=decision.announced_on.isoformat() if counts else None)


def awaiting_notice(session: Session) -> list[Decision]:
    """Return the Bescheide for retrieval whose notice mail has not been settled yet."""
    return list(session.scalars(select(Decision).where(
        Decision.state == DecisionState.ISSUED, Decision.by_retrieval.is_(True),
        Decision.notified_at.is_(None), Decision.notice_mail_id.is_not(None))))


def settle_notices(session: Session) -> int:
    """Record when each notice mail went out (`notified_at` = its sending); a mail that failed
    for good told nobody, so the ten days run from the delivery into the box. Commit."""
    settled = 0
    for decision in awaiting_notice(session):
        mail = session.get(MailMessage, decision.notice_mail_id)
        if mail is not None and mail.status is MailStatus.SENT:
            decision.notified_at = mail.sent_at
        elif mail is None or mail.status is MailStatus.FAILED:
            entry = mailgateway.resident_entry(session, decision.message_id)
            decision.notified_at = entry.received_at if entry else utcnow()
        else:
            continue  # still to be sent
        audit.record(session, "decision_notified", decision, case_id=decision.case_id,
                     actor_id=None, at=decision.notified_at.isoformat(),
                     mailed=mail is not None and mail.status is MailStatus.SENT)
        settled += 1
    session.commit()
    return settled


def end_provisions(session: Session, now: dt.datetime) -> int:
    """End the provision of every Bescheid not retrieved within ten days of its notice; from
    then on only the post announces it. A download after the ten days that came before this
    round announced nothing (no `announced_on`), so its provision ends too. Commit; return how
    many ended."""
    candidates = session.scalars(select(Decision).where(
        Decision.state == DecisionState.ISSUED, Decision.by_retrieval.is_(True),
        Decision.notified_at.is_not(None), Decision.provision_ended_at.is_(None),
        Decision.announced_on.is_(None))).all()
    ended = 0
    for decision in candidates:
        end = law.provision_ends_at(decision.notified_at)
        if now < end:
            continue
        decision.provision_ended_at = end
        audit.record(session, "decision_provision_ended", decision, case_id=decision.case_id,
                     actor_id=None, at=end.isoformat())
        ended += 1
    session.commit()
    return ended


def close_announced(session: Session, today: dt.date) -> int:
    """Close the decided cases whose Bekanntgabe day has come. Commit; return how many."""
    due = session.scalars(select(Decision).join(Case, Case.id == Decision.case_id).where(
        Decision.state == DecisionState.ISSUED, Decision.announced_on.is_not(None),
        Decision.announced_on <= today, Case.status.in_(DECISIONS))).all()
    closed = 0
    for decision in due:
        closed += close_after_bekanntgabe(session, decision.case)
    session.commit()
    return closed
