"""Answer with a case's archive or evidence bundle as a download; each download is audited.

Shared by the resident's routes (cases/archive_views) and the department's (workbench).
"""

from __future__ import annotations

from flask import Response

from ..core import audit
from ..core.extensions import db
from ..models import Case
from .archive import archive_filename, evidence_zip, sealed_archive
from .uploads import as_download, content_disposition


def archive_download(case: Case, *, for_department: bool = False) -> Response:
    """Answer with the freshly sealed archive; the download is an audit event."""
    pdf = sealed_archive(db.session, case, for_department=for_department)
    audit.record(db.session, "archive_downloaded", case, case_id=case.id)
    db.session.commit()
    return as_download(Response(pdf, mimetype="application/pdf"), archive_filename(case))


def evidence_download(case: Case, *, for_department: bool = False) -> Response:
    """Answer with the evidence bundle; the download is an audit event."""
    bundle = evidence_zip(db.session, case, for_department=for_department)
    audit.record(db.session, "evidence_downloaded", case, case_id=case.id)
    db.session.commit()
    response = Response(bundle, mimetype="application/zip")
    # as_download would name it by a type it knows (a ZIP is none of the upload kinds)
    headers = as_download(response, archive_filename(case)).headers
    headers["Content-Disposition"] = content_disposition(f"Nachweise-{case.reference}.zip")
    return response
