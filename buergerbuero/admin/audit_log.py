"""Verwaltung → Protokoll: the audit log for administrators (filters, newest first, keyset
paging), the chain's status line, and the export of a period as JSON or CSV.

Audit details may hold personal data: only administrators see them, and the page escapes
everything (Jinja's autoescape; details shown as JSON text).
"""

from __future__ import annotations

from flask import Response, current_app, render_template, request, stream_with_context, url_for

from common.i18n import _

from ..auth import role_required
from ..core.errors import Refused
from ..core.extensions import db
from ..models import Role
from ..privacy.audit_browse import chain_status, given, local_day, page_of, read_filters
from ..privacy.audit_export import FORMATS, as_text, export
from . import bp

MIMETYPES = {"json": "application/json", "csv": "text/csv"}
EXPORT_PARAMETERS = ("von", "bis", "format")  # untranslated: URL parameter names


@bp.route("/protokoll")
@role_required(Role.ADMIN)
def audit_log():
    """Show one page of the audit log, newest first, narrowed by the filters."""
    filters = read_filters(db.session, request.args)
    size = current_app.config["AUDIT_LOG_PAGE_SIZE"]
    rows, next_before = page_of(db.session, filters, size)
    values = given(request.args)
    next_url = (url_for("admin.audit_log", **values, vor=next_before)
                if next_before is not None else None)
    return render_template("admin/audit_log.html", rows=rows, values=values, filters=filters,
                           next_url=next_url, status=chain_status(db.session),
                           as_text=as_text)


@bp.route("/protokoll/export")
@role_required(Role.ADMIN)
def audit_export():
    """Download the events of a period with their hashes, as JSON or CSV."""
    first, last, fmt = (request.args.get(name, "").strip()
                        for name in EXPORT_PARAMETERS)
    start = local_day(first or None, _("Bitte geben Sie den ersten Tag als JJJJ-MM-TT an."))
    end = local_day(last or None, _("Bitte geben Sie den letzten Tag als JJJJ-MM-TT an."))
    if start is None or end is None:
        raise Refused(_("Bitte geben Sie den Zeitraum an: erster und letzter Tag."))
    if start > end:
        raise Refused(_("„von“ liegt nach „bis“."))
    fmt = fmt or "json"
    if fmt not in FORMATS:
        raise Refused(_("Dieses Format gibt es nicht (JSON oder CSV)."))
    name = f"protokoll-{start.isoformat()}-{end.isoformat()}.{fmt}"
    response = Response(stream_with_context(export(db.session, start, end, fmt)),
                        mimetype=MIMETYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"  # personal data: not kept by any cache
    return response
