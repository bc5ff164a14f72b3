"""Fixed forms more than one area shows: the message box of a case (resident and case worker)."""

from __future__ import annotations

from wtforms import TextAreaField
from wtforms import validators as v

from .webforms import GermanForm


class MessageForm(GermanForm):
    """A new message; spaces alone are no message."""

    body = TextAreaField(
        "Ihre Nachricht",
        [v.DataRequired("Bitte schreiben Sie eine Nachricht."),
         v.Length(max=5000, message="Eine Nachricht hat höchstens 5000 Zeichen.")])
