"""No secret in any log line: canaries (passwords, an IBAN, link secrets, the session) planted
through every entry point, with every logger at DEBUG, the request log of a real werkzeug
server, the gateway worker and the mail worker sending through a real SMTP server."""

from __future__ import annotations

import logging
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from rq import SimpleWorker
from sqlalchemy import desc, select, text
from sqlalchemy.exc import DBAPIError
from werkzeug.serving import make_server

from buergerbuero.core import log_masking
from buergerbuero.core.extensions import db
from buergerbuero.models import LoginSession, User
from buergerbuero.notifications.jobs import mail_queue
from buergerbuero.notifications.mails import queue_mail
from mailgateway.queue import gateway_queue, redis_connection

from .. import support
from .mailing import Mailbox, empty_mail_queue, smtp_server

PASSWORD = "Kanarien-Passwort-7Qx2-Vogel"
WRONG_PASSWORD = "Falsches-Kanarien-Wort-93kd"
NEW_PASSWORD = "Neues-Kanarien-Passwort-4Lm8"


def iban(bank: str, account: str) -> str:
    """Return a German IBAN with valid check digits (ISO 13616, mod 97)."""
    bban = bank + account
    digits = int(bban + "131400")  # D=13, E=14, check digits 00
    return f"DE{98 - digits % 97:02d}{bban}"


IBAN = iban("37040044", "0987654321")


class Captured(logging.Handler):
    """Every record any logger emits, as the line a handler would write (traceback included)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def captured() -> Iterator[Captured]:
    """Capture everything at DEBUG on the root logger (werkzeug's and rq's propagate to it)."""
    handler, root = Captured(), logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


@contextmanager
def real_server(app: Any) -> Iterator[str]:
    """Serve the app with werkzeug's own server (its request log included); yield its base."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


def fetch(url: str, **headers: str) -> int:
    """GET a URL like a browser would (with headers); return the status."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def work(app: Any, queue: Any) -> None:
    """Run a worker on the queue at DEBUG until it is empty."""
    with app.app_context():
        SimpleWorker([queue()], connection=redis_connection()).work(
            burst=True, logging_level="DEBUG", with_scheduler=False)


def secret_of(path: str) -> str:
    """Return the secret of a one-time link's path (its last segment)."""
    return path.rstrip("/").rsplit("/", 1)[-1]


def register(client: Any, email: str) -> str:
    """Register with the canary password; return the confirmation link's path."""
    response = support.post_form(client, "/konto/registrieren", {
        "display_name": "Kanarie Vogel", "email": email, "password": PASSWORD,
        "password_repeat": PASSWORD})
    assert response.status_code == 200
    return support.mailed_path(client.application, email, "confirm_email")


def crash_route(app: Any) -> None:
    """Add a route that fails behind a link secret (the 500 handler logs the path)."""
    def crash(secret: str) -> str:
        raise RuntimeError("kaputt")

    app.add_url_rule("/konto/absturz/<secret>", "crash", crash)
    log_masking.init_app(app)


def plant(app: Any, client: Any) -> dict[str, str]:
    """Go through every entry point with canaries; return them by what they are."""
    email = f"kanarie-{id(client)}@example.org"
    confirm = register(client, email)
    assert client.get(confirm).status_code == 200
    canaries = {"e-mail address": email, "password": PASSWORD, "IBAN": IBAN,
                "wrong password": WRONG_PASSWORD, "confirmation secret": secret_of(confirm)}
    assert support.login(client, email, WRONG_PASSWORD).status_code == 401  # refused
    response = client.post("/konto/anmelden", data={"email": email, "password": WRONG_PASSWORD})
    assert response.status_code == 400  # no CSRF token
    assert support.login(client, email, PASSWORD).status_code == 302
    canaries["session cookie"] = client.get_cookie("session").value
    session = app.extensions["buergerbuero.db"]()
    user = session.scalar(select(User).where(User.email == email))
    canaries["login session"] = session.scalar(select(LoginSession.id).where(
        LoginSession.user_id == user.id).order_by(desc(LoginSession.created_at)).limit(1))
    session.close()
    answers = {**support.HUNDESTEUER, "zahlung": {**support.HUNDESTEUER["zahlung"],
                                                  "iban": IBAN}}
    support.file_hundesteuer(client, answers)
    support.logout(client)
    support.post_form(client, "/konto/passwort-vergessen", {"email": email})
    reset = support.mailed_path(app, email, "reset_password")
    canaries["reset secret"] = secret_of(reset)
    with real_server(app) as base:
        for path in (confirm, reset):
            fetch(f"{base}{path}?weiter={IBAN}", Referer=f"{base}{reset}")
        fetch(f"{base}/konto/passwort/{canaries['reset secret']}x")  # a wrong one: 404
        fetch(f"{base}/leistungen?suche={IBAN}")
    response = support.post_form(client, reset, {"password": NEW_PASSWORD,
                                                 "password_repeat": NEW_PASSWORD})
    assert response.status_code in (200, 302)
    canaries["new password"] = NEW_PASSWORD
    asked = [support.post_form(client, "/konto/passwort-vergessen", {"email": email})
             for _ in range(6)]
    assert asked[-1].status_code == 429  # the limiter logs which key it stopped
    return canaries


