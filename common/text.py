"""Which characters a text may hold, and typed text tidied: one rule for every way text comes in.

The request guard, the fixed forms, the form engine's text fields and the definition loader all
ask here, so a resident's answer, an administrator's label and a JSON body obey the same rule.
"""

from __future__ import annotations

import re
import unicodedata

_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
"""C0 and C1 control characters and DEL, except tab, line feed and carriage return."""
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
"""Embeddings, overrides and isolates: they reorder the text shown, so what a case page or a
sealed receipt seems to say is not what it holds (U+202E shows `exe.pdf` as `fdp.exe`)."""
_SURROGATES = "\ud800-\udfff"
"""A lone surrogate cannot be encoded as UTF-8 at all."""
REFUSED = re.compile(f"[{_CONTROLS}{_BIDI_CONTROLS}{_SURROGATES}]")
"""Characters no input may hold: PostgreSQL refuses NUL, the rest no one can see or type."""
REFUSED_IN_DEFINITIONS = re.compile(f"[\r{_CONTROLS}{_BIDI_CONTROLS}{_SURROGATES}]")
"""As REFUSED, and a carriage return too: YAML writes line breaks as `\\n`."""
_HANGUL_FILLERS = frozenset("\u115f\u1160\u3164\uffa0")
"""Letters by category, but drawn as nothing (Default_Ignorable_Code_Point)."""
_TAGS = range(0xE0020, 0xE0080)
"""Tag characters (format characters) that end an emoji flag, such as Scotland's (U+1F3F4 and
tags): part of the visible character before them."""


def refused_character(text: str, pattern: re.Pattern[str] = REFUSED) -> str | None:
    """Return the first character of `text` that `pattern` refuses, or None."""
    found = pattern.search(text)
    return found.group() if found else None


def codepoint(char: str) -> str:
    """Return how a character is named in a message: U+0000."""
    return f"U+{ord(char):04X}"


def invisible(char: str) -> bool:
    """Say whether a character shows nothing: a space, a format character (U+200B, U+FEFF)."""
    return char.isspace() or unicodedata.category(char) == "Cf" or char in _HANGUL_FILLERS


def tidy(text: str) -> str:
    """Return typed text in NFC, without what shows nothing at its start and its end."""
    text = unicodedata.normalize("NFC", text)
    start, end = 0, len(text)
    while start < end and invisible(text[start]):
        start += 1
    while end > start and invisible(text[end - 1]) and not _ends_flag(text, start, end):
        end -= 1
    return text[start:end]


def _ends_flag(text: str, start: int, end: int) -> bool:
    """Say whether text[start:end] ends with a tag sequence after a visible character."""
    tail = end
    while tail > start and ord(text[tail - 1]) in _TAGS:
        tail -= 1
    return tail < end and text[end - 1] == "\U000e007f" and tail > start \
        and not invisible(text[tail - 1])


_SPELLED_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})  # untranslated: letters
_WORD = re.compile(r"\w+")


def search_words(text: str) -> list[str]:
    """Return the words of a name as searches compare them, each once, in order.

    Lower case, umlauts spelled out and other accents dropped, so "Müller", "MUELLER" and
    "Mueller" find each other, and "Gonçalves" is found as "goncalves".
    """
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_SPELLED_OUT))
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return list(dict.fromkeys(word[:64] for word in _WORD.findall(plain)))
