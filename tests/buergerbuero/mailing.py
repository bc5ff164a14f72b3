"""Helpers of the mail tests: a real SMTP server on loopback, the mail worker, queued rows."""

from __future__ import annotations

import email
import email.policy
import socket
from contextlib import contextmanager
from email.message import EmailMessage
from typing import Any

from rq import SimpleWorker
from sqlalchemy import select

from buergerbuero.models import MailMessage
from buergerbuero.notifications.jobs import mail_queue
from mailgateway.queue import redis_connection

from .. import support


class Mailbox:
    """An aiosmtpd handler that keeps every mail it accepted, parsed."""

    def __init__(self) -> None:
        self.received: list[EmailMessage] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(email.message_from_bytes(envelope.original_content,
                                                      policy=email.policy.default))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 2.0.0 Ok: queued"

    def to(self, address: str) -> list[EmailMessage]:
        """Return the mails delivered to `address`."""
        return [m for m, rcpts in zip(self.received, self.recipients, strict=True)
                if address in rcpts]


def free_port() -> int:
    """Return a loopback port nobody listens on (just now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server(mailbox: Mailbox):
    """Run a real SMTP server on a free loopback port; yield the port."""
    from aiosmtpd.controller import Controller

    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, server_hostname="mx.test")
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def run_mail_worker(app: Any) -> None:
    """Work the mail queue in this process until it is empty."""
    with app.app_context():
        worker = SimpleWorker([mail_queue()], connection=redis_connection())
        worker.work(burst=True, logging_level="WARNING", with_scheduler=False)


def empty_mail_queue(app: Any) -> None:
    """Drop every job of the mail queue (other tests' mails were never meant to be sent)."""
    with app.app_context():
        mail_queue().empty()


def queued_count(app: Any) -> int:
    """Return how many jobs wait in the mail queue."""
    with app.app_context():
        return mail_queue().count


def mails_to(session: Any, address: str, kind: str | None = None) -> list[MailMessage]:
    """Return the mail rows to `address` (of one kind), oldest first, as committed now."""
    support.fresh(session)
    query = select(MailMessage).where(MailMessage.to_address == address)
    if kind is not None:
        query = query.where(MailMessage.kind == kind)
    return list(session.scalars(query.order_by(MailMessage.id)))
