"""The public area's fixed forms: the editors' publications and their files, committees,
meetings, agenda items, documents, and the OParl file to import."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms import validators as v
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from common.formatting import LOCAL_TIME, local
from common.i18n import _, _l

from ..core.webforms import GermanForm
from ..models import NewsItem, NewsKind
from .news import KIND_LABELS, categories

MAX_IMPORT_BYTES = 5 * 1024 * 1024
"""The largest OParl file an editor uploads."""


TIME_FORMAT = "%Y-%m-%dT%H:%M"


class NewsForm(GermanForm):
    """A publication as the editor writes it; times are typed in local time."""

    kind = SelectField(_l("Art"), choices=[], validate_choice=True)
    title = StringField(_l("Titel"), [DataRequired(_l("Bitte geben Sie einen Titel an.")),
                                      Length(max=200)])
    teaser = TextAreaField(_l("Kurztext (Anreißer)"),
                           [DataRequired(_l("Bitte geben Sie einen Kurztext an.")),
                            Length(max=1000)],
                           description=_l("Steht in der Liste und im Feed."))
    body = TextAreaField(_l("Text"), [DataRequired(_l("Bitte geben Sie den Text an.")),
                                      Length(max=50_000)],
                         description=_l("Absätze, Listen mit *, Überschriften mit ## und "
                                        "**fett** sind möglich."),
                         render_kw={"rows": 12})
    category = SelectField(_l("Kategorie"), choices=[], validate_choice=True)
    publish_at = DateTimeLocalField(
        _l("Veröffentlichung"), [DataRequired(_l("Bitte geben Sie Datum und Uhrzeit der "
                                                 "Veröffentlichung an."))],
        format=TIME_FORMAT,
        description=_l("Vorher ist der Beitrag nicht öffentlich, auch wenn er veröffentlicht ist."))
    expires_at = DateTimeLocalField(_l("Ablauf"), [Optional()], format=TIME_FORMAT,
                                    description=_l("Danach verschwindet der Beitrag aus den "
                                                   "Listen und Feeds; seine Seite bleibt."))

    def offer(self) -> NewsForm:
        """Fill the choices (kinds and the configured categories) in the reader's language."""
        self.kind.choices = [(kind.value, str(label)) for kind, label in KIND_LABELS.items()]
        self.category.choices = list(categories().items())
        return self

    def validate_publish_at(self, field: Any) -> None:
        """Refuse a time the calendar cannot hold in both local time and UTC."""
        refuse_out_of_range(field.data)

    def validate_expires_at(self, field: Any) -> None:
        """Refuse an expiry that is not after the publication."""
        refuse_out_of_range(field.data)
        if field.data and self.publish_at.data and field.data <= self.publish_at.data:
            raise ValidationError(_("Der Ablauf muss nach der Veröffentlichung liegen."))

    def store(self, item: NewsItem) -> None:
        """Write the form's values into the item (times converted to UTC)."""
        item.kind = NewsKind(self.kind.data)
        item.title, item.teaser, item.body = self.title.data, self.teaser.data, self.body.data
        item.category = self.category.data
        item.publish_at = as_utc(self.publish_at.data)
        item.expires_at = as_utc(self.expires_at.data) if self.expires_at.data else None


EARLIEST_YEAR, LATEST_YEAR = 1900, 9998
"""The years a publication or expiry may lie in: beyond them local time and UTC do not both
exist (year 1 or 9999 overflows when the time zone moves it)."""


def refuse_out_of_range(typed: dt.datetime | None) -> None:
    """Raise a German ValidationError for a time outside EARLIEST_YEAR..LATEST_YEAR."""
    if typed is not None and not EARLIEST_YEAR <= typed.year <= LATEST_YEAR:
        raise ValidationError(_("Bitte geben Sie ein Datum zwischen %(first)s und %(last)s an.",
                                first=EARLIEST_YEAR, last=LATEST_YEAR))


def as_utc(typed: dt.datetime) -> dt.datetime:
    """Return a time typed in the municipality's local time as UTC."""
    return typed.replace(tzinfo=LOCAL_TIME).astimezone(dt.UTC)


def form_values(item: NewsItem) -> dict[str, Any]:
    """Return an item's values as the form shows them (local time, no zone)."""
    shown = {name: getattr(item, name) for name in ("title", "teaser", "body", "category")}
    shown["kind"] = item.kind.value
    shown["publish_at"] = local(item.publish_at).replace(tzinfo=None)
    shown["expires_at"] = local(item.expires_at).replace(tzinfo=None) if item.expires_at else None
    return shown


class AttachmentForm(GermanForm):
    """One file to attach (PDF, PNG or JPEG)."""

    datei = FileField(_l("Datei (PDF, PNG oder JPEG)"),
                      [FileRequired(_l("Bitte wählen Sie eine Datei."))])


# Committees, meetings, agenda items and documents.

