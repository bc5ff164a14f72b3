"""The values of the expression language and its operations: total, they never raise.

None is an unanswered field; numbers are exact decimals; text of the form YYYY-MM-DD counts as a
date wherever a date meets it; INVALID is arithmetic without a result. See the semantics in
forms/expressions.py.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import re
from collections import ChainMap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Our own context: exact enough for money, independent of whatever the thread's context says.
_DECIMALS = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN, Emax=999_999,
                            Emin=-999_999, traps=[decimal.InvalidOperation,
                                                  decimal.DivisionByZero, decimal.Overflow])
ZERO, ONE = Decimal(0), Decimal(1)
_MAX_DAYS = Decimal(dt.timedelta.max.days)


@dataclass(frozen=True)
class Context:
    """What an evaluation sees: the names (answers, an entry's first) and the day it runs."""

    names: Mapping[str, Any]
    today: dt.date


Run = Callable[[Context], Any]
"""A compiled expression (or part of one)."""


class _Invalid:
    """What arithmetic without a result gives (a division by zero, text times a number).

    Unlike none (an unanswered field, 0 in arithmetic) it spreads through further arithmetic,
    so `5 + 1/0` is no amount either; everywhere else it counts as none.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return "INVALID"


INVALID = _Invalid()


def absent(value: Any) -> bool:
    """Return whether a value is none or invalid (no comparison holds with it)."""
    return value is None or value is INVALID


def value_of(raw: Any) -> Any:
    """Return an answer as a value of the language (numbers exact; unknown kinds as none).

    An object (a file field's answer) stays as it is: true, equal to nothing, no number.
    """
    if raw is None or isinstance(raw, bool | str | dt.date | list):
        return raw
    if isinstance(raw, Mapping):
        return raw if raw else None
    if isinstance(raw, Decimal):
        return raw if raw.is_finite() else None
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw)) if math.isfinite(raw) else None
    if isinstance(raw, tuple):
        return list(raw)
    return None


def truth(value: Any) -> bool:
    """Return whether a value counts as true (none, invalid, false, 0, '' and [] do not)."""
    if absent(value) or value is False:
        return False
    if isinstance(value, Decimal | str | list):
        return bool(value)
    return True


@lru_cache(maxsize=4096)
def iso_date(text: str) -> dt.date | None:
    """Return the date a YYYY-MM-DD text names, or None."""
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def operand(value: Any) -> Any:
    """Return an arithmetic operand: a number or a date (none counts 0); None where there is
    none (text, a list, invalid)."""
    if value is None or value is False:
        return ZERO
    if value is True:
        return ONE
    if isinstance(value, Decimal | dt.date):
        return value
    return iso_date(value) if isinstance(value, str) else None


def _arithmetic(numbers: Callable[[Decimal, Decimal], Any],
                dates: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def operation(left: Any, right: Any) -> Any:
        a, b = operand(left), operand(right)
        if a is None or b is None:
            return INVALID
        try:
            if isinstance(a, Decimal) and isinstance(b, Decimal):
                return numbers(a, b)
            result = dates(a, b)
        except (ArithmeticError, ValueError):  # overflow, division by zero, day out of range
            return INVALID
        return INVALID if result is None else result
    return operation


def _days(number: Decimal) -> dt.timedelta:
    if not abs(number) < _MAX_DAYS:  # before int(): 1E+999999 would be a million digits
        raise OverflowError(number)
    return dt.timedelta(days=int(number))


def _add_dates(a: Any, b: Any) -> Any:
    if isinstance(a, dt.date) and isinstance(b, Decimal):
        return a + _days(b)
    return b + _days(a) if isinstance(a, Decimal) and isinstance(b, dt.date) else None


def _subtract_dates(a: Any, b: Any) -> Any:
    if isinstance(a, dt.date) and isinstance(b, dt.date):
        return Decimal((a - b).days)
    return a - _days(b) if isinstance(a, dt.date) else None


ARITHMETIC: dict[str, Callable[[Any, Any], Any]] = {
    "+": _arithmetic(_DECIMALS.add, _add_dates),
    "-": _arithmetic(_DECIMALS.subtract, _subtract_dates),
    "*": _arithmetic(_DECIMALS.multiply, lambda a, b: None),
    "/": _arithmetic(_DECIMALS.divide, lambda a, b: None),
}


def negate(value: Any) -> Any:
    """Return -value for a number (none counts 0); INVALID for anything else."""
    number = operand(value)
    return _DECIMALS.minus(number) if isinstance(number, Decimal) else INVALID


def comparable(a: Any, b: Any) -> tuple[Any, Any] | None:
    """Return both values in one comparable kind, or None if they are of different kinds."""
    if isinstance(a, str) and isinstance(b, str | dt.date) or isinstance(b, str) and isinstance(
            a, dt.date):
        dates = (iso_date(a) if isinstance(a, str) else a, iso_date(b) if isinstance(b, str) else b)
        if None not in dates:
            return dates
    for kind in (bool, Decimal, str, dt.date, list):
        if isinstance(a, kind) and isinstance(b, kind):
            return a, b
    return None


def _equal(a: Any, b: Any) -> bool:
    pair = comparable(a, b)
    return pair is not None and pair[0] == pair[1]


def _ordered(test: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def compare(a: Any, b: Any) -> bool:
        pair = comparable(a, b)
        if pair is None or isinstance(pair[0], bool | list):
            return False
        return test(*pair)
    return compare


COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "==": lambda a, b: not absent(a) and not absent(b) and _equal(a, b),
    "!=": lambda a, b: not absent(a) and not absent(b) and not _equal(a, b),
    "<": _ordered(lambda a, b: a < b),
    "<=": _ordered(lambda a, b: a <= b),
    ">": _ordered(lambda a, b: a > b),
    ">=": _ordered(lambda a, b: a >= b),
}


def member(value: Any, items: Any, negated: bool) -> bool:
    """`value in items` (or `not in`); false when value is none or items is no list."""
    if absent(value) or not isinstance(items, list):
        return False
    found = any(_equal(value, value_of(item)) for item in items)
    return found != negated


def length(value: Any) -> Decimal:
    """len(): entries of a list, characters of a text, 0 otherwise."""
    return Decimal(len(value)) if isinstance(value, list | str | tuple) else ZERO


def count(ctx: Context, entries: Any, condition: Run) -> Decimal:
    """count(): the entries of a group for which the condition holds."""
    if not isinstance(entries, list | tuple):
        return ZERO
    hits = sum(1 for entry in entries if isinstance(entry, Mapping)
               and truth(condition(Context(ChainMap(entry, ctx.names), ctx.today))))
    return Decimal(hits)
