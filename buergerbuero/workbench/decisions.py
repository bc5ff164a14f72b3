"""The Bescheid of a case: drafted (and reworked), approved by a second case worker where the
definition asks for it (four-eyes), and issued in one transaction.

Issuing moves the case to *Entschieden* or *Abgelehnt* (the only way there: `cause="decision"`),
posts the letter through the gateway's door (sealed there, into the resident's box) and marks
the decision ISSUED with `issued_case_id`, which the database keeps unique: a case has one
Bescheid. Each step is an audit event (decision_drafted, decision_submitted,
decision_approved, decision_issued). The caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

import mailgateway
from common.db import utcnow
from common.formatting import local
from common.i18n import _l

from ..cases import lifecycle
from ..core import audit
from ..core.errors import RuleRefused
from ..models import Case, CaseStatus, Decision, DecisionOutcome, DecisionState, User
from . import decision_letter as letter
from .decision_texts import remedy_text


class DecisionRefused(RuleRefused):
    """A Bescheid step the rules do not allow now (a second Bescheid, self-approval, ...)."""


ALREADY_ISSUED = _l("Zu diesem Vorgang ist bereits ein Bescheid erlassen; ein zweiter ist "
                    "nicht möglich.")


@dataclass(frozen=True)
class Draft:
    """What the case worker wrote: the outcome, the letter's text, reasons, fee and address."""

    outcome: DecisionOutcome
    body: str
    reasons: str
    fee_cents: int | None
    recipient: str


def current_decision(session: Session, case: Case) -> Decision | None:
    """Return the case's Bescheid: the issued one, else the draft being worked on."""
    return session.scalar(select(Decision).where(Decision.case_id == case.id)
                          .order_by(Decision.issued_case_id.is_(None), Decision.id.desc())
                          .limit(1))


def issued_decision(session: Session, case: Case) -> Decision | None:
    """Return the case's issued Bescheid, if there is one."""
    return session.scalar(select(Decision).where(Decision.issued_case_id == case.id))


def check_open(session: Session, case: Case) -> None:
    """Refuse work on a Bescheid of a case already decided, withdrawn or closed."""
    if issued_decision(session, case) is not None:
        raise DecisionRefused(ALREADY_ISSUED)
    if not case.is_open:
        raise DecisionRefused(_l("Ein entschiedener, zurückgenommener oder abgeschlossener "
                                 "Vorgang bekommt keinen Bescheid."))


def save_draft(session: Session, case: Case, actor: User, draft: Draft) -> Decision:
    """Store the draft (a new one or the reworked current one); raise DecisionRefused.

    Whoever saves becomes its author: the four-eyes approval must come from someone else.
    Rework after it was put forward for approval takes it back to a draft.
    """
    check_open(session, case)
    spec = letter.case_spec(case)
    fee_cents = draft.fee_cents if spec is not None and spec.fee is not None else None
    values = letter.placeholders(case, spec, fee_cents)
    decision = current_decision(session, case) or Decision(case_id=case.id)
    decision.outcome, decision.state = draft.outcome, DecisionState.DRAFT
    decision.body = letter.fill(draft.body.strip(), values)
    decision.reasons, decision.fee_cents = draft.reasons.strip(), fee_cents
    decision.recipient = "\n".join(line.strip() for line in draft.recipient.splitlines()
                                   if line.strip())
    decision.remedy = remedy_text(spec.decision.remedy if spec else "widerspruch",
                                  case.department.name, values["gemeinde"],
                                  current_app.config)
    decision.drafted_by, decision.drafted_at = actor, utcnow()
    decision.needs_approval = letter.needs_four_eyes(spec, case, draft.outcome, fee_cents)
    decision.approved_by, decision.approved_at = None, None
    session.add(decision)
    session.flush()
    audit.record(session, "decision_drafted", decision, case_id=case.id, actor_id=actor.id,
                 outcome=draft.outcome.value, needs_approval=decision.needs_approval)
    return decision


def put_forward(session: Session, case: Case, decision: Decision, actor: User) -> bool:
    """The author is done: issue it, or, where four-eyes applies, put it forward for approval.

    Return True when it was issued.
    """
    check_open(session, case)
    if decision.state is not DecisionState.DRAFT:
        raise DecisionRefused(_l("Der Bescheid liegt bereits zur Freigabe vor."))
    if decision.needs_approval:
        decision.state = DecisionState.AWAITING_APPROVAL
        audit.record(session, "decision_submitted", decision, case_id=case.id,
                     actor_id=actor.id)
        return False
    issue(session, case, decision, actor)
    return True


def draft_version(decision: Decision) -> str:
    """Return what names the draft an approver read: the moment it was last saved (every
    save, by whomever, sets it anew)."""
    return decision.drafted_at.isoformat() if decision.drafted_at else ""


def approve(session: Session, case: Case, decision: Decision, approver: User, *,
            read: str) -> None:
    """A second case worker of the department approves the draft they read (`read`, its
    `draft_version` on their page), which issues it."""
    check_open(session, case)
    if decision.state is not DecisionState.AWAITING_APPROVAL:
        raise DecisionRefused(_l("Es liegt kein Bescheid zur Freigabe vor."))
    if decision.drafted_by_id == approver.id:
        raise DecisionRefused(_l("Ihren eigenen Entwurf können Sie nicht freigeben: das "
                                 "Vier-Augen-Prinzip verlangt eine zweite Sachbearbeiterin "
                                 "oder einen zweiten Sachbearbeiter."))
    if read != draft_version(decision):  # saved anew since the approver's page showed it
        raise DecisionRefused(_l("Der Entwurf wurde inzwischen geändert. Bitte lesen Sie ihn "
                                 "erneut, bevor Sie ihn freigeben."))
    decision.approved_by, decision.approved_at = approver, utcnow()
    audit.record(session, "decision_approved", decision, case_id=case.id, actor_id=approver.id,
                 drafted_by=decision.drafted_by_id)
    issue(session, case, decision, approver)


def issue(session: Session, case: Case, decision: Decision, actor: User) -> None:
    """Issue the Bescheid: status by its outcome, the letter to the gateway, ISSUED.

    Raise DecisionRefused (a second Bescheid) or lifecycle.TransitionRefused (the case cannot
    be decided in its status); the caller rolls back then.
    """
    if issued_decision(session, case) is not None:
        raise DecisionRefused(ALREADY_ISSUED)
    new = (CaseStatus.ABGELEHNT if decision.outcome is DecisionOutcome.ABLEHNUNG
           else CaseStatus.ENTSCHIEDEN)
    lifecycle.change_status(session, case, new, actor, cause="decision")
    decision.state, decision.issued_at = DecisionState.ISSUED, utcnow()
    decision.dated = local(decision.issued_at).date()
    decision.by_retrieval = case.retrieval_consent_at is not None
    decision.issued_case_id = case.id
    session.flush()  # the unique index refuses a second issued Bescheid here
    outbox = mailgateway.post(session, letter.decision_payload(case, decision),
                              department=case.department, case_id=case.id)
    decision.message_id = outbox.message_id
    audit.record(session, "decision_issued", decision, case_id=case.id, actor_id=actor.id,
                 outcome=decision.outcome.value, message_id=outbox.message_id,
                 by_retrieval=decision.by_retrieval)

