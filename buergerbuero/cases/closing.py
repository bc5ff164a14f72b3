"""Closing a case: after its Bekanntgabe, by withdrawal or with a documented reason; a closed
case is read-only (no message, no Rückfrage, no answer) until a case worker reopens it.

Every route that would add to a case calls `refuse_if_closed` first; it raises a RuleRefused
the route answers with 409 and the German message.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from common.i18n import _l

from ..core.errors import RuleRefused
from ..models import CLOSED, Case, CaseStatus
from . import lifecycle

CLOSED_MESSAGE = _l("Dieser Vorgang ist abgeschlossen. Nachrichten und Rückfragen sind nicht "
                    "mehr möglich; das Amt kann den Vorgang mit Begründung wieder öffnen.")


class CaseClosed(RuleRefused):
    """Something would be added to a closed case."""


def is_closed(case: Case) -> bool:
    """Tell whether the case is closed (abgeschlossen or zurückgenommen): read-only."""
    return case.status in CLOSED


def refuse_if_closed(case: Case) -> None:
    """Raise CaseClosed if the case is closed; changing nothing."""
    if is_closed(case):
        raise CaseClosed(CLOSED_MESSAGE)


def close_after_bekanntgabe(session: Session, case: Case) -> bool:
    """Close a decided case whose Bescheid is announced (the caller commits); False if the
    case is no longer decided (closed by hand or reopened meanwhile)."""
    if case.status not in lifecycle.DECISIONS:
        return False
    lifecycle.change_status(session, case, CaseStatus.ABGESCHLOSSEN, None, cause="bekanntgabe")
    return True
