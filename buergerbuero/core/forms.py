"""Fixed forms more than one area shows: the message box of a case (resident and case worker)."""

from __future__ import annotations

from wtforms import TextAreaField
from wtforms import validators as v

from common.i18n import _l

from .webforms import GermanForm


class MessageForm(GermanForm):
    """A new message; spaces alone are no message."""

    body = TextAreaField(
        _l("Ihre Nachricht"),
        [v.DataRequired(_l("Bitte schreiben Sie eine Nachricht.")),
         v.Length(max=5000, message=_l("Eine Nachricht hat höchstens 5000 Zeichen."))])
