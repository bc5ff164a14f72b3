"""Build an e-mail from its templates in the recipient's language and queue it for sending."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app, render_template
from sqlalchemy.orm import Session

from common.i18n import force_locale, supported

from ..models import MailMessage, User

TEMPLATES = "mail/{kind}.{ending}"
"""Each kind of mail has a text and an HTML template (both extend mail/base.*)."""


def queue_mail(session: Session, *, kind: str, to: str, locale: str | None, subject: object,
               user: User | None = None, **context: Any) -> MailMessage:
    """Render the mail `kind` in `locale` and add it to the session (the caller commits).

    `subject` is a lazy text (`_l(...)`, with its parameters) rendered in the same language.
    """
    language = supported(locale) or "de"
    with force_locale(language):
        values = {"subject": str(subject), "user": user, **context}
        mail = MailMessage(
            kind=kind, user_id=user.id if user else None, to_address=to, locale=language,
            subject=values["subject"],
            body_text=render_template(TEMPLATES.format(kind=kind, ending="txt"), **values),
            body_html=render_template(TEMPLATES.format(kind=kind, ending="html"), **values))
    session.add(mail)
    return mail


def queue_to_user(session: Session, user: User, *, kind: str, subject: object,
                  **context: Any) -> MailMessage:
    """Queue a mail to an account's address, in the language it chose."""
    return queue_mail(session, kind=kind, to=user.email, locale=user.locale, subject=subject,
                      user=user, **context)


def public_url(endpoint: str, **values: Any) -> str:
    """Return the absolute address of a page for a mail, built from PUBLIC_URL.

    Never from the request's Host header: a forged Host would otherwise put an attacker's site
    into a password-reset link.
    """
    base = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/",
                                       url_scheme=base.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)
