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
    "FILES_ENCRYPTION_KEYS": [],  # `id:key` (base64url, 32 bytes), the first seals; else:
    "FILES_ENCRYPTION_KEY_FILE": None,  # None: instance/file-keys (made by `flask init-instance`)
}
"""The area's settings and their defaults (docs/privacy.md names each)."""


def init_app(app: Flask) -> None:
    """Set the area's defaults and register its commands and relay-round duties."""
    from . import file_keys  # noqa: F401  (`flask privacy add-key, rotate-keys, remove-key`)
    from .commands import audit_cli, privacy_cli

    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.cli.add_command(privacy_cli)
    app.cli.add_command(audit_cli)


from . import views  # noqa: E402,F401  (the routes register on bp)
