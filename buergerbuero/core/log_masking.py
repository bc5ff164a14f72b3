"""No secrets in log lines: the one-time links' secrets (confirmation, password reset, new
address), query strings and e-mail addresses are masked in every line of the request logs
(werkzeug's, gunicorn's access and error logs), the rate limiter's and the app's own; the mail
catcher stays quiet; the database's errors never show values (`hide_parameters`,
core.extensions).

A link's secret sits in its path (`/konto/passwort/<secret>`) because the mail's link must
work by a click; the access log prints the request line and the Referer, so both would carry it.
The masked routes are found in the URL map: every rule with a variable named `secret` or
`token`. Query strings can hold what a resident typed (a search), so their values go too.

The masking happens where every record is made (logging's record factory), not in a logger's
filter: a logger's filters do not see the records its child loggers (`buergerbuero.*`,
`mailgateway.*`) propagate, and handlers are added later by werkzeug, gunicorn and rq. The
traceback (exc_text) and stack are formatted and masked there too: a PostgreSQL error's
`DETAIL: Key (email)=(…)` stands in the exception's text, which `hide_parameters` does not cover.
Every process that creates the app (web, `flask gateway worker`, `flask gateway relay`, the
commands) installs it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from flask import Flask

SECRET_VARIABLES = {"secret", "token", "file_token"}
MASK = "***"
MASKED_LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error", "flask-limiter")
"""flask-limiter logs the key of a limit it enforces: for logins and mails, the address."""
ADDRESS = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+")
QUERY_VALUE = re.compile(r"(?<=[?&;])([^=&\s\"'#]+)=[^&\s\"'#]*")
QUIET_LOGGERS = ("mail.log",)
"""aiosmtpd (`mail.log`, the mail catcher of `make run`) logs every recipient at INFO and every
line of a mail, its links' secrets too, at DEBUG: an operator who sets the root logger to INFO
must not get them (set the logger's own level to want them). SQLAlchemy quiets its own."""


class SecretsFilter(logging.Filter):
    """Rewrite a record's message with the link secrets and query values masked."""

    def __init__(self) -> None:
        super().__init__()
        self.patterns: set[re.Pattern[str]] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        """Format the record once, mask it, keep it (nothing is dropped, only masked)."""
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a record that does not format: leave it to logging
            return True
        masked = mask(message, self.patterns)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def masked_record(record: logging.LogRecord, patterns: set[re.Pattern[str]]) -> None:
    """Mask a record's message, its traceback and its stack in place (formatted once here;
    formatters use a set exc_text as it is)."""
    try:
        message = record.getMessage()
    except (TypeError, ValueError):  # a record that does not format: leave it to logging
        message = None
    if message is not None:
        masked = mask(message, patterns)
        if masked != message:
            record.msg, record.args = masked, None
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = mask(record.exc_text, patterns)
    if record.stack_info:
        record.stack_info = mask(record.stack_info, patterns)


class MaskingFactory:
    """logging's record factory, wrapped: every record of every logger is masked as it is made."""

    def __init__(self, inner: Callable[..., logging.LogRecord]) -> None:
        self.inner = inner

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        """Make the record as before, then mask it."""
        record = self.inner(*args, **kwargs)
        masked_record(record, FILTER.patterns)
        return record


def install_factory() -> None:
    """Wrap the process's record factory once (tests build several apps in one process)."""
    if not isinstance(logging.getLogRecordFactory(), MaskingFactory):
        logging.setLogRecordFactory(MaskingFactory(logging.getLogRecordFactory()))


FILTER = SecretsFilter()
"""One filter for the process (tests build several apps; their routes are the same)."""


def rule_pattern(rule: str) -> re.Pattern[str] | None:
    """Return a regex for a rule's path up to its secret variable, or None without one:
    `/konto/passwort/<secret>` matches `/konto/passwort/` and the segment after it."""
    parts = re.split(r"<(?:[^:>]+:)?([^>]+)>", rule)
    pattern = ""
    for index, part in enumerate(parts):
        if index % 2 == 0:
            pattern += re.escape(part)
        elif part in SECRET_VARIABLES:
            return re.compile(f"({pattern})[^/?#\\s\"']+")
        else:
            pattern += "[^/?#\\s\"']+"
    return None


def mask(text: str, patterns: set[re.Pattern[str]]) -> str:
    """Return the text with every link secret, query value and e-mail address replaced by ***."""
    for pattern in patterns:
        text = pattern.sub(lambda found: found.group(1) + MASK, text)
    return without_addresses(QUERY_VALUE.sub(lambda found: f"{found.group(1)}={MASK}", text))


def without_addresses(text: str) -> str:
    """Return the text with every e-mail address replaced by *** (an SMTP server's refusal
    names the recipient; the mail's row keeps the whole reason)."""
    return ADDRESS.sub(MASK, text)


def init_app(app: Flask) -> None:
    """Mask the secret routes of this app (call after the blueprints are registered) in the
    request loggers and the app's logger; keep the mail catcher's logger quiet unless set."""
    FILTER.patterns.update(p for rule in app.url_map.iter_rules()
                           if (p := rule_pattern(rule.rule)) is not None)
    for logger in (*(logging.getLogger(name) for name in MASKED_LOGGERS), app.logger):
        if FILTER not in logger.filters:
            logger.addFilter(FILTER)
    install_factory()
    for name in QUIET_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET:
            logger.setLevel(logging.WARNING)
