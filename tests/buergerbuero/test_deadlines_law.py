"""The Bekanntgabe and remedy periods as the law counts them, and the holidays they skip."""

from __future__ import annotations

import datetime as dt

import pytest

from buergerbuero.cases import deadlines_law as law
from common.holidays import (
    LAENDER,
    easter_sunday,
    holidays,
    is_holiday,
    is_working_day,
    repentance_day,
)

D = dt.date


def utc(text: str) -> dt.datetime:
    """Parse an ISO time given in UTC."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


@pytest.mark.parametrize(("year", "easter"), [
    (1818, D(1818, 3, 22)), (1943, D(1943, 4, 25)), (2000, D(2000, 4, 23)),
    (2019, D(2019, 4, 21)), (2024, D(2024, 3, 31)), (2025, D(2025, 4, 20)),
    (2026, D(2026, 4, 5)), (2038, D(2038, 4, 25)), (2285, D(2285, 3, 22))])
def test_easter_sunday_by_the_anonymous_gregorian_algorithm(year, easter):
    assert easter_sunday(year) == easter and easter.weekday() == 6


def test_the_nationwide_holidays_of_2026_in_every_land():
    nationwide = {D(2026, 1, 1), D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 1), D(2026, 5, 14),
                  D(2026, 5, 25), D(2026, 10, 3), D(2026, 12, 25), D(2026, 12, 26)}
    for land in LAENDER:
        assert nationwide <= set(holidays(2026, land)), land


@pytest.mark.parametrize(("day", "kept_in", "not_in"), [
    (D(2026, 1, 6), {"BW", "BY", "ST"}, {"NW", "BE", "HE"}),
    (D(2026, 6, 4), {"BW", "BY", "HE", "NW", "RP", "SL"}, {"BE", "SN", "HH"}),  # Fronleichnam
    (D(2026, 11, 1), {"BW", "BY", "NW", "RP", "SL"}, {"HE", "BE"}),
    (D(2026, 10, 31), {"BB", "HB", "HH", "MV", "NI", "SN", "ST", "SH", "TH"}, {"BW", "BE"}),
    (D(2026, 3, 8), {"BE", "MV"}, {"BW", "BB"}),
    (D(2026, 9, 20), {"TH"}, {"SN", "BE"}),
    (D(2026, 8, 15), {"SL"}, {"BY", "BW"}),  # only some Bavarian municipalities: left out
    (D(2026, 11, 18), {"SN"}, {"BW", "TH"}),  # Buß- und Bettag
    (D(2025, 5, 8), {"BE"}, {"BB"}),  # 80 years after the end of the war, once
])
def test_the_lands_own_holidays(day, kept_in, not_in):
    assert all(is_holiday(day, land) for land in kept_in), day
    assert not any(is_holiday(day, land) for land in not_in), day


@pytest.mark.parametrize(("land", "day", "holiday"), [
    ("BE", D(2018, 3, 8), False), ("BE", D(2019, 3, 8), True), ("MV", D(2022, 3, 8), False),
    ("MV", D(2023, 3, 8), True), ("HH", D(2017, 10, 31), True), ("HH", D(2016, 10, 31), False),
    ("NI", D(2018, 10, 31), True), ("BW", D(2017, 10, 31), True), ("BW", D(2018, 10, 31), False),
    ("TH", D(2018, 9, 20), False), ("BE", D(2024, 5, 8), False)])
def test_holidays_count_from_the_year_they_were_introduced(land, day, holiday):
    assert is_holiday(day, land) is holiday


@pytest.mark.parametrize(("year", "day"), [(2023, D(2023, 11, 22)), (2024, D(2024, 11, 20)),
                                           (2025, D(2025, 11, 19)), (2026, D(2026, 11, 18))])
def test_buss_und_bettag_is_the_wednesday_before_23_november(year, day):
    assert repentance_day(year) == day


def test_an_unknown_land_is_refused():
    with pytest.raises(ValueError, match="unknown Bundesland"):
        holidays(2026, "XX")


def test_saturday_and_sunday_are_no_working_days():
    assert not is_working_day(D(2026, 12, 5), "BW") and not is_working_day(D(2026, 12, 6), "BW")
    assert is_working_day(D(2026, 12, 7), "BW")


@pytest.mark.parametrize(("retrieved", "announced"), [
    ("2026-12-01T10:00:00", D(2026, 12, 2)),
    ("2026-12-01T22:59:59", D(2026, 12, 2)),  # 23:59:59 in Berlin: still the 1st
    ("2026-12-01T23:00:00", D(2026, 12, 3)),  # midnight in Berlin: the 2nd
    ("2026-12-31T12:00:00", D(2027, 1, 1)),  # a holiday or weekend does not move it
    ("2026-07-31T21:59:00", D(2026, 8, 1))])  # summer time: 23:59 in Berlin
def test_a_retrieved_bescheid_is_announced_the_day_after(retrieved, announced):
    assert law.announced_by_retrieval(utc(retrieved)) == announced


def test_the_provision_ends_with_the_tenth_day_after_the_notification():
    notified = utc("2026-12-01T10:00:00")
    assert law.provision_last_day(notified) == D(2026, 12, 11)
    assert law.provision_ends_at(notified) == utc("2026-12-11T23:00:00")  # Berlin midnight
    assert law.within_provision(notified, utc("2026-12-11T22:59:59"))
    assert not law.within_provision(notified, utc("2026-12-11T23:00:00"))


def test_the_provisions_end_follows_the_clock_change():
    notified = utc("2026-03-20T08:00:00")  # winter time; the 31st is summer time
    assert law.provision_ends_at(notified) == utc("2026-03-30T22:00:00")


def test_a_late_evening_notification_counts_from_its_local_day():
    notified = utc("2026-12-01T23:30:00")  # 00:30 on the 2nd in Berlin
    assert law.provision_last_day(notified) == D(2026, 12, 12)


def test_without_a_notification_the_ten_days_have_not_begun():
    assert law.within_provision(None, utc("2030-01-01T00:00:00"))


@pytest.mark.parametrize(("posted", "days", "announced"), [
    (D(2026, 12, 3), 4, D(2026, 12, 7)),
    (D(2026, 12, 1), 4, D(2026, 12, 5)),  # a Saturday: the fiction's day is not moved
    (D(2026, 12, 1), 3, D(2026, 12, 4)),  # a Land that still says three days
    (D(2026, 12, 29), 4, D(2027, 1, 2))])
def test_a_posted_letter_is_announced_on_the_fourth_day(posted, days, announced):
    assert law.announced_by_post(posted, days) == announced


def test_the_post_default_is_four_days():
    assert law.announced_by_post(D(2026, 12, 3)) == D(2026, 12, 7)


@pytest.mark.parametrize(("day", "later"), [
    (D(2026, 1, 15), D(2026, 2, 15)), (D(2026, 1, 31), D(2026, 2, 28)),
    (D(2024, 1, 31), D(2024, 2, 29)), (D(2024, 1, 30), D(2024, 2, 29)),
    (D(2026, 3, 31), D(2026, 4, 30)), (D(2026, 4, 30), D(2026, 5, 30)),
    (D(2026, 2, 28), D(2026, 3, 28)), (D(2026, 12, 15), D(2027, 1, 15)),
    (D(2026, 12, 31), D(2027, 1, 31)), (D(2026, 8, 31), D(2026, 9, 30))])
def test_one_month_later_by_188_bgb(day, later):
    assert law.add_month(day) == later


@pytest.mark.parametrize(("announced", "land", "ends"), [
    (D(2026, 12, 10), "BW", D(2027, 1, 11)),  # the 10th is a Sunday
    (D(2026, 1, 31), "BW", D(2026, 3, 2)),  # 28 February 2026 is a Saturday
    (D(2024, 1, 31), "BW", D(2024, 2, 29)),  # leap year, a Thursday
    (D(2026, 3, 31), "BW", D(2026, 4, 30)),  # 31st -> 30th
    (D(2026, 3, 6), "BW", D(2026, 4, 7)),  # Ostermontag 2026
    (D(2026, 3, 3), "BW", D(2026, 4, 7)),  # Karfreitag, then the Easter weekend and Monday
    (D(2025, 3, 18), "BW", D(2025, 4, 22)),  # Karfreitag 2025 is 18 April; the 18th is it
    (D(2026, 5, 4), "BW", D(2026, 6, 5)),  # Fronleichnam in Baden-Württemberg
    (D(2026, 5, 4), "BE", D(2026, 6, 4)),  # ... a Werktag in Berlin
    (D(2027, 2, 8), "BE", D(2027, 3, 9)),  # Frauentag in Berlin
    (D(2027, 2, 8), "BW", D(2027, 3, 8)),
    (D(2026, 12, 6), "BY", D(2027, 1, 7)),  # Heilige Drei Könige
    (D(2026, 12, 6), "NW", D(2027, 1, 6)),
    (D(2026, 10, 18), "SN", D(2026, 11, 19)),  # Buß- und Bettag
    (D(2026, 10, 18), "BW", D(2026, 11, 18)),
    (D(2027, 10, 1), "BW", D(2027, 11, 2)),  # Allerheiligen
    (D(2027, 10, 1), "HE", D(2027, 11, 1)),
    (D(2026, 11, 25), "HE", D(2026, 12, 28)),  # Christmas on Friday, then the weekend
    (D(2026, 12, 1), "HE", D(2027, 1, 4)),  # Neujahr on a Friday
])
def test_the_remedy_period_ends_one_month_later_on_a_working_day(announced, land, ends):
    assert law.remedy_ends_on(announced, land) == ends


def test_the_configured_land_decides_the_holidays_of_the_remedy_end(app, monkeypatch):
    from buergerbuero.cases.bekanntgabe import announce
    from buergerbuero.models import Decision

    decision = Decision()
    with app.app_context():
        assert app.config["BUNDESLAND"] == "BW"  # the default
        announce(decision, D(2026, 10, 18))
        assert decision.remedy_ends_on == D(2026, 11, 18)
        monkeypatch.setitem(app.config, "BUNDESLAND", "SN")  # Buß- und Bettag on the 18th
        announce(decision, D(2026, 10, 18))
        assert (decision.announced_on, decision.remedy_ends_on) == (D(2026, 10, 18),
                                                                    D(2026, 11, 19))


def test_an_unknown_land_in_the_config_stops_the_app():
    from flask import Flask

    from buergerbuero.cases import bekanntgabe_hooks

    bare = Flask(__name__)
    bare.config["BUNDESLAND"] = "Baden"
    with pytest.raises(ValueError, match="BUNDESLAND must be one of"):
        bekanntgabe_hooks.init_app(bare)
