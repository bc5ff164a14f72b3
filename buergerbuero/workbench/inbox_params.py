"""The inbox's URL parameters read into checked filters; what is malformed is refused in German.

An empty parameter is no parameter: the search form sends every field, filled or not.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping

from common.formatting import LOCAL_TIME
from common.i18n import _
from common.text import search_words

from ..core.errors import Refused
from ..core.url_converters import database_id
from ..models import CaseStatus
from .inbox_query import SORTS, VIEWS, Cursor, Filters

REFERENCE = re.compile(r"[A-Za-z]{2,10}-\d{4}-\d{6}")
"""What a case reference looks like (HST-2026-000123); anything else is a name."""
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_WORDS = 8
"""More words than a name has: each is one index lookup, so their number is bounded."""
NOBODY = "niemand"
PARAMETERS = ("ansicht", "q", "status", "leistung", "bearbeitung", "sortierung",
              "von", "bis")  # untranslated: URL parameter names
"""What the next page's link carries on, beside its cursor."""


def given(args: Mapping[str, str]) -> dict[str, str]:
    """Return the filter parameters that were filled in (for links that keep them)."""
    return {name: args[name].strip() for name in PARAMETERS if args.get(name, "").strip()}


def read_filters(args: Mapping[str, str], services: Collection[str],
                 colleagues: Collection[int]) -> tuple[Filters, list[str]]:
    """Read the filters from the URL; return them with notices about what was left out.

    Raise Refused for a value no form of the page sends (a view, a cursor, a status that
    does not exist): the page cannot guess what was meant.
    """
    values = given(args)
    view = choice(values.get("ansicht", "alle"), VIEWS, _("Diese Ansicht gibt es nicht."))
    sort = choice(values.get("sortierung", "eingang"), SORTS,
                  _("Diese Sortierung gibt es nicht."))
    reference, words, notices = search_of(values.get("q", ""))
    service = values.get("leistung")
    if service is not None:
        choice(service, services, _("Diese Leistung gibt es nicht."))
    assignee_id, unassigned = assignee_of(values.get("bearbeitung"), colleagues)
    start, end = values.get("von"), values.get("bis")  # untranslated: URL parameter names
    received_from, received_before = received_range(start, end)
    after = cursor_of(args.get("nach", "").strip())  # untranslated: URL parameter name
    return Filters(view=view, reference=reference, words=words, status=status_of(values),
                   service=service, assignee_id=assignee_id, unassigned=unassigned,
                   received_from=received_from, received_before=received_before, sort=sort,
                   after=after), notices


def choice(value: str, allowed: Collection[str], message: str) -> str:
    """Return the value if it is one of the allowed; refuse it with the message otherwise."""
    if value not in allowed:
        raise Refused(message)
    return value


def search_of(text: str) -> tuple[str | None, tuple[str, ...], list[str]]:
    """Return (reference, name words, notices) of the search field."""
    if REFERENCE.fullmatch(text):
        return text.upper(), (), []
    words = tuple(search_words(text))
    if text and not words:
        return None, (), [_("Die Suche enthielt weder ein Aktenzeichen noch einen Namen und "
                            "wurde nicht berücksichtigt.")]
    if len(words) > MAX_WORDS:
        raise Refused(_("Bitte suchen Sie mit höchstens %(num)d Wörtern.", num=MAX_WORDS))
    return None, words, []


def status_of(values: Mapping[str, str]) -> CaseStatus | None:
    """Return the status asked for, or None."""
    if "status" not in values:
        return None
    try:
        return CaseStatus(values["status"])
    except ValueError:
        raise Refused(_("Diesen Status gibt es nicht.")) from None


def assignee_of(value: str | None, colleagues: Collection[int]) -> tuple[int | None, bool]:
    """Return (user id, nobody) of the "Bearbeitung" filter; refuse anyone outside the
    department."""
    if value is None:
        return None, False
    if value == NOBODY:
        return None, True
    person = database_id(value)
    if person is None or person not in colleagues:
        raise Refused(_("Diese Person arbeitet nicht in diesem Amt."))
    return person, False


def received_range(start: str | None, end: str | None) -> tuple[dt.datetime | None, ...]:
    """Return the received range as UTC moments: from the start of `von`'s local day to the
    end of `bis`'s."""
    first = local_day(start, _("Das Datum „Eingang von“ ist ungültig (JJJJ-MM-TT)."))
    last = local_day(end, _("Das Datum „Eingang bis“ ist ungültig (JJJJ-MM-TT)."))
    if first and last and first > last:
        raise Refused(_("„Eingang von“ liegt nach „Eingang bis“."))
    return (midnight(first) if first else None,
            midnight(last + dt.timedelta(days=1)) if last else None)


def local_day(value: str | None, message: str) -> dt.date | None:
    """Return a date given as YYYY-MM-DD, or None; refuse anything else with the message."""
    if value is None:
        return None
    try:
        if not DATE.fullmatch(value):
            raise ValueError(value)
        day = dt.date.fromisoformat(value)
        midnight(day + dt.timedelta(days=1))  # the last day of the calendar has no end
    except (ValueError, OverflowError):
        raise Refused(message) from None
    return day


def midnight(day: dt.date) -> dt.datetime:
    """Return the start of a local day as a UTC moment."""
    return dt.datetime.combine(day, dt.time(), LOCAL_TIME).astimezone(dt.UTC)


def cursor_of(value: str) -> Cursor | None:
    """Return the page cursor, or None for the first page; refuse a malformed one."""
    if not value:
        return None
    try:
        return Cursor.decode(value)
    except ValueError:
        raise Refused(_("Der Verweis auf die nächste Seite ist ungültig. Bitte beginnen Sie "
                        "wieder auf der ersten Seite.")) from None
