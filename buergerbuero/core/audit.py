"""Write audit events; every state change of the platform goes through here."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from sqlalchemy import update
from sqlalchemy.orm import Session

from ..models import AuditEvent


def record(session: Session, action: str, obj: Any, *, case_id: int | None = None,
           actor_id: int | None = None, **details: Any) -> AuditEvent:
    """Add an audit event for `action` on `obj` to the session (the caller commits)."""
    if actor_id is None and current_user and current_user.is_authenticated:
        actor_id = current_user.id
    event = AuditEvent(actor_id=actor_id, action=action, object_type=type(obj).__name__,
                       object_id=str(getattr(obj, "id", "") or ""), case_id=case_id,
                       details=details)
    session.add(event)
    return event


REDACTED = {"geschwaerzt": True}
"""What a purged case's audit events keep of their details: nothing personal. The hash chain
covers a digest of the details taken when the event was chained, so a redacted event still
verifies as redacted, not as changed (docs/privacy.md)."""


def redact_case_events(session: Session, case_id: int) -> int:
    """Blank the details of every audit event of a case that the Löschfrist removes; return how
    many (the caller commits, in the purge's transaction)."""
    return session.execute(
        update(AuditEvent).where(AuditEvent.case_id == case_id)
        .values(details=REDACTED)).rowcount
