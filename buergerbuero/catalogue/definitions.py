"""Service definitions in the database: parse (cached), list the catalogue, publish from files."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.exceptions import ServiceUnavailable

import forms
from common.db import utcnow
from common.i18n import _, ngettext
from forms.texts import Text

from ..core.labels import label
from ..models import DefinitionStatus, Department, ServiceDefinition

log = logging.getLogger(__name__)

# Files in the services folder that are configuration, not service definitions.
NOT_DEFINITIONS = frozenset({"departments.yaml", "routing.yaml"})


def definition_files(path: Path) -> list[Path]:
    """Return the definition files at `path`: the file itself, or every *.yaml of a folder."""
    if path.is_dir():
        return [p for p in sorted(path.glob("*.yaml")) if p.name not in NOT_DEFINITIONS]
    return [path]


class PublishError(Exception):
    """A definition cannot be published; the message is German and names the file."""


class RuleTestsFailed(PublishError):
    """A definition's rule tests fail; `results` holds every test's result."""

    def __init__(self, where: str, results: list[forms.RuleTestResult]) -> None:
        self.results = results
        failed = forms.ruletests.failing(results)
        names = ", ".join(_("„%(name)s“", name=r.name) for r in failed)
        super().__init__(where + ": " + ngettext(
            "%(num)d von %(total)d Regeltests schlägt fehl (%(names)s); veröffentlicht wird "
            "erst, wenn alle bestehen.",
            "%(num)d von %(total)d Regeltests schlagen fehl (%(names)s); veröffentlicht wird "
            "erst, wenn alle bestehen.", len(failed), total=len(results), names=names))


def codelists() -> dict[str, tuple[forms.Option, ...]]:
    """Return the app's code lists, loaded once per process."""
    cache = current_app.extensions.setdefault("buergerbuero.codelists", {})
    if "lists" not in cache:
        directory = Path(current_app.config["SERVICES_DIR"]) / "codelists"
        cache["lists"] = forms.load_codelists(directory) if directory.is_dir() else {}
    return cache["lists"]


class DefinitionUnavailable(ServiceUnavailable):
    """A stored version no longer loads under today's rules (they became stricter since it was
    published): its pages answer 503 in the reader's language; its drafts and cases stay."""

    german = True  # the description is meant for the person who asked
    def __init__(self, row: ServiceDefinition, error: forms.DefinitionError) -> None:
        self.problems = [p.describe(error.source) for p in error.problems]
        super().__init__(_(
            "Die Leistung „%(title)s“ ist zurzeit nicht verfügbar: ihre Definition "
            "(Version %(version)s) muss von der Verwaltung überarbeitet werden. Ihre "
            "gespeicherten Angaben bleiben erhalten.", title=row.title, version=row.version))


def spec_of(row: ServiceDefinition) -> forms.ServiceSpec:
    """Return the parsed spec of a stored definition, parsed once per (slug, version, sha256);
    raise DefinitionUnavailable when it no longer loads."""
    cache = current_app.extensions.setdefault("buergerbuero.specs", {})
    key = (row.slug, row.version, row.sha256)
    if key not in cache:
        try:
            cache[key] = forms.load_definition(row.source, f"{row.slug}@{row.version}",
                                               codelists())
        except forms.DefinitionError as exc:
            cache[key] = exc  # a refusal is kept too: the catalogue asks on every request
    found = cache[key]
    if isinstance(found, forms.DefinitionError):
        raise DefinitionUnavailable(row, found) from found
    return found


def title_of(row: ServiceDefinition) -> Text:
    """Return a stored version's title in the reader's language; the stored German title when
    the version no longer loads (a Text: on an English page it is marked lang="de")."""
    try:
        return spec_of(row).title
    except DefinitionUnavailable:
        return Text(row.title)


def load_problems(row: ServiceDefinition) -> list[str]:
    """Return why a stored version no longer loads (German, with lines), or nothing."""
    try:
        spec_of(row)
    except DefinitionUnavailable as exc:
        return exc.problems
    return []


def filed_by_booking(spec: forms.ServiceSpec) -> bool:
    """Tell whether the service is filed only through a Sprechstunde booking, never by hand
    (`filed_through: sprechstunde`: the slot is part of the answers)."""
    return spec.filed_through == "sprechstunde"


def booking_service(session: Session, department_key: str) -> ServiceDefinition | None:
    """Return the service a department's Sprechstunde files its bookings under: the published
    `sprechstunde-<department key>`, if it is filed through a booking and goes there."""
    row = published(session, f"sprechstunde-{department_key}")
    if row is None or load_problems(row):
        return None
    spec = spec_of(row)
    return row if filed_by_booking(spec) and spec.department == department_key else None


