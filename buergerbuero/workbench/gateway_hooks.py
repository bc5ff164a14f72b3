"""The web app's side of the gateway: what a delivery or an opening changes, the audited retry."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import update

import mailgateway
from common.db import utcnow

from ..cases.applicants import follow_case
from ..cases.carried_files import attachment_files
from ..cases.payloads import resident_receipt_of
from ..core import audit
from ..models import Case, CaseStatus, Department, OutboxMessage, PostfachEntry


def mark_case_delivered(session: Any, outbox: OutboxMessage) -> None:
    """A delivered submission or forward moves its case on to 'zugestellt'."""
    if outbox.case_id is None or outbox.kind not in mailgateway.CASE_DELIVERIES:
        return
    # One UPDATE instead of loading the case: this runs once per delivery in the worker.
    now = utcnow()
    moved = session.execute(update(Case)
                            .where(Case.id == outbox.case_id,
                                   Case.status.in_((CaseStatus.EINGEREICHT,
                                                    CaseStatus.WEITERGELEITET)))
                            .values(status=CaseStatus.ZUGESTELLT, received_at=now)).rowcount
    if moved:
        follow_case(session, outbox.case_id, outbox.department_id, now)
    department = session.get(Department, outbox.department_id)  # the job loaded it already
    audit.record(session, "delivered", outbox, case_id=outbox.case_id, actor_id=None,
                 message_id=outbox.message_id, department=department.key)


def record_opened(session: Any, entry: PostfachEntry, opened_by: int) -> None:
    """Audit a delivery's first opening, in the transaction that receipts it."""
    audit.record(session, "opened", entry, case_id=entry.case_id, actor_id=opened_by,
                 message_id=entry.message_id)


def retry_audited(session: Any, outbox: OutboxMessage) -> bool:
    """Retry a failed delivery with its audit event in the same commit; False (nothing saved)
    if it is no longer failed, say after a second click."""
    audit.record(session, "delivery_retried", outbox, case_id=outbox.case_id,
                 message_id=outbox.message_id)
    return mailgateway.retry_failed(session, outbox)


def init_gateway(app: Flask) -> None:
    """Register the app's gateway listeners."""
    hooks = mailgateway.state_of(app)
    hooks.on_delivered.append(mark_case_delivered)
    hooks.on_opened.append(record_opened)
    hooks.resident_receipt = resident_receipt_of
    hooks.attachment_files = attachment_files
