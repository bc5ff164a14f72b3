"""Template filters and globals: dates, money and numbers per language, labels, security headers."""

from __future__ import annotations

from flask import Flask, Response

from common.formatting import format_date, format_datetime, format_money, format_number
from forms.fields import needs_multipart

from .help_text import help_text
from .labels import channel_label, label


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
    # One formatter for all times shown, shared with the receipt PDF and the verification page.
    app.add_template_filter(format_datetime, "localtime")
    app.add_template_filter(format_date, "localdate")
    app.add_template_filter(format_money, "money")
    app.add_template_filter(format_number, "number")
    app.add_template_filter(help_text)
    app.add_template_filter(label)
    app.add_template_filter(channel_label)
    app.add_template_global(needs_multipart)
    app.after_request(security_headers)
