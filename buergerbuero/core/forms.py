"""Fixed forms more than one area shows: the message box of a case (resident and case worker)."""

from __future__ import annotations

from typing import Any

from flask import current_app
from wtforms import MultipleFileField, TextAreaField
from wtforms import validators as v

from common.i18n import _l
from forms.fields.uploads import readable_size

from .webforms import GermanForm


class MessageForm(GermanForm):
    """A new message; spaces alone are no message."""

    body = TextAreaField(
        _l("Ihre Nachricht"),
        [v.DataRequired(_l("Bitte schreiben Sie eine Nachricht.")),
         v.Length(max=5000, message=_l("Eine Nachricht hat höchstens 5000 Zeichen."))])
    files = MultipleFileField(
        _l("Dateien anhängen"),
        render_kw={"accept": ".pdf,.jpg,.jpeg,.png,.gif,.webp,.tif,.tiff,.heic,.heif"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The limits as configured, so the hint says exactly what is checked.
        self.files.description = _l(
            "Optional: höchstens %(count)s Dateien (PDF, JPEG, PNG, GIF, WebP, TIFF oder HEIC), "
            "je höchstens %(size)s; geprüft wird der Inhalt, nicht der Name.",
            count=current_app.config.get("MESSAGE_MAX_FILES", 5),
            size=readable_size(current_app.config.get("MESSAGE_MAX_FILE_BYTES", 10 << 20)))
