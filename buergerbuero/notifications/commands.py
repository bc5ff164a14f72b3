"""`flask notifications`: send the case workers' digest now, run the development mail catcher."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from common.i18n import _, _l, ngettext

from ..core.commandline import CliGroup, option

notifications_cli = CliGroup("notifications", help=_l(
    "E-Mail-Benachrichtigungen: Tagesübersicht, Mail-Catcher."))


@notifications_cli.command("digest", help=_l(
    "Die Tagesübersicht an alle Abonnenten senden, die sie heute noch nicht bekommen haben."))
def digest_command() -> None:
    """Queue today's digest for every subscriber still without it."""
    from .digest import send_digests

    count = send_digests()
    click.echo(ngettext("%(num)d Tagesübersicht eingereiht.",
                        "%(num)d Tagesübersichten eingereiht.", count))


@notifications_cli.command("catcher", help=_l(
    "Den Mail-Catcher für die Entwicklung starten: ein SMTP-Server auf 127.0.0.1, der jede "
    "E-Mail als .eml-Datei ablegt."))
@option("--port", type=int, default=1025, show_default=True, help=_l("SMTP-Port."))
@option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path),
        help=_l("Ordner der .eml-Dateien (Standard: MAIL_CATCHER_DIR oder instance/mails)."))
def catcher_command(port: int, folder: Path | None) -> None:
    """Run the development mail catcher until stopped."""
    from .catcher import serve_catcher

    folder = folder or Path(current_app.config.get("MAIL_CATCHER_DIR")
                            or Path(current_app.instance_path) / "mails")
    click.echo(_("Mail-Catcher auf 127.0.0.1:%(port)d, Ablage %(folder)s", port=port,
                 folder=str(folder)))
    serve_catcher(folder, port)
