"""The fixed forms of the public pages: Nachweise prüfen."""

from __future__ import annotations

from flask_wtf.file import FileField, FileSize
from wtforms import TextAreaField
from wtforms import validators as v

from common.i18n import _, _l
from signing import MAX_PDF_BYTES

from ..core.webforms import GermanForm


class VerifyForm(GermanForm):
    """A PDF, a receipt's record and signature, or both (each is checked)."""

    class Meta:
        verbatim = ("record", "signature")  # signed text: the check, not the form, reads it

    pdf = FileField(_l("Gesiegeltes PDF"),
                    [FileSize(MAX_PDF_BYTES, message=_l("Höchstens %(size)d MB.",
                                                        size=MAX_PDF_BYTES // 2**20))],
                    description=_l("Zum Beispiel Ihre Eingangsquittung."))
    record = TextAreaField(_l("Nachweis (Text)"), [v.Length(max=10000)],
                           description=_l("Der Text des Nachweises aus dem Verlauf Ihres "
                                          "Antrags."))
    signature = TextAreaField(_l("Signatur"), [v.Length(max=10000)],
                              description=_l("Beginnt mit -----BEGIN PGP SIGNATURE-----"))

    def validate(self, extra_validators=None) -> bool:
        """Require a PDF or a receipt, and a receipt whole: its record and its signature."""
        if not super().validate(extra_validators):
            return False
        record, signature = bool(self.record.data), bool(self.signature.data)
        if record != signature:  # half a receipt cannot be checked: say so, never skip it
            missing = self.signature if record else self.record
            missing.errors.append(_("Bitte fügen Sie auch „%(field)s“ ein; geprüft wird der "
                                    "Nachweis nur mit seiner Signatur.",
                                    field=missing.label.text))
            return False
        if self.pdf.data or record:
            return True
        self.form_errors.append(_("Bitte laden Sie ein PDF hoch oder fügen Sie Nachweis und "
                                  "Signatur ein."))
        return False
