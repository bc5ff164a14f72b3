"""Upload storage: files under instance/uploads with random names, encrypted at rest
(core.file_crypto), their rows, who may read them.

The form engine checks a file (size, content type) and asks the backend a view installs (a
draft's, within its quotas; the preview's, which keeps nothing) to store it; answers hold a
reference, never the bytes.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import quote

from flask import Flask, Response, current_app
from flask_login import current_user
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

import forms
import mailgateway
from common.i18n import _l
from forms.fields.files import KEEP_SUFFIX, file_references
from forms.fields.uploads import (
    ReceivedFile,
    UploadRefused,
    readable_size,
    typed_name,
    use_upload_backend,
)

from ..core import audit, file_crypto
from ..core.extensions import db
from ..models import Case, Draft, Role, Upload, User

DEFAULTS = {
    "UPLOADS_MAX_BYTES_PER_DRAFT": 50 * 1024 * 1024,
    "UPLOADS_MAX_BYTES_PER_RESIDENT": 200 * 1024 * 1024,
    "UPLOADS_ORPHAN_HOURS": 24,
    "UPLOADS_PURGE_INTERVAL_SECONDS": 3600,
}
"""Quotas count a resident's files not yet filed with a case; orphans are removed after hours."""
QUOTA_MESSAGES = {
    "UPLOADS_MAX_BYTES_PER_DRAFT": _l(
        "Für diesen Antrag sind Dateien von zusammen höchstens %(limit)s möglich; mit dieser "
        "Datei wären es %(total)s. Bitte wählen Sie eine kleinere Datei."),
    "UPLOADS_MAX_BYTES_PER_RESIDENT": _l(
        "Ihre noch nicht eingereichten Dateien dürfen zusammen höchstens %(limit)s groß sein; "
        "mit dieser Datei wären es %(total)s. Bitte reichen Sie begonnene Anträge ein oder "
        "verwerfen Sie Entwürfe, die Sie nicht mehr brauchen."),
}


def init_app(app: Flask) -> None:
    """Set the upload folder (outside static) and the quotas; templates get `download_name`."""
    # Flask has none of these keys, so setdefault lets the instance's config win.
    app.config.setdefault("UPLOADS_DIR", str(Path(app.instance_path) / "uploads"))
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.add_template_filter(download_name)  # a stored upload shows the name it downloads under


def upload_dir() -> Path:
    """Return the upload folder, created with owner-only permissions on first use."""
    directory = Path(current_app.config["UPLOADS_DIR"])
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def use_draft_uploads(draft: Draft) -> None:
    """Let this request's file fields store into the resident's draft."""
    use_upload_backend(DraftUploads(draft))


def use_preview_uploads() -> None:
    """Let this request's file fields check files and keep none (the administrator's preview)."""
    use_upload_backend(CheckOnly())


class DraftUploads:
    """The form engine's UploadBackend for one draft of the current resident."""

    def __init__(self, draft: Draft) -> None:
        self.draft = draft

    def store(self, received: ReceivedFile, replaces: dict[str, Any] | None) -> dict[str, Any]:
        """Write the file under a random name, record it (committed at once), return its
        reference; the upload survives a step that is refused for another answer. The file it
        replaces goes at once unless the saved draft still holds it (then: when saved)."""
        replaced = self.own(replaces["upload_id"]) if replaces else None
        # A replaced file the saved draft still holds stays (until the step is saved): no room.
        superseded = replaced is not None and \
            replaced.token not in held_upload_ids(self.draft.answers, self.draft.unvalidated_input)
        check_quotas(db.session, self.draft, received.size, replaced.size if superseded else 0)
        storage_name = secrets.token_urlsafe(32)
        path = upload_dir() / storage_name
        write_exclusive(path, received)
        upload = Upload(token=secrets.token_urlsafe(16), user_id=current_user.id,
                        draft_id=self.draft.id, filename=received.name,
                        media_type=received.media_type, size=received.size,
                        sha256=received.sha256, storage_name=storage_name)
        try:
            db.session.add(upload)
            db.session.flush()
            audit.record(db.session, "file_uploaded", upload, sha256=upload.sha256,
                         size=upload.size, media_type=upload.media_type)
            names = delete_unfiled(db.session, "replaced", Upload.id == replaced.id) \
                if superseded else []
            db.session.commit()
        except Exception:
            db.session.rollback()
            path.unlink(missing_ok=True)
            raise
        remove_files(names)
        return upload.reference()

    def find(self, upload_id: str) -> dict[str, Any] | None:
        """Return the reference of an upload of this draft, not yet filed, or None."""
        upload = self.own(upload_id)
        return upload.reference() if upload is not None else None

    def own(self, upload_id: str) -> Upload | None:
        """Return this draft's unfiled upload by its token, or None."""
        return db.session.scalar(select(Upload).where(
            Upload.token == upload_id, Upload.draft_id == self.draft.id,
            Upload.user_id == self.draft.user_id, Upload.case_id.is_(None)))


class CheckOnly:
    """An UploadBackend that keeps nothing: the file was checked in memory and is dropped."""

    def store(self, received: ReceivedFile, replaces: dict[str, Any] | None) -> dict[str, Any]:
        """Return a reference to nothing stored (no row, no file)."""
        return {"upload_id": secrets.token_urlsafe(16), "name": received.name,
                "sha256": received.sha256, "size": received.size,
                "media_type": received.media_type}

    def find(self, upload_id: str) -> dict[str, Any] | None:
        """Find nothing: nothing was kept."""
        return None


