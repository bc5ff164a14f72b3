"""Every time shown on a page reads the German way, in the municipality's local time."""

import datetime as dt

import pytest

WINTER = dt.datetime(2026, 12, 1, 8, 14, tzinfo=dt.UTC)
SUMMER = dt.datetime(2026, 7, 1, 7, 14, tzinfo=dt.UTC)


@pytest.mark.parametrize(("moment", "shown"), [
    (WINTER, "1. Dezember 2026, 09:14 Uhr"),
    (SUMMER, "1. Juli 2026, 09:14 Uhr"),
    (WINTER.replace(tzinfo=None), "1. Dezember 2026, 09:14 Uhr"),  # stored naive means UTC
    (None, "–"),
])
def test_the_localtime_filter_shows_berlin_time_with_the_month_name(app, moment, shown):
    template = app.jinja_env.from_string("{{ moment|localtime }}")
    assert template.render(moment=moment) == shown


def test_the_localdate_filter_shows_the_local_day(app):
    late_evening = dt.datetime(2026, 3, 31, 22, 30, tzinfo=dt.UTC)  # already 1 April in Berlin
    assert app.jinja_env.from_string("{{ m|localdate }}").render(m=late_evening) == "1. April 2026"
