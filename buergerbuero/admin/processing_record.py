"""Verwaltung → Verarbeitungsverzeichnis: the record of processing activities (Art. 30 GDPR)
built from the published definitions, as a page and as a CSV download."""

from __future__ import annotations

from flask import Response, render_template

from common.db import utcnow

from ..auth import role_required
from ..core.extensions import db
from ..models import Role
from ..privacy import record
from . import bp


@bp.route("/verarbeitungsverzeichnis")
@role_required(Role.ADMIN)
def processing_record():
    """Show one processing activity per published service, as the definitions say it."""
    return render_template("admin/processing_record.html",
                           activities=record.activities(db.session),
                           external=record.external_services(db.session),
                           subjects=record.subjects())


@bp.route("/verarbeitungsverzeichnis.csv")
@role_required(Role.ADMIN)
def processing_record_csv():
    """Download the record as CSV (UTF-8 with a byte order mark, so spreadsheets read it)."""
    body = "\ufeff" + record.as_csv(record.activities(db.session))
    name = f"verarbeitungsverzeichnis-{utcnow():%Y-%m-%d}.csv"
    return Response(body, mimetype="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{name}"',
        "X-Content-Type-Options": "nosniff"})
