"""The gateway's per-app state: the web app's session, its listeners, the keys loaded once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app


@dataclass
class GatewayState:
    """Per-app gateway state: delivery listeners and the keys loaded once per process."""

    session_factory: Callable[[], Any]
    """Returns the app context's SQLAlchemy session (the web app owns the engine)."""
    on_delivered: list[Callable[..., Any]] = field(default_factory=list)
    """Called with (session, outbox message) inside the delivering transaction."""
    on_opened: list[Callable[..., Any]] = field(default_factory=list)
    """Called with (session, Postfach entry) inside the transaction of its first opening."""
    on_resident_opened: list[Callable[..., Any]] = field(default_factory=list)
    """Called with (session, resident box entry, user id) inside the transaction of the
    resident's first opening (e.g. a Bescheid's retrieval)."""
    attachment_files: Callable[[Any, int | None, Any], dict[str, bytes]] | None = None
    """Called with (session, case id, file references): upload id -> bytes of each file the
    app still holds (the files a payload carries inside its envelope)."""
    on_relay_round: list[Callable[[], Any]] = field(default_factory=list)
    """Called without arguments in every relay round, inside an app context (housekeeping)."""
    resident_receipt: Callable[[Any, int], Any] | None = None
    """Called with (session, case id): the resident's receipt texts (language, service_title,
    review) for the case's sealed receipt, or None for a German one."""
    worker_queues: list[str] = field(default_factory=list)
    """Names of further rq queues the gateway worker works besides its own (the app's mail)."""
    keys: Any = None
    """GatewayKeys, loaded on first use in this process and kept."""
    open_claims: dict[int, Any] = field(default_factory=dict)
    """Outbox id -> retries.Claim, for rows whose job has not yet recorded its outcome."""


def state() -> GatewayState:
    """Return the current app's gateway state."""
    return state_of(current_app)


def state_of(app: Flask) -> GatewayState:
    """Return the gateway state of a given app."""
    return app.extensions["mailgateway"]


def session() -> Any:
    """Return the current app context's database session."""
    return state().session_factory()
