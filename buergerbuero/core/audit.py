"""Write audit events; every state change of the platform goes through here."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
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
