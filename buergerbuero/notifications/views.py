"""The development page of caught mails (`make run` only): the list, and one mail.

Answers 404 unless MAIL_CATCHER_DIR is set, which only the launcher of `make run` does: in
production nobody learns that the page exists. A mail's HTML is never trusted: it is shown in
a sandboxed iframe (no scripts, no forms, no same origin), its text part escaped.
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import abort, current_app, render_template
from markupsafe import Markup, escape

from . import bp
from .catcher import caught_mail, caught_mails

LINK = re.compile(r"(https?://[^\s<>\"']+)")


def catcher_folder() -> Path:
    """Return the catcher's folder, or answer 404 when the app is not in development mode."""
    folder = current_app.config.get("MAIL_CATCHER_DIR")
    if not folder:
        abort(404)
    return Path(folder)


def linked(text: str) -> Markup:
    """Return the text escaped, its http(s) addresses as links (so a reset link can be followed)."""
    parts = LINK.split(text)  # odd positions are the addresses
    return Markup("").join(
        Markup('<a class="kern-link" href="{0}">{0}</a>').format(part) if index % 2 else
        escape(part) for index, part in enumerate(parts))


@bp.route("/mails")
def caught():
    """List the caught mails, newest first."""
    return render_template("notifications/mails.html", mails=caught_mails(catcher_folder()))


@bp.route("/mails/<name>")
def caught_one(name: str):
    """Show one caught mail: its text part with clickable links, its HTML sandboxed."""
    mail = caught_mail(catcher_folder(), name)
    if mail is None:
        abort(404)
    return render_template("notifications/mail.html", mail=mail, text=linked(mail.text))
