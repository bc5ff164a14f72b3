"""The record of processing activities (Art. 30 GDPR, Verzeichnis von Verarbeitungstätigkeiten)
for administrators: one activity per published service, built from the same data as the
privacy statement, plus the categories of data (the form's fields by step); also as CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sqlalchemy.orm import Session

import forms
from common.i18n import _
from forms.texts import Text

from ..catalogue import definitions
from ..catalogue.routing import routing_table
from .statement import Processing, department_names, processing_of

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet reads a cell beginning so as a formula: such a cell gets a leading '."""


@dataclass(frozen=True)
class Activity:
    """One processing activity: a service version and what it processes."""

    processing: Processing
    version: int
    retention_days: int
    data: tuple[tuple[Text | str, tuple[Text | str, ...]], ...]
    """Per step of the form its title and the labels of the fields that hold data."""


def activities(session: Session) -> list[Activity]:
    """Return one activity per published service that is filed here, ordered by title."""
    names, table = department_names(session), routing_table()
    found = []
    for row in definitions.newest_published(session):
        spec = definitions.spec_of(row)
        if spec.external is None:
            found.append(Activity(processing_of(spec, names, table), spec.version,
                                  spec.retention_days, data_categories(spec)))
    return sorted(found, key=lambda a: str(a.processing.title).casefold())


def external_services(session: Session) -> list[forms.ServiceSpec]:
    """Return the published external services: listed, but nothing is processed here."""
    specs = (definitions.spec_of(r) for r in definitions.newest_published(session))
    return sorted((s for s in specs if s.external is not None),
                  key=lambda s: str(s.title).casefold())


def data_categories(spec: forms.ServiceSpec) -> tuple[tuple[Text | str, tuple], ...]:
    """Return each step's title with the labels of its fields that hold an answer."""
    return tuple((step.title, tuple(f.label for f in fields_of(step.fields)))
                 for step in spec.steps if any(fields_of(step.fields)))


def fields_of(fields: tuple[forms.FieldSpec, ...]) -> list[forms.FieldSpec]:
    """Return the fields that hold data, groups' fields in their place (not the group, not
    text-only `info` fields)."""
    found: list[forms.FieldSpec] = []
    for field in fields:
        if field.type == "group":
            found += fields_of(field.fields)
        elif field.type != "info":
            found.append(field)
    return found


def header() -> list[str]:
    """Return the CSV's column names in the reader's language."""
    return [_("Leistung"), _("Kennung"), _("Version"), _("Zweck"), _("Rechtsgrundlage"),
            _("Kategorien betroffener Personen"), _("Kategorien personenbezogener Daten"),
            _("Empfänger der Angaben"), _("Weitere Empfänger"), _("Löschfrist (Tage)")]


def csv_row(activity: Activity) -> list[str]:
    """Return one activity as CSV cells."""
    p = activity.processing
    data = "; ".join(f"{title}: {', '.join(map(str, labels))}" for title, labels in activity.data)
    further = "; ".join(f"{r.name}: {', '.join(map(str, r.fields))}" for r in p.recipients)
    return [str(p.title), p.slug, str(activity.version), str(p.purpose), str(p.legal_basis),
            str(subjects()), data, ", ".join(map(str, p.departments)), further,
            str(activity.retention_days)]


def subjects() -> str:
    """Return the categories of data subjects every service shares."""
    return _("Antragstellende und die Personen, die sie in ihren Angaben nennen")


def as_csv(found: list[Activity]) -> str:
    """Return the record as CSV (semicolons, as spreadsheets in German expect; no cell read as
    a formula: a definition's text is an administrator's input)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for cells in [header(), *(csv_row(a) for a in found)]:
        writer.writerow([safe_cell(c) for c in cells])
    return out.getvalue()


def safe_cell(value: str) -> str:
    """Return a cell that a spreadsheet shows as text, never runs as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value

