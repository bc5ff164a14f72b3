"""Template filters and globals: German dates in local time, state labels, security headers."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import Flask, Response

from forms.fields import needs_multipart

from .help_text import help_text
from .labels import channel_label, label

BERLIN = ZoneInfo("Europe/Berlin")


def localtime(moment: dt.datetime | None) -> str:
    """Format a UTC timestamp as German local time, e.g. 21.11.2026, 14:03 Uhr."""
    if moment is None:
        return "–"
    return moment.astimezone(BERLIN).strftime("%d.%m.%Y, %H:%M Uhr")


def localdate(moment: dt.datetime | None) -> str:
    """Format a UTC timestamp as a German local date."""
    return moment.astimezone(BERLIN).strftime("%d.%m.%Y") if moment else "–"


def security_headers(response: Response) -> Response:
    """Forbid sniffing, framing and foreign scripts on every answer."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'")
    return response


def init_app(app: Flask) -> None:
    """Register filters, globals and the header hook."""
    app.add_template_filter(localtime)
    app.add_template_filter(localdate)
    app.add_template_filter(help_text)
    app.add_template_filter(label)
    app.add_template_filter(channel_label)
    app.add_template_global(needs_multipart)
    app.after_request(security_headers)
