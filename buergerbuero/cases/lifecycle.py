"""A case's status as a state machine: which change is allowed, and what each change records.

Every status change of a case goes through `change_status`: it refuses a change the machine
does not allow (with a German message for the case worker), writes the audit event the
resident's timeline shows, and keeps the columns the inbox reads in step.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from common.db import utcnow
from common.i18n import _l

from ..core import audit
from ..core.errors import RuleRefused
from ..core.labels import label
from ..models import Case, CaseStatus, User
from ..notifications.events import status_changed


class TransitionRefused(RuleRefused):
    """A status change the machine does not allow; `message` says why."""

S = CaseStatus
TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = {
    S.EINGEREICHT: frozenset(),  # the gateway moves it on (delivery), nobody else
    S.WEITERGELEITET: frozenset(),
    S.ZUGESTELLT: frozenset({S.IN_BEARBEITUNG, S.ABGELEHNT}),
    S.IN_BEARBEITUNG: frozenset({S.RUECKFRAGE, S.ENTSCHIEDEN, S.ABGELEHNT}),
    S.RUECKFRAGE: frozenset({S.IN_BEARBEITUNG, S.ABGELEHNT}),
    S.ENTSCHIEDEN: frozenset({S.ABGESCHLOSSEN}),
    S.ABGELEHNT: frozenset({S.ABGESCHLOSSEN}),
    S.ABGESCHLOSSEN: frozenset(),
}
"""From each status, where a case worker may move the case."""

NEEDS_REASON = frozenset({S.ABGELEHNT})
"""Changes the resident must be told the reason of."""
DECISIONS = frozenset({S.ENTSCHIEDEN, S.ABGELEHNT})


def allowed_next(status: CaseStatus) -> list[CaseStatus]:
    """Return the statuses a case in `status` may move to, in the machine's order."""
    return [s for s in CaseStatus if s in TRANSITIONS[status]]


def change_status(session: Session, case: Case, new: CaseStatus, actor: User | None, *,
                  reason: str = "", cause: str | None = None) -> None:
    """Move the case to `new` with its audit event (the caller commits).

    `cause` names what made the change when it was not a case worker's choice (e.g. "reply":
    the resident answered a Rückfrage). Raises TransitionRefused, changing nothing, when the
    machine does not allow the change or a reason it needs is missing.
    """
    if new not in TRANSITIONS[case.status]:
        raise TransitionRefused(_l(
            "Ein Vorgang im Status „%(current)s“ kann nicht auf „%(new)s“ gesetzt werden.",
            current=label(case.status), new=label(new)))
    reason = reason.strip()
    if new in NEEDS_REASON and not reason:
        raise TransitionRefused(_l("Bitte begründen Sie die Ablehnung."))
    details = {"from": case.status.value, "to": new.value}
    if reason:
        details["reason"] = reason
    if cause:
        details["cause"] = cause
    audit.record(session, "status_changed", case, case_id=case.id,
                 actor_id=actor.id if actor else None, **details)
    case.status = new
    if new in DECISIONS:
        case.decided_at = utcnow()
    status_changed(session, case, new)  # the resident's mail: only that something waits
