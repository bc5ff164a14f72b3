"""The fixed forms of the administrators' area."""

from __future__ import annotations

from flask_wtf.file import FileField, FileSize
from wtforms import TextAreaField
from wtforms import validators as v

from forms.yamlsource import MAX_SOURCE_BYTES

from ..webforms import CODE_INPUT, GermanForm


class DefinitionForm(GermanForm):
    """A service definition, pasted or uploaded as a YAML file."""

    class Meta:
        verbatim = ("source",)  # YAML: leading indentation is meaning

    source = TextAreaField("Definition (YAML)", [v.Length(max=MAX_SOURCE_BYTES)],
                           render_kw={**CODE_INPUT, "rows": 30})
    upload = FileField("oder als Datei hochladen",
                       [FileSize(MAX_SOURCE_BYTES, message="Die Datei ist zu groß (256 KiB).")],
                       description="Eine .yaml-Datei, wie sie der Export liefert.")

    def text(self) -> str | None:
        """Return the YAML from the upload or the text area; None (with an error) if neither."""
        if self.upload.data:
            raw = self.upload.data.read(MAX_SOURCE_BYTES + 1)
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                self.upload.errors.append("Die Datei ist kein UTF-8-Text.")
                return None
        if self.source.data and self.source.data.strip():
            return self.source.data.replace("\r\n", "\n")
        self.source.errors.append("Bitte fügen Sie eine Definition ein oder laden Sie eine hoch.")
        return None