def check_quotas(session: Session, draft: Draft, size: int, freed: int) -> None:
    """Raise UploadRefused if `size` more bytes (`freed` replaced) would exceed the draft's or
    the resident's quota of files not yet filed."""
    unfiled = select(func.coalesce(func.sum(Upload.size), 0)).where(
        Upload.user_id == draft.user_id, Upload.case_id.is_(None))
    used = {"UPLOADS_MAX_BYTES_PER_DRAFT": unfiled.where(Upload.draft_id == draft.id),
            "UPLOADS_MAX_BYTES_PER_RESIDENT": unfiled}
    for key, query in used.items():
        total, limit = session.scalar(query) - freed + size, current_app.config[key]
        if total > limit:
            raise UploadRefused(str(QUOTA_MESSAGES[key]) % {
                "limit": readable_size(limit), "total": readable_size(total)})


def discard_replaced(session: Session, draft: Draft, before: dict[str, Any]) -> None:
    """Delete the draft's uploads its saved answers held before and hold no longer (a file
    replaced by a new one, or dropped with its field); call after the answers are committed."""
    gone = upload_ids(before) - held_upload_ids(draft.answers, draft.unvalidated_input)
    if gone:
        names = delete_unfiled(session, "replaced", Upload.draft_id == draft.id,
                               Upload.token.in_(gone))
        session.commit()
        remove_files(names)


def discard_draft_uploads(session: Session, draft: Draft) -> list[str]:
    """Delete a discarded draft's uploads (the caller commits, then calls remove_files)."""
    return delete_unfiled(session, "draft_discarded", Upload.draft_id == draft.id)


def delete_unfiled(session: Session, reason: str, *conditions: Any) -> list[str]:
    """Delete the uploads that match and belong to no case, audited; return their storage
    names, whose files remove_files deletes after the commit."""
    # case_id is checked in the DELETE itself: a submit committing meanwhile keeps its files.
    rows = session.execute(delete(Upload).where(Upload.case_id.is_(None), *conditions)
                           .returning(Upload.id, Upload.storage_name)).all()
    for upload_id, _ in rows:
        audit.record(session, "file_deleted", Upload(id=upload_id), reason=reason)
    return [name for _, name in rows]


def remove_files(storage_names: list[str]) -> None:
    """Delete stored files whose rows are gone (a missing file is already gone)."""
    for name in storage_names:
        (upload_dir() / name).unlink(missing_ok=True)


def upload_ids(value: Any) -> set[str]:
    """Return every upload id referenced anywhere in answers (groups included)."""
    if isinstance(value, dict):
        own = {value["upload_id"]} if isinstance(value.get("upload_id"), str) else set()
        return own.union(*(upload_ids(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(upload_ids(item) for item in value))
    return set()


def held_upload_ids(answers: Any, typed: Any) -> set[str]:
    """Return the upload ids a draft holds: in its answers and in input saved unchecked."""
    kept = [tokens for steps in (typed or {}).values() for name, tokens in steps.items()
            if name.endswith(KEEP_SUFFIX)]
    return upload_ids(answers).union(*(set(tokens) for tokens in kept))


def write_exclusive(path: Path, received: ReceivedFile) -> None:
    """Store the received file, encrypted at rest, as a new owner-only file, once its bytes
    match the sha256 the checks saw (read whole: files are bounded by MAX_CONTENT_LENGTH)."""
    received.stream.seek(0)
    content = received.stream.read()
    if hashlib.sha256(content).hexdigest() != received.sha256:
        raise OSError(f"upload changed while it was stored ({path.name})")
    file_crypto.write_new(path, content)


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
    """Tell whether the user may download: the uploader; the case's resident a file of any of
    its messages (the department's too); the case's department once the case was delivered to
    it (as the Postfach shows it)."""
    if user.role == Role.RESIDENT:
        if upload.user_id == user.id:
            return True
        return upload.message_id is not None and upload.case_id is not None \
            and session.get(Case, upload.case_id).user_id == user.id
    if user.role != Role.CASEWORKER or upload.case_id is None:
        return False
    case = session.get(Case, upload.case_id)
    delivered = mailgateway.delivered_entry(session, case.id, case.department_id)
    return case.department_id in user.department_ids and delivered is not None


def download_name(name: str, media_type: str) -> str:
    """Return the name a file downloads under: its sanitised stem and the ending of its
    detected type, so a PDF named `x.hta` saves as `x.pdf` and never runs as an HTA."""
    return typed_name(name, media_type)


def content_disposition(name: str) -> str:
    """Return an attachment header with an ASCII fallback and the RFC 5987 UTF-8 name."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    ascii_name = "".join(ch if ch.isalnum() or ch in "._-() " else "_" for ch in ascii_name)
    ascii_name = ascii_name.strip(" .") or "datei"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def file_response(upload: Upload) -> Response:
    """Answer with the file as a download: its detected type, nosniff, never inline."""
    response = file_crypto.response(upload_dir() / upload.storage_name, upload.media_type,
                                    ("sha256", upload.sha256))
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
