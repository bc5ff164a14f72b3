"""The resident withdraws the application (Rücknahme): possible until the decision, told to
the department through the gateway (receipted like every message), audited."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

import mailgateway
from common.db import utcnow
from common.i18n import _l

from ..core import audit
from ..core.errors import RuleRefused
from ..models import Case, CaseStatus, Decision, User
from . import lifecycle

DECIDED = _l("Über diesen Antrag wurde bereits entschieden; er kann nicht mehr zurückgenommen "
             "werden. Gegen den Bescheid können Sie den dort genannten Rechtsbehelf einlegen.")
ALREADY = _l("Dieser Antrag ist bereits zurückgenommen.")
CLOSED = _l("Dieser Vorgang ist abgeschlossen; ein Antrag lässt sich nur bis zur Entscheidung "
            "zurücknehmen.")


class WithdrawalRefused(RuleRefused):
    """The application can no longer be withdrawn; `message` says why."""


WithdrawalHook = Callable[[Session, Case, User], None]


def on_withdrawn(app: Flask) -> list[WithdrawalHook]:
    """Return the app's hooks run in the withdrawal's transaction (another area appends its
    own in its init_app, e.g. the Sprechstunde frees the case's seat: cases imports no area
    that imports it)."""
    return app.extensions.setdefault("buergerbuero.on_withdrawn", [])


def refusal(session: Session, case: Case) -> object | None:
    """Return why the case cannot be withdrawn now (a lazy German text), or None."""
    issued = session.scalar(select(Decision.id).where(Decision.issued_case_id == case.id))
    if issued is not None or case.status in lifecycle.DECISIONS:
        return DECIDED
    if case.status is CaseStatus.ZURUECKGENOMMEN:
        return ALREADY
    if CaseStatus.ZURUECKGENOMMEN not in lifecycle.TRANSITIONS[case.status]:
        return CLOSED
    return None


def can_withdraw(session: Session, case: Case) -> bool:
    """Tell whether the resident may withdraw the application now."""
    return refusal(session, case) is None


def withdraw(session: Session, case: Case, user: User, reason: str) -> mailgateway.Payload:
    """Withdraw the application: status, audit event and the message to the department (the
    caller commits). Raise WithdrawalRefused, changing nothing, after the decision."""
    refused = refusal(session, case)
    if refused is not None:
        raise WithdrawalRefused(refused)
    reason = reason.strip()
    lifecycle.change_status(session, case, CaseStatus.ZURUECKGENOMMEN, user, reason=reason,
                            cause="withdrawal")
    for hook in on_withdrawn(current_app):
        hook(session, case, user)
    payload = mailgateway.WithdrawalPayload(
        case_reference=case.reference, department=case.department.key,
        department_name=case.department.name, by=user.display_name, reason=reason,
        at=utcnow().isoformat())
    outbox = mailgateway.post(session, payload, department=case.department, case_id=case.id)
    audit.record(session, "withdrawn", case, case_id=case.id, actor_id=user.id,
                 message_id=outbox.message_id)
    return payload
