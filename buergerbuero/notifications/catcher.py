"""The development mail catcher: a real SMTP server on loopback that keeps every mail as .eml.

`make run` starts it (`flask notifications catcher`) and points the platform's MAIL_SMTP_* at
it, so registration and reset links can be followed by hand; the page under /entwicklung/mails
shows what it caught. Never meant for production: it accepts any mail from anyone who can
reach the port, so it only ever binds to 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import os
import re
import threading
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

NAME = re.compile(r"[0-9]{8}T[0-9]{12}-[0-9a-f]{32}\.eml")
"""What the catcher names its files; anything else in the folder is not a caught mail."""


class CatchingHandler:
    """aiosmtpd handler: store each accepted mail's bytes under a new name in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        """Write the mail (atomically: a half-written file is never listed) and accept it."""
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
        name = f"{stamp}-{uuid.uuid4().hex}.eml"
        partial = self.folder / f".{name}.part"
        partial.write_bytes(envelope.original_content or envelope.content)
        os.replace(partial, self.folder / name)
        return "250 2.0.0 Ok: caught"


def start_catcher(folder: Path, port: int) -> Controller:
    """Start the catcher on 127.0.0.1:port in a thread; return its controller (stop() ends it)."""
    folder.mkdir(parents=True, exist_ok=True)
    # A fixed server name: the default, getfqdn(), may ask DNS about this machine.
    controller = Controller(CatchingHandler(folder), hostname="127.0.0.1", port=port,
                            server_hostname="catcher.localhost")
    controller.start()
    return controller


def serve_catcher(folder: Path, port: int) -> None:
    """Run the catcher until the process is told to stop (SIGTERM, Ctrl-C)."""
    controller = start_catcher(folder, port)
    try:
        threading.Event().wait()
    finally:
        controller.stop()


@dataclass(frozen=True)
class CaughtMail:
    """One caught mail as the development page shows it."""

    name: str
    to: str
    subject: str
    date: dt.datetime | None
    """When it was sent (its Date header; None if it has none that parses)."""
    text: str
    html: str


def read_mail(path: Path) -> CaughtMail:
    """Parse a caught .eml file into what the page shows."""
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    return CaughtMail(name=path.name, to=str(message["To"] or ""),
                      subject=str(message["Subject"] or ""),
                      date=getattr(message["Date"], "datetime", None),
                      text=text.get_content() if text else "",
                      html=html.get_content() if html else "")


def caught_mails(folder: Path, limit: int = 200) -> list[CaughtMail]:
    """Return the newest `limit` caught mails, newest first (the names sort by time)."""
    if not folder.is_dir():
        return []
    names = sorted((p.name for p in folder.iterdir() if NAME.fullmatch(p.name)), reverse=True)
    return [read_mail(folder / name) for name in names[:limit]]


def caught_mail(folder: Path, name: str) -> CaughtMail | None:
    """Return one caught mail by its file name, or None for a name the catcher never wrote."""
    if not NAME.fullmatch(name) or not (folder / name).is_file():
        return None  # the pattern keeps ../ and other paths out
    return read_mail(folder / name)
