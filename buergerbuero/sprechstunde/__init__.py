"""The Digitale Sprechstunde: consultation hours a department publishes, the slots residents
book, and the live conversation during the slot in the case's message box.

A booking becomes a case like an application, so its messages travel through the gateway with
their receipts and it is archived like any case.
"""

from __future__ import annotations

from flask import Blueprint, Flask

from common.db import utcnow

bp = Blueprint("sprechstunde", __name__)

DEFAULTS = {
    # How many future appointments one resident may hold at once in one Sprechstunde.
    "SPRECHSTUNDE_MAX_OPEN_PER_RESIDENT": 2,
}


def init_app(app: Flask) -> None:
    """Set the settings' defaults, register the reminder in the relay round and the hook that
    frees a withdrawn case's seat."""
    from ..cases.withdrawal import on_withdrawn
    from . import changes

    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    reminders.init_app(app)
    on_withdrawn(app).append(changes.cancel_on_withdrawal)


def appointment_of(case: object) -> object:
    """Return the appointment booked as this case, or None (a template global)."""
    from sqlalchemy import select

    from ..core.extensions import db
    from ..models import Appointment

    case_id = getattr(case, "id", None)
    if case_id is None:
        return None
    return db.session.scalar(select(Appointment).where(Appointment.case_id == case_id))


def filed_time(appointment: object) -> str | None:
    """Return the time the case's submission names (its `termin` answer, as booked) when the
    appointment was moved since, else None (a template global): the submission and its sealed
    receipt keep the time as filed, the appointment row is the one that counts."""
    from . import hours as slots
    from .booking import appointment_text

    case = getattr(appointment, "case", None)
    submission = getattr(case, "submission", None)
    filed = (submission.answers or {}).get("termin") if submission is not None else None
    current = appointment_text(slots.Slot(appointment.slot_start, appointment.slot_end))
    return filed if filed and filed != current else None


bp.add_app_template_global(appointment_of)
bp.add_app_template_global(filed_time)
bp.add_app_template_global(utcnow, "now_utc")

# Last: their routes join bp.
from . import editor_views, reminders, staff_views, views  # noqa: E402,F401
