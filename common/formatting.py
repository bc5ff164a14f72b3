"""Dates, times, numbers and money for the reader's language, in the municipality's local time.

German: 1. Dezember 2026, 09:14 Uhr · 1.234,56 € · English: 1 December 2026, 09:14 · €1,234.56.
One formatter for every place a value is shown (pages, receipt PDFs, the verification verdict),
independent of the process locale; without a language given, the current request's.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_date
from babel.numbers import format_currency, format_decimal

from .i18n import current_language

LOCAL_TIME = ZoneInfo("Europe/Berlin")
MISSING = "–"
DATE_PATTERNS = {"de": "d. MMMM y", "en": "d MMMM y"}
TIME_PATTERNS = {"de": "{date}, {time} Uhr", "en": "{date}, {time}"}


def local(moment: dt.datetime) -> dt.datetime:
    """Return ``moment`` in local time; a naive value is taken as UTC, as the database stores it."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(LOCAL_TIME)


def format_date(moment: dt.date | dt.datetime | None, language: str | None = None) -> str:
    """Format a date, or a point in time as its local date: 1. Dezember 2026 / 1 December 2026."""
    if moment is None:
        return MISSING
    if isinstance(moment, dt.datetime):
        moment = local(moment).date()
    language = language or current_language()
    return babel_date(moment, DATE_PATTERNS.get(language, DATE_PATTERNS["de"]), locale=language)


def format_datetime(moment: dt.datetime | None, language: str | None = None) -> str:
    """Format a point in local time: 1. Dezember 2026, 09:14 Uhr / 1 December 2026, 09:14."""
    if moment is None:
        return MISSING
    language = language or current_language()
    moment = local(moment)
    pattern = TIME_PATTERNS.get(language, TIME_PATTERNS["de"])
    return pattern.format(date=format_date(moment, language), time=f"{moment:%H:%M}")


def format_money(cents: int, currency: str = "EUR", language: str | None = None) -> str:
    """Format an amount in cents: 1.234,50 € / €1,234.50 (a plain space, as before, for German)."""
    amount = Decimal(cents) / 100
    text = format_currency(amount, currency, locale=language or current_language())
    return text.replace("\xa0", " ")


def format_number(value: int | float | Decimal, language: str | None = None) -> str:
    """Format a number with the language's separators: 1.234,5 / 1,234.5."""
    return format_decimal(value, locale=language or current_language())
