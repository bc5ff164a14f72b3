"""The De-Mail-style gateway: outbox, jobs, envelopes, transports, receipts, relay."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, current_app


@dataclass
class GatewayState:
    """Per-app gateway state: delivery listeners and the keys loaded once per process."""

    session_factory: Callable[[], Any]
    """Returns the app context's SQLAlchemy session (the web app owns the engine)."""
    on_delivered: list[Callable[..., Any]] = field(default_factory=list)
    """Called with (session, outbox message) inside the delivering transaction."""
    on_relay_round: list[Callable[[], Any]] = field(default_factory=list)
    """Called without arguments in every relay round, inside an app context (housekeeping)."""
    keys: Any = None
    """GatewayKeys, loaded on first use in this process and kept."""
    open_claims: dict[int, Any] = field(default_factory=dict)
    """Outbox id -> retries.Claim, for rows whose job has not yet recorded its outcome."""


def init_app(app: Flask, session_factory: Callable[[], Any]) -> None:
    """Set the gateway's config defaults and its per-app state."""
    instance = Path(app.instance_path)
    app.config.setdefault("MAILGATEWAY_GNUPG_HOME", str(instance / "gnupg"))
    app.config.setdefault("MAILGATEWAY_KEYS_FILE", str(instance / "keys.json"))
    app.config.setdefault("MAILGATEWAY_QUEUE", "gateway")
    app.config.setdefault("MAILGATEWAY_JOB_TIMEOUT", 120)
    app.config.setdefault("MAILGATEWAY_MAX_ATTEMPTS", 8)
    app.config.setdefault("MAILGATEWAY_BACKOFF_SECONDS", 30)
    app.config.setdefault("MAILGATEWAY_RELAY_GRACE_SECONDS", 30)
    app.config.setdefault("MAILGATEWAY_STUCK_SECONDS", 300)
    app.config.setdefault("SIGNING_PKI_DIR", str(instance / "pki"))
    # Channel `smtp` (transports/smtp.py): PGP/MIME e-mail through this server.
    app.config.setdefault("MAILGATEWAY_SMTP_HOST", "127.0.0.1")
    app.config.setdefault("MAILGATEWAY_SMTP_PORT", 25)
    app.config.setdefault("MAILGATEWAY_SMTP_FROM", "poststelle@buergerbuero.invalid")
    app.config.setdefault("MAILGATEWAY_SMTP_HELO_NAME", "")  # empty: this machine's FQDN
    app.config.setdefault("MAILGATEWAY_SMTP_STARTTLS", False)
    app.config.setdefault("MAILGATEWAY_SMTP_CA_FILE", "")  # empty: the system's CAs
    app.config.setdefault("MAILGATEWAY_SMTP_USERNAME", "")  # login needs STARTTLS
    app.config.setdefault("MAILGATEWAY_SMTP_PASSWORD", "")
    app.config.setdefault("MAILGATEWAY_SMTP_TIMEOUT", 30)
    app.config.setdefault("MAILGATEWAY_SMTP_MAX_BYTES", 20 * 1024 * 1024)
    # Channel `webhook` (transports/webhook.py): HTTPS POST, allow-listed, HMAC-signed.
    app.config.setdefault("MAILGATEWAY_WEBHOOK_ALLOWED", [])  # URL prefixes; empty: none
    app.config.setdefault("MAILGATEWAY_WEBHOOK_SECRETS", {})  # {department key: secret}
    app.config.setdefault("MAILGATEWAY_WEBHOOK_ALLOW_LOOPBACK", False)  # tests only
    app.config.setdefault("MAILGATEWAY_WEBHOOK_TIMEOUT", 30)
    app.config.setdefault("MAILGATEWAY_WEBHOOK_MAX_BYTES", 20 * 1024 * 1024)
    app.config.setdefault("MAILGATEWAY_WEBHOOK_CA_FILE", "")  # empty: the system's CAs
    app.extensions["mailgateway"] = GatewayState(session_factory=session_factory)


def state() -> GatewayState:
    """Return the current app's gateway state."""
    return state_of(current_app)


def state_of(app: Flask) -> GatewayState:
    """Return the gateway state of a given app."""
    return app.extensions["mailgateway"]


def session() -> Any:
    """Return the current app context's database session."""
    return state().session_factory()
