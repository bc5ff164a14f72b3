"""The area's command groups: `flask privacy` (purge, key rotation) and `flask audit` (verify,
export). Each duty adds its commands to the group in its own module."""

from __future__ import annotations

from common.i18n import _l

from ..core.commandline import CliGroup

privacy_cli = CliGroup("privacy", help=_l("Datenschutz: Löschfristen, Schlüssel, Dateien."))
audit_cli = CliGroup("audit", help=_l("Das manipulationssichere Protokoll."))
