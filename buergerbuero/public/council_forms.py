"""The editors' fixed forms for committees, meetings, agenda items and documents."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms import validators as v

from common.i18n import _, _l

from ..core.webforms import GermanForm

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
