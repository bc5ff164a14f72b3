"""The weekly rules and exceptions as the department writes them, one per line:

    Mi 09:00-12:00            a weekly window (Mo Di Mi Do Fr Sa So, or the full day name)
    2026-12-24 geschlossen    a closed day, with an optional note after it
    2026-12-23 10:00-11:00 verkürzt   other hours that day, with an optional note

Parsing refuses what cannot be meant (unknown weekday, from after to, a slot longer than the
window, two windows of a weekday that overlap, a date given twice) with a German message
naming the line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from common.i18n import _

WEEKDAYS = {"mo": 0, "di": 1, "mi": 2, "do": 3, "fr": 4, "sa": 5, "so": 6,
            "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4,
            "samstag": 5, "sonntag": 6}
NAMES = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")  # untranslated: the rules' own notation
TIMES = re.compile(r"^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$")


class RulesError(ValueError):
    """A line that cannot be read; the message is German and names the line."""


@dataclass(frozen=True)
class ParsedException:
    """One exception day: closed (no times) or other hours, with a note."""

    day: dt.date
    starts: dt.time | None
    ends: dt.time | None
    note: str


def window(text: str, number: int, slot_minutes: int) -> tuple[dt.time, dt.time]:
    """Read 'HH:MM-HH:MM' and check it holds at least one slot."""
    match = TIMES.match(text.strip())
    try:
        starts = dt.time(int(match[1]), int(match[2])) if match else None
        ends = dt.time(int(match[3]), int(match[4])) if match else None
    except ValueError:
        starts = ends = None
    if starts is None or ends is None:
        raise RulesError(_("Zeile %(n)s: Bitte schreiben Sie die Zeit als 09:00-12:00.", n=number))
    if starts >= ends:
        raise RulesError(_("Zeile %(n)s: Der Beginn liegt nicht vor dem Ende.", n=number))
    length = (dt.datetime.combine(dt.date.min, ends) - dt.datetime.combine(dt.date.min, starts))
    if length < dt.timedelta(minutes=slot_minutes):
        raise RulesError(_("Zeile %(n)s: Das Zeitfenster ist kürzer als ein Termin.", n=number))
    return starts, ends


def lines(text: str) -> list[tuple[int, str]]:
    """Return the non-empty lines with their numbers (counted from 1)."""
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


def parse_rules(text: str, slot_minutes: int) -> list[tuple[int, dt.time, dt.time]]:
    """Return (weekday, from, to) of every line."""
    rules = []
    for number, line in lines(text):
        name, _sep, times = line.partition(" ")
        weekday = WEEKDAYS.get(name.lower().rstrip(".,:").removesuffix("s"))
        if weekday is None:
            raise RulesError(_("Zeile %(n)s: Unbekannter Wochentag „%(day)s“ (erlaubt: Mo, Di, "
                               "Mi, Do, Fr, Sa, So).", n=number, day=name))
        starts, ends = window(times, number, slot_minutes)
        for other_weekday, other_starts, other_ends in rules:
            if other_weekday == weekday and starts < other_ends and other_starts < ends:
                raise RulesError(_("Zeile %(n)s: Diese Zeit überschneidet sich mit einer "
                                   "früheren Zeile desselben Wochentags.", n=number))
        rules.append((weekday, starts, ends))
    return rules


def parse_exceptions(text: str, slot_minutes: int) -> list[ParsedException]:
    """Return the exception days of every line."""
    parsed = []
    for number, line in lines(text):
        day_text, _sep, rest = line.partition(" ")
        try:
            day = dt.date.fromisoformat(day_text)
        except ValueError:
            raise RulesError(_("Zeile %(n)s: Bitte beginnen Sie mit dem Datum als 2026-12-24.",
                               n=number)) from None
        if any(e.day == day for e in parsed):
            raise RulesError(_("Zeile %(n)s: Für diesen Tag gibt es schon eine Zeile; bitte "
                               "nur eine Ausnahme je Tag.", n=number))
        first, _sep, note = rest.strip().partition(" ")
        if first.lower() == "geschlossen":
            parsed.append(ParsedException(day, None, None, note.strip()[:200]))
        else:
            starts, ends = window(first, number, slot_minutes)
            parsed.append(ParsedException(day, starts, ends, note.strip()[:200]))
    return parsed


def rules_as_text(rules: list) -> str:
    """Write stored rules back as lines (for the edit form)."""
    return "\n".join(f"{NAMES[r.weekday]} {r.starts:%H:%M}-{r.ends:%H:%M}" for r in rules)


def exceptions_as_text(exceptions: list) -> str:
    """Write stored exceptions back as lines (for the edit form)."""
    written = []
    for e in exceptions:
        closed = "geschlossen"  # untranslated: the rules' own notation
        what = closed if e.starts is None else f"{e.starts:%H:%M}-{e.ends:%H:%M}"
        written.append(f"{e.day.isoformat()} {what} {e.note}".rstrip())
    return "\n".join(written)
