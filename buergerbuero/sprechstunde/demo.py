"""Demo content for `make run`: the Bürgerreferat's consultation hours, Wednesdays and
Thursdays 9–12, 15-minute slots with one place each, closed on Heiligabend and Silvester.
Idempotent (found by its slug)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.db import utcnow
from common.formatting import local

from ..models import ConsultationException, ConsultationHours, ConsultationRule, Department

DEMO_SLUG = "buergerreferat"
TOPICS = ["Anregung oder Beschwerde", "Frage zu einem Antrag",  # untranslated: demo data
          "Bauen und Wohnen", "Sonstiges"]  # untranslated: demo data
DESCRIPTION = ("Sie haben eine Frage oder ein Anliegen an die Stadt? "  # untranslated: demo
               "Buchen Sie einen Termin; während des Termins schreiben Sie mit uns im Postfach "
               "Ihres Vorgangs.")
NOTE = "Geben Sie eine Telefonnummer an, wenn wir Sie anrufen sollen."  # untranslated: demo data
CLOSED_DAYS = ((12, 24, "Heiligabend"), (12, 31, "Silvester"))  # untranslated: demo data
"""Days the city hall keeps closed although they are no public holidays."""


def closed_days(today: dt.date) -> list[ConsultationException]:
    """Return this year's and next year's Heiligabend and Silvester as closed days."""
    return [ConsultationException(day=dt.date(year, month, day), note=note)
            for year in (today.year, today.year + 1) for month, day, note in CLOSED_DAYS]


def seed_demo(session: Session) -> ConsultationHours | None:
    """Add the demo Sprechstunde unless it exists (or the Bürgerreferat is missing)."""
    existing = session.scalar(select(ConsultationHours).where(ConsultationHours.slug == DEMO_SLUG))
    department = session.scalar(select(Department).where(Department.key == "buergerreferat"))
    if existing is not None or department is None:
        return existing
    hours = ConsultationHours(
        slug=DEMO_SLUG, department=department, service_slug="sprechstunde-buergerreferat",
        title="Bürgersprechstunde des Bürgerreferats",  # untranslated: demo data
        description=DESCRIPTION, note=NOTE,
        slot_minutes=15, capacity=1, topics=list(TOPICS), book_ahead_days=28, lead_minutes=60,
        rules=[ConsultationRule(weekday=weekday, starts=dt.time(9), ends=dt.time(12))
               for weekday in (2, 3)],
        exceptions=closed_days(local(utcnow()).date()))
    session.add(hours)
    return hours
