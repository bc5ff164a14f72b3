"""The `smtp` transport: a De-Mail-style PGP/MIME e-mail to the department's address.

The server's "250" to DATA is the acceptance the Eingangsbestätigung stands on. Every attempt
sends the same Message-ID, so a receiver can drop the duplicate that a crash between the
server's acceptance and our commit would cause.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from dataclasses import dataclass
from email.utils import format_datetime
from types import MappingProxyType
from typing import Any

from flask import current_app

from common.db import utcnow
from common.i18n import _l

from ..exceptions import PermanentDeliveryError, TransportError
from ..mime import pgp_mime
from .base import Accepted, Parcel, Transport
from .registry import register

# Deliberately narrower than RFC 5321: plain ASCII, no quoting, no comments, no line breaks
# (a line break in a header or an envelope address would inject commands or headers).
ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?")
# 5xx that blame our session (authentication, encryption required), not the message: an admin
# fixes the configuration and the queued messages go out, instead of all failing for good.
SESSION_CODES = {530, 538}


@dataclass(frozen=True)
class SmtpSettings:
    """The `MAILGATEWAY_SMTP_*` settings, read when a message is sent."""

    host: str
    port: int
    sender: str
    helo_name: str | None
    starttls: bool
    ca_file: str | None
    username: str
    password: str
    timeout: float
    max_bytes: int

    @classmethod
    def from_config(cls, config: Any) -> SmtpSettings:
        """Read and check the settings; a bad value is fixed by an admin, so it is retried."""
        try:
            settings = cls(
                host=config["MAILGATEWAY_SMTP_HOST"], port=int(config["MAILGATEWAY_SMTP_PORT"]),
                sender=config["MAILGATEWAY_SMTP_FROM"],
                helo_name=config["MAILGATEWAY_SMTP_HELO_NAME"] or None,
                starttls=bool(config["MAILGATEWAY_SMTP_STARTTLS"]),
                ca_file=config["MAILGATEWAY_SMTP_CA_FILE"] or None,
                username=config["MAILGATEWAY_SMTP_USERNAME"] or "",
                password=config["MAILGATEWAY_SMTP_PASSWORD"] or "",
                timeout=float(config["MAILGATEWAY_SMTP_TIMEOUT"]),
                max_bytes=int(config["MAILGATEWAY_SMTP_MAX_BYTES"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise TransportError(_l("SMTP-Einstellungen ungültig: %(error)s"), error=exc) from exc
        if not ADDRESS.fullmatch(settings.sender):
            raise TransportError(_l("MAILGATEWAY_SMTP_FROM ist keine Adresse: %(sender)s"),
                                 sender=repr(settings.sender))
        if settings.username and not settings.starttls:
            raise TransportError(_l("SMTP-Anmeldung nur mit MAILGATEWAY_SMTP_STARTTLS "
                                    "(sonst ginge das Passwort im Klartext über das Netz)."))
        return settings

    @property
    def domain(self) -> str:
        """Return the sender's domain, which qualifies our Message-IDs."""
        return self.sender.rsplit("@", 1)[1]


@register("smtp")
class SmtpTransport(Transport):
    """Send the sealed envelope as PGP/MIME through the configured SMTP server."""

    label = _l("E-Mail (PGP/MIME)")
    defaults = MappingProxyType({
        "MAILGATEWAY_SMTP_HOST": "127.0.0.1",
        "MAILGATEWAY_SMTP_PORT": 25,
        "MAILGATEWAY_SMTP_FROM": "poststelle@buergerbuero.invalid",
        "MAILGATEWAY_SMTP_HELO_NAME": "",  # empty: this machine's FQDN
        "MAILGATEWAY_SMTP_STARTTLS": False,
        "MAILGATEWAY_SMTP_CA_FILE": "",  # empty: the system's CAs
        "MAILGATEWAY_SMTP_USERNAME": "",  # login needs STARTTLS
        "MAILGATEWAY_SMTP_PASSWORD": "",
        "MAILGATEWAY_SMTP_TIMEOUT": 30,
        "MAILGATEWAY_SMTP_MAX_BYTES": 20 * 1024 * 1024,
    })

    def check_destination(self, key: str, address: str, config: Any) -> None:
        """Refuse a department without a plain e-mail address."""
        checked_address(key, address)

    def deliver(self, parcel: Parcel) -> Accepted:
        """Send one message; the server's acceptance of DATA is the Eingang."""
        settings = SmtpSettings.from_config(current_app.config)
        recipient = checked_address(parcel.department.key, parcel.department.address)
        data = build_mail(parcel, settings, recipient).as_bytes()
        if len(data) > settings.max_bytes:
            raise PermanentDeliveryError(
                _l("Nachricht zu groß für den Kanal smtp: %(size)s Bytes, höchstens %(limit)s "
                   "(MAILGATEWAY_SMTP_MAX_BYTES)."), size=len(data), limit=settings.max_bytes)
        reply = transmit(settings, recipient, data)
        return Accepted(at=utcnow(), detail=f"SMTP {settings.host}:{settings.port}: {reply}")


