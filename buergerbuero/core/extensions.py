"""Extension objects, created without an app and bound in create_app."""

from __future__ import annotations

from flask import Flask, current_app, g
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf import CSRFProtect
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

csrf = CSRFProtect()
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


class Database:
    """One engine per app, one session per app context (request or job), closed at teardown."""

    def init_app(self, app: Flask) -> None:
        """Create the engine from DATABASE_URL and register the teardown."""
        engine = make_engine(app.config["DATABASE_URL"])
        app.extensions["buergerbuero.db"] = sessionmaker(engine, expire_on_commit=False)
        app.teardown_appcontext(self._close)

    @property
    def engine(self) -> Engine:
        """Return the current app's engine."""
        return current_app.extensions["buergerbuero.db"].kw["bind"]

    @property
    def session(self) -> Session:
        """Return this app context's session, opening it on first use."""
        if "db_session" not in g:
            g.db_session = current_app.extensions["buergerbuero.db"]()
        return g.db_session

    @staticmethod
    def _close(exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets foreign keys, a busy timeout and WAL for concurrent readers.
    Its errors and logs never show a statement's values (answers, IBANs, password hashes)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False},
                               hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


db = Database()
