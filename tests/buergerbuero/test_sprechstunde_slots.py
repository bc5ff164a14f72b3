"""Slots from a Sprechstunde's rules: local time across the change from summer time, public
holidays of the Land closed, exceptions closing a day or giving it other hours."""

from __future__ import annotations

import datetime as dt

from buergerbuero.models import ConsultationException, ConsultationHours, ConsultationRule
from buergerbuero.sprechstunde.hours import slots_on


def hours(*rules: tuple[int, int, int], exceptions=(), minutes: int = 30) -> ConsultationHours:
    """Return unsaved hours with weekly rules (weekday, from hour, to hour)."""
    return ConsultationHours(
        slot_minutes=minutes, capacity=1,
        rules=[ConsultationRule(weekday=w, starts=dt.time(a), ends=dt.time(b))
               for w, a, b in rules],
        exceptions=list(exceptions))


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)


def test_slots_keep_local_time_across_the_end_of_summer_time():
    sundays = hours((6, 9, 10))
    summer = slots_on(sundays, dt.date(2026, 10, 18), "BW")
    winter = slots_on(sundays, dt.date(2026, 10, 25), "BW")  # clocks go back that night
    assert [s.start for s in summer] == [utc(2026, 10, 18, 7, 0), utc(2026, 10, 18, 7, 30)]
    assert [s.start for s in winter] == [utc(2026, 10, 25, 8, 0), utc(2026, 10, 25, 8, 30)]
    assert winter[-1].end == utc(2026, 10, 25, 9, 0)


def test_slots_keep_local_time_across_the_start_of_summer_time():
    sundays = hours((6, 9, 10))
    assert slots_on(sundays, dt.date(2026, 3, 29), "BW")[0].start == utc(2026, 3, 29, 7, 0)
    assert slots_on(sundays, dt.date(2026, 3, 22), "BW")[0].start == utc(2026, 3, 22, 8, 0)


def test_a_public_holiday_of_the_land_has_no_slots():
    thursdays = hours((3, 9, 12))
    assert slots_on(thursdays, dt.date(2026, 6, 4), "BW") == []  # Fronleichnam in BW
    assert len(slots_on(thursdays, dt.date(2026, 6, 4), "BE")) == 6  # not in Berlin
    assert slots_on(thursdays, dt.date(2026, 12, 24), "BW") != []  # Heiligabend is no holiday


def test_an_exception_closes_a_day_or_gives_it_other_hours():
    closed = ConsultationException(day=dt.date(2026, 12, 9), starts=None, ends=None,
                                   note="Betriebsausflug")
    shorter = ConsultationException(day=dt.date(2026, 12, 10), starts=dt.time(10),
                                    ends=dt.time(11), note="verkürzt")
    week = hours((2, 9, 12), (3, 9, 12), exceptions=[closed, shorter], minutes=15)
    assert slots_on(week, dt.date(2026, 12, 9), "BW") == []
    assert [s.start for s in slots_on(week, dt.date(2026, 12, 10), "BW")] == [
        utc(2026, 12, 10, 9, 0), utc(2026, 12, 10, 9, 15), utc(2026, 12, 10, 9, 30),
        utc(2026, 12, 10, 9, 45)]
    assert len(slots_on(week, dt.date(2026, 12, 16), "BW")) == 12


def test_a_remainder_shorter_than_a_slot_is_no_slot():
    assert len(slots_on(hours((2, 9, 10), minutes=25), dt.date(2026, 12, 2), "BW")) == 2


def night_hours() -> ConsultationHours:
    """Sundays 01:30-03:30 in 30-minute slots: the window the clocks change in."""
    return ConsultationHours(slot_minutes=30, capacity=1, exceptions=[], rules=[
        ConsultationRule(weekday=6, starts=dt.time(1, 30), ends=dt.time(3, 30))])


def assert_sound(slots) -> None:
    """Every slot lasts its 30 minutes, no start repeats, none overlaps the next."""
    assert all(s.end - s.start == dt.timedelta(minutes=30) for s in slots)
    assert len({s.start for s in slots}) == len(slots)
    assert all(a.end <= b.start for a, b in zip(slots, slots[1:], strict=False))


def test_the_night_the_clocks_go_forward_skips_the_missing_wall_times():
    slots = slots_on(night_hours(), dt.date(2027, 3, 28), "BW")
    assert_sound(slots)
    # 01:30 CET, then 02:00-03:00 does not exist, then 03:00 CEST; the window ends 03:30 CEST.
    assert [s.start for s in slots] == [utc(2027, 3, 28, 0, 30), utc(2027, 3, 28, 1, 0)]
    assert slots[-1].end == utc(2027, 3, 28, 1, 30)


def test_the_night_the_clocks_go_back_offers_the_repeated_hour_once():
    slots = slots_on(night_hours(), dt.date(2027, 10, 31), "BW")
    assert_sound(slots)
    # 01:30, 02:00, 02:30 CEST; the second 02:00-03:00 (CET) is not offered; 03:00 CET.
    assert [s.start for s in slots] == [utc(2027, 10, 30, 23, 30), utc(2027, 10, 31, 0, 0),
                                        utc(2027, 10, 31, 0, 30), utc(2027, 10, 31, 2, 0)]
    assert slots[-1].end == utc(2027, 10, 31, 2, 30)


def test_the_demo_hours_are_closed_on_heiligabend_and_silvester():
    from buergerbuero.sprechstunde.demo import closed_days

    demo = hours((2, 9, 12), (3, 9, 12), minutes=15, exceptions=closed_days(dt.date(2026, 12, 1)))
    assert slots_on(demo, dt.date(2026, 12, 24), "BW") == []  # a Thursday
    assert slots_on(demo, dt.date(2026, 12, 31), "BW") == []
    assert len(slots_on(demo, dt.date(2026, 12, 23), "BW")) == 12
    assert slots_on(demo, dt.date(2027, 12, 24), "BW") == []  # and next year's
