"""Downloading an uploaded file: its uploader, or the department the case was delivered to."""

from __future__ import annotations

from flask import abort, current_app
from flask_login import current_user
from sqlalchemy import select

from ..auth import role_required
from ..core import audit
from ..core.extensions import db
from ..models import Role, Upload
from . import bp
from .uploads import file_response, may_read, upload_dir


@bp.route("/dateien/<token>")
@role_required(Role.RESIDENT, Role.CASEWORKER)
def upload_file(token: str):
    """Send an uploaded file as an attachment; 404 for anyone else (it does not 'exist')."""
    upload = db.session.scalar(select(Upload).where(Upload.token == token))
    if upload is None or not may_read(db.session, upload, current_user.user):
        abort(404)
    if not (upload_dir() / upload.storage_name).is_file():
        current_app.logger.error("upload %s has no file %s", upload.id, upload.storage_name)
        abort(404)
    response = file_response(upload)  # first: a file that fails its check is no download
    audit.record(db.session, "file_downloaded", upload, case_id=upload.case_id)
    db.session.commit()
    return response
