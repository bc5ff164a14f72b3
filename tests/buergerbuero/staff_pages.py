"""Helpers for the staff pages in English: a browser that prefers English, leftover German."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file

from buergerbuero.core import catalogs

TEMPLATES = Path(__file__).resolve().parents[2] / "buergerbuero" / "templates"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[-#0 +]*[0-9.]*[sdfg]|%%|<[^>]+>")


def prefer_english(client) -> None:
    """Make every request of this browser ask for English (Accept-Language), like a browser."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


def german_pieces(*templates: str) -> set[str]:
    """Return the literal German pieces (12+ characters) of the templates' messages whose
    English differs: none of them may be left on an English page."""
    english = catalogs.english("en")
    pieces: set[str] = set()
    for name in templates:
        for _line, message, _comments, _context in extract_from_file(
                "jinja2", str(TEMPLATES / name), keywords=DEFAULT_KEYWORDS):
            ids = message if isinstance(message, tuple) else (message,)
            entry = english.get(ids[0])
            strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
            for german in ids:
                if german in strings:
                    continue
                pieces.update(p.strip() for p in PLACEHOLDER.split(german)
                              if len(p.strip()) >= 12)
    return pieces


def german_left(page: str, *templates: str) -> list[str]:
    """Return the German pieces of the templates that an English page still shows."""
    text = re.sub(r"\s+", " ", page)
    return sorted(piece for piece in german_pieces(*templates)
                  if re.sub(r"\s+", " ", piece) in text)
