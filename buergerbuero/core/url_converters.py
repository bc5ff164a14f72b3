"""URL converters: an `<int:…>` id beyond what the database column holds, or a text part with a
control character (PostgreSQL refuses NUL), is a 404, not a 500."""

from __future__ import annotations

import builtins

from flask import Flask
from werkzeug.routing import IntegerConverter, Map, UnicodeConverter

# Every id and version column is an SQLAlchemy Integer, INTEGER (int4) on PostgreSQL: no row has
# a larger id. SQLite raises OverflowError for numbers beyond 2**63 - 1 (the reported 500s).
DB_INT_MAX = 2**31 - 1


def database_id(text: str | None) -> int | None:
    """Return the id a form or query parameter names, or None if it is none a row could have:
    ASCII digits only (int() would take "²" as an error and "٣" as 3), within DB_INT_MAX."""
    if text is None or not text.isascii() or not text.isdigit() or len(text) > 10:
        return None
    number = int(text)
    return number if number <= DB_INT_MAX else None


class BoundedIntConverter(IntegerConverter):
    """Werkzeug's int converter, limited to the range of a database integer column."""

    # The parameters keep werkzeug's names, so rules may still say <int(max=99):…>.
    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None,  # noqa: A002
                 max: int | None = None, signed: bool = False) -> None:  # noqa: A002
        low = -DB_INT_MAX - 1 if min is None and signed else min
        high = DB_INT_MAX if max is None else builtins.min(max, DB_INT_MAX)
        super().__init__(map, fixed_digits=fixed_digits, min=low, max=high, signed=signed)


class PrintableConverter(UnicodeConverter):
    """Werkzeug's default (string) converter, without control characters such as NUL."""

    def __init__(self, map: Map, *args: int | None, **kwargs: int | None) -> None:  # noqa: A002
        super().__init__(map, *args, **kwargs)
        self.regex = self.regex.replace("[^/]", r"[^/\x00-\x1f\x7f]", 1)


def init_app(app: Flask) -> None:
    """Make every `<int:…>` bounded and every `<…>` printable; call before routes exist."""
    app.url_map.converters.update(int=BoundedIntConverter, default=PrintableConverter,
                                  string=PrintableConverter)
