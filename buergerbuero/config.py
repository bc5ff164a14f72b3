"""Configuration defaults; the instance folder and the environment override them."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

DEFAULTS = {
    "SITE_NAME": "Bürgerbüro Musterstadt",
    "MUNICIPALITY": "Stadt Musterstadt",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,  # set True behind HTTPS in production (instance config)
    "REMEMBER_COOKIE_DURATION": 0,
    "WTF_I18N_ENABLED": False,  # WTForms' own German translations instead of flask-babel
    # Largest request (all uploads of a step together); beyond it: 413 with a German page.
    # A file field's own max_size_mb is checked in the form and keeps the other answers.
    "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
    "RATELIMIT_LOGIN": "10 per minute",
    "RATELIMIT_HEADERS_ENABLED": True,
    "SERVICES_DIR": str(Path(__file__).resolve().parent.parent / "services"),
}


def configure(app: Flask, test_config: dict | None) -> None:
    """Apply defaults, then instance/config.py, the environment, and finally test settings."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    instance = Path(app.instance_path)
    app.config.setdefault("DATABASE_URL", f"sqlite:///{instance / 'buergerbuero.sqlite3'}")
    app.config.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
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