def catalogue(session: Session) -> list[ServiceDefinition]:
    """Return the newest published version of every service, ordered by category and title."""
    shown = [r for r in newest_published(session) if not filed_by_booking(spec_of(r))]
    return sorted(shown, key=lambda r: (spec_of(r).category, r.title))


def newest_published(session: Session) -> list[ServiceDefinition]:
    """Return the newest published version of every service that loads, those filed by a
    booking included (unordered); one that no longer loads is logged and left out."""
    newest = (
        select(ServiceDefinition.slug, func.max(ServiceDefinition.version).label("version"))
        .where(ServiceDefinition.status == DefinitionStatus.PUBLISHED)
        .group_by(ServiceDefinition.slug)
        .subquery()
    )
    rows = session.scalars(
        select(ServiceDefinition).join(
            newest,
            (ServiceDefinition.slug == newest.c.slug)
            & (ServiceDefinition.version == newest.c.version),
        )
    ).all()
    loadable = [r for r in rows if not load_problems(r)]
    for row in set(rows) - set(loadable):
        log.warning("published definition %s@%s no longer loads; left out of the catalogue",
                    row.slug, row.version)
    return loadable


def published(session: Session, slug: str) -> ServiceDefinition | None:
    """Return the newest published version of one service, or None."""
    return session.scalars(
        select(ServiceDefinition)
        .where(ServiceDefinition.slug == slug,
               ServiceDefinition.status == DefinitionStatus.PUBLISHED)
        .order_by(ServiceDefinition.version.desc())
    ).first()


def store_source(session: Session, text: str, source: str, status: DefinitionStatus
                 ) -> tuple[ServiceDefinition, bool, list[forms.RuleTestResult]]:
    """Check a definition and store it as a new version; return (row, created, rule tests).

    A stored version is never changed: the same text again is a no-op, different text under an
    existing version number is refused. The definition's rule tests run on every save: a new
    version whose tests fail is stored only as a draft (to be fixed in a next version), never
    published.
    """
    known = set(session.scalars(select(Department.key)).all())
    spec = forms.load_definition(text, source, codelists(), departments=known)
    results = forms.run_rule_tests(spec)
    existing = session.scalar(select(ServiceDefinition).where(
        ServiceDefinition.slug == spec.slug, ServiceDefinition.version == spec.version))
    if existing is not None:
        if existing.sha256 != spec.sha256:
            raise PublishError(f"{source}: version: " + _(
                "Version %(version)s von „%(slug)s“ gibt es schon; sie wird nie verändert. "
                "Bitte erhöhen Sie die Versionsnummer.", version=spec.version, slug=spec.slug))
        return existing, False, results
    if status is DefinitionStatus.PUBLISHED and forms.ruletests.failing(results):
        raise RuleTestsFailed(f"{source}: tests", results)
    row = ServiceDefinition(slug=spec.slug, version=spec.version, title=spec.title, source=text,
                            sha256=spec.sha256, status=status)
    if status is DefinitionStatus.PUBLISHED:
        row.published_at = utcnow()
    session.add(row)
    return row, True, results


def publish_source(session: Session, text: str, source: str) -> tuple[ServiceDefinition, bool]:
    """Check and publish one definition (the command line's and the instance set-up's way).

    Raise RuleTestsFailed (a PublishError) if a new version's rule tests fail.
    """
    row, created, _ = store_source(session, text, source, DefinitionStatus.PUBLISHED)
    return row, created


def rule_results(row: ServiceDefinition) -> list[forms.RuleTestResult]:
    """Run a stored version's rule tests (they are pure and fast: run on every look)."""
    return forms.run_rule_tests(spec_of(row))


# What an administrator may do with a version in which state.
TRANSITIONS = {
    "publish": ({DefinitionStatus.DRAFT}, DefinitionStatus.PUBLISHED),
    "unpublish": ({DefinitionStatus.PUBLISHED}, DefinitionStatus.DRAFT),
    "retire": ({DefinitionStatus.DRAFT, DefinitionStatus.PUBLISHED}, DefinitionStatus.RETIRED),
}


def change_status(row: ServiceDefinition, action: str) -> DefinitionStatus:
    """Apply an administrator's action to a version; raise PublishError if it does not apply."""
    allowed, target = TRANSITIONS[action]
    if row.status not in allowed:
        raise PublishError(_("„%(slug)s“ Version %(version)s hat den Status „%(state)s“; "
                             "diese Aktion ist nicht möglich.", slug=row.slug,
                             version=row.version, state=label(row.state)))
    if target is DefinitionStatus.PUBLISHED and forms.ruletests.failing(
            results := rule_results(row)):
        raise RuleTestsFailed(_("„%(slug)s“ Version %(version)s", slug=row.slug,
                                version=row.version), results)
    row.status = target
    if target is DefinitionStatus.PUBLISHED:
        row.published_at = utcnow()
    return target
