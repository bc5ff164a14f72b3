"""The audit log: one row for every state change, who did it and when."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from common.db import Base, intpk, utcnow


class AuditEvent(Base):
    """Something changed: an action on an object, by an actor (None for the system)."""

    __tablename__ = "audit_events"

    id: Mapped[intpk]
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str]
    object_type: Mapped[str]
    object_id: Mapped[str]
    case_id: Mapped[int | None] = mapped_column(index=True)
    """The case it concerns; no foreign key: the events outlive a purged case, redacted."""
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
