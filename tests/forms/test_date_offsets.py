"""Date limits in years and months (`today-18y`, `today+6m`) follow the calendar, leap days too."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from wtforms.validators import ValidationError

from forms.fields.dates import DateBounds, german, resolve_bound

from .helpers import definition, field_errors, line_containing, load, load_error

ADULT = load(definition("- {id: geburt, type: date, label: Geburtsdatum, max: today-18y}"))


def years_ago(years: int, today: dt.date) -> dt.date:
    """Return the birthday `years` ago as people count it: 29 February becomes 28 February."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def test_a_resident_born_exactly_18_years_ago_today_is_accepted_one_day_later_refused():
    born = years_ago(18, dt.date.today())
    assert field_errors(ADULT, "geburt", born.isoformat()) == []
    assert field_errors(ADULT, "geburt", (born + dt.timedelta(days=1)).isoformat()) == [
        f"Das Datum darf nicht nach dem {german(born)} liegen."]


@pytest.mark.parametrize(("today", "born", "of_age"), [
    ("2026-02-28", "2008-02-29", False),  # no 29 February in 2026: not yet
    ("2026-03-01", "2008-02-29", True),
    ("2028-02-29", "2010-02-28", True),   # a leap day today: 18 years ago is 28 February
    ("2028-02-29", "2010-03-01", False),
    ("2026-06-01", "2008-06-01", True),
    ("2026-06-01", "2008-06-02", False),
])
def test_at_least_18_years_counts_leap_days_as_the_calendar_does(today, born, of_age):
    limit = DateBounds(None, "today-18y", clock=lambda: dt.date.fromisoformat(today))
    field = SimpleNamespace(data=dt.date.fromisoformat(born))
    if of_age:
        limit(None, field)
    else:
        with pytest.raises(ValidationError):
            limit(None, field)


@pytest.mark.parametrize(("bound", "today", "day"), [
    ("today-18y", "2028-02-29", "2010-02-28"),
    ("today+1y", "2028-02-29", "2029-02-28"),
    ("today+6m", "2026-08-31", "2027-02-28"),
    ("today+6m", "2027-08-31", "2028-02-29"),
    ("today-1m", "2026-03-31", "2026-02-28"),
    ("today-13m", "2026-01-15", "2024-12-15"),
    ("today+30d", "2026-02-15", "2026-03-17"),
    ("today", "2026-02-15", "2026-02-15"),
])
def test_an_offset_in_years_months_or_days_lands_on_the_calendar_day(bound, today, day):
    assert resolve_bound(bound, dt.date.fromisoformat(today)) == dt.date.fromisoformat(day)


def test_a_window_in_months_is_a_valid_bound_pair():
    spec = load(definition("- {id: beginn, type: date, label: Beginn, min: today-1y, "
                           "max: today+6m}"))
    assert spec.steps[0].fields[0].settings["max"] == "today+6m"


@pytest.mark.parametrize("bound", ["today-18w", "today-18Y", "today-1000y", "today-18y3d"])
def test_an_offset_in_another_unit_is_refused_with_its_line(bound):
    text = definition(f"- id: geburt\n  type: date\n  label: Geburtsdatum\n  max: {bound}")
    problem = load_error(text).problems[0]
    assert problem.path == "steps.0.fields.0.max" and problem.message.startswith("hat nicht")
    assert problem.line == line_containing(text, "max:")
