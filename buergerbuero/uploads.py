"""Upload storage: files under instance/uploads with random names, their rows, who may read them.

The form engine checks a file (size, content type) and asks this module, registered as
`app.extensions["forms.uploads"]`, to keep it; answers hold a reference, never the bytes.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import quote

from flask import Flask, Response, current_app, send_file
from flask_login import current_user
from sqlalchemy import select, update
from sqlalchemy.orm import Session

import forms
from forms.fields.files import (
    BACKEND_KEY,
    ReceivedFile,
    display_name,
    file_references,
    suffix_of_media_type,
)

from . import audit
from .extensions import db
from .models import Case, OutboxMessage, PostfachEntry, Role, Upload, User

CHUNK = 64 * 1024
ENDING = re.compile(r"[A-Za-z0-9]{1,10}")
"""What counts as a file name's ending (replaced by the detected type's on download)."""


def init_app(app: Flask) -> None:
    """Set the upload folder (outside static) and register the storage with the form engine."""
    app.config.setdefault("UPLOADS_DIR", str(Path(app.instance_path) / "uploads"))
    app.extensions[BACKEND_KEY] = UploadStorage()


def upload_dir() -> Path:
    """Return the upload folder, created with owner-only permissions on first use."""
    directory = Path(current_app.config["UPLOADS_DIR"])
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


class UploadStorage:
    """The form engine's UploadBackend: stores for, and finds the files of, the current user."""

    def store(self, received: ReceivedFile) -> dict[str, Any]:
        """Write the file under a random name, record it (committed at once), return its
        reference; the upload survives a step that is refused for another answer."""
        storage_name = secrets.token_urlsafe(32)
        path = upload_dir() / storage_name
        write_exclusive(path, received)
        upload = Upload(token=secrets.token_urlsafe(16), user_id=current_user.id,
                        filename=received.name, media_type=received.media_type,
                        size=received.size, sha256=received.sha256, storage_name=storage_name)
        try:
            db.session.add(upload)
            db.session.flush()
            audit.record(db.session, "file_uploaded", upload, sha256=upload.sha256,
                         size=upload.size, media_type=upload.media_type)
            db.session.commit()
        except Exception:
            db.session.rollback()
            path.unlink(missing_ok=True)
            raise
        return upload.reference()

    def find(self, upload_id: str) -> dict[str, Any] | None:
        """Return the reference of the current user's not yet submitted upload, or None."""
        if not current_user.is_authenticated:
            return None
        upload = db.session.scalar(select(Upload).where(
            Upload.token == upload_id, Upload.user_id == current_user.id,
            Upload.case_id.is_(None)))
        return upload.reference() if upload is not None else None


def write_exclusive(path: Path, received: ReceivedFile) -> None:
    """Copy the received stream to a new owner-only file and check it against its sha256."""
    digest = hashlib.sha256()
    received.stream.seek(0)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as target:
        while chunk := received.stream.read(CHUNK):
            digest.update(chunk)
            target.write(chunk)
    if digest.hexdigest() != received.sha256:
        path.unlink(missing_ok=True)
        raise OSError(f"upload changed while it was stored ({path.name})")


def attach_uploads(session: Session, case: Case, spec: forms.ServiceSpec,
                   answers: dict[str, Any]) -> list[dict[str, Any]]:
    """Give the answers' uploads to the case (in the submit transaction); return their
    references (name, sha256, size, media type) for Submission.attachments and the gateway."""
    fields = [f for step in spec.steps for f in step.fields]
    references = {r["upload_id"]: r for r in file_references(fields, answers)}
    if not references:
        return []
    attached = set(session.scalars(
        update(Upload)
        .where(Upload.token.in_(references), Upload.user_id == case.user_id,
               Upload.case_id.is_(None))
        .values(case_id=case.id)
        .returning(Upload.token)))
    return [ref for token, ref in references.items() if token in attached]


def may_read(session: Session, upload: Upload, user: User) -> bool:
    """Tell whether the user may download: the uploader, or the case's department once the
    case was delivered to it (as the Postfach shows it)."""
    if user.role == Role.RESIDENT:
        return upload.user_id == user.id
    if user.role != Role.CASEWORKER or upload.case_id is None:
        return False
    from .workbench.views import CASE_DELIVERIES  # the Postfach's own rule of what is delivered

    case = session.get(Case, upload.case_id)
    delivered = session.scalar(
        select(PostfachEntry.id)
        .join(OutboxMessage, OutboxMessage.message_id == PostfachEntry.message_id)
        .where(PostfachEntry.case_id == case.id, PostfachEntry.department_id == case.department_id,
               OutboxMessage.kind.in_(CASE_DELIVERIES)).limit(1))
    return case.department_id == user.department_id and delivered is not None


def download_name(name: str, media_type: str) -> str:
    """Return the name a file downloads under: its sanitised stem and the ending of its
    detected type, so a PDF named `x.hta` saves as `x.pdf` and never runs as an HTA."""
    stem = display_name(name)
    base, dot, ending = stem.rpartition(".")
    if dot and base and ENDING.fullmatch(ending):
        stem = base
    return (stem.rstrip(" .") or "datei") + suffix_of_media_type(media_type)


def content_disposition(name: str) -> str:
    """Return an attachment header with an ASCII fallback and the RFC 5987 UTF-8 name."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    ascii_name = "".join(ch if ch.isalnum() or ch in "._-() " else "_" for ch in ascii_name)
    ascii_name = ascii_name.strip(" .") or "datei"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def file_response(upload: Upload) -> Response:
    """Answer with the file as a download: its detected type, nosniff, never inline."""
    path = upload_dir() / upload.storage_name
    response = send_file(path, mimetype=upload.media_type, max_age=0, conditional=False)
    return as_download(response, upload.filename)


def as_download(response: Response, filename: str) -> Response:
    """Make any file answer a download that no browser renders or sniffs (uploads, sealed PDFs),
    named by the type it is served as, whatever the name's own ending says."""
    name = download_name(filename, response.mimetype)
    response.headers["Content-Disposition"] = content_disposition(name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