def test_no_canary_reaches_any_log_line(app, client, redis_conn, captured, monkeypatch):
    empty_mail_queue(app)
    with smtp_server(Mailbox()) as port:
        monkeypatch.setitem(app.config, "MAIL_SMTP_PORT", port)
        canaries = plant(app, client)
        work(app, gateway_queue)
        work(app, mail_queue)
    with support.sibling_app(app) as sibling:
        crash_route(sibling)
        with real_server(sibling) as base:
            assert fetch(f"{base}/konto/absturz/{canaries['reset secret']}") == 500
    lines = captured.lines
    assert any("/konto/passwort/***" in line for line in lines)  # the request log was there
    assert any("kaputt" in line for line in lines)  # so was the 500's traceback
    leaks = {what: [line for line in lines if any(part in line for part in parts(value))]
             for what, value in canaries.items()}
    assert not {what: found for what, found in leaks.items() if found}


def parts(value: str) -> list[str]:
    """Return what would betray a canary: itself, the IBAN in groups of four, and for a long
    secret its head and tail (a mail's line breaks may split it, as quoted-printable does)."""
    found = [value, re.sub(r"(.{4})", r"\1 ", value).strip()]
    return found + ([value[:12], value[-12:]] if len(value) > 24 else [])


def test_gunicorns_access_line_loses_the_secret_and_the_query(app, captured):
    # gunicorn logs its access line with a dict of atoms; the request line and the Referer.
    atoms = {"h": "127.0.0.1", "r": "GET /konto/passwort/GEHEIM-123?suche=DE12 HTTP/1.1",
             "s": "200", "f": "https://buergerbuero.example/konto/email-bestaetigen/GEHEIM-456"}
    logging.getLogger("gunicorn.access").info('%(h)s "%(r)s" %(s)s "%(f)s"', atoms)
    [line] = [line for line in captured.lines if line.startswith("gunicorn.access")]
    assert "GEHEIM" not in line and "DE12" not in line
    assert '"GET /konto/passwort/***?suche=*** HTTP/1.1" 200' in line


def test_a_database_error_shows_no_values(app):
    # A failed statement's message goes into the 500's traceback in the log.
    with app.app_context(), pytest.raises(DBAPIError) as failed:
        db.session.execute(text("SELECT :iban FROM keine_tabelle"), {"iban": IBAN})
    assert IBAN not in str(failed.value)


class Refusing(Mailbox):
    """An SMTP server that refuses every recipient, naming it (as real servers do)."""

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          options: list[str]) -> str:
        return f"550 5.1.1 <{address}>: Recipient address rejected"


def test_a_refused_recipient_is_not_named_in_the_log(app, redis_conn, captured, monkeypatch):
    address = "kanarie.abgelehnt@example.org"
    empty_mail_queue(app)
    with smtp_server(Refusing()) as port:
        monkeypatch.setitem(app.config, "MAIL_SMTP_PORT", port)
        with app.test_request_context():
            queue_mail(db.session, kind="case_message", to=address, locale="de",
                       subject="Neue Nachricht", reference="HST-2026-000001",
                       case_url="http://example.org/fall")
            db.session.commit()
        work(app, mail_queue)
    failures = [line for line in captured.lines if "buergerbuero.notifications.jobs" in line]
    assert failures and "550" in failures[0]  # the reason is there
    assert not [line for line in captured.lines if address in line]
