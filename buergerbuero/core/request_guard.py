"""Refuse request input that no database can store: NUL characters and lone surrogates.

One check before every view covers the path, the query string, form fields, file names and
JSON bodies, so no form, field type or API has to remember it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from flask import Flask, request

from .errors import Refused

# PostgreSQL refuses U+0000 in text; a lone surrogate cannot be encoded as UTF-8 at all.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
UNSTORABLE_MESSAGE = ("Ihre Eingabe enthält ein unzulässiges Steuerzeichen (zum Beispiel ein "
                      "Nullzeichen). Bitte entfernen Sie es und senden Sie das Formular erneut. "
                      "Bereits gespeicherte Angaben bleiben erhalten.")


def json_texts(value: Any) -> Iterator[str]:
    """Yield every string of a parsed JSON document, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from json_texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_texts(item)


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
        yield from json_texts(request.get_json(silent=True))


def refuse_unstorable_input() -> None:
    """Answer 400 with a German message when any request text cannot be stored."""
    if any(UNSTORABLE.search(text) for text in request_texts()):
        raise Refused(UNSTORABLE_MESSAGE)


def init_app(app: Flask) -> None:
    """Check every request before its view runs."""
    app.before_request(refuse_unstorable_input)