KINDS = (
    "Gemeinderat", "Stadtrat", "Ausschuss",  # untranslated: kinds named by the municipal code
    "Bezirksversammlung", "Beirat",  # untranslated: kinds named by the municipal code
)
LONG = _l("Höchstens 200 Zeichen.")


class CommitteeForm(GermanForm):
    """A committee: name, short name and kind (its key is set when it is created)."""

    name = StringField(_l("Name"), [v.DataRequired(_l("Bitte geben Sie den Namen an.")),
                                   v.Length(max=200, message=LONG)])
    short_name = StringField(_l("Kurzname"), [v.Optional(), v.Length(max=40, message=_l(
        "Höchstens 40 Zeichen."))], description=_l("Zum Beispiel BauA; darf leer bleiben."))
    kind = SelectField(_l("Art des Gremiums"), choices=[SelectChoice(k, k) for k in KINDS])


class NewCommitteeForm(CommitteeForm):
    """A committee to create, with its stable key for the addresses."""

    key = StringField(_l("Kennung"), [
        v.DataRequired(_l("Bitte geben Sie eine Kennung an.")),
        v.Regexp(r"^[a-z0-9-]{2,40}$",
                 message=_l("Nur Kleinbuchstaben, Ziffern und -, 2 bis 40 Zeichen.")),
        v.NoneOf(("neu", "import"), message=_l("Diese Kennung ist für eine Seite reserviert."))],
        description=_l("Teil der Adresse, zum Beispiel bauausschuss; später nicht änderbar."))


class MeetingForm(GermanForm):
    """A meeting: day, start and end in local time, place, public or not, cancelled."""

    name = StringField(_l("Bezeichnung"), [v.Optional(), v.Length(max=200, message=LONG)],
                       description=_l("Zum Beispiel 12. Sitzung; leer: „Sitzung am …“."))
    day = DateField(_l("Datum"), [v.InputRequired(_l("Bitte geben Sie das Datum an."))])
    start = TimeField(_l("Beginn"), [v.InputRequired(_l("Bitte geben Sie den Beginn an."))])
    end = TimeField(_l("Ende"), [v.Optional()], description=_l("Darf leer bleiben."))
    location = StringField(_l("Ort"), [v.Optional(), v.Length(max=200, message=LONG)])
    public = BooleanField(_l("Öffentliche Sitzung"), default=True)
    cancelled = BooleanField(_l("Die Sitzung ist abgesagt"))

    def validate_day(self, field: DateField) -> None:
        """Refuse a day the calendar cannot hold in local time and UTC alike (year 1, 9999)."""
        if field.data is not None and not 1900 <= field.data.year <= 2999:
            raise v.ValidationError(_("Bitte geben Sie ein Datum zwischen 1900 und 2999 an."))

    def validate_end(self, field: TimeField) -> None:
        """Refuse an end that is not after the start."""
        if field.data is not None and self.start.data is not None \
                and field.data <= self.start.data:
            raise v.ValidationError(_("Das Ende muss nach dem Beginn liegen."))


class AgendaItemForm(GermanForm):
    """An agenda item: number, title, public or not, optional text."""

    number = StringField(_l("Nummer"), [v.Optional(), v.Length(max=20, message=_l(
        "Höchstens 20 Zeichen."))], description=_l("Zum Beispiel 3 oder 3.1."))
    title = StringField(_l("Titel"), [v.DataRequired(_l("Bitte geben Sie den Titel an.")),
                                     v.Length(max=200, message=LONG)])
    public = BooleanField(_l("Öffentlicher Tagesordnungspunkt"), default=True)
    body = TextAreaField(_l("Erläuterung"), [v.Optional(), v.Length(max=5000, message=_l(
        "Höchstens 5000 Zeichen."))], description=_l(
        "Darf leer bleiben. Absätze, Listen mit -, **fett** und https-Links sind möglich."))


class DocumentForm(GermanForm):
    """A PDF for the meeting or one of its agenda items."""

    name = StringField(_l("Titel des Dokuments"), [
        v.DataRequired(_l("Bitte geben Sie einen Titel an.")), v.Length(max=200, message=LONG)])
    item = SelectField(_l("Gehört zu"), choices=[])
    upload = FileField(_l("PDF-Datei"), [FileRequired(_l("Bitte wählen Sie eine PDF-Datei."))])


class ImportForm(GermanForm):
    """An OParl file to import."""

    upload = FileField(_l("OParl-Datei (JSON)"), [
        FileRequired(_l("Bitte wählen Sie eine Datei.")),
        FileSize(MAX_IMPORT_BYTES, message=_l("Die Datei ist zu groß (höchstens 5 MB)."))],
        description=_l("Eine OParl-1.1-Objektliste mit Gremien (Organization) und Sitzungen "
                       "(Meeting), etwa aus einem anderen Ratsinformationssystem."))
