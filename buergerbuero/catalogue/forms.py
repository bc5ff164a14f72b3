"""The fixed forms of the public pages: Nachweise prüfen."""

from __future__ import annotations

from flask_wtf.file import FileField, FileSize
from wtforms import TextAreaField
from wtforms import validators as v

from signing import MAX_PDF_BYTES

from ..core.webforms import GermanForm


class VerifyForm(GermanForm):
    """A PDF, a receipt's record and signature, or both (each is checked)."""

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
        """Require a PDF or a receipt, and a receipt whole: its record and its signature."""
        if not super().validate(extra_validators):
            return False
        record, signature = bool(self.record.data), bool(self.signature.data)
        if record != signature:  # half a receipt cannot be checked: say so, never skip it
            missing = self.signature if record else self.record
            missing.errors.append(f"Bitte fügen Sie auch „{missing.label.text}“ ein; "
                                  "geprüft wird der Nachweis nur mit seiner Signatur.")
            return False
        if self.pdf.data or record:
            return True
        self.form_errors.append("Bitte laden Sie ein PDF hoch oder fügen Sie Nachweis und "
                                "Signatur ein.")
        return False
