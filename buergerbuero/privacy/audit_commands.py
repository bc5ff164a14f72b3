"""`flask audit verify`, `flask audit seal` and `flask audit export`: the audit chain on the
command line (in the language of the process's environment)."""

from __future__ import annotations

import datetime as dt
import sys

import click

from common.i18n import _, _l

from ..core.commandline import option
from ..core.extensions import db
from .audit_export import FORMATS, export
from .audit_seal import ChainBroken, seal_head
from .audit_verify import record_check, verify_chain
from .commands import audit_cli

START_OPTION, END_OPTION = "--von", "--bis"  # untranslated: option names, as the UI says them


@audit_cli.command("verify", help=_l(
    "Die ganze Kette prüfen: gelöschte, veränderte und eingefügte Ereignisse und die Siegel. "
    "Beendet sich mit 1 beim ersten Bruch."))
def verify_command() -> None:
    """Check the whole chain; exit 1 naming the first break, 0 with the counts."""
    verdict = verify_chain(db.session)
    db.session.rollback()
    record_check(db.session, verdict)
    db.session.commit()
    if verdict.problem is not None:
        click.echo(_("Die Protokollkette ist gebrochen: %(problem)s",
                     problem=verdict.problem.message()), err=True)
        sys.exit(1)
    click.echo(_("Die Protokollkette ist unversehrt: %(events)d Ereignisse (davon %(redacted)d "
                 "geschwärzt), %(seals)d Siegel.", events=verdict.events,
                 redacted=verdict.redacted, seals=verdict.seals))


@audit_cli.command("seal", help=_l(
    "Den Kopf der Kette jetzt mit dem Gateway-Schlüssel siegeln (sonst täglich)."))
def seal_command() -> None:
    """Sign the chain head now if it moved since the newest seal."""
    try:
        seal = seal_head(db.session)
    except ChainBroken as broken:
        click.echo(_("Die Protokollkette ist gebrochen, nicht gesiegelt: %(problem)s",
                     problem=broken.problem.message()), err=True)
        sys.exit(1)
    if seal is None:
        click.echo(_("Nichts zu siegeln: der Kopf der Kette ist schon gesiegelt."))
        return
    click.echo(_("Kopf der Kette bei Nr. %(seq)d gesiegelt.", seq=seal.seq))


def _day(_ctx: click.Context, _param: click.Parameter, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(_("Bitte ein Datum als JJJJ-MM-TT angeben.")) from None


@audit_cli.command("export", help=_l(
    "Die Ereignisse eines Zeitraums mit ihren Hashes ausgeben (JSON oder CSV)."))
@option(START_OPTION, "start", required=True, callback=_day,
        help=_l("Erster Tag (JJJJ-MM-TT)."))
@option(END_OPTION, "end", required=True, callback=_day, help=_l("Letzter Tag (JJJJ-MM-TT)."))
@option("--format", "fmt", type=click.Choice(FORMATS), default="json",
        help=_l("Ausgabeformat."))
@option("--ausgabe", "output", type=click.File("w", encoding="utf-8"), default="-",
        help=_l("Datei, in die geschrieben wird (sonst die Standardausgabe)."))
def export_command(start: dt.date, end: dt.date, fmt: str, output) -> None:
    """Write the events of a period with their hashes."""
    if start > end:
        raise click.BadParameter(_("„von“ liegt nach „bis“."), param_hint=START_OPTION)
    for piece in export(db.session, start, end, fmt):
        output.write(piece)
