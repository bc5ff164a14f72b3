"""Command line: `flask init-instance`, `flask db`, `flask gateway` (`services`: the catalogue)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from ..instance_setup import DEMO_PASSWORD, init_instance
from . import migrate

db_cli = AppGroup("db", help="Datenbankschema (Alembic).")
gateway_cli = AppGroup("gateway", help="Die zentrale Poststelle (Gateway).")


@click.command("init-instance")
@click.option("--demo/--no-demo", default=True, help="Demo-Konten anlegen.")
def init_instance_command(demo: bool) -> None:
    """Initialise instance/: schema, keys, departments, services, demo accounts."""
    from flask import current_app

    logins = init_instance(current_app._get_current_object(), demo=demo)
    click.echo("Instanz bereit.")
    for email, role in logins:
        click.echo(f"  {email:32} {role}")
    if logins:
        click.echo(f"  Passwort für alle Demo-Konten: {DEMO_PASSWORD}")


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Migrate the database schema to REVISION (default: head)."""
    from flask import current_app

    migrate.upgrade(current_app._get_current_object(), revision)


@gateway_cli.command("worker")
@click.option("--burst", is_flag=True, help="Beenden, sobald die Warteschlange leer ist.")
def gateway_worker(burst: bool) -> None:
    """Run one gateway worker (non-forking)."""
    from mailgateway import run_worker

    run_worker(burst=burst)


@gateway_cli.command("relay")
@click.option("--once", is_flag=True, help="Nur einen Durchlauf.")
@click.option("--interval", default=5.0, show_default=True, help="Sekunden zwischen Durchläufen.")
def gateway_relay(once: bool, interval: float) -> None:
    """Enqueue outbox messages that are pending or stuck."""
    from mailgateway import relay_once, run_relay

    if once:
        click.echo(f"{relay_once()} Nachrichten eingereiht.")
    else:
        run_relay(interval)


@gateway_cli.command("verify")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--signature", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Signatur eines Nachweises (Text), wenn PATH der Nachweis ist.")
def gateway_verify(path: Path, signature: Path | None) -> None:
    """Check a sealed PDF, or a receipt record with its detached signature; exit 1 if invalid."""
    from mailgateway import Verdict, check_pdf, check_receipt, gateway_keys
    from signing import MAX_PDF_BYTES

    keys = gateway_keys()
    try:
        content = _read_at_most(path, MAX_PDF_BYTES + 1)
        verdict = check_pdf(keys, content) if signature is None else check_receipt(
            keys, content.decode("utf-8").strip(),
            _read_at_most(signature, MAX_PDF_BYTES).decode("utf-8"))
    except OSError:
        verdict = Verdict(False, "Die Datei ist nicht lesbar.")
    except UnicodeDecodeError:
        verdict = Verdict(False, "Der Nachweis ist nicht gültig: kein Text in UTF-8.")
    click.echo(("GÜLTIG   " if verdict.valid else "UNGÜLTIG ") + verdict.summary)
    for note in verdict.notes:
        click.echo(f"  {note}")
    for label, value in verdict.details:
        click.echo(f"  {label}: {value}")
    sys.exit(0 if verdict.valid else 1)


def _read_at_most(path: Path, limit: int) -> bytes:
    """Read up to ``limit`` bytes, so that a huge file is refused without loading it whole."""
    with path.open("rb") as handle:
        return handle.read(limit)


@gateway_cli.command("status")
@click.option("--json", "as_json", is_flag=True, help="Als JSON ausgeben.")
def gateway_status_command(as_json: bool) -> None:
    """Show messages per state and channel, the oldest waiting one and the failures."""
    import json

    from mailgateway import gateway_status

    status = gateway_status()
    if as_json:
        click.echo(json.dumps(status, indent=2, ensure_ascii=False))
        return
    for warning in status["redis_warnings"]:
        click.echo(f"WARNUNG  {warning}")
    click.echo("Zustand:  " + ", ".join(f"{k} {v}" for k, v in status["states"].items()))
    for channel, counts in sorted(status["channels"].items()):
        click.echo(f"Kanal {channel}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    oldest = status["oldest_waiting_seconds"]
    click.echo(f"Älteste wartende Nachricht: {oldest} s" if oldest is not None else
               "Keine wartenden Nachrichten.")
    for failure in status["failures"]:
        click.echo(f"FEHLER outbox {failure['outbox_id']} nach {failure['attempts']} Versuchen: "
                   f"{failure['last_error']}")


def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(init_instance_command)
    for group in (db_cli, gateway_cli):
        app.cli.add_command(group)
