"""iCalendar (RFC 5545) of a committee's meetings and of one meeting, with the icalendar library.

Times go out in the city's zone (TZID with its VTIMEZONE), so a calendar shows a meeting at
the local hour the editor typed, also across the change to summer time. The UID is built from
the meeting's id and the platform's host: stable, so a re-imported file updates the entry.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Response, current_app, url_for
from icalendar import Calendar, Event

from common.db import utcnow
from common.formatting import LOCAL_TIME
from common.i18n import _

from ..models import Committee, Meeting
from . import council

CONTENT_TYPE = "text/calendar; charset=utf-8"


def public_link(endpoint: str, **values: object) -> str:
    """Return the absolute address of a page, built on PUBLIC_URL (never the Host header)."""
    return current_app.config["PUBLIC_URL"].rstrip("/") + url_for(endpoint, **values)


def meeting_uid(meeting: Meeting) -> str:
    """Return the meeting's stable UID."""
    host = urlsplit(current_app.config["PUBLIC_URL"]).hostname or "localhost"
    return f"sitzung-{meeting.id}@{host}"


def meeting_title(meeting: Meeting) -> str:
    """Return what a calendar shows as the meeting's summary."""
    return meeting.name or _("Sitzung: %(committee)s", committee=meeting.committee.name)


def meeting_event(meeting: Meeting) -> Event:
    """Return the VEVENT of a meeting."""
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", utcnow())
    event.add("dtstart", meeting.starts_at.astimezone(LOCAL_TIME))
    if meeting.ends_at is not None:
        event.add("dtend", meeting.ends_at.astimezone(LOCAL_TIME))
    event.add("summary", meeting_title(meeting))
    if meeting.location:
        event.add("location", meeting.location)
    event.add("url", public_link("public.meeting", meeting_id=meeting.id))
    event.add("last-modified", meeting.modified_at)
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    if not meeting.public:
        event.add("description", _("Nicht öffentliche Sitzung"))
    return event


def calendar_of(meetings: list[Meeting], name: str) -> Calendar:
    """Return a calendar of the meetings with the city's VTIMEZONE."""
    calendar = Calendar()
    calendar.add("prodid", "-//Buergerbuero//Sitzungskalender//DE")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting))
    calendar.add_missing_timezones()
    return calendar


def calendar_response(calendar: Calendar, filename: str) -> Response:
    """Answer with the calendar as text/calendar, named for saving."""
    response = Response(calendar.to_ical(), content_type=CONTENT_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def committee_calendar(committee: Committee) -> Response:
    """Answer with the committee's future meetings and those of the last
    COUNCIL_CALENDAR_PAST_DAYS."""
    return calendar_response(calendar_of(council.calendar_meetings(committee), committee.name),
                             f"{committee.key}.ics")


def meeting_calendar(meeting: Meeting) -> Response:
    """Answer with the one meeting."""
    return calendar_response(calendar_of([meeting], meeting_title(meeting)),
                             f"sitzung-{meeting.id}.ics")
