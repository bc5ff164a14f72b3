"""What the web app does when the gateway reports a delivery."""

from __future__ import annotations

from typing import Any

from flask import Flask

import mailgateway

from . import audit
from .models import Case, CaseStatus, OutboxMessage


def mark_case_delivered(session: Any, outbox: OutboxMessage) -> None:
    """A delivered submission or forward moves its case on to 'zugestellt'."""
    if outbox.case_id is None or outbox.kind not in ("submission", "forward"):
        return
    case = session.get(Case, outbox.case_id)
    if case.status in (CaseStatus.EINGEREICHT, CaseStatus.WEITERGELEITET):
        case.status = CaseStatus.ZUGESTELLT
    audit.record(session, "delivered", outbox, case_id=case.id, actor_id=None,
                 message_id=outbox.message_id, department=case.department.key)


def init_gateway(app: Flask) -> None:
    """Register the app's gateway listeners."""
    mailgateway.state_of(app).on_delivered.append(mark_case_delivered)
