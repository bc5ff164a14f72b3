"""One error renderer for 400/403/404/405/413/429/500/503: HTML page, or JSON when asked for."""

from __future__ import annotations

import math
import time

from flask import Flask, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError

from common.i18n import _, _l, ngettext

from .extensions import db, limiter

MESSAGES = {
    400: (_l("Ungültige Anfrage"), _l("Die Anfrage konnte nicht verarbeitet werden.")),
    403: (_l("Kein Zugriff"), _l("Sie haben keine Berechtigung für diese Seite.")),
    404: (_l("Seite nicht gefunden"),
          _l("Die Seite gibt es nicht, oder sie ist für Sie nicht sichtbar.")),
    405: (_l("Nicht erlaubt"), _l("Diese Aktion ist auf diesem Weg nicht möglich.")),
    413: (_l("Datei zu groß"), _l("Die gesendeten Daten überschreiten die zulässige Größe.")),
    429: (_l("Zu viele Versuche"),
          _l("Bitte warten Sie einen Moment und versuchen Sie es erneut.")),
    503: (_l("Zurzeit nicht verfügbar"), _l("Diese Seite ist zurzeit nicht verfügbar. Bitte "
                                            "versuchen Sie es später erneut.")),
    500: (_l("Interner Fehler"), _l("Es ist ein Fehler aufgetreten. Ihre gespeicherten Angaben "
                                    "bleiben erhalten. Bitte versuchen Sie es später erneut.")),
}
"""Title and message of each error page, in the reader's language when shown."""
CSRF_MESSAGE = _l("Das Formular ist abgelaufen oder wurde nicht von dieser Seite gesendet. "
                  "Bitte laden Sie die Seite neu und senden Sie es erneut.")


class RuleRefused(Exception):
    """Base of the domain's refusals (a status change, an assignment, a staff change, a link):
    `message` is the lazy German text to show, translated when shown."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


class Refused(BadRequest):
    """A 400 whose description is a message for the person who sent the request.

    Raise it with a text already in the reader's language (`_()` at the raise).
    """

    german = True  # the name other areas check; it means "the description is for the reader"


def render_error(error: HTTPException):
    """Render an HTTP error in the reader's language, as a page or as JSON."""
    code = error.code or 500
    title, message = MESSAGES.get(code, (error.name, error.description or ""))
    title, message = str(title), str(message)
    if isinstance(error, CSRFError):
        message = str(CSRF_MESSAGE)
    if getattr(error, "german", False):  # Refused and others whose description is German
        message = str(error.description)
    if code == 413:
        message = too_large_message()
    if code == 429:
        message = wait_message()
    # JSON where a program asks: /api and what areas add (OParl), or an Accept of JSON only.
    json_paths = ("/api/", *current_app.config.get("ERRORS_JSON_PREFIXES", ()))
    if request.accept_mimetypes.best == "application/json" or request.path.startswith(json_paths):
        return jsonify(error=title, message=message, status=code), code
    return render_template("errors/error.html", code=code, title=title, message=message), code


def too_large_message() -> str:
    """Name the limit that was exceeded (whole request, or text and fields) and the way back."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    length = request.content_length
    if limit and length is not None and length <= limit:
        # Within the request limit: Flask's MAX_FORM_MEMORY_SIZE or MAX_FORM_PARTS refused it.
        return _("Das Formular enthält zu viel Text oder zu viele Felder. Bitte kürzen Sie Ihre "
                 "Eingaben. Bereits gespeicherte Angaben bleiben erhalten.")
    if limit and limit >= 1024 * 1024:
        return _("Die gesendeten Daten sind größer als erlaubt (%(size)s MB). Bitte gehen Sie "
                 "zurück und wählen Sie eine kleinere Datei. Bereits gespeicherte Angaben "
                 "bleiben erhalten.", size=limit // (1024 * 1024))
    return _("Die gesendeten Daten sind größer als erlaubt. Bitte gehen Sie zurück und wählen "
             "Sie eine kleinere Datei. Bereits gespeicherte Angaben bleiben erhalten.")


def wait_message() -> str:
    """Say how long to wait: until the breached limit's window resets (as Retry-After does)."""
    breached = limiter.current_limit
    if breached is None or not breached.breached:
        return str(MESSAGES[429][1])
    seconds = max(1, int(breached.reset_at - time.time()))  # flask-limiter's Retry-After
    if seconds < 120:
        return ngettext("Bitte warten Sie etwa %(num)d Sekunde und versuchen Sie es dann erneut.",
                        "Bitte warten Sie etwa %(num)d Sekunden und versuchen Sie es dann "
                        "erneut.", seconds)
    return _("Bitte warten Sie etwa %(num)d Minuten und versuchen Sie es dann erneut.",
             num=math.ceil(seconds / 60))


def handle_unexpected(error: Exception):
    """Roll the session back, log, and answer 500 without revealing internals."""
    current_app.logger.exception("unexpected error on %s", request.path)
    db.session.rollback()
    return render_error(InternalServerError())


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(Exception, handle_unexpected)
