"""Command line: `flask init-instance`, `flask db`, `flask gateway` (`services`: the catalogue).

The commands speak the language of the process's environment (`commandline.cli_language`).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask

from common.i18n import _, _l, ngettext

from ..instance_setup import DEMO_PASSWORD, init_instance
from . import migrate
from .commandline import CliCommand, CliGroup, cli_gettext, cli_language, in_cli_language, option

__all__ = ["CliCommand", "CliGroup", "cli_gettext", "cli_language", "in_cli_language", "init_app",
           "option"]

db_cli = CliGroup("db", help=_l("Datenbankschema (Alembic)."))
gateway_cli = CliGroup("gateway", help=_l("Die zentrale Poststelle (Gateway)."))


@click.command("init-instance", cls=CliCommand, help=_l(
    "instance/ einrichten: Schema, Schlüssel, Ämter, Leistungen, Demo-Konten."))
@option("--demo/--no-demo", default=True, help=_l("Demo-Konten anlegen."))
def init_instance_command(demo: bool) -> None:
    """Initialise instance/: schema, keys, departments, services, demo accounts."""
    from flask import current_app

    logins = init_instance(current_app._get_current_object(), demo=demo)
    click.echo(_("Instanz bereit."))
    for email, role in logins:
        click.echo(f"  {email:32} {role}")
    if logins:
        click.echo("  " + _("Passwort für alle Demo-Konten: %(password)s",
                          password=DEMO_PASSWORD))


@db_cli.command("upgrade", help=_l(
    "Das Datenbankschema auf REVISION migrieren (ohne Angabe: die neueste)."))
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Migrate the database schema to REVISION (default: head)."""
    from flask import current_app

    migrate.upgrade(current_app._get_current_object(), revision)


@gateway_cli.command("worker", help=_l("Einen Gateway-Worker starten (ohne Fork)."))
@option("--burst", is_flag=True, help=_l("Beenden, sobald die Warteschlange leer ist."))
def gateway_worker(burst: bool) -> None:
    """Run one gateway worker (non-forking)."""
    from mailgateway import run_worker

    run_worker(burst=burst)


@gateway_cli.command("relay", help=_l(
    "Wartende oder hängengebliebene Nachrichten des Postausgangs einreihen."))
@option("--once", is_flag=True, help=_l("Nur einen Durchlauf."))
@option("--interval", default=5.0, show_default=True,
              help=_l("Sekunden zwischen Durchläufen."))
def gateway_relay(once: bool, interval: float) -> None:
    """Enqueue outbox messages that are pending or stuck."""
    from mailgateway import relay_once, run_relay

    if once:
        queued = relay_once()
        click.echo(ngettext("%(num)d Nachricht eingereiht.", "%(num)d Nachrichten eingereiht.",
                            queued))
    else:
        run_relay(interval)


@gateway_cli.command("verify", help=_l(
    "Ein gesiegeltes PDF prüfen, einen Nachweis mit seiner abgetrennten Signatur, oder ein "
    "Nachweispaket (ZIP) eines Vorgangs."))
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@option("--signature", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help=_l("Signatur eines Nachweises (Text), wenn PATH der Nachweis ist."))
def gateway_verify(path: Path, signature: Path | None) -> None:
    """Check a sealed PDF, a receipt record with its detached signature, or an evidence
    bundle; exit 1 unless valid."""
    from mailgateway import MAX_BUNDLE_BYTES, Verdict, check_pdf, check_receipt, gateway_keys
    from signing import MAX_PDF_BYTES

    keys = gateway_keys()
    try:
        if signature is None and _is_zip(path):
            _echo_bundle(keys, _read_at_most(path, MAX_BUNDLE_BYTES + 1))
        content = _read_at_most(path, MAX_PDF_BYTES + 1)
        verdict = check_pdf(keys, content) if signature is None else check_receipt(
            keys, content.decode("utf-8").strip(),
            _read_at_most(signature, MAX_PDF_BYTES).decode("utf-8"))
    except OSError:
        verdict = Verdict(False, _("Die Datei ist nicht lesbar."))
    except UnicodeDecodeError:
        verdict = Verdict(False, _("Der Nachweis ist nicht gültig: kein Text in UTF-8."))
    _echo_verdict(verdict)
    sys.exit(0 if verdict.valid else 1)


