"""Command line of the staff accounts: `flask users create|list|disable|enable|set-role|send-link`.

The first administrator of a production instance is created here, before any mail goes out,
so `create` prints the one-time link as well. The rules are `auth.staff`'s; every change is an
audit event with actor None and `via: "cli"`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click
from flask import Flask
from sqlalchemy import func, select

from common.i18n import _, _l, ngettext

from ..core.commandline import CliGroup, option
from ..core.extensions import db
from ..core.labels import label
from ..models import STAFF_ROLES, Role, User
from ..notifications.mails import public_url
from . import staff

T = TypeVar("T")

users_cli = CliGroup("users", help=_l("Konten der Mitarbeitenden verwalten."))
CLI = staff.Actor(None, via="cli")
ROLE_HELP = _l("Rolle: caseworker (Sachbearbeitung), editor (Redaktion) oder admin (Verwaltung).")
DEPARTMENT_HELP = _l("Kennung eines Amtes (mehrfach angeben für mehrere Ämter).")


def role_named(value: str) -> Role:
    """Return the staff role a command line names, or stop with a German usage error."""
    role = next((r for r in Role if r.value == (value or "").strip().lower()), None)
    if role is Role.RESIDENT:
        raise click.UsageError(_("Konten von Bürgerinnen und Bürgern werden hier nicht "
                                 "verwaltet."))
    if role is None:
        raise click.UsageError(_("Unbekannte Rolle „%(role)s“; möglich sind: %(roles)s.",
                                 role=value, roles=", ".join(r.value for r in STAFF_ROLES)))
    return role


def account_named(email: str) -> User:
    """Return the staff account of the address, or stop with a German usage error."""
    user = db.session.scalar(select(User).where(func.lower(User.email) ==
                                                (email or "").strip().lower()))
    if user is None or user.role not in STAFF_ROLES:
        raise click.UsageError(_("Zu %(email)s gibt es kein Konto einer Mitarbeiterin oder "
                                 "eines Mitarbeiters.", email=email))
    return user


def committed(change: Callable[..., T], *args: Any) -> T:
    """Make a change of `auth.staff` and commit it; a refusal of the rules rolls back and stops
    with a German usage error (exit code 2)."""
    try:
        result = change(db.session, *args)
    except staff.StaffRefused as error:
        db.session.rollback()
        raise click.UsageError(str(error.message)) from error
    db.session.commit()
    return result


@users_cli.command("create", help=_l(
    "Ein Konto anlegen; gibt den Link zum Festlegen des Passworts aus und reiht die E-Mail ein."))
@click.argument("email")
@option("--name", required=True, help=_l("Vor- und Nachname."))
@option("--role", "role_value", default="caseworker", show_default=True, help=ROLE_HELP)
@option("--department", "departments", multiple=True, help=DEPARTMENT_HELP)
def create(email: str, name: str, role_value: str, departments: tuple[str, ...]) -> None:
    """Create a staff account; print its one-time link and queue its mail."""
    profile = staff.Profile(name, email, role_named(role_value), departments)
    user, secret = committed(staff.create_account, profile, CLI)
    click.echo(_("Konto %(email)s angelegt (%(role)s).", email=user.email, role=label(user.role)))
    click.echo(_("Link zum Festlegen des Passworts (24 Stunden, einmal gültig):"))
    click.echo(f"  {public_url('auth.set_password', secret=secret)}")
    click.echo(_("Eine E-Mail mit diesem Link ist eingereiht."))


@users_cli.command("list", help=_l("Die Konten der Mitarbeitenden auflisten."))
@option("--role", "role_value", default=None, help=ROLE_HELP)
@option("--department", "department", default=None, help=_l("Nur Konten dieses Amtes."))
def list_accounts(role_value: str | None, department: str | None) -> None:
    """List the staff accounts: address, role, departments, state."""
    role = role_named(role_value) if role_value else None
    for user in staff.staff_accounts(db.session, role=role, department_key=department):
        state = _("gesperrt") if not user.active else (
            _("aktiv") if user.password_hash else _("aktiv, ohne Passwort"))
        keys = ", ".join(d.key for d in user.departments) or "–"
        click.echo(f"{user.email:36} {label(user.role):18} {state:22} {keys}")


@users_cli.command("disable", help=_l("Ein Konto sperren; alle seine Sitzungen enden sofort."))
@click.argument("email")
def disable(email: str) -> None:
    """Disable the account and end its sessions."""
    user = account_named(email)
    ended = committed(staff.disable, user, CLI)
    click.echo(ngettext("Konto %(email)s gesperrt; %(num)d Sitzung beendet.",
                        "Konto %(email)s gesperrt; %(num)d Sitzungen beendet.", ended,
                        email=user.email))


@users_cli.command("enable", help=_l("Ein gesperrtes Konto entsperren."))
@click.argument("email")
def enable(email: str) -> None:
    """Enable the account again."""
    user = account_named(email)
    committed(staff.enable, user, CLI)
    click.echo(_("Konto %(email)s entsperrt.", email=user.email))


@users_cli.command("set-role", help=_l(
    "Einem Konto eine andere Rolle geben (Sachbearbeitung: mit --department)."))
@click.argument("email")
@click.argument("role_value", metavar="ROLE")
@option("--department", "departments", multiple=True, help=DEPARTMENT_HELP)
def set_role(email: str, role_value: str, departments: tuple[str, ...]) -> None:
    """Give the account another role."""
    user, role = account_named(email), role_named(role_value)
    committed(staff.set_role, user, role, CLI, departments)
    click.echo(_("Konto %(email)s hat jetzt die Rolle %(role)s.", email=user.email,
                 role=label(role)))


@users_cli.command("send-link", help=_l(
    "Einen neuen Link zum Festlegen des Passworts ausgeben und per E-Mail senden."))
@click.argument("email")
def send_link(email: str) -> None:
    """Issue and mail a new one-time link; the earlier one stops working."""
    user = account_named(email)
    secret = committed(staff.send_password_link, user, CLI)
    click.echo(f"  {public_url('auth.set_password', secret=secret)}")
    click.echo(_("Eine E-Mail mit diesem Link ist eingereiht."))


def init_app(app: Flask) -> None:
    """Register the `flask users` commands."""
    app.cli.add_command(users_cli)
