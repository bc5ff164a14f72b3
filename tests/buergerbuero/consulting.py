"""Helpers of the Sprechstunde tests: the demo hours' free slots, booking through the page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from buergerbuero.models import Appointment, ConsultationHours
from buergerbuero.sprechstunde import hours as slots
from common.db import utcnow

from .. import support

PAGE = "/sprechstunde/buergerreferat"
BOOK = PAGE + "/buchen"
TOPIC = "Frage zu einem Antrag"


def free_starts(app: Any, slug: str = "buergerreferat") -> list[dt.datetime]:
    """Return the start of every free slot of the demo hours, soonest first."""
    session = app.extensions["buergerbuero.db"]()
    try:
        with app.app_context():
            hours = session.scalar(select(ConsultationHours).where(ConsultationHours.slug == slug))
            return [s.start for week in range(slots.weeks_ahead(hours))
                    for s in slots.week_slots(session, hours, week, utcnow()) if s.free]
    finally:
        session.close()


def book(client: Any, start: dt.datetime, topic: str = TOPIC, **extra: str) -> Any:
    """Book the slot at `start` through the page's form."""
    return support.post_form(client, BOOK, {"beginn": start.isoformat(), "thema": topic,
                                            "anliegen": "Kurz zu meinem Antrag.", **extra},
                             page=PAGE)


def appointment_of(session: Any, reference: str) -> Appointment:
    """Return the appointment filed as the case `reference`."""
    support.fresh(session)
    return session.scalar(select(Appointment).where(
        Appointment.case.has(reference=reference)))
