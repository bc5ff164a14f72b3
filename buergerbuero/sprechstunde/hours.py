"""From a Sprechstunde's rules to its slots: weekly windows, exceptions and public holidays in
the city's local time, cut into slots of `slot_minutes` and stored as UTC instants.

Each day's window starts and ends at its local wall times (so 9:00 stays 9:00 on the days
around a change to or from summer time); inside the window the slots are stepped in real
(UTC) time, so each lasts exactly `slot_minutes`. On the night the clocks go forward the
window's missing wall times are skipped (a time in the gap means the first one after it); on
the night they go back the repeated hour is offered once, in its first (summer-time) pass, so
no local start time repeats.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from common.formatting import LOCAL_TIME, local
from common.holidays import is_holiday

from ..models import Appointment, AppointmentStatus, ConsultationHours

Window = tuple[dt.time, dt.time]


@dataclass(frozen=True)
class Slot:
    """One bookable slot: its start and end as UTC instants, and the places still free."""

    start: dt.datetime
    end: dt.datetime
    free: int = 0


def land() -> str:
    """Return the Land whose public holidays close the Sprechstunde (config BUNDESLAND)."""
    return current_app.config["BUNDESLAND"]


def windows_on(hours: ConsultationHours, day: dt.date, land_code: str) -> list[Window]:
    """Return the day's windows: an exception wins, a public holiday closes, else the rules."""
    exception = next((e for e in hours.exceptions if e.day == day), None)
    if exception is not None:
        if exception.starts is None or exception.ends is None:
            return []
        return [(exception.starts, exception.ends)]
    if is_holiday(day, land_code):
        return []
    return [(r.starts, r.ends) for r in hours.rules if r.weekday == day.weekday()]


def to_utc(day: dt.date, time: dt.time) -> dt.datetime:
    """Return the UTC instant of a local wall-clock time on a day."""
    return dt.datetime.combine(day, time, tzinfo=LOCAL_TIME).astimezone(dt.UTC)


def exists(wall: dt.datetime) -> bool:
    """Tell whether a naive local wall time exists (not in the gap when clocks go forward)."""
    there_and_back = wall.replace(tzinfo=LOCAL_TIME).astimezone(dt.UTC).astimezone(LOCAL_TIME)
    return there_and_back.replace(tzinfo=None) == wall


def instant(day: dt.date, time: dt.time) -> dt.datetime:
    """Return the UTC instant of a window's edge: a repeated wall time's first pass, and for a
    wall time in the gap the first one after it."""
    wall = dt.datetime.combine(day, time)
    while not exists(wall):
        wall += dt.timedelta(minutes=1)
    return wall.replace(tzinfo=LOCAL_TIME).astimezone(dt.UTC)


def repeated(moment: dt.datetime) -> bool:
    """Tell whether the instant lies in the second pass of the hour the clocks go back."""
    return moment.astimezone(LOCAL_TIME).fold == 1


def slots_on(hours: ConsultationHours, day: dt.date, land_code: str) -> list[Slot]:
    """Cut the day's windows into slots of exactly `slot_minutes`, stepped in UTC (a remainder
    shorter than a slot is no slot; the repeated hour's second pass offers none)."""
    length = dt.timedelta(minutes=hours.slot_minutes)
    slots = []
    for starts, ends in windows_on(hours, day, land_code):
        moment, last = instant(day, starts), instant(day, ends)
        while moment + length <= last:
            if not repeated(moment):
                slots.append(Slot(moment, moment + length))
            moment += length
    return slots


def slots_between(hours: ConsultationHours, first: dt.date, last: dt.date,
                  land_code: str) -> list[Slot]:
    """Return every slot of the local days first..last, in order."""
    slots: list[Slot] = []
    day = first
    while day <= last:
        slots.extend(slots_on(hours, day, land_code))
        day += dt.timedelta(days=1)
    return slots


def booking_window(hours: ConsultationHours, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """Return the earliest and latest slot start a resident may book now."""
    return (now + dt.timedelta(minutes=hours.lead_minutes),
            now + dt.timedelta(days=hours.book_ahead_days))


def bookable(hours: ConsultationHours, start: dt.datetime, now: dt.datetime) -> bool:
    """Tell whether a slot start lies in the booking window (not past, not too far ahead)."""
    earliest, latest = booking_window(hours, now)
    return earliest <= start <= latest


def slot_at(hours: ConsultationHours, start: dt.datetime) -> Slot | None:
    """Return the rules' slot starting at the instant, or None if the rules have none there."""
    day = local(start).date()
    return next((s for s in slots_on(hours, day, land()) if s.start == start), None)


def taken(session: Session, hours: ConsultationHours, starts: list[dt.datetime]
          ) -> dict[dt.datetime, int]:
    """Return how many seats are booked per slot start."""
    if not starts:
        return {}
    rows = session.execute(select(Appointment.slot_start, func.count()).where(
        Appointment.hours_id == hours.id, Appointment.status == AppointmentStatus.GEBUCHT,
        Appointment.slot_start.in_(starts)).group_by(Appointment.slot_start))
    return {local(start).astimezone(dt.UTC): count for start, count in rows}


def week_slots(session: Session, hours: ConsultationHours, week: int,
               now: dt.datetime) -> list[Slot]:
    """Return the bookable slots of the `week`-th week from today with the places left."""
    today = local(now).date()
    first = today + dt.timedelta(days=7 * week)
    slots = [s for s in slots_between(hours, first, first + dt.timedelta(days=6), land())
             if bookable(hours, s.start, now)]
    counts = taken(session, hours, [s.start for s in slots])
    return [Slot(s.start, s.end, max(hours.capacity - counts.get(s.start, 0), 0)) for s in slots]


def weeks_ahead(hours: ConsultationHours) -> int:
    """Return how many weeks of slots the page pages through."""
    return max(1, -(-hours.book_ahead_days // 7))


def published_hours(session: Session) -> list[ConsultationHours]:
    """Return the published Sprechstunden, by title."""
    return list(session.scalars(select(ConsultationHours).where(ConsultationHours.published)
                                .order_by(ConsultationHours.title)))
