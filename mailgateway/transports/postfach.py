"""The `postfach` transport: the department's inbox inside the platform."""

from __future__ import annotations

from sqlalchemy import select

from common.db import utcnow

from ..models import PostfachEntry
from .base import Accepted, Parcel, Transport
from .registry import register


@register("postfach")
class PostfachTransport(Transport):
    """Store the encrypted envelope in the department's inbox; a second attempt finds it there."""

    def deliver(self, parcel: Parcel) -> Accepted:
        session = parcel.session
        entry = session.scalar(
            select(PostfachEntry).where(PostfachEntry.message_id == parcel.message_id))
        if entry is None:
            entry = PostfachEntry(message_id=parcel.message_id,
                                  department_id=parcel.department.id, case_id=parcel.case_id,
                                  envelope=parcel.ciphertext,
                                  envelope_sha256=parcel.envelope_sha256, received_at=utcnow())
            session.add(entry)
            session.flush()
        return Accepted(at=entry.received_at, detail=f"Postfach {parcel.department.name}")
