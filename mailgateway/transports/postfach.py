"""The `postfach` transport: the department's inbox inside the platform."""

from __future__ import annotations

from common.db import utcnow
from common.i18n import _l

from ..models import PostfachEntry
from .base import Accepted, Parcel, Transport
from .registry import register


@register("postfach")
class PostfachTransport(Transport):
    """Store the encrypted envelope in the department's inbox, in the job's final transaction.

    The entry commits together with the row's `delivered` state or not at all, so a later
    attempt never finds one; the unique message id refuses a second entry should two jobs race.
    """

    label = _l("Postfach in der Plattform")

    def deliver(self, parcel: Parcel) -> Accepted:
        """Add the inbox entry to the job's session; it is accepted when that commits."""
        entry = PostfachEntry(message_id=parcel.message_id, department_id=parcel.department.id,
                              case_id=parcel.case_id, envelope=parcel.ciphertext,
                              envelope_sha256=parcel.envelope_sha256, received_at=utcnow())
        parcel.session.add(entry)
        # untranslated: the receipt detail is signed into the record, German like the record
        return Accepted(at=entry.received_at,
                        detail=f"Postfach {parcel.department.name}")  # untranslated: signed
