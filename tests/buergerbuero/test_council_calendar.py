"""iCalendar export of committees and meetings, parsed with the icalendar library."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from common.formatting import LOCAL_TIME

from .council_pages import editor_login, meeting_id, new_committee, new_meeting

SUMMER_DAY = dt.date(dt.date.today().year + 1, 7, 2)  # summer time: UTC+2
WINTER_DAY = dt.date(dt.date.today().year + 1, 1, 14)  # standard time: UTC+1


def calendar_of(client, url: str) -> Calendar:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    return Calendar.from_ical(response.data)


def test_a_meeting_exports_as_an_event_at_its_local_time(client, app):
    editor_login(client)
    key = new_committee(client, name="Kulturausschuss")
    meeting = meeting_id(new_meeting(client, key, SUMMER_DAY.isoformat(), start="18:30",
                                     end="20:00", name="7. Sitzung", location="Bürgerhaus"))
    calendar = calendar_of(app.test_client(), f"/sitzungen/{meeting}/kalender.ics")
    event = calendar.events[0]
    start = event.decoded("dtstart")
    assert start.tzinfo is not None and start.astimezone(LOCAL_TIME).time() == dt.time(18, 30)
    assert start.astimezone(dt.UTC).hour == 16  # 18:30 summer time
    assert event["dtstart"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("dtend").astimezone(LOCAL_TIME).time() == dt.time(20)
    assert str(event["summary"]) == "7. Sitzung" and str(event["location"]) == "Bürgerhaus"
    assert str(event["url"]).endswith(f"/sitzungen/{meeting}")
    assert str(event["status"]) == "CONFIRMED" and event.decoded("dtstamp") is not None
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    again = calendar_of(app.test_client(), f"/sitzungen/{meeting}/kalender.ics").events[0]
    assert again["uid"] == event["uid"]


def test_a_committee_calendar_holds_every_meeting_and_marks_cancelled_ones(client, app):
    editor_login(client)
    key = new_committee(client)
    winter = meeting_id(new_meeting(client, key, WINTER_DAY.isoformat(), start="09:00",
                                    cancelled="y"))
    summer = meeting_id(new_meeting(client, key, SUMMER_DAY.isoformat(), start="09:00"))
    events = {str(e["url"]).rsplit("/", 1)[-1]: e for e in
              calendar_of(app.test_client(), f"/gremien/{key}/kalender.ics").events}
    assert set(events) == {str(winter), str(summer)}
    assert str(events[str(winter)]["status"]) == "CANCELLED"
    assert events[str(winter)].decoded("dtstart").astimezone(dt.UTC).hour == 8
    assert events[str(summer)].decoded("dtstart").astimezone(dt.UTC).hour == 7
    page = app.test_client().get(f"/sitzungen/{winter}").get_data(as_text=True)
    assert "Diese Sitzung ist abgesagt." in page


def test_a_committee_calendar_leaves_out_meetings_older_than_the_configured_days(client, app):
    editor_login(client)
    key = new_committee(client)
    old = meeting_id(new_meeting(client, key, (dt.date.today() - dt.timedelta(days=400))
                                 .isoformat()))
    recent = meeting_id(new_meeting(client, key, (dt.date.today() - dt.timedelta(days=40))
                                    .isoformat()))
    coming = meeting_id(new_meeting(client, key, SUMMER_DAY.isoformat()))

    def shown() -> set[str]:
        return {str(e["url"]).rsplit("/", 1)[-1] for e in
                calendar_of(app.test_client(), f"/gremien/{key}/kalender.ics").events}

    assert shown() == {str(recent), str(coming)}
    app.config["COUNCIL_CALENDAR_PAST_DAYS"] = 500
    try:
        assert shown() == {str(old), str(recent), str(coming)}
    finally:
        app.config["COUNCIL_CALENDAR_PAST_DAYS"] = 365
