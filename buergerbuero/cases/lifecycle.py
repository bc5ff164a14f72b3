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
from ..models import CLOSED, Case, CaseStatus, User
from ..notifications.events import status_changed


class TransitionRefused(RuleRefused):
    """A status change the machine does not allow; `message` says why."""

S = CaseStatus
TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = {
    # the gateway moves a filed case on (delivery); the resident may withdraw it meanwhile
    S.EINGEREICHT: frozenset({S.ZURUECKGENOMMEN}),
    S.WEITERGELEITET: frozenset({S.ZURUECKGENOMMEN}),
    S.ZUGESTELLT: frozenset({S.IN_BEARBEITUNG, S.RUECKFRAGE, S.ENTSCHIEDEN, S.ABGELEHNT,
                             S.ABGESCHLOSSEN, S.ZURUECKGENOMMEN}),
    S.IN_BEARBEITUNG: frozenset({S.RUECKFRAGE, S.ENTSCHIEDEN, S.ABGELEHNT, S.ABGESCHLOSSEN,
                                 S.ZURUECKGENOMMEN}),
    S.RUECKFRAGE: frozenset({S.IN_BEARBEITUNG, S.RUECKFRAGE, S.ENTSCHIEDEN, S.ABGELEHNT,
                             S.ABGESCHLOSSEN, S.ZURUECKGENOMMEN}),
    S.ENTSCHIEDEN: frozenset({S.ABGESCHLOSSEN}),
    S.ABGELEHNT: frozenset({S.ABGESCHLOSSEN}),
    S.ABGESCHLOSSEN: frozenset({S.IN_BEARBEITUNG}),  # reopened, with a reason
    S.ZURUECKGENOMMEN: frozenset({S.IN_BEARBEITUNG}),
}
"""From each status, where a case may move."""

BY_EVENT: dict[CaseStatus, str] = {
    S.RUECKFRAGE: "query",  # a Rückfrage asked (cases/queries)
    S.ENTSCHIEDEN: "decision",  # a Bescheid issued (workbench/decisions)
    S.ABGELEHNT: "decision",
    S.ZURUECKGENOMMEN: "withdrawal",  # the resident withdrew (cases/withdrawal)
}
"""Statuses no case worker sets by hand: each follows from what happened (the `cause`)."""
DECISIONS = frozenset({S.ENTSCHIEDEN, S.ABGELEHNT})


def allowed_next(status: CaseStatus) -> list[CaseStatus]:
    """Return the statuses a case worker may choose for a case in `status`, in the machine's
    order (those that follow from an event are left out)."""
    return [s for s in CaseStatus if s in TRANSITIONS[status] and s not in BY_EVENT]


def needs_reason(current: CaseStatus, new: CaseStatus, cause: str | None) -> bool:
    """Tell whether the change must be documented with a reason: closing a case by hand
    (not after its Bekanntgabe) and reopening a closed one."""
    closing = new is S.ABGESCHLOSSEN and cause != "bekanntgabe"
    return closing or current in CLOSED


def change_status(session: Session, case: Case, new: CaseStatus, actor: User | None, *,
                  reason: str = "", cause: str | None = None) -> None:
    """Move the case to `new` with its audit event (the caller commits).

    `cause` names what made the change when it was not a case worker's choice (e.g. "reply":
    the resident answered a Rückfrage; the statuses of BY_EVENT need theirs). Raises
    TransitionRefused, changing nothing, when the machine does not allow the change or a
    reason it needs is missing.
    """
    if new not in TRANSITIONS[case.status] or BY_EVENT.get(new, cause) != cause:
        raise TransitionRefused(_l(
            "Ein Vorgang im Status „%(current)s“ kann nicht auf „%(new)s“ gesetzt werden.",
            current=label(case.status), new=label(new)))
    reason = reason.strip()
    if needs_reason(case.status, new, cause) and not reason:
        raise TransitionRefused(_l("Bitte nennen Sie den Grund, warum der Vorgang "
                                   "abgeschlossen oder wieder geöffnet wird."))
    details = {"from": case.status.value, "to": new.value}
    if reason:
        details["reason"] = reason
    if cause:
        details["cause"] = cause
    audit.record(session, "status_changed", case, case_id=case.id,
                 actor_id=actor.id if actor else None, **details)
    reopened = case.status in CLOSED and new not in CLOSED
    case.status = new
    if new in DECISIONS:
        case.decided_at = utcnow()
    if new in CLOSED:
        case.closed_at = utcnow()  # the Löschfrist runs from here (privacy/retention.py)
    elif reopened:
        case.closed_at = None
    status_changed(session, case, new)  # the resident's mail: only that something waits
