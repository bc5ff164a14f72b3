"""The privacy statement's generated part: what the platform does with each published service's
data (department, purpose, legal basis, Löschfrist, recipients), computed per request from the
newest published definitions, so that publishing a version changes /seiten/datenschutz at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

import forms
from common.i18n import _, ngettext
from forms.texts import Text

from ..catalogue import definitions, legal_pages
from ..catalogue.routing import RoutingTable, routing_table
from ..core.extensions import db
from ..core.labels import department_name
from ..models import Department

TEMPLATE = "privacy/statement.html"


@dataclass(frozen=True)
class FurtherRecipient:
    """A body that by law receives part of a case (the Gewerbeanmeldung's tax office)."""

    name: Text | str
    """The body's name in the reader's language."""
    title: Text | str
    """What the definition calls its message ("Mitteilung an das Finanzamt …"), or ""."""
    fields: tuple[Text | str, ...]
    """The labels of the answers it receives: only these."""


@dataclass(frozen=True)
class Processing:
    """What the statement says about one service."""

    slug: str
    title: Text
    purpose: Text | str
    legal_basis: Text | str
    external: forms.ExternalSpec | None = None
    """Set for an external service: nothing is processed here."""
    departments: tuple[Text | str, ...] = ()
    """Who receives a case: the definition's department first, then the routing alternatives."""
    recipients: tuple[FurtherRecipient, ...] = ()
    retention: str = ""
    """The Löschfrist in words ("10 Jahre")."""
    archive_offered: bool = False
    """Whether closed cases are offered to the city archive; None: the definition cannot say."""
    booked: bool = False
    """Filed by booking a Sprechstunde slot."""


def init_app(app: Flask) -> None:
    """Add the generated part to the Datenschutz page (after whatever text applies)."""
    legal_pages.add_section(app, "datenschutz", TEMPLATE, context)


def context() -> dict[str, Any]:
    """Return what the statement's template shows: the services and the platform's settings."""
    return {"services": processings(db.session),
            "idle_minutes": current_app.config["SESSION_IDLE_MINUTES"],
            "lifetime_hours": current_app.config["SESSION_LIFETIME_HOURS"],
            "log_days": current_app.config["PRIVACY_LOG_RETENTION_DAYS"],
            "orphan_hours": current_app.config.get("UPLOADS_ORPHAN_HOURS"),
            "draft_days": current_app.config["DRAFT_RETENTION_DAYS"],
            "draft_warning_days": current_app.config["DRAFT_WARNING_DAYS"]}


def department_names(session: Session) -> dict[str, Text]:
    """Return every department's name in the reader's language, by its key."""
    return {d.key: department_name(d) for d in session.scalars(select(Department))}


def processings(session: Session) -> list[Processing]:
    """Return one entry per published service (newest version), ordered by shown title."""
    names = department_names(session)
    table = routing_table()
    found = [processing_of(definitions.spec_of(row), names, table)
             for row in definitions.newest_published(session)]
    return sorted(found, key=lambda p: str(p.title).casefold())


def processing_of(spec: forms.ServiceSpec, names: dict[str, Text], table: RoutingTable
                  ) -> Processing:
    """Return what the statement says about one service version."""
    base = {"slug": spec.slug, "title": spec.title, "purpose": purpose_of(spec),
            "legal_basis": legal_basis_of(spec)}
    if spec.external is not None:
        return Processing(**base, external=spec.external)
    return Processing(
        **base, departments=tuple(names[k] for k in department_keys(spec, table, names)),
        recipients=tuple(further_recipients(spec, names)),
        retention=retention_words(spec.retention_days),
        archive_offered=archive_offered(spec), booked=definitions.filed_by_booking(spec))


def purpose_of(spec: forms.ServiceSpec) -> Text | str:
    """Return the definition's `zweck`, else a sentence made of its title and summary."""
    if spec.purpose:
        return spec.purpose
    if spec.external is not None:
        return spec.summary
    return _("Bearbeitung Ihres Antrags „%(title)s“: %(summary)s", title=spec.title,
             summary=spec.summary)


def legal_basis_of(spec: forms.ServiceSpec) -> Text | str:
    """Return the definition's `rechtsgrundlage`, else the basis of public tasks (Art. 6 (1) e)
    with the service's own law; the Auskunft names the same (privacy/auskunft_texts.py)."""
    return spec.legal_basis or _(
        "Art. 6 Abs. 1 lit. e DSGVO (Wahrnehmung einer Aufgabe im öffentlichen Interesse) in "
        "Verbindung mit dem Fachrecht dieser Leistung")


def archive_offered(spec: forms.ServiceSpec) -> bool:
    """Say whether the service's closed cases are offered to the city archive before deletion
    (the definition's `archiv_anbieten`, which the purge obeys: privacy/archive_offers.py)."""
    return spec.archive_offer


def department_keys(spec: forms.ServiceSpec, table: RoutingTable, known: dict[str, Any]
                    ) -> list[str]:
    """Return every department a case of the service may go to, the definition's first: its
    own `routing` rules and the routing table's rules for it; an unknown one is replaced by
    the table's fallback, as routing does (`routing.route`)."""
    keys = [spec.department, *(r.to for r in spec.routing),
            *(r.to for r in table.rules if r.service in ("*", spec.slug))]
    return [k for k in dict.fromkeys(k if k in known else table.fallback for k in keys)
            if k in known]


def further_recipients(spec: forms.ServiceSpec, names: dict[str, Text]
                       ) -> list[FurtherRecipient]:
    """Return the bodies that receive part of each case, each with the labels of its fields."""
    labels = {f.id: f.label for f in spec.iter_fields()}
    return [FurtherRecipient(name=names.get(r.department, r.department), title=r.title,
                             fields=tuple(labels.get(f, f) for f in r.fields))
            for r in spec.recipients]


def retention_words(days: int) -> str:
    """Return a Löschfrist in words: whole years or months where it is one, else days."""
    if days % 365 == 0:
        return ngettext("%(num)d Jahr", "%(num)d Jahre", days // 365)
    if days % 30 == 0:
        return ngettext("%(num)d Monat", "%(num)d Monate", days // 30)
    return ngettext("%(num)d Tag", "%(num)d Tage", days)
