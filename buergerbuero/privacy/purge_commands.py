"""`flask privacy purge [--dry-run]` and `flask privacy archive-decision`: the Löschfrist by
hand, in German (or the command line's language), with counts."""

from __future__ import annotations

import click
from sqlalchemy import select

from common.db import utcnow
from common.i18n import _, _l, ngettext

from ..catalogue.definitions import DefinitionUnavailable, spec_of
from ..core.commandline import option
from ..core.extensions import db
from ..models import ArchiveDecision, ServiceDefinition
from . import archive_offers, purge
from .commands import privacy_cli
from .purge import PurgeReport

DECISIONS = {"uebernahme": ArchiveDecision.TAKE, "freigabe": ArchiveDecision.RELEASE}


@privacy_cli.command("purge", help=_l(
    "Vorgänge nach Ablauf ihrer Löschfrist und liegen gebliebene Entwürfe löschen."))
@option("--dry-run", is_flag=True, help=_l("Nur auflisten, was gelöscht würde."))
def purge_command(dry_run: bool) -> None:
    """Purge due cases and drafts, or list them."""
    if dry_run:
        click.echo(_("Probelauf: nichts wird gelöscht."))
        echo_report(purge.dry_run(db.session), would=True)
    else:
        echo_report(purge.run_purge(db.session), would=False)


def echo_report(report: PurgeReport, *, would: bool) -> None:
    """Print the report: cases per service, archive offers, drafts, files."""
    total = sum(report.cases.values())
    click.echo(ngettext("%(num)d Vorgang würde gelöscht.", "%(num)d Vorgänge würden gelöscht.",
                         total) if would else
                ngettext("%(num)d Vorgang gelöscht.", "%(num)d Vorgänge gelöscht.", total))
    for slug, count in sorted(report.cases.items()):
        click.echo(f"  {slug}: {count} ({service_title(slug)})")
    if report.offered:
        click.echo(ngettext("%(num)d Vorgang dem Archiv angeboten.",
                            "%(num)d Vorgänge dem Archiv angeboten.", len(report.offered)))
    if report.awaiting_archive:
        click.echo(ngettext("%(num)d Vorgang wartet auf die Entscheidung des Archivs.",
                            "%(num)d Vorgänge warten auf die Entscheidung des Archivs.",
                            report.awaiting_archive))
    if report.unoffered:
        click.echo(ngettext("%(num)d Vorgang muss dem Archiv angeboten werden, aber "
                            "ARCHIVE_DROP_FOLDER ist nicht eingerichtet.",
                            "%(num)d Vorgänge müssen dem Archiv angeboten werden, aber "
                            "ARCHIVE_DROP_FOLDER ist nicht eingerichtet.", report.unoffered))
    if report.failed:
        click.echo(ngettext("%(num)d Vorgang konnte nicht gelöscht werden (siehe Protokoll); "
                            "er bleibt vollständig erhalten.",
                            "%(num)d Vorgänge konnten nicht gelöscht werden (siehe Protokoll); "
                            "sie bleiben vollständig erhalten.", report.failed))
    click.echo(_("Entwürfe: %(warned)s, %(deleted)s.", warned=ngettext(
        "%(num)d Erinnerung", "%(num)d Erinnerungen", report.drafts_warned),
        deleted=drafts_deleted(report.drafts_deleted, would)))
    click.echo(files_removed(report.files, would))


def drafts_deleted(num: int, would: bool) -> str:
    """Return "1 würde gelöscht" / "2 gelöscht", singular or plural."""
    if would:
        return ngettext("%(num)d würde gelöscht", "%(num)d würden gelöscht", num)
    return ngettext("%(num)d gelöscht", "%(num)d gelöscht", num)


def files_removed(num: int, would: bool) -> str:
    """Return the files' line, singular or plural ("Dateien: 1 würde entfernt.")."""
    if would:
        return ngettext("Dateien: %(num)d würde entfernt.", "Dateien: %(num)d würden entfernt.",
                        num)
    return ngettext("Dateien: %(num)d entfernt.", "Dateien: %(num)d entfernt.", num)


def service_title(slug: str) -> str:
    """Return a service's title (its newest version's), or "?" if none loads any more."""
    row = db.session.scalar(select(ServiceDefinition).where(ServiceDefinition.slug == slug)
                            .order_by(ServiceDefinition.version.desc()).limit(1))
    try:
        return str(spec_of(row).title) if row is not None else "?"
    except DefinitionUnavailable:
        return "?"


@privacy_cli.command("archive-decision", help=_l(
    "Die Entscheidung des Archivs zu einem angebotenen Vorgang erfassen."))
@click.argument("reference")
@click.argument("decision", type=click.Choice(sorted(DECISIONS)))
@option("--by", "decided_by", required=True, help=_l("Wer im Archiv entschieden hat."))
def archive_decision(reference: str, decision: str, decided_by: str) -> None:
    """Record the archive's decision (uebernahme or freigabe) on a case's offer."""
    offer = archive_offers.offer_by_reference(db.session, reference)
    if offer is None:
        raise click.ClickException(_("Der Vorgang %(reference)s wurde dem Archiv nicht "
                                     "angeboten.", reference=reference))
    try:
        archive_offers.decide(db.session, offer.id, DECISIONS[decision], decided_by, utcnow())
    except archive_offers.OfferRefused as refused:
        raise click.ClickException(str(refused.message)) from refused
    click.echo(_("Entscheidung zu %(reference)s erfasst: %(decision)s.", reference=reference,
                 decision=archive_offers.DECISION_LABELS[DECISIONS[decision]]))
