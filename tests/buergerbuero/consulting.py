"""Helpers of the Sprechstunde tests: the demo hours' free slots, booking through the page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import select

from buergerbuero.models import Appointment, ConsultationHours
from buergerbuero.sprechstunde import hours as slots
from common.db import utcnow

from .. import support

PAGE = "/sprechstunde/buergerreferat"
BOOK = PAGE + "/buchen"
TOPIC = "Frage zu einem Antrag"


def free_starts(app: Any, slug: str = "buergerreferat", places: int = 1) -> list[dt.datetime]:
    """Return the start of every slot of the demo hours with `places` or more free, soonest
    first."""
    session = app.extensions["buergerbuero.db"]()
    try:
        with app.app_context():
            hours = session.scalar(select(ConsultationHours).where(ConsultationHours.slug == slug))
            return [s.start for week in range(slots.weeks_ahead(hours))
                    for s in slots.week_slots(session, hours, week, utcnow()) if s.free >= places]
    finally:
        session.close()


def book(client: Any, start: dt.datetime, topic: str = TOPIC, slug: str = "buergerreferat",
         **extra: str) -> Any:
    """Book the slot at `start` through the page's form."""
    page = f"/sprechstunde/{slug}"
    return support.post_form(client, f"{page}/buchen",
                             {"beginn": start.isoformat(), "thema": topic,
                              "anliegen": "Kurz zu meinem Antrag.", **extra}, page=page)


def matrix_hours(app: Any, department_key: str) -> tuple[int, str]:
    """Give a department a Sprechstunde bookable every day (its service published too);
    return its id and slug."""
    from buergerbuero.catalogue import definitions
    from buergerbuero.core.extensions import db
    from buergerbuero.models import ConsultationRule, Department

    source = (Path(app.config["SERVICES_DIR"]) / "sprechstunde-buergerreferat.yaml").read_text(
        "utf-8").replace("buergerreferat", department_key)
    with app.app_context():
        definitions.publish_source(db.session, source, f"sprechstunde-{department_key}.yaml")
        department = db.session.scalar(select(Department).where(Department.key == department_key))
        hours = ConsultationHours(
            slug=f"matrix-{department_key}", department=department, title="Matrix",
            service_slug=f"sprechstunde-{department_key}", topics=[TOPIC], lead_minutes=0,
            rules=[ConsultationRule(weekday=w, starts=dt.time(0), ends=dt.time(23, 45))
                   for w in range(7)])
        db.session.add(hours)
        db.session.commit()
        return hours.id, hours.slug


def reference_of(response: Any) -> str:
    """Return the reference of the case a successful booking redirected to."""
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[1]


def appointment_of(session: Any, reference: str) -> Appointment:
    """Return the appointment filed as the case `reference`."""
    support.fresh(session)
    return session.scalar(select(Appointment).where(
        Appointment.case.has(reference=reference)))
