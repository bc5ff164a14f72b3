"""The language switch: remembered in the browser (a cookie) and, when logged in, in the account."""

from __future__ import annotations

from flask import current_app, redirect, request, url_for
from flask_login import current_user

from common.i18n import LANGUAGES, _, supported

from ..core.errors import Refused
from ..core.extensions import db
from ..core.i18n import COOKIE_MAX_AGE, LANGUAGE_COOKIE
from ..models import User
from . import bp
from .views import safe_target


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
    response = redirect(safe_target(request.form.get("next", "")) or url_for("catalogue.index"),
                        303)
    response.set_cookie(LANGUAGE_COOKIE, language, max_age=COOKIE_MAX_AGE, httponly=True,
                        samesite="Lax", secure=current_app.config.get("SESSION_COOKIE_SECURE",
                                                                        False))
    return response