def checked_address(department_key: str, address: str) -> str:
    """Return the department's e-mail address, or fail for good when it has none usable."""
    if not address:
        raise PermanentDeliveryError(
            _l("Amt %(department)s hat den Kanal smtp, aber keine E-Mail-Adresse (address)."),
            department=repr(department_key))
    if not ADDRESS.fullmatch(address):
        raise PermanentDeliveryError(
            _l("Amt %(department)s: %(address)s ist keine zulässige E-Mail-Adresse."),
            department=repr(department_key), address=repr(address))
    return address


def build_mail(parcel: Parcel, settings: SmtpSettings, recipient: str) -> Any:
    """Return the PGP/MIME message; the headers name the message, never the person."""
    return pgp_mime(parcel.ciphertext, {
        "From": settings.sender,
        "To": recipient,
        "Subject": f"Bürgerbüro-Zustellung {parcel.message_id}",  # untranslated: to the department
        "Date": format_datetime(utcnow()),
        "Message-ID": f"<{parcel.message_id}@{settings.domain}>",
        "Auto-Submitted": "auto-generated",  # RFC 3834: no vacation replies to the gateway
        "X-Buergerbuero-Message-Id": parcel.message_id,
        "X-Buergerbuero-Envelope-SHA256": parcel.envelope_sha256,
    })


def transmit(settings: SmtpSettings, recipient: str, data: bytes) -> str:
    """Run one SMTP transaction; return the server's reply to DATA."""
    smtp = connect(settings)
    try:
        open_session(smtp, settings)
        return send(smtp, settings.sender, recipient, data)
    except OSError as exc:  # smtplib's errors are OSErrors too
        raise unreachable(settings, exc) from exc
    finally:
        hang_up(smtp)


def connect(settings: SmtpSettings) -> smtplib.SMTP:
    """Open the connection and read the greeting."""
    try:
        return smtplib.SMTP(settings.host, settings.port, local_hostname=settings.helo_name,
                            timeout=settings.timeout)
    except OSError as exc:
        raise unreachable(settings, exc) from exc


def unreachable(settings: SmtpSettings, exc: OSError) -> TransportError:
    """Refused, timed out, dropped, TLS or login failed: retried, the server may be back."""
    return TransportError(_l("SMTP-Server %(server)s: %(error)s"),
                          server=f"{settings.host}:{settings.port}", error=exc)


def hang_up(smtp: smtplib.SMTP) -> None:
    """Say QUIT; not smtplib's context manager, whose failing QUIT would replace the outcome."""
    try:
        smtp.quit()
    except OSError:
        smtp.close()


def open_session(smtp: smtplib.SMTP, settings: SmtpSettings) -> None:
    """Say EHLO, switch to TLS (never silently falling back to plain text) and log in."""
    smtp.ehlo()
    if settings.starttls:
        # smtplib's own default context would not verify the certificate; this one does.
        context = ssl.create_default_context(cafile=settings.ca_file)
        smtp.starttls(context=context)
        smtp.ehlo()
    if settings.username:
        # A refused login or a missing STARTTLS is our configuration: retried until fixed.
        smtp.login(settings.username, settings.password)


def send(smtp: smtplib.SMTP, sender: str, recipient: str, data: bytes) -> str:
    """Send MAIL, RCPT and DATA, checking each reply; return the reply to DATA."""
    # Announcing the size lets a server with a limit refuse before the transfer (RFC 1870).
    options = [f"SIZE={len(data)}"] if smtp.has_extn("size") else []
    expect(smtp.mail(sender, options), REFUSED_SENDER)
    expect(smtp.rcpt(recipient), REFUSED_RECIPIENT)
    try:
        reply = smtp.data(data)
    except smtplib.SMTPDataError as exc:
        reply = (exc.smtp_code, exc.smtp_error)
    return expect(reply, REFUSED_MESSAGE)


REFUSED_SENDER = _l("SMTP-Server lehnt den Absender ab: %(answer)s")
REFUSED_RECIPIENT = _l("SMTP-Server lehnt den Empfänger ab: %(answer)s")
REFUSED_MESSAGE = _l("SMTP-Server lehnt die Nachricht ab: %(answer)s")


def expect(reply: tuple[int, bytes | str], refused: Any) -> str:
    """Return a 2xx reply as text; raise PermanentDeliveryError on 5xx, TransportError else."""
    code, raw = reply
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    answer = f"{code} {' '.join(text.split())}"[:300]
    if 200 <= code < 300:
        return answer
    if 500 <= code < 600 and code not in SESSION_CODES:
        raise PermanentDeliveryError(refused, answer=answer)
    raise TransportError(refused, answer=answer)
