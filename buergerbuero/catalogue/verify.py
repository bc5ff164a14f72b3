"""Nachweise prüfen: a public page where anyone checks a sealed PDF or a signed receipt."""

from __future__ import annotations

from flask import render_template
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileSize
from wtforms import TextAreaField
from wtforms import validators as v

from mailgateway import check_pdf, check_receipt, gateway_keys
from signing import MAX_PDF_BYTES

from ..extensions import limiter
from .views import bp


class VerifyForm(FlaskForm):
    """Either a PDF, or a receipt's record and signature."""

    class Meta:
        locales = ("de_DE", "de")

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


@bp.route("/pruefen", methods=["GET", "POST"])
@limiter.limit("30 per minute", methods=["POST"])
def verify():
    """Check what the visitor brought and show the verdict."""
    form = VerifyForm()
    verdict = None
    if form.validate_on_submit():
        keys = gateway_keys()
        if form.pdf.data:
            verdict = check_pdf(keys, form.pdf.data.read(MAX_PDF_BYTES + 1))
        else:
            verdict = check_receipt(keys, form.record.data.strip(), form.signature.data.strip())
    status = 400 if form.errors or form.form_errors else 200
    return render_template("catalogue/verify.html", form=form, verdict=verdict), status
