"""What both case pages show of a Bescheid's Bekanntgabe: notice, retrieval (or the
provision's last day), posting, the Bekanntgabe day and the last day for the legal remedy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import mailgateway
from common.i18n import _l

from ..catalogue.definitions import DefinitionUnavailable, spec_of
from ..models import Case, Decision, SignedDocument
from . import deadlines_law as law
from .bekanntgabe import issued_decision
from .forms import WithdrawalForm
from .posting import goes_by_post
from .withdrawal import can_withdraw

REMEDY_LAST_DAY = {"widerspruch": _l("Letzter Tag für den Widerspruch"),
                   "klage": _l("Letzter Tag für die Klage")}
"""The label of the remedy period's end, by the service's `bescheid.rechtsbehelf`."""


@dataclass(frozen=True)
class BekanntgabeView:
    """A Bescheid as the case pages show it."""

    decision: Decision
    document: SignedDocument | None
    """The sealed PDF (None until the gateway delivered it)."""
    remedy_label: object
    provision_last_day: dt.date | None
    """The last day a retrieval announces it (once the notice went out)."""
    by_post: bool
    """It is to be announced by post now (no consent, or the provision ended)."""

    @property
    def not_retrieved(self) -> bool:
        """Tell whether the provision ended without a retrieval (case worker: "nicht abgerufen")."""
        return self.decision.provision_ended_at is not None and self.decision.retrieved_at is None


def remedy_of(case: Case) -> str:
    """Return the service's legal remedy (widerspruch or klage); Widerspruch if the
    definition no longer loads."""
    try:
        return spec_of(case.definition).decision.remedy
    except DefinitionUnavailable:
        return "widerspruch"


def sealed_letter(session: Session, decision: Decision) -> SignedDocument | None:
    """Return the sealed Bescheid the gateway kept with the case, once delivered."""
    if decision.message_id is None:
        return None
    return session.scalar(select(SignedDocument).where(
        SignedDocument.message_id == decision.message_id, SignedDocument.kind == "bescheid"))


def bekanntgabe_view(session: Session, case: Case) -> BekanntgabeView | None:
    """Return what the case pages show of the issued Bescheid, or None before it is issued."""
    decision = issued_decision(session, case)
    if decision is None:
        return None
    last_day = (law.provision_last_day(decision.notified_at)
                if decision.by_retrieval and decision.notified_at else None)
    return BekanntgabeView(decision, sealed_letter(session, decision),
                           REMEDY_LAST_DAY.get(remedy_of(case), REMEDY_LAST_DAY["widerspruch"]),
                           last_day, goes_by_post(decision))


def case_page_context(session: Session, case: Case,
                      withdrawal_form: WithdrawalForm | None = None) -> dict[str, Any]:
    """Return what the resident's case page shows of the Bescheid and the Rücknahme."""
    return {"bekanntgabe": bekanntgabe_view(session, case),
            "withdrawal_form": withdrawal_form or WithdrawalForm(),
            "can_withdraw": can_withdraw(session, case)}


def department_page_context(session: Session, case: Case, user_id: int) -> dict[str, Any]:
    """Return what the case worker's page shows of the Bescheid; reading the page receipts
    the resident's Rücknahme (its Abholbestätigung), as it does their messages."""
    mailgateway.open_unread(session, case_id=case.id, department_id=case.department_id,
                            kinds=[mailgateway.OutboxKind.WITHDRAWAL], opened_by=user_id)
    return {"bekanntgabe": bekanntgabe_view(session, case)}
