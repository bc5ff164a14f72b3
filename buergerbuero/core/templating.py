"""Template filters and globals: dates, money and numbers per language, labels, security headers."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response
from markupsafe import soft_str

from common.formatting import format_date, format_datetime, format_money, format_number
from common.i18n import SOURCE_LANGUAGE, current_language
from forms.fields import needs_multipart
from forms.texts import Text

from .help_text import help_text, text_blocks
from .labels import channel_label, department_name, label


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


def plain_string(value: Any) -> str:
    """The `string` filter: a definition's text as plain text in the reader's language (no
    `<span lang>`, for `<title>`, attributes and options); anything else as Jinja's own does."""
    return str(value) if isinstance(value, Text) else soft_str(value)


def german_only(spec: Any, step: Any = None) -> bool:
    """Say whether a page of a service (one step, or the whole) shows German in place of the
    reader's language somewhere: the note "only in German" goes on it."""
    if current_language() == SOURCE_LANGUAGE:
        return False
    missing = spec.missing_english()
    if step is None:
        return bool(missing)
    own = f"steps.{spec.steps.index(step)}."
    # The service's own texts (title, …) show on every step; another step's do not.
    return any(path.startswith(own) or not path.startswith("steps.") for path in missing)


def init_app(app: Flask) -> None:
    """Register filters, globals and the header hook."""
    # One formatter for all times shown, shared with the receipt PDF and the verification page.
    app.add_template_filter(format_datetime, "localtime")
    app.add_template_filter(format_date, "localdate")
    app.add_template_filter(format_money, "money")
    app.add_template_filter(format_number, "number")
    app.add_template_filter(help_text)
    app.add_template_filter(text_blocks)
    app.add_template_filter(label)
    app.add_template_filter(channel_label)
    app.add_template_filter(department_name)
    app.add_template_global(needs_multipart)
    app.add_template_global(german_only)
    app.add_template_filter(plain_string, "string")
    app.after_request(security_headers)
