"""Command line of the council data: `flask oparl import FILE` and `flask oparl export FILE`."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import Flask, current_app
from sqlalchemy import select

from common.i18n import _, _l

from ..core.commandline import CliGroup
from ..core.extensions import db
from ..models import Committee, Meeting
from . import oparl
from .oparl_import import ImportProblem, import_text

oparl_cli = CliGroup("oparl", help=_l("Sitzungsdaten im Format OParl 1.1 ein- und ausgeben."))


class Refusal(click.ClickException):
    """A refused file: the message on stderr and exit code 2, nothing written."""

    exit_code = 2


@oparl_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(path: Path) -> None:
    """Import committees and meetings from an OParl file (nothing on any error)."""
    try:
        result = import_text(db.session, path.read_text("utf-8"), path.name)
    except (ImportProblem, UnicodeDecodeError) as exc:
        message = exc.message if isinstance(exc, ImportProblem) \
            else _("Die Datei ist kein UTF-8-Text.")
        raise Refusal(_("%(file)s: %(message)s Nichts wurde übernommen.", file=path.name,
                        message=message)) from exc
    click.echo(_("%(created)s Sitzungen neu, %(updated)s aktualisiert, %(committees)s Gremien "
                 "neu.", created=result.meetings_created, updated=result.meetings_updated,
                 committees=result.committees))


def export_document() -> dict[str, object]:
    """Return every committee and meeting as one OParl object list (as the import reads it)."""
    with current_app.test_request_context():
        committees = db.session.scalars(select(Committee).order_by(Committee.id)).all()
        meetings = db.session.scalars(select(Meeting).order_by(Meeting.starts_at)).all()
        data = [oparl.organization(c) for c in committees] + [oparl.meeting(m) for m in meetings]
        return {"data": oparl.without_empty(data)}


@oparl_cli.command("export")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def export_command(path: Path) -> None:
    """Write every committee and meeting to an OParl file."""
    document = export_document()
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), "utf-8")
    click.echo(_("%(count)s Objekte geschrieben.", count=len(document["data"])))


def init_app(app: Flask) -> None:
    """Add `flask oparl` to the app's command line."""
    app.cli.add_command(oparl_cli)
