"""One e-mail through SMTP: the message with its text and HTML part, and the SMTP session.

The settings are read when a mail is sent (`MAIL_SMTP_*`, `MAIL_FROM`), so an administrator's
fix applies to the mails still waiting without a restart of the worker.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

from common.db import utcnow

from ..models import MailMessage


class PermanentMailError(Exception):
    """The server refused the mail for good (e.g. no such recipient): retrying cannot help."""


def build_message(mail: MailMessage, sender: str) -> EmailMessage:
    """Return the mail as MIME: text part first, the HTML part as its alternative."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(utcnow())
    # One id per mail row, so a receiver can drop the duplicate of a retried send.
    created = int(mail.created_at.timestamp()) if mail.created_at else 0
    message["Message-ID"] = f"<mail.{mail.id}.{created}@{domain_of(sender)}>"
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to us
    message["Content-Language"] = mail.locale
    message.set_content(mail.body_text)
    message.add_alternative(mail.body_html, subtype="html")
    return message


def domain_of(address: str) -> str:
    """Return the domain of an address (a sender without one qualifies as localhost)."""
    return address.rsplit("@", 1)[1].strip(" >") if "@" in address else "localhost"


def send_message(config: Any, message: EmailMessage) -> None:
    """Hand the message to the configured SMTP server; raise PermanentMailError on a 5xx refusal
    of the recipient, any other exception for what a later attempt may get through."""
    host, port = config["MAIL_SMTP_HOST"], int(config["MAIL_SMTP_PORT"])
    with smtplib.SMTP(host, port, timeout=float(config["MAIL_SMTP_TIMEOUT"])) as smtp:
        if config["MAIL_SMTP_STARTTLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_SMTP_USERNAME"]:
            smtp.login(config["MAIL_SMTP_USERNAME"], config["MAIL_SMTP_PASSWORD"])
        try:
            smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _text in exc.recipients.values()]
            if all(code >= 500 for code in codes):
                raise PermanentMailError(f"recipient refused: {exc.recipients}") from exc
            raise
