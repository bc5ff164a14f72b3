"""JSON endpoints: liveness and readiness of the database and Redis."""

from __future__ import annotations

from flask import jsonify
from redis.exceptions import RedisError
from sqlalchemy import func, select, text

from common.i18n import _
from mailgateway import gateway_status, redis_connection, redis_warnings

from ..auth import role_required
from ..core.extensions import db
from ..models import OutboxMessage, Role
from . import bp


@bp.route("/ping")
def ping():
    """Answer 'ok' without touching anything: the baseline of the request benchmarks."""
    return "ok"


@bp.route("/gateway")
@role_required(Role.ADMIN)
def gateway():
    """The gateway overview as JSON, for monitoring (administrators only)."""
    return jsonify(gateway_status())


@bp.route("/health")
def health():
    """Report whether the database and Redis answer, and how many messages wait.

    Only the database makes the node unready (503): without Redis every page is still served
    (rate limits count in memory, the relay enqueues later), so Redis down is a warning.
    """
    checks = {"database": "ok", "redis": "ok"}
    try:
        db.session.execute(text("SELECT 1"))
        waiting = db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.status.in_(["pending", "sending"])))
    except Exception as exc:  # any database failure makes the node unready
        checks["database"], waiting = f"error: {type(exc).__name__}", None
    checks["redis"], warnings = redis_check()
    ready = checks["database"] == "ok"
    status = "ok" if all(v == "ok" for v in checks.values()) else "degraded"
    return jsonify(status=status if ready else "error", checks=checks, warnings=warnings,
                   outbox_waiting=waiting), 200 if ready else 503


def redis_check() -> tuple[str, list[str]]:
    """Ping Redis; return the check's outcome and the warnings for operators (reader's language)."""
    try:
        connection = redis_connection()
        connection.ping()
    except RedisError as exc:
        return f"error: {type(exc).__name__}", [
            _("Redis nicht erreichbar (%(error)s). Alle Seiten bleiben erreichbar; "
              "Anmeldeversuche werden je Prozess gezählt, Zustellungen startet der Relay, sobald "
              "Redis wieder antwortet.", error=exc)]
    return "ok", redis_warnings(connection)
