"""Demo content for `make run`: the Bürgerreferat's consultation hours, Wednesdays and
Thursdays 9–12, 15-minute slots with one place each. Idempotent (found by its slug)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import ConsultationHours, ConsultationRule, Department

DEMO_SLUG = "buergerreferat"
TOPICS = ["Anregung oder Beschwerde", "Frage zu einem Antrag",  # untranslated: demo data
          "Bauen und Wohnen", "Sonstiges"]  # untranslated: demo data
DESCRIPTION = ("Sie haben eine Frage oder ein Anliegen an die Stadt? "  # untranslated: demo
               "Buchen Sie einen Termin; während des Termins schreiben Sie mit uns im Postfach "
               "Ihres Vorgangs.")
NOTE = "Geben Sie eine Telefonnummer an, wenn wir Sie anrufen sollen."  # untranslated: demo data


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
               for weekday in (2, 3)])
    session.add(hours)
    return hours
