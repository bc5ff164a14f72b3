"""The department's downloads of a delivered case: the sealed archive PDF and the evidence
bundle, as the resident gets them (with the reasons of forwards, the departments' business)."""

from __future__ import annotations

from ..auth import role_required
from ..cases.archive_downloads import archive_download, evidence_download
from ..models import Role
from . import bp
from .views import department_entry


@bp.route("/<reference>/akte")
@role_required(Role.CASEWORKER)
def archive(reference: str):
    """Download the case archive (Vorgangsakte) of a case of the department."""
    case, _entry = department_entry(reference)
    return archive_download(case, for_department=True)


@bp.route("/<reference>/nachweise")
@role_required(Role.CASEWORKER)
def evidence(reference: str):
    """Download the evidence bundle (ZIP) of a case of the department."""
    case, _entry = department_entry(reference)
    return evidence_download(case, for_department=True)
