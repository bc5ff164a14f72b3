"""The De-Mail-style gateway: outbox, jobs, envelopes, transports, receipts, relay."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from . import signers, transports


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
    transports.init_app(app)  # every channel's label checked, its defaults set
    signers.init_app(app)  # SIGNING_SEAL_SIGNER, SIGNING_RECEIPT_SIGNER, checked
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
