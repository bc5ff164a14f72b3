"""Command line of the catalogue: `flask services check` and `flask services load`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask

from common.i18n import _, _l
from forms import DefinitionError, RuleTestResult, load_definition, run_rule_tests

from ..core.commandline import CliGroup
from ..core.extensions import db
from . import definitions

services_cli = CliGroup("services", help=_l("Leistungsdefinitionen prüfen und veröffentlichen."))


@services_cli.command("check", help=_l(
    "Definitionen prüfen und ihre Regeltests ausführen, ohne zu veröffentlichen; Exit-Code 1 "
    "bei einem Fehler."))
@click.argument("path", type=click.Path(exists=True, path_type=Path))
def services_check(path: Path) -> None:
    """Check definitions and run their rule tests without publishing; exit 1 on any error."""
    failed = False
    for file in definitions.definition_files(path):
        try:
            spec = load_definition(file.read_text("utf-8"), str(file), definitions.codelists())
        except DefinitionError as exc:
            failed = True
            click.echo(str(exc), err=True)
            continue
        results = run_rule_tests(spec)
        bad = [r for r in results if not r.passed]
        failed = failed or bool(bad)
        summary = _("%(passed)d von %(total)d Regeltests bestanden",
                    passed=len(results) - len(bad), total=len(results))
        status = _("FEHLER") if bad else _("OK")
        click.echo(f"{status:7} {file} ({summary})", err=bool(bad))
        echo_rule_tests(results, err=bool(bad))
        echo_english_gaps(spec)
    sys.exit(1 if failed else 0)


def echo_english_gaps(spec) -> None:
    """Warn, a line per place, of texts without English in a half-translated definition."""
    for gap in spec.english_warnings():
        where = f"{gap.path}: {gap.message}"
        click.echo("  ! " + _("Zeile %(line)d: %(problem)s", line=gap.line, problem=where))


def echo_rule_tests(results: list[RuleTestResult], err: bool) -> None:
    """Print one line per rule test (✓ or ✗), each failing test's messages below it."""
    for result in results:
        click.echo(f"  {'✓' if result.passed else '✗'} {result.name}", err=err)
        for message in result.messages:
            click.echo(f"      {message}", err=err)


@services_cli.command("load", help=_l(
    "Definitionen prüfen und veröffentlichen; Exit-Code 1, wenn eine scheitert (die anderen "
    "werden trotzdem veröffentlicht)."))
@click.argument("path", type=click.Path(exists=True, path_type=Path))
def services_load(path: Path) -> None:
    """Check and publish definitions; exit 1 if any fails (the others are still published).

    A new version whose rule tests fail is not published (nor stored).
    """
    failed = False
    for file in definitions.definition_files(path):
        try:
            row, created = definitions.publish_source(db.session, file.read_text("utf-8"),
                                                      str(file))
            db.session.commit()
            status = _("NEU") if created else _("GLEICH")
            click.echo(f"{status:7} {row.slug}@{row.version}")
        except (DefinitionError, definitions.PublishError) as exc:
            db.session.rollback()
            failed = True
            click.echo(str(exc), err=True)
            if isinstance(exc, definitions.RuleTestsFailed):
                echo_rule_tests(exc.results, err=True)
    sys.exit(1 if failed else 0)


def init_app(app: Flask) -> None:
    """Register the `flask services` commands."""
    app.cli.add_command(services_cli)
