"""The Sprechstunde's fixed forms: booking a slot, choosing another one, cancelling with a
reason, and the department's settings of its consultation hours."""

from __future__ import annotations

from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms import validators as v

from common.i18n import _l

from ..core.webforms import GermanForm
from .booking import NOTE_MAX
from .changes import REASON_MAX


class SlotForm(GermanForm):
    """Choose a slot (the choices are the week's free slots, set per request)."""

    beginn = RadioField(_l("Termin"), [v.InputRequired(_l("Bitte wählen Sie einen Termin."))],
                        validate_choice=False)


class BookingForm(SlotForm):
    """Book a slot with a topic, a short note and an optional phone number."""

    thema = SelectField(_l("Thema"), [v.InputRequired(_l("Bitte wählen Sie ein Thema."))],
                        validate_choice=False)
    anliegen = TextAreaField(
        _l("Ihr Anliegen in Kürze"),
        [v.Length(max=NOTE_MAX, message=_l("Höchstens 500 Zeichen."))],
        description=_l("Freiwillig, höchstens 500 Zeichen."))
    telefon = StringField(_l("Telefonnummer für einen Rückruf"),
                          [v.Length(max=40, message=_l("Höchstens 40 Zeichen."))],
                          description=_l("Freiwillig."))


class CancelForm(GermanForm):
    """The department's cancellation: the resident reads the reason."""

    grund = TextAreaField(
        _l("Grund der Absage"),
        [v.DataRequired(_l("Bitte nennen Sie einen Grund für die Absage.")),
         v.Length(max=REASON_MAX, message=_l("Höchstens 500 Zeichen."))])


class HoursForm(GermanForm):
    """A department's consultation hours, its rules and exceptions written as lines."""

    title = StringField(_l("Titel"), [v.DataRequired(_l("Bitte geben Sie einen Titel an.")),
                                      v.Length(max=200, message=_l("Höchstens 200 Zeichen."))])
    description = TextAreaField(_l("Beschreibung"),
                                [v.Length(max=5000, message=_l("Höchstens 5000 Zeichen."))])
    note = StringField(_l("Hinweis zum Ablauf"),
                       [v.Length(max=500, message=_l("Höchstens 500 Zeichen."))],
                       description=_l("Zum Beispiel: Wir rufen Sie unter der angegebenen "
                                      "Nummer an."))
    rules = TextAreaField(
        _l("Wöchentliche Zeiten"), [v.DataRequired(_l("Bitte geben Sie mindestens eine Zeit an."))],
        description=_l("Eine Zeile je Zeitfenster, zum Beispiel: Mi 09:00-12:00"))
    exceptions = TextAreaField(
        _l("Ausnahmen"),
        description=_l("Eine Zeile je Tag: 2026-12-24 geschlossen Heiligabend, oder "
                       "2026-12-23 10:00-11:00 verkürzt"))
    slot_minutes = IntegerField(_l("Länge eines Termins in Minuten"), [
        v.InputRequired(_l("Bitte geben Sie eine Zahl an.")),
        v.NumberRange(5, 240, _l("Zwischen 5 und 240 Minuten."))])
    capacity = IntegerField(_l("Plätze je Termin"), [
        v.InputRequired(_l("Bitte geben Sie eine Zahl an.")),
        v.NumberRange(1, 50, _l("Zwischen 1 und 50 Plätzen."))])
    topics = TextAreaField(_l("Themen"),
                           [v.DataRequired(_l("Bitte geben Sie mindestens ein Thema an."))],
                           description=_l("Ein Thema je Zeile."))
    book_ahead_days = IntegerField(_l("Buchbar für wie viele Tage im Voraus"), [
        v.InputRequired(_l("Bitte geben Sie eine Zahl an.")),
        v.NumberRange(1, 180, _l("Zwischen 1 und 180 Tagen."))])
    lead_minutes = IntegerField(_l("Buchbar bis wie viele Minuten vor Beginn"), [
        v.InputRequired(_l("Bitte geben Sie eine Zahl an.")),
        v.NumberRange(0, 10080, _l("Zwischen 0 und 10080 Minuten."))])
    published = BooleanField(_l("Veröffentlicht"))
