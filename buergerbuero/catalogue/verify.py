"""Nachweise prüfen: a public page where anyone checks a sealed PDF or a signed receipt."""

from __future__ import annotations

from flask import render_template

from mailgateway import check_pdf, check_receipt, gateway_keys
from signing import MAX_PDF_BYTES

from ..core.extensions import limiter
from . import bp
from .forms import VerifyForm


@bp.route("/pruefen", methods=["GET", "POST"])
@limiter.limit("30 per minute", methods=["POST"])
def verify():
    """Check everything the visitor brought (a PDF, a receipt, or both) and show each verdict."""
    form = VerifyForm()
    verdicts = []
    if form.validate_on_submit():
        keys = gateway_keys()
        if form.pdf.data:
            verdicts.append((str(form.pdf.label.text),
                             check_pdf(keys, form.pdf.data.read(MAX_PDF_BYTES + 1))))
        if form.record.data:
            verdicts.append((str(form.record.label.text), check_receipt(
                keys, form.record.data.strip(), form.signature.data.strip())))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("catalogue/verify.html", form=form, verdicts=verdicts), status
