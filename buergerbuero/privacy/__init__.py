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
    "AUDIT_SEAL_INTERVAL_SECONDS": 24 * 60 * 60,  # the chain head is signed once a day
    # Every seal is also appended here (None: instance/audit-seals.jsonl); ship it off the host.
    "AUDIT_SEAL_FILE": None,
    "AUDIT_LOG_PAGE_SIZE": 50,  # events per page on Verwaltung → Protokoll
    # How long the operator keeps the web server's access logs (with IP addresses): the
    # privacy statement names it, so set it to what the servers really do.
    "PRIVACY_LOG_RETENTION_DAYS": 7,
    "FILES_ENCRYPTION_KEYS": [],  # `id:key` (base64url, 32 bytes), the first seals; else:
    "FILES_ENCRYPTION_KEY_FILE": None,  # None: instance/file-keys (made by `flask init-instance`)
    "DRAFT_RETENTION_DAYS": 90,  # an untouched draft is deleted after this
    "DRAFT_WARNING_DAYS": 7,  # … and its resident told this many days before
    "PRIVACY_PURGE_INTERVAL_SECONDS": 24 * 3600,  # the relay's Löschfrist run, once a day
    "ARCHIVE_DROP_FOLDER": "",  # where bundles offered to the city archive go ("": none)
    "PRIVACY_PURGE_FAULT": "",  # tests only: where a purge process kills itself
}
"""The area's settings and their defaults (docs/privacy.md names each)."""


def init_app(app: Flask) -> None:
    """Set the area's defaults and register its commands and relay-round duties."""
    import mailgateway

    # The command modules add themselves to `flask privacy` and `flask audit` on import.
    from . import (  # noqa: F401
        audit_chain,
        audit_commands,
        audit_seal,
        file_keys,
        purge_commands,
        statement,
    )
    from .action_texts import action_text
    from .commands import audit_cli, privacy_cli
    from .purge import purge_when_due

    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    audit_chain.install()  # every commit links its audit events
    audit_seal.init_app(app)  # the daily seal in the relay round
    app.cli.add_command(privacy_cli)
    app.cli.add_command(audit_cli)
    statement.init_app(app)  # the generated part of the Datenschutz page
    app.add_template_filter(action_text, "audit_action")  # the Protokoll's readable actions
    mailgateway.state_of(app).on_relay_round.append(purge_when_due)


from . import views  # noqa: E402,F401  (the routes register on bp)