def _echo_verdict(verdict, indent: str = "") -> None:
    """Print a verdict: GÜLTIG or UNGÜLTIG with its summary, then its notes and details."""
    outcome = _("GÜLTIG") if verdict.valid else _("UNGÜLTIG")
    click.echo(f"{indent}{outcome:9}{verdict.summary}")
    for note in verdict.notes:
        click.echo(f"{indent}  {note}")
    for label, value in verdict.details:
        click.echo(f"{indent}  {label}: {value}")


def _is_zip(path: Path) -> bool:
    """Tell whether the file is a ZIP (an evidence bundle), by its first bytes."""
    return _read_at_most(path, 4) in (b"PK\x03\x04", b"PK\x05\x06")


def _echo_bundle(keys, content: bytes) -> None:
    """Print the bundle's verdict file by file, then the whole; exit 0 only if all holds."""
    from mailgateway import check_bundle

    bundle = check_bundle(keys, content)
    for name, verdict in bundle.files:
        click.echo(name)
        _echo_verdict(verdict, "  ")
    for problem in bundle.problems:
        click.echo(_("PROBLEM  %(problem)s", problem=problem))
    outcome = _("GÜLTIG") if bundle.valid else _("UNGÜLTIG")
    click.echo(f"{outcome:9}{bundle.summary}")
    sys.exit(0 if bundle.valid else 1)


def _read_at_most(path: Path, limit: int) -> bytes:
    """Read up to ``limit`` bytes, so that a huge file is refused without loading it whole."""
    with path.open("rb") as handle:
        return handle.read(limit)


@gateway_cli.command("status", help=_l(
    "Nachrichten je Zustand und Kanal zeigen, die älteste wartende und die Fehler."))
@option("--json", "as_json", is_flag=True, help=_l("Als JSON ausgeben."))
def gateway_status_command(as_json: bool) -> None:
    """Show messages per state and channel, the oldest waiting one and the failures."""
    import json

    from mailgateway import gateway_status

    status = gateway_status()
    if as_json:
        click.echo(json.dumps(status, indent=2, ensure_ascii=False))
        return
    for warning in status["redis_warnings"]:
        click.echo(_("WARNUNG  %(warning)s", warning=warning))
    click.echo(_("Zustand:  %(counts)s", counts=counted(status["states"])))
    for channel, counts in sorted(status["channels"].items()):
        click.echo(_("Kanal %(channel)s: %(counts)s", channel=channel, counts=counted(counts)))
    oldest = status["oldest_waiting_seconds"]
    click.echo(_("Älteste wartende Nachricht: %(seconds)d s", seconds=oldest)
               if oldest is not None else _("Keine wartenden Nachrichten."))
    for failure in status["failures"]:
        click.echo(ngettext("FEHLER outbox %(id)s nach %(num)d Versuch: %(reason)s",
                            "FEHLER outbox %(id)s nach %(num)d Versuchen: %(reason)s",
                            failure["attempts"], id=failure["outbox_id"],
                            reason=failure["reason"]))


def counted(counts: dict[str, int]) -> str:
    """Return 'state count, …' with each outbox state by its label in the CLI's language."""
    from ..models import OutboxStatus
    from .labels import label

    known = {state.value: state for state in OutboxStatus}
    return ", ".join(f"{label(known[k]) if k in known else k} {v}" for k, v in counts.items())


def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(init_instance_command)
    for group in (db_cli, gateway_cli):
        app.cli.add_command(group)
