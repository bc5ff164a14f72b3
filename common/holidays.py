"""Public holidays (gesetzliche Feiertage) of Germany and of each Land, for legal periods.

Pure functions, no library: the nationwide days are fixed dates and Easter-based ones (Easter
by the anonymous Gregorian algorithm); each Land adds its own by its Feiertagsgesetz. Only
holidays of the whole Land count: a day kept in some municipalities only (Mariä Himmelfahrt in
Bavaria's Catholic ones, Fronleichnam in parts of Saxony and Thuringia, the Augsburger
Friedensfest) is left out, so a period shown never ends later than the law says.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

LAENDER = ("BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST",
           "SH", "TH")
"""The sixteen Länder by their usual abbreviation (ISO 3166-2:DE without the prefix)."""

EASTER_BASED = {"karfreitag": -2, "ostermontag": 1, "christi_himmelfahrt": 39,
                "pfingstmontag": 50}
"""Nationwide holidays by their distance from Easter Sunday."""
FIXED = {"neujahr": (1, 1), "tag_der_arbeit": (5, 1), "tag_der_deutschen_einheit": (10, 3),
         "erster_weihnachtstag": (12, 25), "zweiter_weihnachtstag": (12, 26)}
"""Nationwide holidays on a fixed date."""

LAND_FIXED = {
    "heilige_drei_koenige": ((1, 6), {"BW", "BY", "ST"}),
    "frauentag": ((3, 8), {"BE", "MV"}),
    "mariae_himmelfahrt": ((8, 15), {"SL"}),
    "weltkindertag": ((9, 20), {"TH"}),
    "reformationstag": ((10, 31), {"BB", "HB", "HH", "MV", "NI", "SN", "ST", "SH", "TH"}),
    "allerheiligen": ((11, 1), {"BW", "BY", "NW", "RP", "SL"}),
}
"""Fixed-date holidays of some Länder (month, day), and where they are kept."""
LAND_EASTER_BASED = {
    "ostersonntag": (0, {"BB"}),
    "pfingstsonntag": (49, {"BB"}),
    "fronleichnam": (60, {"BW", "BY", "HE", "NW", "RP", "SL"}),
}
"""Easter-based holidays of some Länder (Sundays anyway in Brandenburg, listed for completeness)."""
SINCE = {"frauentag": {"BE": 2019, "MV": 2023}, "weltkindertag": {"TH": 2019},
         "reformationstag": {"HB": 2018, "HH": 2018, "NI": 2018, "SH": 2018}}
"""The first year a Land kept a holiday it introduced recently."""
ONCE = {dt.date(2017, 10, 31): set(LAENDER),  # 500 years of the Reformation, nationwide
        dt.date(2020, 5, 8): {"BE"}, dt.date(2025, 5, 8): {"BE"}}  # Tag der Befreiung
"""Holidays of a single year."""


def easter_sunday(year: int) -> dt.date:
    """Return Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * weekday_shift) // 433
    month = (h + weekday_shift - 7 * m + 90) // 25
    day = (h + weekday_shift - 7 * m + 33 * month + 19) % 32
    return dt.date(year, month, day)


def repentance_day(year: int) -> dt.date:
    """Return Buß- und Bettag: the Wednesday before 23 November (a holiday in Saxony only)."""
    day = dt.date(year, 11, 22)
    return day - dt.timedelta(days=(day.weekday() - 2) % 7)


def kept(name: str, land: str, year: int) -> bool:
    """Tell whether `land` keeps the holiday `name` in `year` (newer ones from their start)."""
    return year >= SINCE.get(name, {}).get(land, 0)


@cache
def holidays(year: int, land: str) -> dict[dt.date, str]:
    """Return the public holidays of `land` in `year`: date -> name (ValueError for an
    unknown Land)."""
    if land not in LAENDER:
        raise ValueError(f"unknown Bundesland {land!r}; one of {', '.join(LAENDER)}")
    easter = easter_sunday(year)
    days = {easter + dt.timedelta(days=n): name for name, n in EASTER_BASED.items()}
    days |= {dt.date(year, m, d): name for name, (m, d) in FIXED.items()}
    for name, ((month, day), where) in LAND_FIXED.items():
        if land in where and kept(name, land, year):
            days[dt.date(year, month, day)] = name
    for name, (offset, where) in LAND_EASTER_BASED.items():
        if land in where:
            days[easter + dt.timedelta(days=offset)] = name
    if land == "SN":
        days[repentance_day(year)] = "buss_und_bettag"
    days |= {day: "einmaliger_feiertag" for day, where in ONCE.items()
             if day.year == year and land in where and day not in days}
    return days


@cache
def nationwide(year: int) -> frozenset[dt.date]:
    """Return the holidays every Land keeps in `year` (what a working day skips everywhere)."""
    easter = easter_sunday(year)
    return frozenset({easter + dt.timedelta(days=n) for n in EASTER_BASED.values()}
                     | {dt.date(year, m, d) for m, d in FIXED.values()})


def is_holiday(day: dt.date, land: str) -> bool:
    """Tell whether `day` is a public holiday in `land`."""
    return day in holidays(day.year, land)


def is_working_day(day: dt.date, land: str) -> bool:
    """Tell whether `day` is a Werktag for a period's end: not Saturday, Sunday or a holiday."""
    return day.weekday() < 5 and not is_holiday(day, land)
