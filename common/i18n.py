"""The translation layer every package marks its user-facing strings with (Babel via flask-babel).

German is the source language: a message id is the German text, so German needs no catalogue and
a missing English translation shows German, never a raw id. `_` translates now (in a request or
job, for its language); `_l` translates when the text is shown, for module-level constants and
for messages built once and shown in many requests (compiled forms, label tables).
Outside an app context both return the German text.
"""

from __future__ import annotations

from flask import has_app_context, has_request_context
from flask_babel import force_locale, get_locale, gettext, lazy_gettext, lazy_ngettext, ngettext

LANGUAGES = {"de": "Deutsch", "en": "English"}
"""The languages the platform speaks, each named in itself (as the language switch shows it)."""
SOURCE_LANGUAGE = "de"

_ = gettext
_l = lazy_gettext

__all__ = ["LANGUAGES", "SOURCE_LANGUAGE", "_", "_l", "current_language", "force_locale",
           "lazy_ngettext", "ngettext", "supported"]


def supported(language: object) -> str | None:
    """Return the language code if the platform speaks it ("en", "de"), else None."""
    return language if isinstance(language, str) and language in LANGUAGES else None


def current_language() -> str:
    """Return the language of the current request or job ("de" outside either)."""
    if not (has_app_context() or has_request_context()):
        return SOURCE_LANGUAGE
    locale = get_locale()
    return supported(locale.language if locale else None) or SOURCE_LANGUAGE
