"""A Babel extractor for the JSON schema: every `x-message` is a message id to translate.

babel.cfg names it as `[forms.schemaextract:extract: forms/schema/*.json]`, so
`make translations` finds the German descriptions of patterns that forms.schemaerrors shows
(translated when shown) beside the strings marked in Python and templates.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

MESSAGE = "x-message"


def extract(fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str],
            options: Mapping[str, Any]) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Yield (line, None, message, comments) for each `x-message` of a JSON schema file."""
    text = fileobj.read().decode(options.get("encoding", "utf-8"))
    lines = text.splitlines()
    for message in messages(json.loads(text)):
        yield line_of(lines, message), None, message, []


def messages(schema: Any) -> Iterator[str]:
    """Yield every `x-message` of a schema, in document order."""
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == MESSAGE and isinstance(value, str):
                yield value
            else:
                yield from messages(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from messages(value)


def line_of(lines: list[str], message: str) -> int:
    """Return the 1-based line that writes the message (1 if it cannot be told)."""
    written = json.dumps(message, ensure_ascii=False)
    return next((n for n, line in enumerate(lines, 1) if written in line), 1)
