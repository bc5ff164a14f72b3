"""Configuration: defaults, then instance/config.py, then the environment (or the test settings).

The defaults replace Flask's own (e.g. MAX_CONTENT_LENGTH=None, SESSION_COOKIE_SAMESITE=None):
a default that only fills gaps would never apply to a key Flask already defines.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path

from flask import Flask

DEFAULTS = {
    "SITE_NAME": "Bürgerbüro Musterstadt",  # untranslated: a proper name, set per instance
    "MUNICIPALITY": "Stadt Musterstadt",
    # The Bescheid's letterhead lines (address, contact) under the municipality's name; empty:
    # the municipality's name alone. The court a Klage goes to: its name, then address lines.
    "LETTERHEAD_LINES": [],
    "ADMINISTRATIVE_COURT": ["Verwaltungsgericht Musterstadt", "Gerichtsplatz 1",
                             "12345 Musterstadt"],
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    # True: Secure always. False: Secure on every request that came over HTTPS (directly, or
    # through the TRUSTED_PROXIES), so plain-HTTP `make run` on 127.0.0.1 still logs in.
    "SESSION_COOKIE_SECURE": False,
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_SECURE": False,  # as SESSION_COOKIE_SECURE
    "REMEMBER_COOKIE_DURATION": 0,
    # Number of reverse proxies in front whose X-Forwarded-For/-Proto/-Host/-Port are believed
    # (werkzeug's ProxyFix); behind a TLS-terminating proxy set 1, or login rate limits count
    # the proxy's address for everybody and cookies miss the Secure flag.
    "TRUSTED_PROXIES": 0,
    "WTF_I18N_ENABLED": False,  # GermanForm picks WTForms' messages per request itself
    # Largest request (all uploads of a step together); beyond it: 413 with a German page,
    # answered before the body is read. A file field's own max_size_mb is checked in the form
    # and keeps the other answers.
    "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
    # Failed logins only (a right password never counts): per account from one address, and
    # per account from all addresses together.
    "RATELIMIT_LOGIN": "10 per minute",
    "RATELIMIT_LOGIN_ACCOUNT": "30 per 10 minutes",
    "RATELIMIT_LOGIN_ADDRESS": "100 per 10 minutes",  # wrong passwords over all accounts
    # Mails with a link (confirmation, password reset, registration): per address they go to,
    # and per client over all addresses, so nobody floods a mailbox or the mail server.
    "RATELIMIT_MAIL_ADDRESS": "5 per hour",
    "RATELIMIT_MAIL_CLIENT": "30 per hour",
    "RATELIMIT_HEADERS_ENABLED": True,
    # Without Redis the limits are counted in this process's memory instead of failing the
    # request; short timeouts keep a page from hanging on an unreachable Redis.
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
    "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    # The address residents reach the platform at: links in e-mails are built from it, never
    # from a request's Host header. `make run` sets it to its own address.
    "PUBLIC_URL": "http://127.0.0.1:5000",
    # A login ends after this much idle time, and at the latest after this lifetime.
    "SESSION_IDLE_MINUTES": 30,
    "SESSION_LIFETIME_HOURS": 12,
    "SERVICES_DIR": str(Path(__file__).resolve().parents[2] / "services"),
}


def configure(app: Flask, test_config: dict | None) -> None:
    """Apply defaults, then instance/config.py and the environment, or else the test settings."""
    app.config.update(copy.deepcopy(DEFAULTS))
    instance = Path(app.instance_path)
    app.config["DATABASE_URL"] = f"sqlite:///{instance / 'buergerbuero.sqlite3'}"
    app.config["REDIS_URL"] = "redis://127.0.0.1:6379/0"
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("BUERGERBUERO")
        # The two URLs are also read under their common names, as twelve-factor hosts set them.
        for key in ("DATABASE_URL", "REDIS_URL"):
            if os.environ.get(key):
                app.config[key] = os.environ[key]
    else:
        app.config.update(test_config)
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["REDIS_URL"])
