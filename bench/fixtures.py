"""Benchmark set-up: an initialised instance and residents with finished drafts and sessions."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlencode

from flask import Flask, session
from flask_login.utils import _create_identifier
from flask_wtf.csrf import generate_csrf

from buergerbuero import create_app
from buergerbuero.catalogue.definitions import published
from buergerbuero.core.extensions import db
from buergerbuero.instance_setup import ensure_secret_key, init_instance
from buergerbuero.models import Draft, LoginSession, Role, User

USER_AGENT = "buergerbuero-bench"
ANSWERS = {
    "vorname": "Erika", "nachname": "Musterfrau", "geburtsdatum": "1980-05-17",
    "strasse": "Lindenweg 4", "plz": "65183", "ort": "Musterstadt", "email": "e@example.org",
    "hunde": [{"hundename": "Bello", "rasse": "labrador-retriever", "chip": "276098106543210",
               "haltung_seit": "2024-03-01", "gefaehrlich": False, "tierheim": True}],
    "zahlweise": "lastschrift", "kontoinhaber": "Erika Musterfrau",
    "iban": "DE89370400440532013000", "richtigkeit": True,
}


def bench_env(instance: Path, database_url: str, redis_url: str) -> dict[str, str]:
    """Return the environment of a bench instance: the given database (default SQLite in the
    instance folder) and Redis, and rate limits kept in memory (the bench is one client)."""
    return {"DATABASE_URL": database_url or f"sqlite:///{instance}/bench.sqlite3",
            "REDIS_URL": redis_url, "BUERGERBUERO_RATELIMIT_STORAGE_URI": "memory://"}


def prepare_instance(instance: Path, env: dict[str, str]) -> Flask:
    """Create and initialise an instance in `instance` with the given environment."""
    os.environ.update(env)
    ensure_secret_key(instance)
    app = create_app(instance_path=str(instance))
    with app.app_context():
        init_instance(app, demo=False)
    return app


def prepared_submissions(app: Flask, count: int) -> list[tuple[str, str, bytes, dict[str, str]]]:
    """Create `count` residents, each with a finished draft; return the submit requests."""
    logins = []
    with app.app_context():
        definition = published(db.session, "hundesteuer-anmeldung")
        for n in range(count):
            user = User(email=f"bench{n}@example.org", display_name=f"Bench {n}",
                        role=Role.RESIDENT, password_hash="!")
            login = LoginSession(id=secrets.token_urlsafe(32), user=user)
            db.session.add_all([user, login])
            db.session.flush()
            draft = Draft(user_id=user.id, definition=definition, answers=ANSWERS,
                          completed_steps=["halter", "hunde", "zahlung"], current_step="pruefen")
            db.session.add(draft)
            db.session.flush()
            logins.append((login.id, draft.id))
        db.session.commit()
    # Outside the app context: each request context then gets its own `g` (flask-wtf caches
    # the CSRF token there).
    return [submit_request(app, token, draft_id) for token, draft_id in logins]


def submit_request(app: Flask, token: str, draft_id: int) -> tuple[str, str, bytes, dict[str, str]]:
    """Return the POST of the review page as a logged-in browser would send it."""
    with app.test_request_context("/", headers={"User-Agent": USER_AGENT},
                                  environ_base={"REMOTE_ADDR": "127.0.0.1"}):
        session["_user_id"], session["_fresh"] = token, True
        session["_id"] = _create_identifier()
        csrf = generate_csrf()
        cookie = app.session_interface.get_signing_serializer(app).dumps(dict(session))
    body = urlencode({"csrf_token": csrf, "aktion": "einreichen"}).encode()
    headers = {"Cookie": f"session={cookie}", "User-Agent": USER_AGENT,
               "Content-Type": "application/x-www-form-urlencoded"}
    return ("POST", f"/antraege/entwurf/{draft_id}/pruefen", body, headers)
