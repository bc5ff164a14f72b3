"""Helpers of the Bekanntgabe tests: file with or without consent, issue a Bescheid straight
into the tables and through the real gateway door, move a Bescheid's clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

import mailgateway
from buergerbuero.cases import lifecycle
from buergerbuero.cases.payloads import service_of
from buergerbuero.catalogue.definitions import spec_of
from buergerbuero.core.extensions import db
from buergerbuero.models import (
    Case,
    CaseStatus,
    Decision,
    DecisionOutcome,
    DecisionState,
    User,
)
from common.db import utcnow
from common.formatting import local

from .. import support
from .casework import CASEWORKER

REMEDY = ("Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch "
          "erhoben werden.")


def file_dog_tax(client: Any, *, consent: bool) -> str:
    """File the dog tax through every step, ticking the consent to retrieval or not; return
    the reference."""
    url = support.start_draft(client)
    for step_id in ("halter", "hunde", "zahlung"):
        response = support.post_form(client, url, {**support.HUNDESTEUER[step_id],
                                                   "aktion": "weiter"})
        assert response.status_code == 302, response.get_data(as_text=True)
        url = response.headers["Location"]
    data = {"aktion": "einreichen", **({"abruf_einwilligung": "ja"} if consent else {})}
    response = support.post_form(client, url, data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[-1]


def file_and_deliver(client: Any, run_gateway: Any, *, consent: bool = True) -> str:
    """Register a resident in `client`, file (with or without consent) and deliver."""
    support.register(client)
    reference = file_dog_tax(client, consent=consent)
    run_gateway()
    return reference


def letter_of(case: Case, decision: Decision, worker: User) -> mailgateway.Letter:
    """Return the letter a DecisionPayload carries for the decision."""
    return mailgateway.Letter(
        decision_id=decision.id, outcome=decision.outcome.value, outcome_label="Bewilligung",
        dated=decision.dated.isoformat(), recipient=tuple(decision.recipient.splitlines()),
        subject=f"Hundesteuer, Ihr Antrag {case.reference}", body=decision.body,
        reasons=decision.reasons, remedy=decision.remedy, signed_by=worker.display_name,
        retrieval=decision.by_retrieval)


def issue(app: Any, reference: str, *, by_retrieval: bool | None = None) -> int:
    """Issue a Bescheid of the case as the department's case worker would, posting it through
    `mailgateway.post` (run the gateway to deliver it); return the decision's id.

    `by_retrieval` defaults to what the resident consented to when filing.
    """
    with app.app_context():
        session = db.session
        case = session.scalar(select(Case).where(Case.reference == reference))
        worker = session.scalar(select(User).where(User.email == CASEWORKER))
        retrieval = case.retrieval_consent_at is not None if by_retrieval is None \
            else by_retrieval
        decision = Decision(case_id=case.id, issued_case_id=case.id, state=DecisionState.ISSUED,
                            outcome=DecisionOutcome.BEWILLIGUNG, remedy=REMEDY,
                            body="Die Hundesteuer wird auf 96,00 € im Jahr festgesetzt.",
                            recipient="Erika Musterfrau\nLindenweg 4\n65183 Musterstadt",
                            drafted_by_id=worker.id, issued_at=utcnow(),
                            dated=local(utcnow()).date(), by_retrieval=retrieval)
        session.add(decision)
        session.flush()
        payload = mailgateway.DecisionPayload(
            case_reference=case.reference, department=case.department.key,
            department_name=case.department.name, service=service_of(spec_of(case.definition)),
            letter=letter_of(case, decision, worker))
        outbox = mailgateway.post(session, payload, department=case.department,
                                  case_id=case.id)
        decision.message_id = outbox.message_id
        lifecycle.change_status(session, case, CaseStatus.ENTSCHIEDEN, worker, cause="decision")
        session.commit()
        return decision.id


def decision_of(session: Any, decision_id: int) -> Decision:
    """Return the decision as stored now."""
    support.fresh(session)
    return session.get(Decision, decision_id)


def set_decision(session: Any, decision_id: int, **values: Any) -> None:
    """Change a decision's columns directly (e.g. move its notice into the past)."""
    decision = decision_of(session, decision_id)
    for name, value in values.items():
        setattr(decision, name, value)
    session.commit()


def days_ago(days: float) -> dt.datetime:
    """Return the moment `days` days before now."""
    return utcnow() - dt.timedelta(days=days)
