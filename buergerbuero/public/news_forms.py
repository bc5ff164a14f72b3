"""The editors' fixed forms: a publication, and a file to attach to it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_wtf.file import FileField, FileRequired
from wtforms import DateTimeLocalField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from common.formatting import LOCAL_TIME, local
from common.i18n import _, _l

from ..core.webforms import GermanForm
from ..models import NewsItem, NewsKind
from .news import KIND_LABELS, categories

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
