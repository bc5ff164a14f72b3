"""Failure reasons as stored on an outbox row, and as shown to a reader in their language.

What is stored must not depend on who reads it: a gateway error is stored as JSON with the
exception's name, its German message id and its parameters, and translated when shown; any
other exception (a library's, or a channel's raised with plain text) is stored as its text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from common.i18n import _

from .exceptions import GatewayError, german

LIMIT = 2000
"""The longest reason stored (the column is text; a runaway library message is cut)."""


def failure_record(exc: BaseException) -> str:
    """Return what is stored as an outbox row's `last_error` for an exception."""
    plain = f"{type(exc).__name__}: {exc}"
    if not isinstance(exc, GatewayError) or not exc.marked:
        return plain[:LIMIT]
    params = {name: value[:LIMIT // 4] if isinstance(value, str) else value
              for name, value in exc.params.items()}
    record = json.dumps({"error": type(exc).__name__, "msgid": exc.msgid, "params": params,
                         "translated": exc.translated}, ensure_ascii=False, sort_keys=True)
    return record if len(record) <= LIMIT else plain[:LIMIT]


def describe_failure(stored: str | None) -> str:
    """Return a stored reason in the reader's language (plain text as it was stored)."""
    if not stored:
        return ""
    record = parsed(stored)
    if record is None:
        return stored
    text = translate(record["msgid"], record.get("params") or {}, record.get("translated") or ())
    return f"{record.get('error', 'Error')}: {text}"


def describe_error(exc: GatewayError) -> str:
    """Return a gateway error's message (without the error's name) in the reader's language."""
    return translate(exc.msgid, exc.params, exc.translated)


def translate(msgid: str, params: dict, translated: Iterable[str] = ()) -> str:
    """Return a message id with its parameters in the reader's language (German if it fails)."""
    values = dict(params)
    try:
        for name in translated:
            if isinstance(values.get(name), str):
                values[name] = _(values[name])
        return _(msgid, **values) if values else _(msgid)
    except (KeyError, TypeError, ValueError):  # a translation that lost a placeholder
        return german(msgid, params)


def parsed(stored: str) -> dict | None:
    """Return the JSON record of a stored reason, or None for plain text."""
    if not stored.startswith("{"):
        return None
    try:
        record = json.loads(stored)
    except ValueError:
        return None
    ok = isinstance(record, dict) and isinstance(record.get("msgid"), str) \
        and isinstance(record.get("params", {}), dict)
    return record if ok else None
