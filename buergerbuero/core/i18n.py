"""The language of each request: account, then browser cookie, then Accept-Language, then German.

Binds flask-babel to the app (templates get `_`, `gettext`, `ngettext` and `{% trans %}`) and gives
templates what the language switch and `lang` attributes need.
"""

from __future__ import annotations

from flask import Flask, has_request_context, request
from flask_babel import Babel
from flask_login import current_user

from common.i18n import LANGUAGES, SOURCE_LANGUAGE, current_language, supported

LANGUAGE_COOKIE = "sprache"
"""The browser's remembered choice (a year), for visitors without an account and before login."""
COOKIE_MAX_AGE = 365 * 24 * 3600

babel = Babel()


def select_language() -> str:
    """Return the language for this request: the account's, the cookie's, the browser's best."""
    if not has_request_context():
        return SOURCE_LANGUAGE
    account = supported(getattr(current_user, "locale", None)) \
        if current_user and current_user.is_authenticated else None
    return (account or supported(request.cookies.get(LANGUAGE_COOKIE))
            or request.accept_languages.best_match(tuple(LANGUAGES)) or SOURCE_LANGUAGE)


def lang_attribute(language: str) -> str:
    """Return ` lang="xx"` when a text's language differs from the page's, else nothing."""
    return f' lang="{language}"' if language != current_language() else ""


def init_app(app: Flask) -> None:
    """Bind Babel (translations beside the package) and the template helpers."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", SOURCE_LANGUAGE)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "Europe/Berlin")
    babel.init_app(app, locale_selector=select_language)
    app.add_template_global(current_language)
    app.add_template_global(LANGUAGES, "languages")
    app.add_template_global(lang_attribute)
