"""The resident's downloads of the whole case: the sealed archive PDF and the evidence bundle."""

from __future__ import annotations

from ..auth import role_required
from ..models import Role
from . import bp
from .archive_downloads import archive_download, evidence_download
from .views import own_case


@bp.route("/<reference>/akte")
@role_required(Role.RESIDENT)
def archive(reference: str):
    """Download the case archive (Vorgangsakte) as one sealed PDF."""
    return archive_download(own_case(reference))


@bp.route("/<reference>/nachweise")
@role_required(Role.RESIDENT)
def evidence(reference: str):
    """Download the case's evidence bundle (ZIP)."""
    return evidence_download(own_case(reference))
