"""The fixed forms of the public pages: Nachweise prüfen."""

from __future__ import annotations

from flask_wtf.file import FileField, FileSize
from wtforms import TextAreaField
from wtforms import validators as v

from signing import MAX_PDF_BYTES

from ..core.webforms import GermanForm


class VerifyForm(GermanForm):
    """Either a PDF, or a receipt's record and signature."""

    class Meta:
        verbatim = ("record", "signature")  # signed text: the check, not the form, reads it

    pdf = FileField("Gesiegeltes PDF",
                    [FileSize(MAX_PDF_BYTES, message=f"Höchstens {MAX_PDF_BYTES // 2**20} MB.")],
                    description="Zum Beispiel Ihre Eingangsquittung.")
    record = TextAreaField("Nachweis (Text)", [v.Length(max=10000)],
                           description="Der Text des Nachweises aus dem Verlauf Ihres Antrags.")
    signature = TextAreaField("Signatur", [v.Length(max=10000)],
                              description="Beginnt mit -----BEGIN PGP SIGNATURE-----")

    def validate(self, extra_validators=None) -> bool:
        """Require a PDF or both receipt fields."""
        if not super().validate(extra_validators):
            return False
        if self.pdf.data or (self.record.data and self.signature.data):
            return True
        self.form_errors.append("Bitte laden Sie ein PDF hoch oder fügen Sie Nachweis und "
                                "Signatur ein.")
        return False
