"""The catalogue search: which published services match the words a resident typed.

The catalogue is small (dozens of services, parsed and cached), so the search runs over the
parsed specs in Python: no SQL LIKE, hence no wildcard or escaping questions with `%` and `_`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import forms

MAX_QUERY = 200
"""Characters of a query that count; the rest of a very long query is ignored."""
MAX_WORDS = 10
"""Words of a query that count (each must be found)."""
UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})  # untranslated: letters
WORD = re.compile(r"[^\W_]+")  # letters and digits: `_` is no part of a word here


def normalise(text: str) -> str:
    """Return `text` folded for comparison: case-free, umlauts and ß written out, no accents."""
    folded = text.casefold().translate(UMLAUTS)
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def query_words(query: str) -> list[str]:
    """Return the words of a query that the search looks for (letters and digits only)."""
    return WORD.findall(normalise(query[:MAX_QUERY]))[:MAX_WORDS]


def haystack(spec: forms.ServiceSpec) -> str:
    """Return everything a service is found by: title, summary, keywords, category (both
    languages, so that an English reader finds it by English words too)."""
    texts = [spec.title, spec.summary, spec.category, *spec.keywords]
    parts = [part for text in texts for part in (text.de, text.en or "")]
    return normalise(" ".join(parts))


def matches(spec: forms.ServiceSpec, words: list[str]) -> bool:
    """Say whether every word occurs in the service's texts (as the start of a word or inside
    a compound: "steuer" finds "Hundesteuer")."""
    found = haystack(spec)
    return all(word in found for word in words)


def search(specs: Iterable[forms.ServiceSpec], query: str = "",
           category: str = "") -> list[forms.ServiceSpec]:
    """Return the services matching the query's words and, if given, the category (its German
    name, as the filter's options send it); an empty query matches every service."""
    words = query_words(query)
    return [spec for spec in specs
            if (not category or spec.category.de == category) and matches(spec, words)]


def categories(specs: Iterable[forms.ServiceSpec]) -> list[forms.Text]:
    """Return the distinct categories of the services, sorted as the reader reads them."""
    unique = {spec.category.de: spec.category for spec in specs}
    return sorted(unique.values(), key=str)
