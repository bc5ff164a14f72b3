"""Points in time the German way, in the municipality's local time: 1. Dezember 2026, 09:14 Uhr.

One formatter for every place a time is shown (pages, receipt PDFs, the verification verdict),
independent of the process locale.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

LOCAL_TIME = ZoneInfo("Europe/Berlin")
MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Dezember")
MISSING = "–"


def local(moment: dt.datetime) -> dt.datetime:
    """Return ``moment`` in local time; a naive value is taken as UTC, as the database stores it."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(LOCAL_TIME)


def german_date(moment: dt.date | dt.datetime | None) -> str:
    """Format a date, or a point in time as its local date, e.g. 1. Dezember 2026."""
    if moment is None:
        return MISSING
    if isinstance(moment, dt.datetime):
        moment = local(moment)
    return f"{moment.day}. {MONTHS[moment.month - 1]} {moment.year}"


def german_datetime(moment: dt.datetime | None) -> str:
    """Format a point in time in local time, e.g. 1. Dezember 2026, 09:14 Uhr."""
    if moment is None:
        return MISSING
    moment = local(moment)
    return f"{german_date(moment)}, {moment:%H:%M} Uhr"
