"""The language switch: remembered in the browser (a cookie) and, when logged in, in the account."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, redirect, request, url_for
from flask_login import current_user
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from common.i18n import LANGUAGES, _, supported

from ..core.errors import Refused
from ..core.extensions import db
from ..core.i18n import COOKIE_MAX_AGE, LANGUAGE_COOKIE
from ..models import User
from . import bp, safe_target

MAX_TARGET = 2000
"""Longest address the switch returns to (a longer one goes to the catalogue)."""


@bp.route("/sprache", methods=["POST"])
def choose_language():
    """Switch the language and return to the page the switch was pressed on."""
    language = supported(request.form.get("sprache"))
    if language is None:
        raise Refused(_("Diese Sprache wird nicht angeboten. Verfügbar sind: %(languages)s.",
                        languages=", ".join(LANGUAGES.values())))
    if current_user.is_authenticated:
        db.session.get(User, current_user.id).locale = language
        db.session.commit()
    response = redirect(back_to(request.form.get("next", "")), 303)
    response.set_cookie(LANGUAGE_COOKIE, language, max_age=COOKIE_MAX_AGE, httponly=True,
                        samesite="Lax", secure=current_app.config.get("SESSION_COOKIE_SECURE",
                                                                        False))
    return response


def back_to(target: str) -> str:
    """Return the page to go back to: `target` if it is a page of this site one can fetch
    (not a POST-only address, not a 404), else the catalogue."""
    path = safe_target(target)
    if path is None or len(path) > MAX_TARGET:
        return url_for("catalogue.index")
    try:
        current_app.url_map.bind("localhost").match(urlsplit(path).path, method="GET")
    except RequestRedirect:  # the same page with a trailing slash: fine to go to
        return path
    except HTTPException:
        return url_for("catalogue.index")
    return path
