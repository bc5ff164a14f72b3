"""Data protection by design: the Löschfrist enforced (cases purged after their retention
period, offered to the city archive first where the service says so, abandoned drafts
removed), the resident's own data (export, who opened what, account deletion), the
tamper-evident audit log (hash chain, daily signed head, `flask audit verify`), files
encrypted at rest and the privacy statement built from the service definitions.

See docs/privacy.md.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("privacy", __name__)

DEFAULTS: dict[str, object] = {
    "DRAFT_RETENTION_DAYS": 90,
    "DRAFT_WARNING_DAYS": 7,
    "PRIVACY_PURGE_INTERVAL_SECONDS": 24 * 3600,
    "ARCHIVE_DROP_FOLDER": "",
    "PRIVACY_PURGE_FAULT": "",
}
"""The area's settings and their defaults (docs/privacy.md names each)."""


def init_app(app: Flask) -> None:
    """Set the area's defaults and register its commands and relay-round duties."""
    import mailgateway

    from . import purge_commands  # noqa: F401  (adds `flask privacy purge`)
    from .commands import audit_cli, privacy_cli
    from .purge import purge_when_due

    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.cli.add_command(privacy_cli)
    app.cli.add_command(audit_cli)
    mailgateway.state_of(app).on_relay_round.append(purge_when_due)


from . import views  # noqa: E402,F401  (the routes register on bp)
