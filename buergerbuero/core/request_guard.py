"""Refuse request input that must not be stored: control characters, bidi overrides, lone
surrogates, and JSON bodies nested beyond a bound.

One check before every view covers the path, the query string, form fields, file names and
JSON bodies, so no form, field type or API has to remember it. Refused, not stripped: a text
changed behind the sender's back is no longer what they wrote (a case, a sealed receipt), and
the sender is told what to fix.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import Flask, request

from common.i18n import _l
from common.text import REFUSED

from .errors import Refused

UNSTORABLE_MESSAGE = _l("Ihre Eingabe enthält ein unzulässiges Steuerzeichen (zum Beispiel ein "
                        "Nullzeichen oder ein Zeichen, das die Schreibrichtung umkehrt). Bitte "
                        "entfernen Sie es und senden Sie das Formular erneut. Bereits gespeicherte "
                        "Angaben bleiben erhalten.")
MAX_JSON_DEPTH = 100
"""Levels of lists and objects in a JSON body; no endpoint takes more than a few."""
TOO_DEEP_MESSAGE = _l("Der gesendete JSON-Inhalt ist zu tief verschachtelt (mehr als "
                      "%(depth)d Ebenen).", depth=MAX_JSON_DEPTH)


def json_texts(document: Any) -> Iterator[str]:
    """Yield every string of a parsed JSON document, keys included; Refused if it is too deep.

    A loop over a stack, not recursion: the depth of the document is the sender's choice.
    """
    pending = [(document, 0)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_JSON_DEPTH:
            raise Refused(TOO_DEEP_MESSAGE)
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            yield from (key for key in value if isinstance(key, str))
            pending += [(item, depth + 1) for item in value.values()]
        elif isinstance(value, list):
            pending += [(item, depth + 1) for item in value]


def json_body() -> Any:
    """Return the parsed JSON body (None if it is no JSON); Refused if too deep to decode."""
    try:
        return request.get_json(silent=True)
    except RecursionError as exc:  # the decoder recurses; `silent` swallows only ValueError
        raise Refused(TOO_DEEP_MESSAGE) from exc


def request_texts() -> Iterator[str]:
    """Yield every piece of text the request brings: path, names, values, file names, JSON."""
    yield request.path
    for multi in (request.args, request.form):
        for key, values in multi.lists():
            yield key
            yield from values
    for key, upload in request.files.items(multi=True):
        yield key
        yield upload.filename or ""
    if request.is_json:
        yield from json_texts(json_body())


def refuse_unstorable_input() -> None:
    """Answer 400 with a German message when any request text cannot be stored."""
    if any(REFUSED.search(text) for text in request_texts()):
        raise Refused(UNSTORABLE_MESSAGE)


def init_app(app: Flask) -> None:
    """Check every request before its view runs."""
    app.before_request(refuse_unstorable_input)
