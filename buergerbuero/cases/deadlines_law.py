"""When a Bescheid counts as announced (Bekanntgabe) and when the period for a legal remedy
ends: pure functions over local days of the municipality (docs/bekanntgabe.md names the law).

- by retrieval (§ 41 Abs. 2a S. 3 VwVfG): the day after the retrieval;
- the provision for retrieval ends ten days after the notification was sent (§ 41 Abs. 2a
  S. 4): the day of sending is not counted (§ 187 Abs. 1 BGB), the tenth day is the last
  (§ 188 Abs. 1 BGB);
- by post (§ 41 Abs. 2 S. 1 VwVfG, since the PostModG: the fourth day) after the Aufgabe zur
  Post, the number of days configurable; that day is not moved off a weekend;
- Widerspruch (§ 70 Abs. 1 VwGO) or Klage (§ 74 Abs. 1 VwGO): one month after the
  Bekanntgabe (§ 57 Abs. 2 VwGO, § 222 Abs. 1 ZPO, §§ 187 Abs. 1, 188 Abs. 2 and 3 BGB),
  an end on a Saturday, Sunday or public holiday moved to the next Werktag (§ 222 Abs. 2 ZPO).
"""

from __future__ import annotations

import calendar
import datetime as dt

from common.formatting import LOCAL_TIME, local
from common.holidays import is_working_day

PROVISION_DAYS = 10
"""§ 41 Abs. 2a S. 4 VwVfG: days after the notification's sending the provision lasts."""
POST_DAYS = 4
"""§ 41 Abs. 2 S. 1 VwVfG as amended by the PostModG (from 1 January 2025); before: three."""


def local_day(moment: dt.datetime) -> dt.date:
    """Return the municipality's calendar day a point in time falls on."""
    return local(moment).date()


def start_of_local_day(day: dt.date) -> dt.datetime:
    """Return the first moment of a local day, in UTC."""
    return dt.datetime.combine(day, dt.time(), tzinfo=LOCAL_TIME).astimezone(dt.UTC)


def announced_by_retrieval(retrieved_at: dt.datetime) -> dt.date:
    """Return the Bekanntgabe day of a Bescheid retrieved at `retrieved_at`: the day after."""
    return local_day(retrieved_at) + dt.timedelta(days=1)


def provision_last_day(notified_at: dt.datetime) -> dt.date:
    """Return the last local day on which a retrieval still announces the Bescheid."""
    return local_day(notified_at) + dt.timedelta(days=PROVISION_DAYS)


def provision_ends_at(notified_at: dt.datetime) -> dt.datetime:
    """Return the moment (UTC) the provision ends: the end of its last day, local time."""
    return start_of_local_day(provision_last_day(notified_at) + dt.timedelta(days=1))


def within_provision(notified_at: dt.datetime | None, moment: dt.datetime) -> bool:
    """Tell whether a retrieval at `moment` falls within the provision (a Bescheid whose
    notification has not gone out yet is within it: its ten days have not begun)."""
    return notified_at is None or moment < provision_ends_at(notified_at)


def announced_by_post(posted_on: dt.date, days: int = POST_DAYS) -> dt.date:
    """Return the Bekanntgabe day of a letter handed to the post on `posted_on` (the fiction's
    day stays where it falls, a weekend or holiday too)."""
    return posted_on + dt.timedelta(days=days)


def add_month(day: dt.date) -> dt.date:
    """Return the day of the next month with the same number, or that month's last day if it
    has none (§ 188 Abs. 2 and 3 BGB): 31 January -> 28/29 February, 31 March -> 30 April."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_working_day(day: dt.date, land: str) -> dt.date:
    """Return `day`, or the first Werktag after it if it is a Saturday, Sunday or holiday."""
    while not is_working_day(day, land):
        day += dt.timedelta(days=1)
    return day


def remedy_ends_on(announced_on: dt.date, land: str) -> dt.date:
    """Return the last day for a Widerspruch or a Klage against a Bescheid announced on
    `announced_on`, under the holidays of `land`."""
    return next_working_day(add_month(announced_on), land)
